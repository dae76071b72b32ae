#!/usr/bin/env node
// The `oversight` command runs the built CLI; `npm run build` makes it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/apps/cli/src/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('oversight is not built yet: run `npm run build` in the project first.');
  process.exit(2);
}
await import(entry.href);
