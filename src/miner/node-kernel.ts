import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chooseKernel, type Kernel } from './kernels';

/** The kernel for Node (the command line, tests, benchmarks): the .wasm is read from disk. */
export function nodeKernel(): Promise<Kernel> {
  return chooseKernel(() => readFile(resolve(import.meta.dirname, 'sha256x4.wasm')));
}
