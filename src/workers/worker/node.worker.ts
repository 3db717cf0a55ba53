/// <reference lib="webworker" />
import { chooseKernel } from '../../miner/kernels';
import type { FromNode, ToNode } from '../protocol';
import { batched, mergeSettled, unbatched } from '../wire';
import { NodeHost } from './node-host';

// One node per dedicated worker. Slices of mining are queued behind incoming messages with a
// MessageChannel, which (unlike setTimeout) is not clamped to 4 ms.
declare const self: DedicatedWorkerGlobalScope;

const tasks: (() => void)[] = [];
const channel = new MessageChannel();
channel.port1.onmessage = () => tasks.shift()?.();

// The kernel is chosen once, at start-up; messages that arrive meanwhile wait, in order.
const wasm = new URL('../../miner/sha256x4.wasm', import.meta.url);
const post = batched<FromNode>((messages, transfer) => self.postMessage(messages, transfer), mergeSettled);
const ready = chooseKernel(() => fetch(wasm).then((response) => response.arrayBuffer())).then(
  (kernel) =>
    new NodeHost(
      post,
      {
        defer(task) {
          tasks.push(task);
          channel.port2.postMessage(null);
        },
        elapsedMs: () => performance.now(),
        later: (task, ms) => setTimeout(task, ms),
      },
      kernel,
    ),
);

self.onmessage = (event: MessageEvent<ToNode | readonly ToNode[]>) => {
  void ready.then((host) => {
    try {
      for (const message of unbatched(event.data)) host.receive(message);
    } catch (error) {
      post({ type: 'fatal', reason: `the node failed: ${(error as Error).message}` });
    }
  });
};
