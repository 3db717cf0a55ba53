/// <reference lib="webworker" />
import { chooseKernel, type Kernel, scalarKernel } from '../../src/miner/kernels';

// One benchmark worker: the same kernels as the nodes' workers, on a search that finds nothing.
// It lives for the whole benchmark, so its kernel is warmed up once and then measured round after round.
declare const self: DedicatedWorkerGlobalScope;
const wasm = new URL('../../src/miner/sha256x4.wasm', import.meta.url);
const search = {
  rule: 'reference' as const,
  difficulty: 8,
  lastProof: '125088',
  lastHash: '33882d51c6de3d512d6414e93362f033a7ffc248ca29d4b0c687bf708efe34a8',
};
let kernel: Promise<Kernel> | null = null;

self.onmessage = async (event: MessageEvent<{ kernel: 'simd' | 'scalar'; guesses: number }>) => {
  if (!kernel) {
    kernel =
      event.data.kernel === 'simd'
        ? chooseKernel(() => fetch(wasm).then((r) => r.arrayBuffer()))
        : Promise.resolve(scalarKernel);
    // Warm up until the engine has tiered the kernel up: WebAssembly starts in the baseline
    // compiler (Liftoff) and moves to the optimising one (TurboFan) between calls.
    const ready = await kernel;
    const warm = performance.now();
    while (performance.now() - warm < 500) ready.search(search, 0, 100_000);
  }
  const ready = await kernel;
  if (event.data.guesses === 0) {
    self.postMessage({ kernel: ready.name, tried: 0, seconds: 0 });
    return;
  }
  const start = performance.now();
  const { tried } = ready.search(search, 0, event.data.guesses);
  const seconds = (performance.now() - start) / 1000;
  self.postMessage({ kernel: ready.name, tried, seconds });
};
