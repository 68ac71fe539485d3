export interface RetryPolicy {
  /** First retry delay; doubles each attempt. */
  readonly baseMs: number;
  readonly maxMs: number;
  /** Attempts in all before a delivery is given up. */
  readonly maxAttempts: number;
}

/** Standard Webhooks' schedule shape: exponential with full jitter in the upper half, capped. */
export function nextDelayMs(policy: RetryPolicy, attemptsSoFar: number, random = Math.random): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attemptsSoFar - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
