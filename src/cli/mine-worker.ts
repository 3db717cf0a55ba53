import { parentPort } from 'node:worker_threads';
import type { ProofSearch } from '../core/proof';
import { nodeKernel } from '../miner/node-kernel';

/**
 * The real node's miner, off the request thread: it takes a search, answers the proof (the same
 * wasm kernel as the page's workers, or the scalar one where WebAssembly SIMD is missing).
 */
const kernel = await nodeKernel();
parentPort?.on('message', (search: ProofSearch) => {
  const found = kernel.search(search, 0, Number.MAX_SAFE_INTEGER);
  parentPort?.postMessage({ proof: found.proof, tried: found.tried });
});
