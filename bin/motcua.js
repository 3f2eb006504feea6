#!/usr/bin/env node
// Runs the compiled CLI; `npm run cli` builds first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('Một Cửa is not built yet: run `npm run build` (or use `npm run cli -- <command>`).');
  process.exit(1);
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
