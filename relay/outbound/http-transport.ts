import { request, type Dispatcher } from 'undici';
import type { HttpTransport } from '../../shared';

export interface UndiciTransportOptions {
  /** undici's global dispatcher when absent (the CLI talking to its operator's relay). */
  readonly dispatcher?: Dispatcher;
  readonly timeoutMs?: number;
}

/** The core API clients' transport over undici: JSON out, the parsed JSON (or the text) back. */
export function undiciTransport({ dispatcher, timeoutMs = 15_000 }: UndiciTransportOptions = {}): HttpTransport {
  return async (req) => {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      ...(dispatcher ? { dispatcher } : {}),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await res.body.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // keep the text
    }
    return { status: res.statusCode, body };
  };
}

/** The same over the relay's guarded dispatcher (Chatwoot registration). */
export const guardedTransport = (dispatcher: Dispatcher, timeoutMs = 15_000): HttpTransport => undiciTransport({ dispatcher, timeoutMs });
