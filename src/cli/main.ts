// The `vouch` command line: yargs commands, each in its own module. Only this folder sits on top of the others.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { vouchVersion } from '../util/version.js';
import { COMMANDS, loadCommands } from './commands.js';

export async function main(argv: string[]): Promise<void> {
  const commands = Object.keys(COMMANDS);
  const loaded = await loadCommands(hideBin(argv));
  await yargs(hideBin(argv))
    .scriptName('vouch')
    .usage('$0 <command> [options]\n\nRecord-replay conformance harness: YAML scenarios, Playwright Test, cassettes, Allure reports.')
    .command(loaded)
    .demandCommand(1, 'Name a command: run, validate, list, serve, ... (see --help)')
    .strict()
    .version(vouchVersion)
    .help()
    .alias('h', 'help')
    .example('$0 run', 'Replay the bundled suites from their cassettes and write reports/')
    .example('$0 serve --port 8080', 'Start the reference server to try live runs')
    .example('$0 init --from openapi.yaml', 'Start checking your own API: one scenario per documented operation')
    .epilogue(
      'Exit codes: 0 passed; 1 a scenario failed; 2 suites, config or command line wrong, or nothing would be judged (nothing sent); 3 none failed but one was broken.\nDocs: README.md',
    )
    .fail((msg, err) => {
      if (err && !(err.name === 'YError')) {
        process.stderr.write(`error[internal]: ${err.message}\nhint: this is a bug in vouch; please report it with the command you ran\n`);
        process.exit(2);
      }
      // yargs' context is empty by the time it fails: name the command from the arguments themselves.
      const command = hideBin(argv).find((a) => commands.includes(a));
      process.stderr.write(`error[usage]: ${msg}\nhint: see \`vouch ${command ? `${command} ` : ''}--help\`\n`);
      process.exit(2);
    })
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .parseAsync();
}
