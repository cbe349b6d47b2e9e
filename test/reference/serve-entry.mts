// Runs `vouch serve` the way the CLI does (yargs + serveCommand), for the CLI tests of test/reference/.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { serveCommand } from '../../src/cli/serve.ts';

await yargs(hideBin(process.argv)).scriptName('vouch').command(serveCommand).strict().parseAsync();
