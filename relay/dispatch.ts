import { request, type Dispatcher } from 'undici';
import { hookTokenHeaders } from '../shared';
import { retryAfterMs } from './backoff';
import { hookSignature, tokenSecret, type HookSecrets } from './hook-signature';
import { HOP_HEADER } from './hops';
import { readExcerpt } from './response-excerpt';

/** Where and how to sign: a hook's URL and its whsec_ secret (with the previous one during a rotation). */
export interface DispatchTarget extends HookSecrets {
  readonly url: string;
}

/** How an attempt leaves the relay: through the guarded dispatcher, carrying the hop chain. */
export interface DispatchRoute {
  /** The guarded dispatcher (relay/outbound): it connects only to addresses the destination policy allows. */
  readonly dispatcher: Dispatcher;
  /** The `hookline-hop` value: the chain the event arrived with, and this relay last. */
  readonly hops: string;
}

export interface AttemptResult {
  /** The HTTP status, or null when no answer came. */
  readonly status: number | null;
  /** Why no answer came (an undici error code, e.g. UND_ERR_HEADERS_TIMEOUT, ECONNREFUSED, or destination_not_allowed). */
  readonly error: string | null;
  readonly timedOut: boolean;
  readonly retryAfterMs: number | undefined;
  readonly durationMs: number;
  /** The start of the subscriber's answer (response-excerpt.ts), shown with the attempt; null when empty or none came. */
  readonly responseExcerpt: string | null;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'TimeoutError', 'AbortError']);

/**
 * The fan-out's one HTTP call: POSTs a stored event to a hook, signed with Standard Webhooks (webhook-id =
 * the event id, on every retry and replay; during a hook secret's rotation with the previous secret too),
 * with the hook's token header and the hop marker, through the
 * guarded dispatcher (a refused destination fails with `destination_not_allowed` before any socket opens),
 * bounded by `timeoutMs` from connect to the end of the answer. Redirects are not followed (a 3xx is a
 * failure). `cancel` abandons the attempt (the worker stopping). Never throws.
 */
export async function dispatch(
  target: DispatchTarget,
  eventId: string,
  body: string,
  via: DispatchRoute,
  timeoutMs: number,
  cancel?: AbortSignal,
): Promise<AttemptResult> {
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  // One controller and one timer per attempt (AbortSignal.any and AbortSignal.timeout keep signals alive
  // on Node 20, which a long run of attempts turns into a leak).
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new DOMException('attempt timed out', 'TimeoutError')), timeoutMs);
  const onCancel = () => abort.abort(new DOMException('worker stopping', 'AbortError'));
  cancel?.addEventListener('abort', onCancel, { once: true });
  try {
    const res = await request(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Hookline-Relay/0.1',
        'webhook-id': eventId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': hookSignature(target, eventId, timestamp, body),
        ...hookTokenHeaders(tokenSecret(target)),
        [HOP_HEADER]: via.hops,
      },
      body,
      dispatcher: via.dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: abort.signal,
    });
    const retryAfter = retryAfterMs(res.headers['retry-after'], Date.now());
    const responseExcerpt = await readExcerpt(res.body);
    return {
      status: res.statusCode,
      error: null,
      timedOut: false,
      retryAfterMs: retryAfter,
      durationMs: performance.now() - started,
      responseExcerpt,
    };
  } catch (err) {
    const e = err as { code?: string; name?: string };
    const error = e.code ?? e.name ?? 'request failed';
    return {
      status: null,
      error,
      timedOut: TIMEOUT_CODES.has(error) || TIMEOUT_CODES.has(e.name ?? ''),
      retryAfterMs: undefined,
      durationMs: performance.now() - started,
      responseExcerpt: null,
    };
  } finally {
    clearTimeout(timer);
    cancel?.removeEventListener('abort', onCancel);
  }
}
