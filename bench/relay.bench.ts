/**
 * `npm run bench:relay`: durable ingest of signed ~2 KB Chatwoot deliveries against a bare fastify endpoint
 * answering 200 (target ≥ 0.5×), the load generator in its own process (bench/relay-load.ts) for every
 * server; fan-out latency (relay receipt → subscriber) at half the bare rate and at half the relay's own ingest rate,
 * the subscriber in its own process too (bench/relay-subscriber.ts); the relay's RSS across 100,000 deliveries after a
 * warm-up into its steady state (rssRun).
 * `npm run bench:relay -- --soak`: 100,000 deliveries with one subscriber hung and one flapping.
 * Every server first takes BENCH_WARMUP untimed deliveries (default 1000), so each is measured warm (JIT
 * compiled, connections and statements made), as a server that has been running is.
 * Env: BENCH_N (deliveries per throughput run, default 5000), BENCH_RUNS (default 3), BENCH_RSS_N (100000),
 * BENCH_RSS_WARMUP (the RSS run's warm-up at least, default 20000),
 * BENCH_OTHER_HOOKS (ingest with fan-out measured again with this many hooks of other sources, default 200; 0 skips it),
 * BENCH_CONNECTIONS (the load's keep-alive connections, default 16), BENCH_WIDE_CONNECTIONS (ingest measured again
 * with this many, default 64; 0 skips it), BENCH_SUBSCRIBER_IN_PROCESS=1 (the fan-out subscriber on the relay's
 * event loop, as it was measured until the eighth round of docs/performance.md).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { join } from 'node:path';
import Fastify from 'fastify';
import { Client as PgClient } from 'pg';
import { startRelay, type Relay } from '../relay';
import { latencySummary } from '../cli/stats';
import { startPostgres } from '../test/relay/postgres';
import { tempDb } from '../test/relay/support';

const SECRET = 'bench-secret';
const N = Number(process.env['BENCH_N'] ?? 5000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const RSS_N = Number(process.env['BENCH_RSS_N'] ?? 100_000);
const WARMUP = Number(process.env['BENCH_WARMUP'] ?? 1000);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 16);
const WIDE_CONNECTIONS = Number(process.env['BENCH_WIDE_CONNECTIONS'] ?? 64);
const OTHER_HOOKS = Number(process.env['BENCH_OTHER_HOOKS'] ?? 200);
/** The repository: this file's folder's parent from the source, and the working directory when bundled (run-bundled.ts). */
const ROOT = existsSync(join(__dirname, '..', 'package.json')) ? join(__dirname, '..') : process.cwd();
/** The bundled load generator run-bundled.ts built, else the source under tsx. */
const LOAD_ARGS = process.env['BENCH_LOAD_SCRIPT']
  ? [process.env['BENCH_LOAD_SCRIPT']]
  : ['--import', 'tsx', join(ROOT, 'bench/relay-load.ts')];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

interface LoadResult {
  sent: number;
  rate: number;
  seconds: number;
  failures: number;
  statuses: Record<string, number>;
  bytes: number;
  /** The load generator's own CPU per delivery. */
  cpuUs: number;
}

/** Runs the load generator as a child process and reads its one-line JSON result. */
function load(base: string, path: string, n: number, pace = 0, connections = CONNECTIONS): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...LOAD_ARGS, base, path, String(n), String(connections), SECRET, String(pace)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load generator exited ${code}`))));
  });
}

/**
 * A timed run: requests per second, this process's CPU (the server's: the load is another process) per request,
 * and the load generator's.
 */
interface Timed {
  rate: number;
  cpuUs: number;
  loadCpuUs: number;
}

async function timedLoad(base: string, n: number, connections: number, check: (r: LoadResult) => LoadResult = (r) => r): Promise<Timed> {
  const cpu = process.cpuUsage();
  const result = check(await load(base, '/in/cw', n, 0, connections));
  const used = process.cpuUsage(cpu);
  return { rate: result.rate, cpuUs: (used.user + used.system) / n, loadCpuUs: result.cpuUs };
}

async function bareRate(n: number, connections = CONNECTIONS): Promise<Timed> {
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_r, body, done) => done(null, body));
  app.post('/in/cw', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    if (WARMUP > 0) await load(base, '/in/cw', WARMUP, 0, connections);
    return await timedLoad(base, n, connections);
  } finally {
    await app.close();
  }
}

/** A subscriber recording, per hook path, relay receipt → arrival (the event's receivedAt, same clock). */
async function subscriber(
  answer: (path: string) => number | 'hang' = () => 200,
): Promise<{ url: string; latencies: Map<string, number[]>; server: Server }> {
  const latencies = new Map<string, number[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const how = answer(req.url ?? '/');
      if (how === 'hang') return;
      if (how >= 200 && how < 300) {
        const receivedAt = /"receivedAt":"([^"]+)"/.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
        if (receivedAt) {
          const list = latencies.get(req.url ?? '/') ?? [];
          list.push(Date.now() - Date.parse(receivedAt));
          latencies.set(req.url ?? '/', list);
        }
      }
      res.writeHead(how).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, latencies, server };
}

const SUBSCRIBER_ARGS = process.env['BENCH_SUBSCRIBER_SCRIPT']
  ? [process.env['BENCH_SUBSCRIBER_SCRIPT']]
  : ['--import', 'tsx', join(ROOT, 'bench/relay-subscriber.ts')];

/** A fan-out subscriber for one hook path. */
interface LatencySubscriber {
  readonly url: string;
  delivered(): Promise<number>;
  latencies(): Promise<number[]>;
  close(): void;
}

/** The subscriber as its own process (bench/relay-subscriber.ts), as a real one is another service. */
async function subscriberProcess(): Promise<LatencySubscriber> {
  const child = spawn(process.execPath, SUBSCRIBER_ARGS, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let gone: Error | undefined;
  child.once('exit', (code, signal) => (gone = new Error(`the subscriber exited (${signal ?? code})`)));
  const ask = <T>(question: string, key: string) =>
    new Promise<T>((resolve, reject) => {
      if (gone) return reject(gone);
      const on = (m: Record<string, unknown>) => {
        if (!(key in m)) return;
        child.off('message', on);
        child.off('exit', onExit);
        resolve(m[key] as T);
      };
      const onExit = () => {
        child.off('message', on);
        reject(gone ?? new Error('the subscriber exited'));
      };
      child.on('message', on);
      child.once('exit', onExit);
      if (question) child.send(question);
    });
  const port = await ask<number>('', 'port');
  return {
    url: `http://127.0.0.1:${port}/a`,
    delivered: () => ask<number>('count', 'count'),
    latencies: () => ask<number[]>('latencies', 'latencies'),
    close: () => child.kill(),
  };
}

/** The same subscriber in this process, on the relay's event loop (how the fan-out was measured until the eighth round). */
async function subscriberInProcess(): Promise<LatencySubscriber> {
  const sub = await subscriber();
  const list = () => sub.latencies.get('/a') ?? [];
  return {
    url: `${sub.url}/a`,
    delivered: async () => list().length,
    latencies: async () => list(),
    close: () => sub.server.close(),
  };
}

async function hook(relay: Relay, url: string, source = 'cw'): Promise<void> {
  const res = await fetch(`${relay.url}/hooks`, {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
    body: JSON.stringify({ url, source }),
  });
  if (res.status !== 201) throw new Error(`hook: ${res.status}`);
}

/** The source every load is sent to. */
const CW = { id: 'cw', platform: 'conversa' as const, secrets: [SECRET] };

/** Until the subscriber has `count` deliveries, or `tries` looks 50 ms apart have passed. */
async function untilDelivered(sub: LatencySubscriber, count: number, tries: number): Promise<void> {
  for (let i = 0; i < tries && (await sub.delivered()) < count; i++) await new Promise((r) => setTimeout(r, 50));
}

/** Until the subscriber has `count` deliveries; fails when it has not within `tries` looks 50 ms apart. */
async function deliveredAtLeast(sub: LatencySubscriber, count: number, tries: number): Promise<number> {
  await untilDelivered(sub, count, tries);
  const got = await sub.delivered();
  if (got < count) throw new Error(`the subscriber has ${got} of ${count} deliveries`);
  return got;
}

const relayOn = (db: string, extra: Parameters<typeof startRelay>[0] extends infer O ? Partial<O> : never = {}) =>
  startRelay({
    port: 0,
    db,
    apiKey: 'k',
    sources: [CW],
    fanout: { pollMs: 50 },
    allowPrivateDestinations: true,
    ...extra,
  }); // loopback subscribers

/** Every delivery of a relay run must be a new one (202): duplicates or refusals would measure something else. */
function allAccepted(result: LoadResult): LoadResult {
  const other = Object.entries(result.statuses).filter(([status]) => status !== '202');
  if (other.length || result.failures > 0 || result.statuses['202'] !== result.sent)
    throw new Error(
      `the relay answered ${JSON.stringify(result.statuses)} with ${result.failures} failures: not every delivery was a new, accepted one`,
    );
  return result;
}

async function ingestRate(db: () => string | Promise<string>, n: number, connections = CONNECTIONS): Promise<Timed> {
  const relay = await relayOn(await db());
  try {
    if (WARMUP > 0) allAccepted(await load(relay.url, '/in/cw', WARMUP, 0, connections));
    return await timedLoad(relay.url, n, connections, allAccepted);
  } finally {
    await relay.close();
  }
}

/** Ingest at `pace` req/s with one subscriber (its own process unless BENCH_SUBSCRIBER_IN_PROCESS=1); fan-out latency p50/p99. */
async function fanoutLatency(db: string, pace: number, n: number) {
  const sub = process.env['BENCH_SUBSCRIBER_IN_PROCESS'] === '1' ? await subscriberInProcess() : await subscriberProcess();
  const relay = await relayOn(db);
  const waitFor = (count: number) => untilDelivered(sub, count, 200);
  try {
    await hook(relay, sub.url);
    if (WARMUP > 0) {
      allAccepted(await load(relay.url, '/in/cw', WARMUP));
      await waitFor(WARMUP);
    }
    const warm = await sub.delivered();
    const result = allAccepted(await load(relay.url, '/in/cw', n, pace));
    await waitFor(warm + n);
    const latencies = (await sub.latencies()).slice(warm);
    return { achieved: result.rate, ...latencySummary(latencies), delivered: latencies.length };
  } finally {
    await relay.close();
    sub.close();
  }
}

/**
 * Unpaced ingest while the relay fans out to the source's one hook, with `others` more hooks on other sources
 * (which get nothing): what many subscriptions cost a relay whose deliveries go to few of them. CPU per delivery
 * until every delivery has arrived.
 */
async function withOtherHooks(db: string, others: number, n: number): Promise<Timed> {
  const sub = await subscriberProcess();
  const otherSources = Array.from({ length: others }, (_, i) => ({ ...CW, id: `other${i}` }));
  const relay = await relayOn(db, { sources: [CW, ...otherSources] });
  try {
    await hook(relay, sub.url);
    for (const source of otherSources) await hook(relay, `${sub.url}/${source.id}`, source.id);
    if (WARMUP > 0) {
      allAccepted(await load(relay.url, '/in/cw', WARMUP));
      await untilDelivered(sub, WARMUP, 600);
    }
    const warm = await sub.delivered();
    const cpu = process.cpuUsage();
    const result = allAccepted(await load(relay.url, '/in/cw', n));
    await deliveredAtLeast(sub, warm + n, 600);
    const used = process.cpuUsage(cpu);
    return { rate: result.rate, cpuUs: (used.user + used.system) / n, loadCpuUs: result.cpuUs };
  } finally {
    await relay.close();
    sub.close();
  }
}

/** A new, empty database on the cluster at `url` (each fan-out run starts with no hooks but its own). */
async function pgDatabase(url: string, name: string): Promise<string> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

function dbBytes(db: string): number {
  return [db, `${db}-wal`].filter(existsSync).reduce((sum, f) => sum + statSync(f).size, 0);
}

/** Retention of the RSS run: events and attempts kept 30 s, pruned every 5 s. */
const RSS_RETENTION = { eventsMs: 30_000, attemptsMs: 30_000, intervalMs: 5_000 };
/** Deliveries per load of the RSS run's warm-up. */
const RSS_WARMUP_CHUNK = 5_000;
/** A warm-up that has not reached the steady state after this many chunks fails. */
const RSS_WARMUP_MAX_CHUNKS = 60;

/**
 * The relay's RSS across RSS_N deliveries after a warm-up that ends in its steady state: retention's window and one
 * interval have passed under load (so old events are pruned as new ones come), V8 has run a full collection since the
 * relay started (so its old-space limit is set by what the relay keeps alive, not by its start-up heuristics), and at
 * least BENCH_RSS_WARMUP deliveries (default 20,000) went through. Every sample of the measured run counts, one taken
 * before it and one after the last delivery arrived among them. The subscriber is its own process, so the process
 * measured holds the relay and this harness only.
 */
async function rssRun(): Promise<void> {
  const db = tempDb();
  const sub = await subscriberProcess();
  const relay = await relayOn(db, { retention: RSS_RETENTION });
  let fullCollections = 0;
  const gcs = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR)
        fullCollections++;
  });
  gcs.observe({ entryTypes: ['gc'] });
  try {
    await hook(relay, sub.url);
    const minWarmup = Number(process.env['BENCH_RSS_WARMUP'] ?? 20_000);
    const warmStarted = Date.now();
    let sent = 0;
    const steady = () =>
      sent >= minWarmup && fullCollections > 0 && Date.now() - warmStarted >= RSS_RETENTION.eventsMs + RSS_RETENTION.intervalMs;
    for (let chunk = 0; !steady(); chunk++) {
      if (chunk === RSS_WARMUP_MAX_CHUNKS)
        throw new Error(`no steady state after ${sent} deliveries: ${fullCollections} full GCs seen in ${Date.now() - warmStarted} ms`);
      allAccepted(await load(relay.url, '/in/cw', RSS_WARMUP_CHUNK));
      sent += RSS_WARMUP_CHUNK;
    }
    // Counted as they arrived (a redelivery counts again), so the measured run starts from what arrived.
    const warmed = await deliveredAtLeast(sub, sent, 600);
    const warmSeconds = (Date.now() - warmStarted) / 1000;
    const warmDb = dbBytes(db);
    const collectionsBefore = fullCollections;
    // Each sample is placed by the subscriber's last answer, at most one interval old.
    const samples: { delivered: number; rss: number; heap: number }[] = [];
    let arrived = warmed;
    const sample = () => {
      const m = process.memoryUsage();
      samples.push({ delivered: arrived - warmed, rss: m.rss, heap: m.heapUsed });
    };
    sample();
    const timer = setInterval(() => {
      sample();
      sub.delivered().then(
        (n) => (arrived = Math.max(arrived, n)),
        () => undefined,
      );
    }, 500);
    let result: LoadResult;
    try {
      result = allAccepted(await load(relay.url, '/in/cw', RSS_N));
      arrived = await deliveredAtLeast(sub, warmed + RSS_N, 1200);
    } finally {
      clearInterval(timer);
    }
    sample();
    const rss = samples.map((x) => x.rss);
    const heap = samples.map((x) => x.heap);
    const mid = median(rss);
    const pct = (x: number) => `${x >= mid ? '+' : ''}${(((x - mid) / mid) * 100).toFixed(1)} %`;
    console.log(
      `\nRSS across ${RSS_N.toLocaleString('en')} deliveries (SQLite, one subscriber in its own process, retention 30 s, ingest ${Math.round(result.rate)} req/s, ${arrived - warmed} delivered, ${samples.length} samples),`,
    );
    console.log(
      `after a warm-up of ${warmed.toLocaleString('en')} deliveries in ${warmSeconds.toFixed(0)} s (retention pruning, ${collectionsBefore} full GC, database ${mb(warmDb)}):`,
    );
    console.log(
      `  every sample: median ${mb(mid)}, min ${mb(Math.min(...rss))} (${pct(Math.min(...rss))}), max ${mb(Math.max(...rss))} (${pct(Math.max(...rss))}); database ${mb(dbBytes(db))}; ${fullCollections - collectionsBefore} full GCs`,
    );
    const fifth = (q: number) => {
      const inFifth = samples.filter((x) => x.delivered >= RSS_N * (q - 0.2) && x.delivered <= RSS_N * q).map((x) => x.rss);
      return inFifth.length > 0 ? mb(median(inFifth)) : '– (no sample)';
    };
    console.log(
      `  V8 heap used: median ${mb(median(heap))}, min ${mb(Math.min(...heap))}, max ${mb(Math.max(...heap))}; RSS by fifth of the run: ${[
        0.2, 0.4, 0.6, 0.8, 1,
      ]
        .map(fifth)
        .join(', ')}`,
    );
    const lat = latencySummary((await sub.latencies()).slice(warmed));
    console.log(`  fan-out latency unpaced: p50 ${lat.p50} ms  p99 ${lat.p99} ms`);
  } finally {
    gcs.disconnect();
    await relay.close();
    sub.close();
  }
}

/** The RSS run in a process of its own, so no earlier part of the bench (its relays, servers, PostgreSQL client) is in it. */
function rssInFreshProcess(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, '--rss'], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`the RSS run exited (${signal ?? code})`))));
  });
}

async function soak(): Promise<void> {
  const total = Number(process.env['BENCH_SOAK_N'] ?? 100_000);
  const db = tempDb();
  const started = Date.now();
  // Flapping: 2 s answering 503, 2 s answering 200, over and over. Hung: takes the request, never answers.
  const sub = await subscriber((path) =>
    path === '/hung' ? 'hang' : path === '/flapping' ? (Math.floor((Date.now() - started) / 2000) % 2 === 0 ? 503 : 200) : 200,
  );
  const relay = await relayOn(db, {
    fanout: {
      pollMs: 50,
      timeoutMs: 2_000,
      leaseMs: 30_000,
      baseMs: 250,
      maxMs: 4_000,
      maxAttempts: 50,
      cooldownMs: 1_000,
      maxCooldownMs: 8_000,
    },
    retention: { eventsMs: 20_000, attemptsMs: 20_000, intervalMs: 2_000 },
  });
  try {
    for (const path of ['/healthy', '/hung', '/flapping']) await hook(relay, `${sub.url}${path}`);
    const rss0 = process.memoryUsage().rss;
    const db0 = dbBytes(db);
    const result = await load(relay.url, '/in/cw', total);
    const got = (p: string) => sub.latencies.get(p)?.length ?? 0;
    for (let i = 0; i < 1200 && (got('/healthy') < total || got('/flapping') < total); i++) await new Promise((r) => setTimeout(r, 100));
    await relay.pruner.runOnce();
    const rss1 = process.memoryUsage().rss;
    const db1 = dbBytes(db);
    const hooks = (await relay.store.hooks.list()).map(
      (h) => `${new URL(h.url).pathname.slice(1)} ${h.status}${h.disabledReason ? ` (${h.disabledReason})` : ''}`,
    );
    console.log(
      `soak: ${total.toLocaleString('en')} signed deliveries, 3 hooks (healthy, hung: never answers, flapping: 503/200 every 2 s), SQLite, retention 20 s, attempt timeout 2 s`,
    );
    console.log(
      `  ingest ${Math.round(result.rate).toLocaleString('en')} req/s over ${result.seconds.toFixed(1)} s; answers ${JSON.stringify(result.statuses)}`,
    );
    for (const p of ['/healthy', '/flapping']) {
      const s = latencySummary(sub.latencies.get(p) ?? []);
      console.log(`  ${p.slice(1).padEnd(9)} delivered ${got(p).toLocaleString('en')}  p50 ${s.p50} ms  p99 ${s.p99} ms  max ${s.max} ms`);
    }
    console.log(`  hooks: ${hooks.join('; ')}`);
    console.log(
      `  RSS ${mb(rss0)} → ${mb(rss1)}; database (file + WAL) ${mb(db0)} → ${mb(db1)}; wall ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  } finally {
    await relay.close();
    sub.server.closeAllConnections();
    sub.server.close();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--soak')) return soak();
  if (process.argv.includes('--rss')) return rssRun();
  console.log(
    `Node ${process.version}, ${process.env['BENCH_LOAD_SCRIPT'] ? 'bundled as shipped' : 'from the source under tsx'}; ${N} signed Chatwoot deliveries per run after ${WARMUP} untimed, ${CONNECTIONS} connections, load generator in its own process; ${RUNS} runs, medians`,
  );
  try {
    console.log(
      `machine: ${execFileSync('nproc').toString().trim()} cores, load average ${execFileSync('cat', ['/proc/loadavg']).toString().split(' ').slice(0, 3).join(' ')} (shared)`,
    );
  } catch {
    // not Linux
  }
  const pg = await startPostgres();
  const bare: Timed[] = [];
  const sqlite: Timed[] = [];
  const postgres: Timed[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      bare.push(await bareRate(N));
      sqlite.push(await ingestRate(tempDb, N));
      postgres.push(await ingestRate(() => pg.url, N));
    }
    const b = median(bare.map((t) => t.rate));
    const row = (name: string, runs: Timed[], baseline = bare, versus = 'bare') => {
      const ratios = runs.map((t, i) => t.rate / baseline[i]!.rate);
      console.log(
        `${name.padEnd(46)} ${Math.round(median(runs.map((t) => t.rate)))
          .toLocaleString('en')
          .padStart(
            7,
          )} req/s  ${median(ratios).toFixed(2)}× ${versus} (runs: ${ratios.map((x) => x.toFixed(2)).join(', ')})  server CPU ${Math.round(
          median(runs.map((t) => t.cpuUs)),
        )} µs/request, load ${Math.round(median(runs.map((t) => t.loadCpuUs)))} µs/request`,
      );
    };
    row('bare fastify endpoint answering 200', bare);
    row('relay ingest, SQLite (WAL, fsync before each 2xx)', sqlite);
    row('relay ingest, PostgreSQL (fsync on)', postgres);
    console.log("(server CPU: the process serving; load: the load generator's own process; PostgreSQL's own processes not counted)");
    if (WIDE_CONNECTIONS > 0) {
      // The same load over more connections: more deliveries share each group commit (and its fsync).
      const wide = { bare: [] as Timed[], sqlite: [] as Timed[], postgres: [] as Timed[] };
      for (let run = 0; run < RUNS; run++) {
        wide.bare.push(await bareRate(N, WIDE_CONNECTIONS));
        wide.sqlite.push(await ingestRate(tempDb, N, WIDE_CONNECTIONS));
        wide.postgres.push(await ingestRate(() => pg.url, N, WIDE_CONNECTIONS));
      }
      console.log(`with ${WIDE_CONNECTIONS} connections:`);
      row(`bare fastify endpoint, ${WIDE_CONNECTIONS} connections`, wide.bare, wide.bare);
      row(`relay ingest, SQLite, ${WIDE_CONNECTIONS} connections`, wide.sqlite, wide.bare);
      row(`relay ingest, PostgreSQL, ${WIDE_CONNECTIONS} connections`, wide.postgres, wide.bare);
    }
    // At half the bare rate, as the issue sets it; and at half each database's own durable ingest rate in this
    // run, a rate the relay sustains while it also fans out, so the latency is not that of a growing backlog.
    let databases = 0;
    for (const [name, fresh, own] of [
      ['SQLite', async () => tempDb(), sqlite],
      ['PostgreSQL', () => pgDatabase(pg.url, `fanout_${++databases}`), postgres],
    ] as const) {
      for (const [pace, label] of [
        [Math.round(b * 0.5), '0.5× bare'],
        [Math.round(median(own.map((t) => t.rate)) * 0.5), `0.5× its ingest`],
      ] as const) {
        const l = await fanoutLatency(await fresh(), pace, N);
        console.log(
          `fan-out latency, ${name.padEnd(10)} at ${pace} req/s (${label}; achieved ${Math.round(l.achieved)}): p50 ${l.p50} ms  p90 ${l.p90} ms  p99 ${l.p99} ms  max ${l.max} ms  (${l.delivered}/${N})`,
        );
      }
    }
    if (OTHER_HOOKS > 0) {
      const one = { SQLite: [] as Timed[], PostgreSQL: [] as Timed[] };
      const many = { SQLite: [] as Timed[], PostgreSQL: [] as Timed[] };
      for (let run = 0; run < RUNS; run++) {
        for (const name of ['SQLite', 'PostgreSQL'] as const) {
          const fresh = () => (name === 'SQLite' ? tempDb() : pgDatabase(pg.url, `hooks_${++databases}`));
          one[name].push(await withOtherHooks(await fresh(), 0, N));
          many[name].push(await withOtherHooks(await fresh(), OTHER_HOOKS, N));
        }
      }
      console.log(`ingest unpaced while fanning out to the source's hook, alone and with ${OTHER_HOOKS} hooks of other sources:`);
      for (const name of ['SQLite', 'PostgreSQL'] as const) {
        row(`${name}, the source's hook alone`, one[name]);
        row(`${name}, and ${OTHER_HOOKS} hooks of other sources`, many[name], one[name], 'alone');
      }
      console.log('(server CPU per delivery until every delivery has arrived)');
    }
  } finally {
    await pg.stop();
  }
  if (RSS_N > 0) await rssInFreshProcess();
}

void main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
