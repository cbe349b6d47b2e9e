// ed25519 key pairs for signing claims, as PEM files: the private key PKCS#8 (mode 0600, never overwritten), the
// public key SPKI. Loading checks the type, so a wrong file is a named refusal rather than a crypto exception.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';

export interface KeyFiles {
  privateKey: string;
  publicKey: string;
}

/** Writes a new key pair; refuses to replace either file. */
export function generateKeyFiles(base: string): KeyFiles | string {
  const files = { privateKey: `${base}.key`, publicKey: `${base}.pub` };
  for (const f of Object.values(files))
    if (existsSync(f)) return `${f} already exists; Vouch never overwrites a key (choose another --out, or remove it yourself)`;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeNew(files.privateKey, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  writeNew(files.publicKey, publicKey.export({ type: 'spki', format: 'pem' }).toString(), 0o644);
  return files;
}

/** Created with its mode from the start (no window in which the private key is readable by others). */
function writeNew(file: string, text: string, mode: number): void {
  const fd = openSync(file, 'wx', mode);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

function readPem(file: string): string | { problem: string } {
  if (!existsSync(file)) return { problem: `no such key file ${file}` };
  if (!statSync(file).isFile()) return { problem: `${file} is not a regular file` };
  if (statSync(file).size > 64 * 1024) return { problem: `${file} is too large to be a key` };
  return readFileSync(file, 'utf8');
}

export function loadPrivateKey(file: string): { key: KeyObject; warning?: string } | { problem: string } {
  const pem = readPem(file);
  if (typeof pem !== 'string') return pem;
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    return { problem: `${file} is not a PEM private key (vouch keygen writes one: NAME.key)` };
  }
  if (key.asymmetricKeyType !== 'ed25519')
    return { problem: `${file} is a ${key.asymmetricKeyType ?? 'unknown'} key; Vouch signs with ed25519 (vouch keygen)` };
  const mode = statSync(file).mode & 0o077;
  return mode ? { key, warning: `${file} can be read by other users (mode ${(statSync(file).mode & 0o777).toString(8)}); chmod 600 it` } : { key };
}

export function loadPublicKey(file: string): { key: KeyObject } | { problem: string } {
  const pem = readPem(file);
  if (typeof pem !== 'string') return pem;
  if (/PRIVATE KEY/.test(pem)) return { problem: `${file} holds a private key; give the public one (NAME.pub), and keep the private key to yourself` };
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    return { problem: `${file} is not a PEM public key (vouch keygen writes one: NAME.pub)` };
  }
  if (key.asymmetricKeyType !== 'ed25519') return { problem: `${file} is a ${key.asymmetricKeyType ?? 'unknown'} key; Vouch verifies ed25519 signatures` };
  return { key };
}
