// The miner thread's entry: it runs the TypeScript of mine-worker.ts through tsx, as bin/chainscope.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('./mine-worker.ts');
