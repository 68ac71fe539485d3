import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir } from './db/files';

/** The admin key kept in a 0600 file (in a 0700 directory), made on first start; the caller prints the path, never the key. */
export function fileApiKey(path: string): { key: string; created: boolean } {
  if (existsSync(path)) return { key: readFileSync(path, 'utf8').trim(), created: false };
  ensurePrivateDir(dirname(path));
  const key = `hlk_${randomBytes(24).toString('base64url')}`;
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return { key, created: true };
}
