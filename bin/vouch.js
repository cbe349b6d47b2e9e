#!/usr/bin/env node
// The vouch command: runs the compiled CLI (dist/, built by `npm ci` / `npm pack`). For `vouch run`, Playwright's
// runner starts first, before the CLI's modules load (dist/cli/early-runner.js), so that the two load side by side.
import { startEarlyRunner } from '../dist/cli/early-runner.js';

startEarlyRunner(process.argv);
const { main } = await import('../dist/cli/main.js');
await main(process.argv);
