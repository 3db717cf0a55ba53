/// <reference lib="webworker" />
import { NodeHost } from './node-host';
import type { ToNode } from './protocol';

// One node per dedicated worker. Slices of mining are queued behind incoming messages with a
// MessageChannel, which (unlike setTimeout) is not clamped to 4 ms.
declare const self: DedicatedWorkerGlobalScope;

const tasks: (() => void)[] = [];
const channel = new MessageChannel();
channel.port1.onmessage = () => tasks.shift()?.();

const host = new NodeHost((message) => self.postMessage(message), {
  defer(task) {
    tasks.push(task);
    channel.port2.postMessage(null);
  },
  elapsedMs: () => performance.now(),
});

self.onmessage = (event: MessageEvent<ToNode>) => {
  try {
    host.receive(event.data);
  } catch (error) {
    self.postMessage({ type: 'fatal', reason: `the node failed: ${(error as Error).message}` });
  }
};
