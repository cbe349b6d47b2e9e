// Commands that other modules add (serve, cassettes, report, ...), listed in one place.
import type { CommandModule } from 'yargs';
import { serveCommand } from './serve.js';
import { cassettesCommand } from './cassettes.js';
import { importExampleCommand } from './import-example.js';
import { mergeJunitCommand, reportCommand } from './report.js';
import { bundleCommand } from './bundle.js';
import { verifyCommand } from './verify.js';
import { coverageCommand } from './coverage.js';
import { initCommand } from './init.js';
import { certifyCommand } from './certify.js';
import { keygenCommand } from './keygen.js';
import { waiveCommand } from './waive.js';
import { digestCommand } from './digest.js';

export function extraCommands(): CommandModule<object, never>[] {
  return [initCommand, serveCommand, cassettesCommand, importExampleCommand, reportCommand, mergeJunitCommand, bundleCommand, verifyCommand, coverageCommand, certifyCommand, keygenCommand, waiveCommand, digestCommand].map((c) => c as unknown as CommandModule<object, never>);
}
