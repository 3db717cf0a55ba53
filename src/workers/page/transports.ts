import type { ConnectNode } from '../../core/connection';
import { endpointOf } from '../../core/http';
import type { Kernel } from '../../miner/kernels';
import type { FromNode, ToNode } from '../protocol';
import { batched, unbatched } from '../wire';
import { type HostTiming, NodeHost } from '../worker/node-host';
import { MiningShare } from './cpu-share';
import { connectPort, type NodePort } from './node-handle';

/** The page's miners share all but half a core (see MiningShare). */
const share = new MiningShare<Worker>(
  MiningShare.budgetFor(globalThis.navigator?.hardwareConcurrency || 2),
  (worker, part) => worker.postMessage({ type: 'share', share: part } satisfies ToNode),
);

/** Each node in its own dedicated module Web Worker: what the app uses. */
export const connectWorkerNode: ConnectNode = (init, events) => {
  const worker = new Worker(new URL('../worker/node.worker.ts', import.meta.url), {
    type: 'module',
    name: init.state.address,
  });
  share.joined(worker);
  const post = batched<ToNode>((messages) => worker.postMessage(messages));
  const port: NodePort = {
    send(message) {
      if (message.type === 'request' && endpointOf(message.request) === '/mine') share.started(worker, message.id);
      if (message.type === 'restore') share.restored(worker);
      post(message);
    },
    listen(onMessage, onError) {
      worker.onmessage = (event: MessageEvent<FromNode | readonly FromNode[]>) => {
        for (const message of unbatched(event.data)) {
          if (message.type === 'response') share.ended(worker, message.id);
          onMessage(message);
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        const detail = event.message || 'it could not start';
        onError(`the worker failed: ${detail}`, { code: 'workerFailed', detail });
      };
      worker.onmessageerror = () => onError('the worker sent a message that could not be read', { code: 'unreadable' });
    },
    close() {
      share.left(worker);
      worker.terminate();
    },
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
      (message, transfer) => {
        const copy = structuredClone(message, { transfer });
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
