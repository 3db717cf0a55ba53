/// <reference lib="webworker" />
import { chooseKernel, scalarKernel } from '../../src/miner/kernels';

// One benchmark worker: the same kernels as the nodes' workers, on a search that finds nothing.
declare const self: DedicatedWorkerGlobalScope;
const wasm = new URL('../../src/miner/sha256x4.wasm', import.meta.url);

self.onmessage = async (event: MessageEvent<{ kernel: 'simd' | 'scalar'; guesses: number }>) => {
  const kernel =
    event.data.kernel === 'simd' ? await chooseKernel(() => fetch(wasm).then((r) => r.arrayBuffer())) : scalarKernel;
  const search = {
    rule: 'reference' as const,
    difficulty: 8,
    lastProof: '125088',
    lastHash: '33882d51c6de3d512d6414e93362f033a7ffc248ca29d4b0c687bf708efe34a8',
  };
  // Warm up until the engine has tiered the kernel up (about half a second).
  const warm = performance.now();
  while (performance.now() - warm < 500) kernel.search(search, 0, 100_000);
  const start = performance.now();
  const { tried } = kernel.search(search, 0, event.data.guesses);
  const seconds = (performance.now() - start) / 1000;
  self.postMessage({ kernel: kernel.name, tried, seconds });
};
