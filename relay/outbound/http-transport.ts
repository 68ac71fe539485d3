import { request, type Dispatcher } from 'undici';
import type { HttpTransport } from '../../shared';

/** The core API clients' transport (Chatwoot's) over the relay's guarded dispatcher. */
export function guardedTransport(dispatcher: Dispatcher, timeoutMs = 15_000): HttpTransport {
  return async (req) => {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      dispatcher,
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
