import type { Chain } from '../../src/core/block';
import { createNode, type NodeState } from '../../src/core/node';
import type { Rules } from '../../src/core/rules';
import { TestNetwork } from './network';

export const QUICK_RULES: Rules = { proofRule: 'reference', difficulty: 2, resolveRule: 'seed' };

/** A node with `blocks` mined blocks (after genesis), each holding one transaction. */
export function minedNode(blocks: number, rules: Rules = QUICK_RULES, address = 'localhost:5000'): NodeState {
  let time = 1_700_000_000.25;
  const network = new TestNetwork(() => (time += 1.5));
  const ref = { state: createNode({ address, nodeIdentifier: identifierFor(address), rules, timestamp: time }) };
  network.nodes.set(5000, ref);
  for (let i = 0; i < blocks; i++) {
    const body = `{"sender": "s${i}", "recipient": "r${i}", "amount": ${i + 1}}`;
    network.request(5000, { method: 'POST', path: '/transactions/new', contentType: 'application/json', body });
    network.request(5000, { method: 'GET', path: '/mine' });
  }
  return ref.state;
}

/** Different addresses get different reward recipients, and so different chains. */
function identifierFor(address: string): string {
  return [...address]
    .map((c) => c.charCodeAt(0).toString(16))
    .join('')
    .padEnd(32, '0')
    .slice(-32);
}

export function minedChain(blocks: number, rules: Rules = QUICK_RULES): Chain {
  return minedNode(blocks, rules).chain;
}
