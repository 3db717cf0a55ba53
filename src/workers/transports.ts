import type { ConnectNode } from '../core/connection';
import type { Kernel } from '../miner/kernels';
import { connectPort, type NodePort } from './node-handle';
import { type HostTiming, NodeHost } from './node-host';
import type { FromNode, ToNode } from './protocol';

/** Each node in its own dedicated module Web Worker: what the app uses. */
export const connectWorkerNode: ConnectNode = (init, events) => {
  const worker = new Worker(new URL('./node.worker.ts', import.meta.url), { type: 'module', name: init.state.address });
  const port: NodePort = {
    send: (message) => worker.postMessage(message),
    listen(onMessage, onError) {
      worker.onmessage = (event: MessageEvent<FromNode>) => onMessage(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        onError(`the worker failed: ${event.message || 'it could not start'}`);
      };
      worker.onmessageerror = () => onError('the worker sent a message that could not be read');
    },
    close: () => worker.terminate(),
  };
  return connectPort(port, init, events);
};

/**
 * The same node code without a Worker, for tests and Node: messages are structured-cloned and
 * delivered as macrotasks, as postMessage would.
 */
export function inProcessTransport(timing: HostTiming, kernel?: Kernel): ConnectNode {
  return (init, events) => {
    let closed = false;
    let toMain: (message: FromNode) => void = () => {};
    // A closed node stops: its pending slices of mining and its messages are dropped.
    const defer = (task: () => void) => timing.defer(() => !closed && task());
    const host = new NodeHost(
      (message) => {
        const copy = structuredClone(message);
        defer(() => toMain(copy));
      },
      { defer, elapsedMs: timing.elapsedMs },
      kernel,
    );
    const port: NodePort = {
      send(message: ToNode) {
        const copy = structuredClone(message);
        defer(() => host.receive(copy));
      },
      listen(onMessage) {
        toMain = onMessage;
      },
      close() {
        closed = true;
      },
    };
    return connectPort(port, init, events);
  };
}
