import { sha256Hex } from './crypto';

/** A delivery body exactly as it arrived on the wire. */
export type RawBody = string | Uint8Array;

export function isRawBody(value: unknown): value is RawBody {
  return typeof value === 'string' || value instanceof Uint8Array;
}

export function byteLength(body: RawBody): number {
  return typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
}

export function bodyText(body: RawBody): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

export { sha256Hex };
