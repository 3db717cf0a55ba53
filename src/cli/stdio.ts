import type { Output } from './main';

/**
 * The process's standard output and error, as main writes to them.
 *
 * A reader that has what it wants (`| head -c 20`) closes the pipe (EPIPE): the rest of the output
 * is not wanted, which is no failure. Writing to that stream stops quietly, and the command exits
 * with its own status (0, or validate's verdict), so that a pipeline under `set -o pipefail` does
 * not fail because its reader stopped early. Any other write error (a full disk) is a failure:
 * one line on stderr and exit status 2, like unreadable input, rather than a stack trace.
 */
export function processOutput(): Output {
  return {
    stdout: writerOf(process.stdout, 'standard output'),
    stderr: writerOf(process.stderr, 'standard error'),
  };
}

function writerOf(stream: NodeJS.WriteStream, name: string): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    closed = true;
    if (error.code === 'EPIPE') return;
    if (stream !== process.stderr)
      process.stderr.write(`chainscope: cannot write to ${name} (${error.code ?? error.message})\n`);
    process.exit(2);
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}
