// Lets `npx playwright test` run the suites too: without a plan from `vouch run`, it replays ./suites from
// ./cassettes and writes ./reports (Playwright's own --grep, --shard, --workers and --retries apply).
export { default } from './dist/runner/pw.config.js';
