import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import type { Dispatcher } from 'undici';
import { nextDelayMs, type RetryPolicy } from './backoff';
import type { CircuitOptions } from './circuit';
import { dispatch, type AttemptResult } from './dispatch';
import { outgoingHops } from './hops';
import { Lane } from './lane';
import type { AttemptOutcome, RelayMetrics } from './metrics';
import type { Claimed, HookTarget, Outcome, Store } from './store';

export interface FanoutOptions extends RetryPolicy, CircuitOptions {
  /**
   * How often the worker looks for due deliveries when nothing woke it: the bound on how late it finds a retry that
   * fell due, an expired lease, or deliveries another instance stored.
   */
  readonly pollMs: number;
  /** One attempt, from connect to the end of the answer. */
  readonly timeoutMs: number;
  /** How long a claimed delivery is this worker's; must exceed timeoutMs. */
  readonly leaseMs: number;
  /** Requests in flight to one hook at once (a hook's own `concurrency` overrides it). */
  readonly concurrencyPerHook: number;
  /** Requests in flight and claimed deliveries waiting, over every hook. */
  readonly maxInFlight: number;
  /** Consecutive failed attempts that disable a hook. */
  readonly disableAfterFailures: number;
}

export const DEFAULT_FANOUT: FanoutOptions = {
  pollMs: 200,
  timeoutMs: 15_000,
  leaseMs: 60_000,
  concurrencyPerHook: 8,
  maxInFlight: 512,
  baseMs: 5_000,
  maxMs: 6 * 60 * 60_000,
  maxAttempts: 10,
  disableAfterFailures: 20,
  threshold: 5,
  cooldownMs: 10_000,
  maxCooldownMs: 10 * 60_000,
};

/** How fan-out reaches subscribers: the guarded dispatcher, and the relay id its hop marker carries. */
export interface FanoutOutbound {
  readonly dispatcher: Dispatcher;
  readonly relayId: string;
}

/** The guarded dispatcher refused the destination (it resolves to an address the policy does not allow): no socket was opened. */
const refused = (r: AttemptResult) => r.error === 'destination_not_allowed';
/** A subscriber that is itself a relay answering 508: the event is looping (loop_detected, too_many_hops). */
const looping = (r: AttemptResult) => r.status === 508;

const failureKind = (r: AttemptResult): AttemptOutcome =>
  refused(r) ? 'destination_not_allowed' : r.status !== null ? 'http_error' : r.timedOut ? 'timeout' : 'network_error';
/**
 * Failures that say the subscriber is unavailable (they count towards its circuit); other 4xx are its
 * answer, and so is a 508 (a loop): an answer tells the circuit the subscriber is up. A refused destination
 * says nothing of the subscriber (nothing was sent): it gives the circuit no verdict, which would otherwise
 * open on it and keep every later delivery waiting behind probes that are refused in turn.
 */
const unavailable = (r: AttemptResult) =>
  !refused(r) && (r.status === null || (r.status >= 500 && !looping(r)) || r.status === 429 || r.status === 408);
/** Retrying cannot help: the destination policy refuses it again, or the event would loop again. */
const final = (r: AttemptResult) => refused(r) || looping(r);

/**
 * The delivery worker: one lane per active hook (its own queue, concurrency, rate limit and circuit),
 * claims by hook so a hook with no room is never claimed for, and attempts written in batches.
 */
export class Fanout {
  private readonly worker = `w_${randomBytes(6).toString('hex')}`;
  private readonly lanes = new Map<string, Lane>();
  private readonly outcomes: Outcome[] = [];
  private writing: Promise<void> | undefined;
  private passing = false;
  private again = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly laneTimers = new Map<string, NodeJS.Timeout>();
  private stopped = true;
  private inFlightTotal = 0;
  private readonly idle = new Set<() => void>();
  private readonly cancel = new AbortController();
  /**
   * Counts what can make deliveries due: for some hooks, ingest and replay (the hooks they queued to), a retry or
   * a hook enabled again, a lane's timer; for every hook, the poll and leases given back. A lane whose last claim
   * came back short is claimed for again only once work came for it since that claim began: a finished attempt
   * frees room but brings no work, claiming after each one found nothing about half the time, and a delivery for
   * one hook is no reason to claim for the others.
   */
  private work = 0;
  /** The count when work last came for every hook. */
  private workForAll = 0;
  /** The count when work last came for one hook, where that is later than `workForAll`. */
  private readonly workFor = new Map<string, number>();
  /** The count as a lane's last claim began, for lanes whose last claim came back short. */
  private readonly drainedAt = new Map<string, number>();
  /** The active hooks the lanes were last made from (the store answers the same list until it reads them again). */
  private synced: readonly HookTarget[] | undefined;

  constructor(
    private readonly store: Store,
    private readonly options: FanoutOptions,
    private readonly log: FastifyBaseLogger,
    private readonly metrics: RelayMetrics,
    private readonly outbound: FanoutOutbound,
  ) {
    setMaxListeners(Infinity, this.cancel.signal); // one listener per attempt in flight, by design
  }

  start(): void {
    this.stopped = false;
    this.poll();
  }

  /**
   * Looks for due deliveries now: there may be new ones, for the hooks given (ingest and replay, after their
   * commit) or, without any, for every hook.
   */
  kick(hookIds?: readonly string[]): void {
    const at = ++this.work;
    if (hookIds === undefined) this.workForAll = at;
    else for (const id of hookIds) this.workFor.set(id, at);
    this.look();
  }

  /** Whether work may have come for a lane since its last claim came back short. */
  private mayHaveWork(hookId: string): boolean {
    const drained = this.drainedAt.get(hookId);
    return drained === undefined || drained < Math.max(this.workForAll, this.workFor.get(hookId) ?? 0);
  }

  /** Looks for due deliveries for the lanes that may have some. */
  private look(): void {
    if (this.stopped) return;
    if (this.passing) {
      this.again = true;
      return;
    }
    this.passing = true;
    setImmediate(() => void this.pass());
  }

  /** An operator retried a hook's deliveries or enabled it: its open circuit on this instance probes now (see Circuit.probeNow). */
  probeNow(hookId: string): void {
    const lane = this.lanes.get(hookId);
    lane?.circuit.probeNow();
    // Deliveries it holds already (a claim that answered after the circuit opened) may start now: no claim comes for
    // them, as a half-open lane wants nothing while it holds some.
    if (lane) this.pump(lane);
    this.kick([hookId]);
  }

  inFlight(): number {
    return this.inFlightTotal;
  }

  openCircuits(): number {
    let n = 0;
    for (const lane of this.lanes.values()) if (lane.circuit.state() !== 'closed') n++;
    return n;
  }

  /** Stops claiming and attempting: gives back what was claimed (started or not) and writes what finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    for (const t of this.laneTimers.values()) clearTimeout(t);
    const queued = [...this.lanes.values()].flatMap((l) => l.queue.splice(0));
    this.cancel.abort(); // attempts in flight are abandoned, not counted: their deliveries are given back
    if (this.inFlightTotal > 0) await new Promise<void>((resolve) => this.idle.add(resolve));
    await this.flushOutcomes();
    await this.store.queue.release(queued).catch(() => undefined);
  }

  private poll(): void {
    if (this.stopped) return;
    this.kick();
    // What came for one hook before now is covered by the poll's work for all.
    this.workFor.clear();
    this.pollTimer = setTimeout(() => this.poll(), this.options.pollMs);
  }

  private async pass(): Promise<void> {
    try {
      do {
        this.again = false;
        const hooks = await this.store.hooks.active();
        if (hooks !== this.synced) this.synced = this.syncLanes(hooks) ? hooks : undefined;
        if (this.stopped) break;
        const now = Date.now();
        let budget = this.options.maxInFlight - this.inFlightTotal - this.outcomes.length;
        for (const lane of this.lanes.values()) budget -= lane.queue.length;
        const wants = [];
        for (const lane of this.lanes.values()) {
          if (budget <= 0) break;
          if (!this.mayHaveWork(lane.target.id)) continue;
          const n = Math.min(lane.wants(now), budget);
          if (n > 0) wants.push({ hookId: lane.target.id, limit: n });
          budget -= n;
        }
        if (wants.length === 0) break;
        const seen = this.work;
        const claimed = await this.store.queue.claim(this.worker, now, this.options.leaseMs, wants);
        const orphans: Claimed[] = [];
        const counts = new Map<string, number>();
        for (const d of claimed) {
          const lane = this.lanes.get(d.hookId);
          if (!lane || this.stopped) orphans.push(d);
          else lane.queue.push(d);
          counts.set(d.hookId, (counts.get(d.hookId) ?? 0) + 1);
        }
        await this.store.queue.release(orphans);
        for (const hookId of counts.keys()) {
          const lane = this.lanes.get(hookId);
          if (lane) this.pump(lane);
        }
        // A hook that filled its whole want may have more waiting; one that did not had nothing more as of `seen`.
        for (const w of wants) {
          if (counts.get(w.hookId) === w.limit) {
            this.drainedAt.delete(w.hookId);
            this.again = true;
          } else this.drainedAt.set(w.hookId, seen);
        }
      } while (this.again && !this.stopped);
    } catch (err) {
      this.log.warn({ err: { message: (err as Error).message, code: (err as { code?: string }).code } }, 'fan-out pass failed');
    } finally {
      this.passing = false;
    }
  }

  /** Answers whether the lanes are now those of `hooks` (false: a removed hook's lane waits for its attempts). */
  private syncLanes(hooks: readonly HookTarget[]): boolean {
    let complete = true;
    const seen = new Set<string>();
    for (const hook of hooks) {
      seen.add(hook.id);
      const lane = this.lanes.get(hook.id);
      if (lane) {
        lane.retarget(hook);
        this.pump(lane); // a raised concurrency or a limit lifted may let held deliveries start
      } else
        this.lanes.set(
          hook.id,
          new Lane(hook, { concurrency: this.options.concurrencyPerHook, leaseMs: this.options.leaseMs }, this.options),
        );
    }
    for (const [id, lane] of this.lanes) {
      if (seen.has(id)) continue;
      if (lane.inFlight > 0) {
        complete = false;
        continue;
      }
      void this.store.queue.release(lane.queue.splice(0)).catch(() => undefined);
      this.lanes.delete(id);
      this.drainedAt.delete(id);
      this.workFor.delete(id);
    }
    return complete;
  }

  private pump(lane: Lane): void {
    const now = Date.now();
    for (let d = lane.next(now); d; d = lane.next(now)) {
      if (now + this.options.timeoutMs > d.claimedUntil) {
        lane.circuit.abandon();
        this.giveBack([d]); // its lease could run out mid-attempt
        continue;
      }
      lane.inFlight++;
      this.inFlightTotal++;
      void this.attempt(lane, d).finally(() => {
        lane.inFlight--;
        this.inFlightTotal--;
        if (this.inFlightTotal === 0) for (const resolve of this.idle) resolve();
        if (this.inFlightTotal === 0) this.idle.clear();
        this.pump(lane);
        this.look();
      });
    }
    const wait = lane.queue.length > 0 || lane.circuit.state(now) === 'open' ? lane.retryInMs(now) : undefined;
    if (wait !== undefined && wait > 0 && !this.laneTimers.has(lane.target.id) && !this.stopped) {
      this.laneTimers.set(
        lane.target.id,
        setTimeout(() => {
          this.laneTimers.delete(lane.target.id);
          this.pump(lane);
          this.kick([lane.target.id]);
        }, wait),
      );
    }
  }

  private async attempt(lane: Lane, d: Claimed): Promise<void> {
    const at = Date.now();
    if (d.body === undefined) {
      lane.circuit.abandon();
      this.record({ delivery: d, at, durationMs: 0, status: null, error: 'event gone', result: 'dead', retryAt: null, disableHook: null });
      return;
    }
    const via = { dispatcher: this.outbound.dispatcher, hops: outgoingHops(d.hops, this.outbound.relayId) };
    const r = await dispatch(lane.target, d.eventId, d.body, via, this.options.timeoutMs, this.cancel.signal);
    if (this.cancel.signal.aborted) {
      await this.store.queue.release([d]).catch(() => undefined);
      return;
    }
    this.metrics.attemptSeconds.observe(r.durationMs / 1000);
    const done = Date.now();
    if (r.status !== null && r.status >= 200 && r.status < 300) {
      lane.circuit.success();
      this.metrics.attempts.inc({ outcome: 'success' });
      if (d.receivedAt !== undefined) this.metrics.deliverySeconds.observe((done - d.receivedAt) / 1000);
      this.record({
        delivery: d,
        at,
        durationMs: r.durationMs,
        status: r.status,
        error: null,
        responseExcerpt: r.responseExcerpt,
        result: 'delivered',
        retryAt: null,
        disableHook: null,
      });
      return;
    }
    this.metrics.attempts.inc({ outcome: failureKind(r) });
    const attempts = d.attempts + 1;
    const gone = r.status === 410;
    const giveUp = gone || final(r) || attempts >= this.options.maxAttempts;
    const delay = Math.max(r.retryAfterMs ?? 0, nextDelayMs(this.options, attempts));
    const error = r.error ?? `HTTP ${r.status}`;
    this.record({
      delivery: d,
      at,
      durationMs: r.durationMs,
      status: r.status,
      error,
      responseExcerpt: r.responseExcerpt,
      result: giveUp ? 'dead' : 'retry',
      retryAt: giveUp ? null : done + delay,
      disableHook: gone ? 'the subscriber answered 410 Gone' : null,
    });
    if (refused(r)) lane.circuit.abandon();
    else if (!unavailable(r)) lane.circuit.answered();
    else if (lane.circuit.failure(done)) {
      this.log.warn({ hook: lane.target.id, reopensInMs: lane.circuit.reopensInMs(done) }, 'circuit opened');
      this.giveBack(lane.queue.splice(0));
    }
    this.log.info(
      { hook: d.hookId, event: d.eventId, status: r.status, error: r.error, attempt: attempts, retryInMs: giveUp ? null : delay },
      'delivery attempt failed',
    );
  }

  /** Gives leases back to be claimed again: work for the next look. */
  private giveBack(deliveries: readonly Claimed[]): void {
    if (deliveries.length === 0) return;
    void this.store.queue.release(deliveries).then(
      () => this.kick(),
      () => undefined,
    );
  }

  private record(outcome: Outcome): void {
    this.outcomes.push(outcome);
    if (!this.writing) this.writing = this.writeOutcomes();
  }

  private async flushOutcomes(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Group commit for attempts: what finished while the last batch was being written goes in the next. */
  private async writeOutcomes(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    let failures = 0;
    while (this.outcomes.length > 0) {
      const batch = this.outcomes.splice(0, 500);
      try {
        const disabled = await this.store.queue.record(batch, this.options.disableAfterFailures);
        failures = 0;
        if (disabled.length) {
          this.store.hooks.changed();
          for (const id of disabled) this.log.warn({ hook: id }, 'hook disabled');
        }
      } catch (err) {
        // Kept and written again; until then the leases hold (an expired one means another attempt: at least once).
        if (this.stopped && failures >= 5) {
          this.log.error(
            { err: { message: (err as Error).message }, attempts: batch.length },
            'stopping without recording attempts; their deliveries will be attempted again',
          );
          continue;
        }
        this.outcomes.unshift(...batch);
        this.log.warn({ err: { message: (err as Error).message } }, 'recording attempts failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** failures++)));
      }
    }
    this.writing = undefined;
  }
}
