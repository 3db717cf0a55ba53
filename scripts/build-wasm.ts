/**
 * Builds src/miner/sha256x4.wasm from its source, src/miner/sha256x4-wat.ts (through wabt).
 * Run by `npm run build`, `npm start`, `npm test` and the command-line tool, so the binary is never
 * older than its source; it is not committed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import wabt from 'wabt';
import { sha256x4Wat } from '../src/miner/sha256x4-wat';

const out = resolve(import.meta.dirname, '../src/miner/sha256x4.wasm');
const text = sha256x4Wat();
const toolkit = await wabt();
const module = toolkit.parseWat('sha256x4.wat', text, { simd: true });
module.validate();
const { buffer } = module.toBinary({ log: false });
let same = false;
try {
  same = Buffer.compare(readFileSync(out), Buffer.from(buffer)) === 0;
} catch {
  same = false;
}
if (!same) writeFileSync(out, buffer);
if (process.argv.includes('--wat')) writeFileSync(out.replace(/\.wasm$/, '.wat'), text);
// Quiet when nothing changed: this runs before the command-line tool, whose stdout is its answer.
if (!same) console.error(`built src/miner/sha256x4.wasm: ${buffer.length} bytes`);
