import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Db } from '../db/connect';
import type { AttemptsTable, Database, DeliveriesTable } from '../db/schema';
import { ReusedQueries } from '../db/reused-query';
import { writeStatement, writeTransaction } from '../db/write';
import { loadedHops } from '../hops';

/** A delivery leased to this worker, with the stored event body it carries. */
export interface Claimed {
  readonly id: number;
  readonly eventId: string;
  readonly hookId: string;
  readonly attempts: number;
  /** The lease: after this another worker may take the delivery. */
  readonly claimedUntil: number;
  /** The event's JSON as stored; undefined when the event is gone (pruned or deleted). */
  readonly body: string | undefined;
  readonly receivedAt: number | undefined;
  /** The `hookline-hop` chain the event arrived with (its fan-out carries it on). */
  readonly hops: readonly string[];
}

type AttemptRow = Omit<AttemptsTable, 'id'>;

interface ClaimRow {
  id: number;
  event_id: string;
  hook_id: string;
  attempts: number;
}

/** The stored event a claimed delivery carries; every column null when the event is gone. */
interface NullableEvent {
  body: string | null;
  received_at: number | null;
  hops: string | null;
}

/** A leased delivery with its event, or without one when the event is gone (undefined). */
function claimed(row: ClaimRow, event: NullableEvent | undefined, until: number): Claimed {
  const found = event !== undefined && event.body !== null;
  return {
    id: Number(row.id),
    eventId: row.event_id,
    hookId: row.hook_id,
    attempts: Number(row.attempts),
    claimedUntil: until,
    body: found ? event.body! : undefined,
    receivedAt: found ? Number(event.received_at) : undefined,
    hops: loadedHops(found ? event.hops : null),
  };
}

export interface Want {
  readonly hookId: string;
  readonly limit: number;
}

/** What one attempt came to, recorded with the others of its batch (QueueStore.record). */
export interface Outcome {
  readonly delivery: Claimed;
  readonly at: number;
  readonly durationMs: number;
  readonly status: number | null;
  readonly error: string | null;
  /** The start of the subscriber's answer, kept with the attempt (null: empty, or no answer). */
  readonly responseExcerpt?: string | null;
  /** delivered; retry at `retryAt`; or dead (given up). */
  readonly result: 'delivered' | 'retry' | 'dead';
  readonly retryAt: number | null;
  /** Disable the hook now (410 Gone), with this reason. */
  readonly disableHook: string | null;
}

/** A hook's failures in one batch of outcomes, in the order they happened. */
interface FailureRun {
  /** Failures after the batch's last success (all of them when none succeeded). */
  failuresAfterSuccess: number;
  succeeded: boolean;
  /** A 410's reason to disable the hook now. */
  gone: string | null;
  lastFailureAt: number | null;
}

/** A hook row as counting its failures left it. */
interface CountedHook {
  id: string;
  consecutive_failures: number;
  status: string;
}

/** From this many wanted hooks, a SQLite claim first asks which have anything due (withDue). */
const DUE_PROBE_MIN_WANTS = 3;
const HOOKS_WITH_DUE = `select value as hook_id from json_each(?)
  where exists (select 1 from deliveries where hook_id = value and status = 'pending' and next_attempt_at <= ?)`;

const finished = (o: Outcome) => o.result === 'delivered' || o.result === 'dead';
const deliveryStatus = (o: Outcome): DeliveriesTable['status'] =>
  o.result === 'delivered' ? 'delivered' : o.result === 'dead' ? 'failed' : 'pending';

function failureRuns(outcomes: readonly Outcome[]): Map<string, FailureRun> {
  const runs = new Map<string, FailureRun>();
  for (const o of outcomes) {
    let run = runs.get(o.delivery.hookId);
    if (!run) runs.set(o.delivery.hookId, (run = { failuresAfterSuccess: 0, succeeded: false, gone: null, lastFailureAt: null }));
    if (o.result === 'delivered') {
      run.succeeded = true;
      run.failuresAfterSuccess = 0;
    } else {
      run.failuresAfterSuccess++;
      run.lastFailureAt = Math.max(run.lastFailureAt ?? 0, o.at);
    }
    run.gone ??= o.disableHook;
  }
  return runs;
}

/**
 * The hooks to disable, with why: a 410, or a failing hook (`counted`: its row after counting) still active whose
 * run of failures reached `maxConsecutive`.
 */
function toDisable(
  runs: ReadonlyMap<string, FailureRun>,
  counted: ReadonlyMap<string, CountedHook>,
  maxConsecutive: number,
): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const [hookId, run] of runs) {
    let reason = run.gone;
    if (run.failuresAfterSuccess > 0) {
      const row = counted.get(hookId);
      if (!row || row.status !== 'active') continue;
      if (!reason && Number(row.consecutive_failures) >= maxConsecutive) reason = `${row.consecutive_failures} consecutive failed attempts`;
    }
    if (reason) reasons.set(hookId, reason);
  }
  return reasons;
}

/** Disables each hook with its reason and fails its pending deliveries; answers the hooks disabled. */
async function disableIn(trx: Kysely<Database>, reasons: ReadonlyMap<string, string>): Promise<string[]> {
  for (const [hookId, reason] of reasons) {
    await trx
      .updateTable('hooks')
      .set({ status: 'disabled', disabled_reason: reason })
      .where('id', '=', hookId)
      .where('status', '=', 'active')
      .execute();
    await trx
      .updateTable('deliveries')
      .set({ status: 'failed', last_error: `hook disabled: ${reason}`, claimed_until: null, finished_at: Date.now() })
      .where('hook_id', '=', hookId)
      .where('status', '=', 'pending')
      .execute();
  }
  return [...reasons.keys()];
}

/** Deliveries as a leased queue: claims by hook, batched outcomes, the lease given back. */
export class QueueStore {
  private readonly db: Kysely<Database>;

  /** The statements each claim and each batch of outcomes runs, compiled once per shape. */
  private readonly reused = new ReusedQueries();

  constructor(private readonly conn: Db) {
    this.db = conn.kysely;
  }

  /**
   * Leases up to `limit` due deliveries of each wanted hook until `now + leaseMs`, oldest first.
   * PostgreSQL skips rows other instances hold (FOR UPDATE SKIP LOCKED) in one statement for every hook;
   * SQLite has one writer. An expired lease (a crashed instance) makes a delivery claimable again.
   */
  async claim(worker: string, now: number, leaseMs: number, wants: readonly Want[]): Promise<Claimed[]> {
    const active = wants.filter((w) => w.limit > 0);
    if (active.length === 0) return [];
    const until = now + leaseMs;
    if (this.conn.kind === 'postgres') return (await this.claimShared(worker, now, until, active)).map((r) => claimed(r, r, until));
    const rows = await this.claimOwned(now, until, active);
    if (rows.length === 0) return [];
    const eventIds = [...new Set(rows.map((r) => r.event_id))];
    const fetched = this.reused.query(`events:${eventIds.length}`, eventIds, (ids) =>
      this.db
        .selectFrom('events')
        .select(['id', 'body', 'received_at', 'hops'])
        .where('id', 'in', ids as string[]),
    );
    const events = new Map((await this.db.executeQuery(fetched)).rows.map((e) => [e.id, e]));
    return rows.map((r) => claimed(r, events.get(r.event_id), until));
  }

  /**
   * PostgreSQL: one statement leases for every wanted hook, skipping rows other instances hold, and answers
   * each leased delivery with its event (null columns when the event is gone). A statement is its own
   * transaction, so it runs alone: one round trip per claim.
   */
  private claimShared(worker: string, now: number, until: number, wants: readonly Want[]): Promise<(ClaimRow & NullableEvent)[]> {
    return writeStatement(this.conn, async (db) => {
      const result = await sql<ClaimRow & NullableEvent>`
        with picked as (
          select d.id from unnest(${wants.map((w) => w.hookId)}::text[], ${wants.map((w) => w.limit)}::int[]) as w(hook_id, n)
          cross join lateral (
            select id from deliveries
            where hook_id = w.hook_id and status = 'pending' and next_attempt_at <= ${now}
              and (claimed_until is null or claimed_until < ${now})
            order by next_attempt_at limit w.n
            for update skip locked
          ) d
        ), leased as (
          update deliveries set claimed_until = ${until}, claimed_by = ${worker}
          where id in (select id from picked)
          returning id, event_id, hook_id, attempts
        )
        select leased.id, leased.event_id, leased.hook_id, leased.attempts, e.body, e.received_at, e.hops
        from leased left join events e on e.id = leased.event_id`.execute(db);
      return result.rows;
    });
  }

  /**
   * SQLite: one process owns the file (a starting relay frees every lease), so leases live in memory and
   * a claim is a read, with no commit to wait for.
   */
  private async claimOwned(now: number, until: number, wants: readonly Want[]): Promise<ClaimRow[]> {
    const out: ClaimRow[] = [];
    for (const w of await this.withDue(now, wants)) {
      const held = this.heldIds(w.hookId, now);
      const due = this.reused.query(`due:${held.length}`, [w.hookId, now, w.limit, ...held], ([hookId, at, limit, ...skip]) => {
        let q = this.db
          .selectFrom('deliveries')
          .select(['id', 'event_id', 'hook_id', 'attempts'])
          .where('hook_id', '=', hookId as string)
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', at as number);
        if (skip.length) q = q.where('id', 'not in', skip as number[]);
        return q.orderBy('next_attempt_at').limit(limit as number);
      });
      const rows = (await this.db.executeQuery(due)).rows;
      for (const r of rows) {
        this.hold(w.hookId, Number(r.id), until);
        out.push(r);
      }
    }
    return out;
  }

  /**
   * SQLite: of several wanted hooks, those with a due delivery, found by one statement that probes each hook's
   * index in SQLite rather than one query per hook: a poll asks for every hook, and most have nothing due.
   */
  private async withDue(now: number, wants: readonly Want[]): Promise<readonly Want[]> {
    if (wants.length < DUE_PROBE_MIN_WANTS) return wants;
    const probe = CompiledQuery.raw(HOOKS_WITH_DUE, [JSON.stringify(wants.map((w) => w.hookId)), now]) as CompiledQuery<{
      hook_id: string;
    }>;
    const due = await this.db.executeQuery(probe);
    const withDue = new Set(due.rows.map((r) => r.hook_id));
    return wants.filter((w) => withDue.has(w.hookId));
  }

  private readonly held = new Map<string, Map<number, number>>();

  private heldIds(hookId: string, now: number): number[] {
    const m = this.held.get(hookId);
    if (!m) return [];
    for (const [id, until] of m) if (until < now) m.delete(id);
    return [...m.keys()];
  }

  private hold(hookId: string, id: number, until: number): void {
    let m = this.held.get(hookId);
    if (!m) this.held.set(hookId, (m = new Map()));
    m.set(id, until);
  }

  private unhold(deliveries: readonly { id: number; hookId: string }[]): void {
    for (const d of deliveries) this.held.get(d.hookId)?.delete(d.id);
  }

  /** Gives leases back without counting an attempt (a circuit opened, the worker stops). */
  async release(deliveries: readonly Claimed[]): Promise<void> {
    if (deliveries.length === 0) return;
    if (this.conn.kind === 'sqlite') return this.unhold(deliveries);
    const ids = deliveries.map((d) => d.id);
    await writeTransaction(
      this.conn,
      (trx) =>
        trx
          .updateTable('deliveries')
          .set({ claimed_until: null, claimed_by: null })
          .where('id', 'in', ids)
          .where('status', '=', 'pending')
          .execute(),
      { durable: false },
    );
  }

  /** Frees every lease; only for SQLite, where one process owns the file (after a crash, at start). */
  async releaseAll(): Promise<void> {
    this.held.clear();
    await writeTransaction(
      this.conn,
      (trx) =>
        trx
          .updateTable('deliveries')
          .set({ claimed_until: null, claimed_by: null })
          .where('status', '=', 'pending')
          .where('claimed_until', 'is not', null)
          .execute(),
      { durable: false },
    );
  }

  /**
   * Writes attempts and their effects, all or nothing (a batch that fails is recorded again whole): each delivery
   * delivered, rescheduled or given up; each hook's run of consecutive failures (reset by a success, touched only
   * when it changes, so a healthy hook's row is never a lock every delivery queues on), disabling it at
   * `maxConsecutive` or at a 410. Answers the hooks it disabled. SQLite: one transaction. PostgreSQL: one statement
   * for the attempts, the deliveries and the hooks' counts (one round trip, where a transaction took one per
   * outcome and per hook); a batch with a failure runs it in a transaction that also disables, holding the counted
   * hooks' rows until it commits.
   */
  async record(outcomes: readonly Outcome[], maxConsecutive: number): Promise<string[]> {
    if (outcomes.length === 0) return [];
    const runs = failureRuns(outcomes);
    const disables = (counted: ReadonlyMap<string, CountedHook>, trx: Kysely<Database>) =>
      disableIn(trx, toDisable(runs, counted, maxConsecutive));
    let disabled: string[];
    if (this.conn.kind === 'sqlite')
      disabled = await writeTransaction(
        this.conn,
        async (trx) => {
          await this.recordOwned(trx, outcomes);
          return disables(await this.countFailures(trx, runs), trx);
        },
        { durable: false },
      );
    else if ([...runs.values()].every((run) => run.failuresAfterSuccess === 0 && run.gone === null))
      // Every hook's batch ends in a success: nothing can be disabled.
      disabled = await writeStatement(this.conn, async (db) => (await this.recordShared(db, outcomes, runs), []));
    else
      disabled = await writeTransaction(this.conn, async (trx) => disables(await this.recordShared(trx, outcomes, runs), trx), {
        durable: false,
      });
    this.unhold(outcomes.map((o) => o.delivery));
    return disabled;
  }

  /** SQLite: the attempts in one insert, then each delivery's outcome. */
  private async recordOwned(trx: Kysely<Database>, outcomes: readonly Outcome[]): Promise<void> {
    const attemptValues = outcomes.flatMap((o) => [
      o.delivery.id,
      o.delivery.attempts + 1,
      o.at,
      o.status,
      o.error,
      Math.round(o.durationMs),
      o.responseExcerpt ?? null,
    ]);
    await trx.executeQuery(
      this.reused.query(`attempts:${outcomes.length}`, attemptValues, (v) =>
        trx.insertInto('attempts').values(
          outcomes.map((_, i) => {
            const [delivery_id, attempt, at, status, error, duration_ms, response_excerpt] = v.slice(i * 7, i * 7 + 7);
            return { delivery_id, attempt, at, status, error, duration_ms, response_excerpt } as AttemptRow;
          }),
        ),
      ),
    );
    for (const o of outcomes) {
      const rescheduled = o.retryAt !== null;
      const values = [
        deliveryStatus(o),
        o.delivery.attempts + 1,
        o.retryAt,
        o.status,
        o.error,
        o.at,
        finished(o) ? o.at : null,
        o.delivery.id,
      ];
      await trx.executeQuery(
        this.reused.query(`outcome:${o.result}:${rescheduled}`, values, (v) => {
          const [status, attempts, nextAttemptAt, lastStatus, lastError, at, finishedAt, id] = v;
          let update = trx
            .updateTable('deliveries')
            .set({
              status: status as DeliveriesTable['status'],
              attempts: attempts as number,
              ...(rescheduled ? { next_attempt_at: nextAttemptAt as number } : {}),
              claimed_until: null,
              claimed_by: null,
              last_status: lastStatus as number | null,
              last_error: lastError as string | null,
              ...(o.result === 'delivered' ? { delivered_at: at as number } : {}),
              finished_at: finishedAt as number | null,
            })
            .where('id', '=', id as number);
          // A delivery failed while its attempt was in flight (its hook deleted or disabled, its key revoked)
          // stays failed: a retry must not make it pending again.
          if (o.result === 'retry') update = update.where('status', '=', 'pending');
          return update;
        }),
      );
    }
  }

  /** SQLite: each hook's failure count written as its run says; answers the counts of hooks that failed. */
  private async countFailures(trx: Kysely<Database>, runs: ReadonlyMap<string, FailureRun>): Promise<Map<string, CountedHook>> {
    const counted = new Map<string, CountedHook>();
    for (const [hookId, run] of runs) {
      // A batch of successes alone never writes the hook row (its last success is read from deliveries).
      if (run.failuresAfterSuccess === 0 && run.lastFailureAt !== null) {
        await trx
          .updateTable('hooks')
          .set({ consecutive_failures: 0, last_failure_at: run.lastFailureAt })
          .where('id', '=', hookId)
          .execute();
      } else if (run.failuresAfterSuccess === 0) {
        await trx.executeQuery(
          this.reused.query('hook-success', [hookId], ([id]) =>
            trx
              .updateTable('hooks')
              .set({ consecutive_failures: 0 })
              .where('id', '=', id as string)
              .where('consecutive_failures', '>', 0),
          ),
        );
      } else {
        const row = await trx
          .updateTable('hooks')
          .set((eb) => ({
            consecutive_failures: run.succeeded
              ? eb.val(run.failuresAfterSuccess)
              : eb('consecutive_failures', '+', run.failuresAfterSuccess),
            last_failure_at: run.lastFailureAt,
          }))
          .where('id', '=', hookId)
          .returning(['id', 'consecutive_failures', 'status'])
          .executeTakeFirst();
        if (row) counted.set(hookId, row);
      }
    }
    return counted;
  }

  /**
   * PostgreSQL: the attempts, the deliveries' outcomes and the hooks' failure counts in one statement, each from
   * arrays, so its SQL is the same for every batch. Answers the rows of the hooks it wrote (their counts after it).
   */
  private async recordShared(
    db: Kysely<Database>,
    outcomes: readonly Outcome[],
    runs: ReadonlyMap<string, FailureRun>,
  ): Promise<Map<string, CountedHook>> {
    // In one order, so that instances counting the same hooks at once lock their rows in the same order. The hooks
    // update is the main statement: PostgreSQL runs it before `attempted` and `settled`, which nothing reads, so the
    // hooks' rows are locked before the deliveries' (the lock order of store/hooks.ts).
    const hooks = [...runs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const result = await sql<CountedHook>`
      with outcome as (
        select * from unnest(
          ${outcomes.map((o) => o.delivery.id)}::bigint[], ${outcomes.map((o) => o.delivery.attempts + 1)}::int[],
          ${outcomes.map((o) => o.at)}::bigint[], ${outcomes.map((o) => o.status)}::int[], ${outcomes.map((o) => o.error)}::text[],
          ${outcomes.map((o) => Math.round(o.durationMs))}::int[], ${outcomes.map((o) => o.responseExcerpt ?? null)}::text[],
          ${outcomes.map(deliveryStatus)}::text[], ${outcomes.map((o) => o.retryAt)}::bigint[],
          ${outcomes.map((o) => o.result === 'retry')}::boolean[], ${outcomes.map((o) => (finished(o) ? o.at : null))}::bigint[],
          ${outcomes.map((o) => (o.result === 'delivered' ? o.at : null))}::bigint[]
        ) with ordinality as o(id, attempt, at, status, error, duration_ms, response_excerpt, next_status, retry_at, retry, finished_at, delivered_at, n)
      ), attempted as (
        insert into attempts (delivery_id, attempt, at, status, error, duration_ms, response_excerpt)
        select id, attempt, at, status, error, duration_ms, response_excerpt from outcome
      ), settled as (
        update deliveries d set
          status = o.next_status, attempts = o.attempt, next_attempt_at = coalesce(o.retry_at, d.next_attempt_at),
          claimed_until = null, claimed_by = null, last_status = o.status, last_error = o.error,
          delivered_at = coalesce(o.delivered_at, d.delivered_at), finished_at = o.finished_at
        -- A delivery attempted twice in the batch (its lease ran out meanwhile) takes its last outcome that ended it,
        -- else its last retry: as if each were written in turn, where a retry never undoes an end.
        from (select distinct on (id) * from outcome order by id, retry, n desc) o
        -- A delivery failed while its attempt was in flight stays failed: a retry must not make it pending again.
        where d.id = o.id and (not o.retry or d.status = 'pending')
      )
      update hooks h set
        consecutive_failures = case when r.succeeded then r.failures else h.consecutive_failures + r.failures end,
        last_failure_at = coalesce(r.last_failure_at, h.last_failure_at)
      from unnest(
        ${hooks.map(([id]) => id)}::text[], ${hooks.map(([, r]) => r.failuresAfterSuccess)}::int[],
        ${hooks.map(([, r]) => r.succeeded)}::boolean[], ${hooks.map(([, r]) => r.lastFailureAt)}::bigint[]
      ) as r(id, failures, succeeded, last_failure_at)
      -- A batch of successes alone never writes the hook row (its last success is read from deliveries).
      where h.id = r.id and (r.failures > 0 or r.last_failure_at is not null or h.consecutive_failures > 0)
      returning h.id, h.consecutive_failures, h.status`.execute(db);
    return new Map(result.rows.map((row) => [row.id, row]));
  }

  /** Pending deliveries, due or scheduled (an index range count: for /metrics scrapes, not per request). */
  async pending(): Promise<number> {
    const row = await this.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Deliveries by status (scans the table: for /metrics scrapes and tests, never per request). */
  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select(['status'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
