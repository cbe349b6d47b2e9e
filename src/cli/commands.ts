// Commands that other modules add (serve, cassettes, report, ...), listed in one place.
import type { CommandModule } from 'yargs';

export function extraCommands(): CommandModule<object, never>[] {
  return [];
}
