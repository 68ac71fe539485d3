/** A token bucket: `perSecond` tokens a second, at most `burst` saved up. One per source (ingest) or hook (fan-out). */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.at = now;
  }

  private refill(now: number): void {
    if (now > this.at) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) * this.perSecond) / 1000);
      this.at = now;
    }
  }

  /** Takes a token if one is there. */
  take(now = Date.now()): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whole tokens available now. */
  available(now = Date.now()): number {
    this.refill(now);
    return Math.floor(this.tokens);
  }

  /** Milliseconds until a token is there (0 when one is). */
  waitMs(now = Date.now()): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }
}

/** Buckets by key, made on first use from the limit the caller gives (a changed limit makes a new bucket). */
export class BucketMap {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly maxKeys = 10_000) {}

  get(key: string, limit: { readonly perSecond: number; readonly burst?: number }): TokenBucket {
    const burst = limit.burst ?? Math.max(1, Math.ceil(limit.perSecond));
    let b = this.buckets.get(key);
    if (!b || b.perSecond !== limit.perSecond || b.burst !== burst) {
      if (this.buckets.size >= this.maxKeys) this.buckets.clear();
      b = new TokenBucket(limit.perSecond, burst);
      this.buckets.set(key, b);
    }
    return b;
  }
}
