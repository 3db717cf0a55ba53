import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free port of 127.0.0.1 (tests talk to loopback only). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const bound = probe.address();
      const port = typeof bound === 'object' && bound ? bound.port : 0;
      probe.close(() => done(port));
    });
  });
}

export interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything it wrote, stdout and stderr together. */
  readonly output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts a process and waits until a line of its output matches `ready` (within `ms`); the first
 * group of the match is the port it listens on. Stopped with SIGINT, as Ctrl+C would.
 */
export function startProcess(command: string, args: readonly string[], ready: RegExp, ms = 30_000): Promise<Started> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${command} ${args.join(' ')} did not start:\n${text}`)), ms);
    const read = (part: Buffer) => {
      text += part.toString('utf8');
      const match = ready.exec(text);
      if (!match) return;
      clearTimeout(timer);
      done({
        child,
        url: `http://127.0.0.1:${match[1]}`,
        output: () => text,
        stop: () =>
          new Promise((stopped) => {
            if (child.exitCode !== null) return stopped();
            child.once('exit', () => stopped());
            child.kill('SIGINT');
          }),
      });
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => fail(new Error(`${command} exited with ${code}:\n${text}`)));
  });
}

/** `chainscope node` as its own process, on a free port of 127.0.0.1. */
export async function chainscopeNode(...extra: string[]): Promise<Started> {
  const port = await freePort();
  return startProcess(
    process.execPath,
    ['bin/chainscope.mjs', 'node', '--port', String(port), '--host', '127.0.0.1', ...extra],
    /listening on http:\/\/127\.0\.0\.1:(\d+)/,
  );
}
