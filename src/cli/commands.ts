// Commands that other modules add (serve, cassettes, report, ...), listed in one place.
import type { CommandModule } from 'yargs';
import { serveCommand } from './serve.js';

export function extraCommands(): CommandModule<object, never>[] {
  return [serveCommand].map((c) => c as unknown as CommandModule<object, never>);
}
