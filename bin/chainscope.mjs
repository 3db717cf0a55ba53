#!/usr/bin/env node
// The command-line tool runs the project's TypeScript directly (through tsx), so it is always
// the same code as the app and the tests: there is no separate build of it to fall out of date.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const { processOutput } = await import('../src/cli/stdio.ts');
process.exitCode = await main(process.argv.slice(2), processOutput());
