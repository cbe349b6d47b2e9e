// `vouch keygen`: an ed25519 key pair for signing claims (NAME.key, private, mode 0600; NAME.pub, to give reviewers).
import { resolve, relative } from 'node:path';
import type { Argv } from 'yargs';
import { defineCommand } from './flags.js';
import { diag } from '../model/diagnostic.js';
import { generateKeyFiles } from '../signing/keys.js';
import { loadPublicKey } from '../signing/keys.js';
import { keyId } from '../signing/dsse.js';
import { EXIT, failWith } from './output.js';

export const keygenCommand = defineCommand({
  command: 'keygen',
  describe: 'Make an ed25519 key pair for signing claims: NAME.key (private, mode 0600) and NAME.pub (for reviewers)',
  builder: (y: Argv) =>
    y
      .option('out', {
        type: 'string',
        default: 'vouch-signing',
        describe: 'Base name of the two files (NAME.key, NAME.pub); existing files are never overwritten',
      })
      .example('$0 keygen --out acme', 'Write acme.key and acme.pub; sign with `vouch certify --sign acme.key`')
      .epilogue('No network: the key is made by node:crypto. Keep NAME.key private; publish NAME.pub (and its key id) where reviewers find it.'),
  handler: (args) => {
    const made = generateKeyFiles(resolve(args.out));
    if (typeof made === 'string') failWith([diag('key-exists', made, { hint: 'pass --out with a new name' })]);
    const pub = loadPublicKey(made.publicKey);
    const id = 'key' in pub ? keyId(pub.key) : '?';
    const rel = (p: string) => relative(process.cwd(), p) || p;
    process.stdout.write(
      `vouch keygen: ed25519 key pair\n  private: ${rel(made.privateKey)} (mode 0600; keep it secret)\n  public:  ${rel(made.publicKey)} (give it to reviewers)\n  key id:  ${id}\n`,
    );
    process.exit(EXIT.ok);
  },
});
