import { Circuit, type CircuitOptions } from './circuit';
import { TokenBucket } from './rate-limit';
import type { Claimed, HookTarget } from './store';

/**
 * One hook's share of the fan-out on this instance: its own queue of claimed deliveries, its own
 * concurrency, rate limit and circuit, so a slow or dead subscriber holds up only itself.
 */
export class Lane {
  readonly queue: Claimed[] = [];
  inFlight = 0;
  readonly circuit: Circuit;
  private bucket: TokenBucket | undefined;

  constructor(
    public target: HookTarget,
    private readonly defaults: { readonly concurrency: number; readonly leaseMs: number },
    circuit: CircuitOptions,
  ) {
    this.circuit = new Circuit(circuit);
    this.retarget(target);
  }

  /** The hook's settings changed (or were re-read): keep the queue, circuit and bucket when the limit did not change. */
  retarget(target: HookTarget): void {
    const limit = target.rateLimit;
    if (!limit) this.bucket = undefined;
    else if (!this.bucket || this.bucket.perSecond !== limit.perSecond || this.bucket.burst !== limit.burst)
      this.bucket = new TokenBucket(limit.perSecond, limit.burst);
    this.target = target;
  }

  get concurrency(): number {
    return this.target.concurrency ?? this.defaults.concurrency;
  }

  /**
   * How many more deliveries to claim now: room for two rounds of its concurrency, none while the circuit
   * is open, one probe when half-open, and no more than the rate limit lets start within half a lease.
   */
  wants(now: number): number {
    const allowance = this.circuit.allowance(now);
    if (allowance === 0) return 0;
    if (allowance === 1) return this.inFlight === 0 && this.queue.length === 0 ? 1 : 0;
    let room = this.concurrency * 2 - this.inFlight - this.queue.length;
    if (this.bucket)
      room = Math.min(room, Math.max(1, Math.floor((this.bucket.perSecond * this.defaults.leaseMs) / 2000)) - this.queue.length);
    return Math.max(0, room);
  }

  /** The next delivery to start now, if its concurrency, circuit and rate limit allow one. */
  next(now: number): Claimed | undefined {
    if (this.queue.length === 0 || this.inFlight >= this.concurrency || this.circuit.allowance(now) === 0) return undefined;
    if (this.bucket && !this.bucket.take(now)) return undefined;
    this.circuit.started(now);
    return this.queue.shift();
  }

  /** When to look again at a lane that has work but may not start it yet (rate limit, open circuit). */
  retryInMs(now: number): number | undefined {
    if (this.queue.length === 0 && this.circuit.state(now) !== 'open') return undefined;
    const open = this.circuit.reopensInMs(now);
    if (open > 0) return open;
    return this.bucket && this.queue.length > 0 ? this.bucket.waitMs(now) : undefined;
  }
}
