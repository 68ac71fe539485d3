import { randomBytes } from 'node:crypto';
import { request, type Dispatcher } from 'undici';
import { hookTokenHeaders } from '../shared';
import { nextDelayMs, retryAfterMs, type RetryPolicy } from './backoff';
import { hookSignature, tokenSecret } from './hook-signature';
import { HOP_HEADER, outgoingHops } from './hops';
import { readExcerpt } from './response-excerpt';
import type { Claimed, Store } from './store';

export interface FanoutOptions extends RetryPolicy {
  readonly pollMs: number;
  readonly timeoutMs: number;
  readonly leaseMs: number;
  readonly batchSize: number;
  readonly concurrency: number;
  /** Consecutive failed attempts that disable a hook. */
  readonly disableAfterFailures: number;
}

export const DEFAULT_FANOUT: FanoutOptions = {
  pollMs: 200,
  timeoutMs: 15_000,
  leaseMs: 60_000,
  batchSize: 50,
  concurrency: 8,
  baseMs: 5_000,
  maxMs: 6 * 60 * 60_000,
  maxAttempts: 10,
  disableAfterFailures: 20,
};

export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
}

/** How fan-out reaches subscribers: the guarded dispatcher, and the relay id its hop marker carries. */
export interface FanoutOutbound {
  readonly dispatcher: Dispatcher;
  readonly relayId: string;
}

/** A refused destination, or a subscriber that is itself a relay answering 508 (a loop): retrying cannot help. */
const isFinal = (status: number | null, error: string | null) => error === 'destination_not_allowed' || status === 508;

/** Claims due deliveries and POSTs them, signed with each hook's secret (Standard Webhooks). */
export class Fanout {
  private readonly worker = `w_${randomBytes(6).toString('hex')}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly options: FanoutOptions,
    private readonly log: Logger,
    private readonly outbound: FanoutOutbound,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Runs a pass now (ingest calls it so a delivery need not wait for the next poll). */
  kick(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.pass()
        .catch((err: Error) => this.log.warn('fan-out pass failed', { error: err.message }))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.options.pollMs);
        });
    }, ms);
  }

  private async pass(): Promise<void> {
    for (let round = 0; round < 20 && !this.stopped; round++) {
      const claimed = await this.store.claimDue(this.worker, Date.now(), this.options.leaseMs, this.options.batchSize);
      if (claimed.length === 0) return;
      let next = 0;
      const lane = async () => {
        while (next < claimed.length && !this.stopped) await this.deliver(claimed[next++]!);
      };
      await Promise.all(Array.from({ length: Math.min(this.options.concurrency, claimed.length) }, lane));
    }
  }

  private async deliver(delivery: Claimed): Promise<void> {
    const [stored, hook] = await Promise.all([this.store.getEvent(delivery.event_id), this.store.hookSecret(delivery.hook_id)]);
    if (!stored || !hook || hook.status !== 'active') {
      await this.store.markFailed(delivery, { status: null, error: 'hook or event gone', retryAt: null, disableHook: null, maxConsecutive: Infinity });
      return;
    }
    const { event, hops } = stored;
    const body = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000);
    const started = performance.now();
    const at = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    let retryAfter: number | undefined;
    let responseExcerpt: string | null = null;
    try {
      const res = await request(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Hookline-Relay/0.1',
          'webhook-id': event.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': hookSignature(hook, event.id, timestamp, body),
          ...hookTokenHeaders(tokenSecret(hook)),
          [HOP_HEADER]: outgoingHops(hops, this.outbound.relayId),
        },
        body,
        dispatcher: this.outbound.dispatcher,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      status = res.statusCode;
      retryAfter = retryAfterMs(res.headers['retry-after'], Date.now());
      responseExcerpt = await readExcerpt(res.body);
    } catch (err) {
      error = (err as { code?: string }).code ?? (err as Error).name ?? 'request failed';
    }
    const durationMs = performance.now() - started;
    await this.store.recordAttempt(delivery, { status, error, durationMs, at, responseExcerpt });
    if (status !== null && status >= 200 && status < 300) {
      await this.store.markDelivered(delivery, status, Date.now());
      return;
    }
    const attempts = delivery.attempts + 1;
    const giveUp = attempts >= this.options.maxAttempts || isFinal(status, error);
    const delay = Math.max(retryAfter ?? 0, nextDelayMs(this.options, attempts));
    await this.store.markFailed(delivery, {
      status,
      error: error ?? `HTTP ${status}`,
      retryAt: giveUp ? null : Date.now() + delay,
      disableHook: status === 410 ? 'the subscriber answered 410 Gone' : null,
      maxConsecutive: this.options.disableAfterFailures,
    });
    this.log.warn('delivery attempt failed', { hook: delivery.hook_id, event: delivery.event_id, status, error, attempt: attempts, retryInMs: giveUp ? null : delay });
  }
}
