import { connect, type Socket } from 'node:net';
import Sqlite from 'better-sqlite3';
import { PLATFORMS, freshPayload, sign } from '../../shared';
import { api, post, relay, startSubscriber, tempDb, until } from './support';

const SECRET = 'limits-secret';
const lead = PLATFORMS.horneross.events[3].sample;
const sources = [{ id: 'hx', platform: 'horneross' as const, secrets: [SECRET] }];
const delivery = (seq: number) => sign('horneross', freshPayload('horneross', lead, seq), { secret: SECRET });

function socketTo(url: string): Promise<{ socket: Socket; closed: () => boolean; data: () => string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let closed = false;
    let data = '';
    const socket = connect(Number(port), hostname, () => resolve({ socket, closed: () => closed, data: () => data }));
    socket.on('data', (d) => (data += d));
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}

/** Issue 12 §4: bounded requests and connections, per-source ingest rate limits, a busy database. */
describe('relay timeouts and limits', () => {
  it('closes a connection whose headers, or body, trickle in too slowly, and an idle keep-alive connection', async () => {
    const r = await relay({ sources, limits: { headersTimeoutMs: 400, requestTimeoutMs: 800, keepAliveTimeoutMs: 300 } });
    try {
      const slowHeaders = await socketTo(r.url);
      slowHeaders.socket.write('POST /in/hx HTTP/1.1\r\nHost: relay\r\n');
      const slowBody = await socketTo(r.url);
      slowBody.socket.write(
        'POST /in/hx HTTP/1.1\r\nHost: relay\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"type":',
      );
      const idle = await socketTo(r.url);
      idle.socket.write('GET /healthz HTTP/1.1\r\nHost: relay\r\n\r\n');
      expect(await until(() => slowHeaders.closed() && slowBody.closed() && idle.closed(), { tries: 250 })).toBe(true);
      expect(idle.data()).toMatch(/^HTTP\/1\.1 200/);
      expect(slowHeaders.data()).toMatch(/^HTTP\/1\.1 408|^$/);
    } finally {
      await r.close();
    }
  });

  it('refuses connections beyond the limit', async () => {
    const r = await relay({ sources, limits: { maxConnections: 2 } });
    const sockets: Awaited<ReturnType<typeof socketTo>>[] = [];
    try {
      for (let i = 0; i < 2; i++) sockets.push(await socketTo(r.url));
      const third = await socketTo(r.url);
      sockets.push(third);
      expect(await until(() => third.closed())).toBe(true);
      expect(sockets[0]!.closed() || sockets[1]!.closed()).toBe(false);
      sockets[0]!.socket.write('GET /healthz HTTP/1.1\r\nHost: relay\r\n\r\n');
      expect(await until(() => /^HTTP\/1\.1 200/.test(sockets[0]!.data()))).toBe(true);
    } finally {
      for (const s of sockets) s.socket.destroy();
      await r.close();
    }
  });

  it("answers 429 with Retry-After beyond a source's rate limit, and accepts again once it refills", async () => {
    const r = await relay({ sources: [{ ...sources[0]!, rateLimit: { perSecond: 2, burst: 2 } }] });
    try {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await post(`${r.url}/in/hx`, delivery(i)));
      expect(answers.map((a) => a.status)).toEqual([202, 202, 429, 429]);
      expect(answers[2]!.json).toMatchObject({ error: { code: 'rate_limited' } });
      const res = await fetch(`${r.url}/in/hx`, { method: 'POST', ...delivery(9) });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await new Promise((res2) => setTimeout(res2, 600));
      expect((await post(`${r.url}/in/hx`, delivery(10))).status).toBe(202);
    } finally {
      await r.close();
    }
  });

  it('a database locked by another process answers 503 with Retry-After after the busy timeout, stays responsive, and loses no acknowledged delivery', async () => {
    const db = tempDb();
    const sub = await startSubscriber();
    const r = await relay({ db, sources, busyTimeoutMs: 300 });
    const other = new Sqlite(db);
    try {
      await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' });
      const acknowledged: string[] = [];
      for (let i = 0; i < 5; i++) acknowledged.push((await post(`${r.url}/in/hx`, delivery(100 + i))).json!['id']);
      other.exec('begin immediate'); // another process's write lock (e.g. a backup or the sqlite3 shell)
      const res = await fetch(`${r.url}/in/hx`, { method: 'POST', ...delivery(200) });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toMatchObject({ error: { code: 'database_busy' } });
      // The wait for the lock is asynchronous: the relay keeps answering meanwhile.
      const [busy, health] = await Promise.all([post(`${r.url}/in/hx`, delivery(201)), api(r.url, 'GET', '/healthz')]);
      expect(busy.status).toBe(503);
      expect(health.status).toBe(200);
      other.exec('commit');
      for (let i = 0; i < 5; i++) acknowledged.push((await post(`${r.url}/in/hx`, delivery(300 + i))).json!['id']);
      expect(await until(() => acknowledged.every((id) => sub.received.some((x) => x.headers['webhook-id'] === id)))).toBe(true);
      expect(sub.received).toHaveLength(10);
    } finally {
      if (other.inTransaction) other.exec('rollback');
      other.close();
      await r.close();
      await sub.close();
    }
  });
});
