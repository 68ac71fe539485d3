import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** The relay's data directory: made 0700 when the relay creates it (it holds every secret). */
export function ensurePrivateDir(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/**
 * Creates a file 0600 before anything else opens it (SQLite then gives its -wal and -shm files the same
 * mode). Answers a warning when an existing file is readable by others; it is left as the operator set it.
 */
export function ensurePrivateFile(path: string): string | undefined {
  ensurePrivateDir(dirname(path));
  if (!existsSync(path)) {
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
    return undefined;
  }
  const mode = statSync(path).mode & 0o777;
  return mode & 0o077 ? `${path} is readable by other users (mode ${mode.toString(8)}); it holds secrets: chmod 600 it` : undefined;
}
