import { blockHash } from '../src/core/block';
import { readJson } from '../src/core/json/read';
import { chainResponse } from '../src/core/node';
import { validChain } from '../src/core/validation';
import { minedNode } from '../test/support/chains';

const rules = { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' } as const;
const node = minedNode(2000, rules);
const time = (what: string, f: () => unknown, n = 5) => {
  f();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  console.log(what, ((performance.now() - t0) / n).toFixed(1), 'ms');
};
const response = chainResponse(node);
console.log('body', (response.body.length / 1024).toFixed(0), 'KB');
time('chainResponse (canonical JSON of 2000 blocks)', () => chainResponse(node));
time('readJson of the body', () => readJson(response.body));
time('JSON.parse of the body', () => JSON.parse(response.body));
const parsed = readJson(response.body);
const chain = (parsed.ok ? (parsed.value as any) : null).chain ?? [...(parsed as any).value.get?.('chain')];
time('blockHash x2000 (parsed blocks)', () => {
  for (const b of node.chain) blockHash(b);
});
time('validChain', () => validChain(node.chain as any, rules));

import { ChainBodyReader } from '../src/core/json/chain-body';

{
  const reader = new ChainBodyReader();
  const grown = minedNode(2002, rules);
  const body1 = chainResponse(node).body;
  const body2 = chainResponse(grown).body;
  reader.read(body1);
  time('ChainBodyReader: the same chain again', () => reader.read(body1));
  const r1 = new ChainBodyReader();
  time('ChainBodyReader: first read', () => {
    r1.read(body1);
    (r1 as any).last = null;
  });
  const r2 = new ChainBodyReader();
  time(
    'ChainBodyReader: two more blocks',
    () => {
      r2.read(body1);
      r2.read(body2);
    },
    5,
  );
  const a = r2.read(body2);
  time('validChain of a chain read again (links known)', () => validChain((a as any).value.chain, rules));
}
