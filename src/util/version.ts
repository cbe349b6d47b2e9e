// Vouch's own version, read from package.json once.
import { readFileSync } from 'node:fs';

export const packageRoot = new URL('../../', import.meta.url);

export const vouchVersion: string = (JSON.parse(readFileSync(new URL('package.json', packageRoot), 'utf8')) as { version: string }).version;
