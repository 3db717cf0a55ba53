import { describe, expect, it } from 'vitest';
import { createNode } from '../src/core/node';
import { NodeHost } from '../src/workers/node-host';
import type { FromNode } from '../src/workers/protocol';

describe('a hosted node mining block after block', () => {
  it('reports its hash rate even when every block takes less than a report interval', async () => {
    const posted: FromNode[] = [];
    let clock = 0;
    const tasks: (() => void)[] = [];
    // A clock that moves 40 ms per reading: each slice "takes" 40 ms, each block is one slice.
    const host = new NodeHost((message) => posted.push(message), {
      defer: (task) => tasks.push(task),
      elapsedMs: () => (clock += 40),
    });
    const state = createNode({
      address: 'localhost:5000',
      nodeIdentifier: '0'.repeat(32),
      rules: { proofRule: 'seed', difficulty: 1, resolveRule: 'seed' },
      timestamp: 1.5,
    });
    host.receive({ type: 'init', state, epochSeconds: 0 });
    for (let id = 1; id <= 12; id++) {
      host.receive({ type: 'request', id, request: { method: 'GET', path: '/mine' }, at: id });
      while (!posted.some((m) => m.type === 'response' && m.id === id)) {
        const task = tasks.shift();
        if (task) {
          task();
          continue;
        }
        const found = posted.filter((m) => m.type === 'pause').at(-1);
        if (found?.type !== 'pause') throw new Error('the node stopped without finding a proof');
        host.receive({ type: 'release', gate: found.gate, count: 'finish' });
      }
    }
    const rates = posted.flatMap((m) => (m.type === 'progress' ? [m.rate] : []));
    // Blocks of one 40 ms slice each: the meter runs on across them and reports every 250 ms or so.
    expect(rates.length).toBeGreaterThanOrEqual(2);
    for (const rate of rates) expect(rate).toBeGreaterThan(0);
  });
});
