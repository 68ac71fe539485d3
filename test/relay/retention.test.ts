import { statSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import { PLATFORMS, freshPayload, sign } from '../../shared';
import type { Relay } from '../../relay';
import { api, metricsText, post, relay, startSubscriber, tempDb, until } from './support';

const SECRET = 'retention-secret';
const lead = PLATFORMS.horneross.events[3].sample;
const sources = [{ id: 'hx', platform: 'horneross' as const, secrets: [SECRET] }];

function rowCounts(db: string): Record<string, number> {
  const raw = new Sqlite(db, { readonly: true });
  try {
    return Object.fromEntries(
      ['events', 'deliveries', 'attempts'].map((t) => [t, (raw.prepare(`select count(*) n from ${t}`).get() as { n: number }).n]),
    );
  } finally {
    raw.close();
  }
}

/** Pages in use (file size minus free pages): what the data takes, whatever SQLite keeps for reuse. */
function usedBytes(db: string): number {
  const raw = new Sqlite(db, { readonly: true });
  try {
    const page = raw.pragma('page_size', { simple: true }) as number;
    return ((raw.pragma('page_count', { simple: true }) as number) - (raw.pragma('freelist_count', { simple: true }) as number)) * page;
  } finally {
    raw.close();
  }
}

async function round(r: Relay, sub: { received: unknown[] }, seq: number, n: number): Promise<void> {
  const before = sub.received.length;
  for (let i = 0; i < n; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, n - i) }, (_, j) =>
        post(`${r.url}/in/hx`, sign('horneross', freshPayload('horneross', lead, seq + i + j), { secret: SECRET })),
      ),
    );
  }
  await until(() => sub.received.length === before + n, { tries: 1000 });
}

/** Issue 12 §6: events, attempts and finished deliveries are pruned in small batches; the database stays bounded. */
describe('relay retention', () => {
  it('prunes what is older than the policy, keeps events with pending deliveries, and the database stays bounded over a long run', async () => {
    const db = tempDb();
    const sub = await startSubscriber();
    const stuck = await startSubscriber();
    stuck.respond(() => ({ status: 503 }));
    // Everything finished is already "old"; the pruner's own timer stays out of the way (the test calls it).
    const r = await relay({
      db,
      sources,
      retention: { eventsMs: 0, attemptsMs: 0, batchSize: 50, intervalMs: 3_600_000, pauseMs: 1 },
      fanout: { pollMs: 20, baseMs: 60_000, maxMs: 60_000 },
    });
    try {
      await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' });
      await round(r, sub, 0, 100);
      await r.pruner.runOnce();
      expect(rowCounts(db)).toEqual({ events: 0, deliveries: 0, attempts: 0 });

      // An event with a delivery still pending is kept (with that delivery) until it finishes.
      const stuckHook = await api(r.url, 'POST', '/hooks', { url: stuck.url, source: 'hx', events: ['lead.captured'] });
      await round(r, sub, 1000, 3);
      expect(await until(() => stuck.received.length === 0 && rowCounts(db)['attempts']! >= 6)).toBe(true);
      await r.pruner.runOnce();
      expect(rowCounts(db)).toMatchObject({ events: 3, deliveries: 3 });
      await api(r.url, 'DELETE', `/hooks/${stuckHook.json!['id']}`);
      await r.pruner.runOnce();
      expect(rowCounts(db)).toEqual({ events: 0, deliveries: 0, attempts: 0 });

      // A long run: ten rounds of 150 deliveries, pruned after each; the pages in use do not grow.
      const used: number[] = [];
      for (let k = 0; k < 10; k++) {
        await round(r, sub, 10_000 + k * 1000, 150);
        await r.pruner.runOnce();
        used.push(usedBytes(db));
      }
      expect(Math.max(...used.slice(2))).toBeLessThanOrEqual(used[1]! * 1.1);
      const { text: metrics } = await metricsText(r.url);
      expect(metrics).toMatch(/hookline_retention_pruned_total\{table="events"\} 1603/);
    } finally {
      await r.close();
      await sub.close();
      await stuck.close();
    }
    // Without retention the same run grows with every round (the control).
    const grow = tempDb();
    const sub2 = await startSubscriber();
    const keep = await relay({ db: grow, sources });
    try {
      await api(keep.url, 'POST', '/hooks', { url: sub2.url, source: 'hx' });
      await round(keep, sub2, 0, 300);
      const a = usedBytes(grow);
      await round(keep, sub2, 1000, 300);
      expect(usedBytes(grow)).toBeGreaterThan(a * 1.5);
      expect(statSync(grow).size).toBeGreaterThan(0);
    } finally {
      await keep.close();
      await sub2.close();
    }
  }, 120_000);
});
