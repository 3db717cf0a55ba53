import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sha256Hex } from '../core/hash';
import { canonicalJson, quote } from '../core/json/canonical';
import { isDifficulty, isProofRule, type ProofSearch, tryProof } from '../core/proof';
import { isResolveRule, REFERENCE_RULES, type Rules } from '../core/rules';
import { validChain } from '../core/validation';
import { nodeKernel } from '../miner/node-kernel';
import { readChain, readValue, UsageError } from './input';
import { type NodeServer, startNodeServer } from './node-server';
import { type AppServer, lanAddresses, startAppServer } from './serve';

export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE = `Usage: chainscope <command> [options]

  validate [FILE|-] [--proof-rule seed|reference] [--difficulty N] [--resolve seed|hardened]
      Checks a chain (a JSON list of blocks, or a GET /chain body) with valid_chain.
      Prints {"valid": ..., "length": ..., "reason": ...}; exit 0 valid, 1 invalid, 2 unreadable.
  canonical [FILE|-]   Prints the value as Python's json.dumps(value, sort_keys=True).
  hash [FILE|-]        Prints the sha256 hex of that canonical form (the block hash).
  mine --last-proof P [--last-hash H] [--proof-rule R] [--difficulty N]
      Prints the first valid proof; the guesses per second go to stderr.
  node [--port 5000] [--host 127.0.0.1] [--proof-rule R] [--difficulty N] [--resolve R] [--data FILE]
      Runs the tutorial's node as a real HTTP server (the five endpoints), until Ctrl+C.
      --data saves its state to FILE on every change and loads it at start (checked whole).
  serve [--port 8080] [--host 127.0.0.1]
      Serves the built app (npm run build) and its relay to tutorial nodes, until Ctrl+C.
      --host 0.0.0.0 opens it to the classroom's network, and prints the addresses to open.

Defaults: --proof-rule reference, --difficulty 4, --resolve seed (the Python reference's rules).
`;

const OPTIONS = {
  'proof-rule': { type: 'string' },
  difficulty: { type: 'string' },
  resolve: { type: 'string' },
  'last-proof': { type: 'string' },
  'last-hash': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs one command; returns the exit status. */
export async function main(argv: readonly string[], out: Output): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
    const [command, file, ...extra] = positionals;
    if (values.help || command === undefined || command === 'help') {
      (command === undefined && !values.help ? out.stderr : out.stdout)(USAGE);
      return command === undefined && !values.help ? 2 : 0;
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
    const rules = rulesFrom(values);
    switch (command) {
      case 'validate': {
        const chain = readChain(file);
        const verdict = validChain(chain, rules);
        const reason = verdict.valid ? null : verdict.failure.reason;
        // Written field by field to keep the documented order (valid, length, reason).
        const reasonJson = reason === null ? 'null' : quote(reason);
        out.stdout(`{"valid": ${verdict.valid}, "length": ${chain.length}, "reason": ${reasonJson}}\n`);
        return verdict.valid ? 0 : 1;
      }
      case 'canonical':
        out.stdout(`${canonicalJson(readValue(file))}\n`);
        return 0;
      case 'hash':
        out.stdout(`${sha256Hex(canonicalJson(readValue(file)))}\n`);
        return 0;
      case 'mine':
        if (file !== undefined) throw new UsageError('mine takes no file');
        return await mine(values, rules, out);
      case 'node':
        if (file !== undefined) throw new UsageError('node takes no file');
        return await serveNode(values, rules, out);
      case 'serve':
        if (file !== undefined) throw new UsageError('serve takes no file');
        return await serveApp(values, out);
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      out.stderr(`chainscope: ${(error as Error).message}\nTry 'chainscope --help'.\n`);
      return 2;
    }
    throw error;
  }
}

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

function rulesFrom(values: Values): Rules {
  const proofRule = values['proof-rule'] ?? REFERENCE_RULES.proofRule;
  if (!isProofRule(proofRule)) throw new UsageError(`--proof-rule must be seed or reference, not ${proofRule}`);
  const resolveRule = values.resolve ?? REFERENCE_RULES.resolveRule;
  if (!isResolveRule(resolveRule)) throw new UsageError(`--resolve must be seed or hardened, not ${resolveRule}`);
  const text = values.difficulty ?? String(REFERENCE_RULES.difficulty);
  const difficulty = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!isDifficulty(difficulty)) throw new UsageError(`--difficulty must be a whole number from 1 to 8, not ${text}`);
  return { proofRule, difficulty, resolveRule };
}

async function mine(values: Values, rules: Rules, out: Output): Promise<number> {
  const lastProof = values['last-proof'];
  if (lastProof === undefined || lastProof === '') throw new UsageError('mine needs --last-proof');
  const lastHash = values['last-hash'] ?? '';
  if (rules.proofRule === 'reference' && lastHash === '') {
    throw new UsageError('the reference proof rule needs --last-hash (or use --proof-rule seed)');
  }
  const search: ProofSearch = { rule: rules.proofRule, difficulty: rules.difficulty, lastProof, lastHash };
  const kernel = await nodeKernel();
  const started = process.hrtime.bigint();
  const found = kernel.search(search, 0, Number.MAX_SAFE_INTEGER);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const proof = found.proof as number;
  out.stdout(`${proof}\n`);
  const rate = seconds > 0 ? Math.round(found.tried / seconds) : found.tried;
  out.stderr(
    `${found.tried} guesses in ${seconds.toFixed(3)} s: ${rate} guesses/s (${kernel.name} kernel); digest ${tryProof(search, proof).digest}\n`,
  );
  return 0;
}

function portFrom(values: Values, fallback: string): number {
  const portText = values.port ?? fallback;
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) throw new UsageError(`--port must be a port number, 1 to 65535, not ${portText}`);
  return port;
}

/** Waits for Ctrl+C (SIGINT) or SIGTERM. */
const interrupted = () =>
  new Promise<void>((stop) => {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

/** `chainscope serve`: the built app and the relay, until Ctrl+C. */
async function serveApp(values: Values, out: Output): Promise<number> {
  const port = portFrom(values, '8080');
  const host = values.host ?? '127.0.0.1';
  let server: AppServer;
  try {
    server = await startAppServer({ root: resolve(import.meta.dirname, '..', '..', 'dist'), port, host });
  } catch (error) {
    out.stderr(`chainscope: ${(error as Error).message}\n`);
    return 1;
  }
  const everywhere = host === '0.0.0.0' || host === '::';
  const open = everywhere ? lanAddresses(port) : [server.url];
  out.stderr(`ChainScope and its relay to tutorial nodes: open ${open.join(' or ')}\nCtrl+C stops it.\n`);
  await interrupted();
  await server.close();
  out.stderr('Stopped.\n');
  return 0;
}

/** `chainscope node`: serves until Ctrl+C (SIGINT) or SIGTERM, then closes cleanly. */
async function serveNode(values: Values, rules: Rules, out: Output): Promise<number> {
  const port = portFrom(values, '5000');
  const host = values.host ?? '127.0.0.1';
  let server: NodeServer;
  try {
    server = await startNodeServer({
      port,
      host,
      rules,
      nodeIdentifier: randomUUID().replaceAll('-', ''),
      log: (line) => out.stderr(`${line}\n`),
      ...(values.data === undefined ? {} : { data: values.data }),
    });
  } catch (error) {
    out.stderr(`chainscope: ${(error as Error).message}\n`);
    return 1;
  }
  out.stderr(
    `Node ${server.ref.state.nodeIdentifier} listening on ${server.url} (proof rule ${rules.proofRule}, difficulty ${rules.difficulty}, resolve ${rules.resolveRule}). Ctrl+C stops it.\n`,
  );
  await interrupted();
  await server.close();
  out.stderr('Stopped.\n');
  return 0;
}
