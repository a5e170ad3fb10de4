#!/usr/bin/env node
// The `ekhtyar` command: runs the compiled CLI (built by `npm install`'s prepare step).
import { main } from '../dist/server/cli/main.js';

main(process.argv).catch((error) => {
  console.error(`ekhtyar: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
