/// <reference lib="webworker" />
import { chooseKernel } from '../../miner/kernels';
import type { ToNode } from '../protocol';
import { NodeHost } from './node-host';

// One node per dedicated worker. Slices of mining are queued behind incoming messages with a
// MessageChannel, which (unlike setTimeout) is not clamped to 4 ms.
declare const self: DedicatedWorkerGlobalScope;

const tasks: (() => void)[] = [];
const channel = new MessageChannel();
channel.port1.onmessage = () => tasks.shift()?.();

// The kernel is chosen once, at start-up; messages that arrive meanwhile wait, in order.
const wasm = new URL('../../miner/sha256x4.wasm', import.meta.url);
const ready = chooseKernel(() => fetch(wasm).then((response) => response.arrayBuffer())).then(
  (kernel) =>
    new NodeHost(
      (message, transfer = []) => self.postMessage(message, transfer),
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

self.onmessage = (event: MessageEvent<ToNode>) => {
  void ready.then((host) => {
    try {
      host.receive(event.data);
    } catch (error) {
      self.postMessage({ type: 'fatal', reason: `the node failed: ${(error as Error).message}` });
    }
  });
};
