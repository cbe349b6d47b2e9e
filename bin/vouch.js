#!/usr/bin/env node
// The vouch command: runs the compiled CLI (dist/, built by `npm ci` / `npm pack`).
import { main } from '../dist/cli/main.js';

await main(process.argv);
