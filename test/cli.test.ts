import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import { canonicalJson } from '../src/core/json/canonical';
import { minedChain } from './support/chains';

const dir = mkdtempSync(join(tmpdir(), 'chainscope-cli-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

const chain = minedChain(3);
const chainFile = file('chain.json', canonicalJson(chain));
const bodyFile = file('body.json', canonicalJson({ chain, length: 3n }));

describe('chainscope', () => {
  it('validates a chain, or a GET /chain body', async () => {
    for (const path of [chainFile, bodyFile]) {
      expect(await run('validate', path, '--difficulty', '2')).toEqual({
        status: 0,
        stdout: '{"valid": true, "length": 4, "reason": null}\n',
        stderr: '',
      });
    }
  });

  it('says why a chain is invalid, with exit status 1', async () => {
    const result = await run('validate', chainFile, '--difficulty', '2', '--proof-rule', 'seed');
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      length: 4,
      reason: expect.stringMatching(/^block 2: proof/),
    });
  });

  it('says why a previous_hash with its own "toString" key is wrong, instead of crashing', async () => {
    const tampered = file('to-string.json', '[{"proof": 100}, {"previous_hash": {"toString": 1}, "proof": 35293}]');
    const result = await run('validate', tampered, '--proof-rule', 'seed');
    expect(result).toMatchObject({ status: 1, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      length: 2,
      reason: expect.stringMatching(
        /^block 2: previous_hash \{"toString": 1\} is not the hash of block 1 \([0-9a-f]{64}\)$/,
      ),
    });
  });

  it('exits 2 with a message for unreadable input and bad arguments', async () => {
    for (const argv of [
      ['validate', file('bad.json', '{bad')],
      ['validate', join(dir, 'missing.json')],
      ['validate', file('number.json', '42')],
      ['validate', chainFile, '--difficulty', '9'],
      ['validate', chainFile, '--proof-rule', 'nope'],
      ['mine'],
      ['mine', '--last-proof', '100'],
      ['frobnicate'],
      [],
    ]) {
      const result = await run(...argv);
      expect(result.status, argv.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^chainscope: |^Usage/);
    }
  });

  it('prints the canonical form and its hash', async () => {
    const value = file('value.json', '{"b": 1.0, "a": ["멍", 12345678901234567890, 1E2]}');
    expect((await run('canonical', value)).stdout).toBe('{"a": ["\\uba4d", 12345678901234567890, 100.0], "b": 1.0}\n');
    expect((await run('hash', value)).stdout).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it('mines the first proof and reports the rate on stderr', async () => {
    const result = await run('mine', '--last-proof', '100', '--proof-rule', 'seed');
    expect(result).toMatchObject({ status: 0, stdout: '35293\n' });
    expect(result.stderr).toMatch(/35294 guesses in .* guesses\/s/);
  });

  it('works as a real process through npm, reading standard input', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const out = execFileSync(npm, ['run', '--silent', 'chainscope', '--', 'hash', '-'], {
      input: '[1, 1.0]',
      encoding: 'utf8',
    });
    // sha256 of "[1, 1.0]", as python3's hashlib gives it.
    expect(out).toBe('9164a39b170f92ab4c8e2d6cb562024aa8cb8b677320dc8c27caaf17b7bf0bcf\n');
    const invalid = spawnSync(npm, ['run', '--silent', 'chainscope', '--', 'validate', '-'], {
      input: '[]',
      encoding: 'utf8',
    });
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toBe('{"valid": false, "length": 0, "reason": "the chain is empty"}\n');
  });
});

describe('chainscope writing to a pipe that closes early (as `| head -c 20` does)', () => {
  const bin = resolve(import.meta.dirname, '../bin/chainscope.mjs');

  /**
   * Runs the CLI as a real process and closes our end of its standard output once `keep` bytes
   * have come (0: at once, before it writes anything); resolves with its exit code and stderr.
   */
  function closedEarly(argv: string[], keep: number) {
    const child = spawn(process.execPath, [bin, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let received = 0;
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const close = () => child.stdout.destroy();
    if (keep === 0) close();
    else
      child.stdout.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= keep) close();
      });
    return new Promise<{ code: number | null; stderr: string; received: number }>((done) =>
      child.on('close', (code) => done({ code, stderr, received })),
    );
  }

  it('stops quietly, exit status 0, in the middle of a long canonical form', async () => {
    // Far more than a pipe holds (64 KiB), so the CLI is still writing when the pipe closes.
    const big = file('big.json', JSON.stringify(Array.from({ length: 40_000 }, (_, i) => ({ [`k${i}`]: [i, i, i] }))));
    const result = await closedEarly(['canonical', big], 20);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    // Its canonical form is longer than the compact file: this much less is the output cut short.
    expect(result.received).toBeLessThan(readFileSync(big).length);
  });

  it('stops quietly, exit status 0, when the pipe is closed before a proof is printed', async () => {
    const result = await closedEarly(['mine', '--last-proof', '100', '--proof-rule', 'seed'], 0);
    expect(result.code).toBe(0);
    // What goes to stderr still goes there; no stack trace follows it.
    expect(result.stderr).toMatch(/^35294 guesses in .* guesses\/s .*\n$/);
  });

  it.skipIf(!existsSync('/dev/full'))('says in one line that it cannot write to a full disk, exit status 2', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [bin, 'canonical', chainFile], {
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      });
      expect(result).toMatchObject({ status: 2, stderr: 'chainscope: cannot write to standard output (ENOSPC)\n' });
    } finally {
      closeSync(full);
    }
  });
});
