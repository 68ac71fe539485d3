import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PLATFORMS, freshPayload, sign } from '../../shared';
import type { Relay } from '../../relay';
import { API_KEY, FAST_FANOUT, api, post, relay, startSubscriber, tempDb, until, type Subscriber } from './support';

const SECRET = 'claims-secret';
const lead = PLATFORMS.horneross.events[3].sample;
const sources = [{ id: 'hx', platform: 'horneross' as const, secrets: [SECRET] }];
const delivery = (seq: number) => sign('horneross', freshPayload('horneross', lead, seq), { secret: SECRET });
/** No poll within a test: every claim below comes from ingest's kick or a finished attempt. */
const NO_POLL = { ...FAST_FANOUT, pollMs: 600_000 };

/** When the fan-out claims: for new work, not after every attempt (which brings none). */
describe('relay fan-out claims', () => {
  let r: Relay;
  let sub: Subscriber;
  let claims: number;
  /** Runs once, after the next claim has read the database and before it answers. */
  let afterNextClaim: (() => Promise<unknown>) | undefined;

  beforeEach(async () => {
    sub = await startSubscriber();
    r = await relay({ sources, fanout: NO_POLL });
    expect((await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' }, API_KEY)).status).toBe(201);
    claims = 0;
    const queue = r.store.queue;
    const claim = queue.claim.bind(queue);
    queue.claim = async (...args) => {
      claims++;
      const claimed = await claim(...args);
      const then = afterNextClaim;
      afterNextClaim = undefined;
      if (then) await then();
      return claimed;
    };
  });
  afterEach(async () => {
    await r.close();
    await sub.close();
  });

  it('a finished attempt claims nothing when the last claim came back short: one claim per delivery sent one at a time', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await post(`${r.url}/in/hx`, delivery(i))).status).toBe(202);
      expect(await until(() => sub.received.length === i + 1)).toBe(true);
    }
    // The first pass may find the hook's lane before its first event; every other claim is an ingest's.
    expect(claims).toBeGreaterThanOrEqual(20);
    expect(claims).toBeLessThanOrEqual(21);
  });

  it('a hook whose claim filled its want claims again as its attempts finish, with no ingest and no poll', async () => {
    // Stored by an instance that does not deliver; then one that does starts on the file with nothing kicking it
    // but its first look: each claim takes 2 (twice its concurrency of 1) and the rest must follow.
    const db = tempDb();
    const storing = await relay({ db, sources, worker: false });
    try {
      expect((await api(storing.url, 'POST', '/hooks', { url: `${sub.url}/one`, source: 'hx' }, API_KEY)).status).toBe(201);
      for (let i = 10; i < 16; i++) expect((await post(`${storing.url}/in/hx`, delivery(i))).status).toBe(202);
    } finally {
      await storing.close();
    }
    const before = sub.received.length;
    const delivering = await relay({ db, sources, fanout: { ...NO_POLL, concurrencyPerHook: 1 } });
    try {
      expect(await until(() => sub.received.length - before === 6)).toBe(true);
    } finally {
      await delivering.close();
    }
  });

  it('a delivery stored while a claim that missed it is under way is claimed at once, not at the next poll', async () => {
    let second: ReturnType<typeof post> | undefined;
    afterNextClaim = () => (second = post(`${r.url}/in/hx`, delivery(2)));
    expect((await post(`${r.url}/in/hx`, delivery(1))).status).toBe(202);
    expect(await until(() => sub.received.length === 2)).toBe(true);
    expect((await second)!.status).toBe(202);
  });
});

/** From now on, the hooks each of the relay's claims asks for, in order. */
function hooksEachClaimWants(r: Relay): string[][] {
  const wanted: string[][] = [];
  const queue = r.store.queue;
  const claim = queue.claim.bind(queue);
  queue.claim = (worker, now, leaseMs, wants) => {
    wanted.push(wants.map((w) => w.hookId));
    return claim(worker, now, leaseMs, wants);
  };
  return wanted;
}

describe('relay fan-out claims with several hooks', () => {
  it('a delivery queued to one hook claims for that hook only: a drained hook of another source is not claimed for at each ingest', async () => {
    const sub = await startSubscriber();
    const two = [...sources, { id: 'hy', platform: 'horneross' as const, secrets: [SECRET] }];
    const r = await relay({ sources: two, fanout: NO_POLL });
    try {
      const hookOf = async (source: string) => {
        const res = await api(r.url, 'POST', '/hooks', { url: `${sub.url}/${source}`, source }, API_KEY);
        expect(res.status).toBe(201);
        return res.json!['id'] as string;
      };
      const [hx, hy] = [await hookOf('hx'), await hookOf('hy')];
      const wanted = hooksEachClaimWants(r);
      // hy's lane drains once (a short claim); from then on only hx's deliveries come.
      expect((await post(`${r.url}/in/hy`, delivery(100))).status).toBe(202);
      expect(await until(() => sub.received.length === 1)).toBe(true);
      const afterFirst = wanted.length;
      for (let i = 0; i < 10; i++) {
        expect((await post(`${r.url}/in/hx`, delivery(i))).status).toBe(202);
        expect(await until(() => sub.received.length === i + 2)).toBe(true);
      }
      const later = wanted.slice(afterFirst);
      expect(later.filter((hooks) => hooks.includes(hx)).length).toBeGreaterThanOrEqual(10);
      expect(later.filter((hooks) => hooks.includes(hy))).toEqual([]);
    } finally {
      await r.close();
      await sub.close();
    }
  });

  it("a deleted hook's lane outlives it only while its attempt is in flight: no claim for it once that attempt ends", async () => {
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived: (() => void) | undefined;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    const hanging = createServer((req, res: ServerResponse) => {
      req.resume();
      arrived!();
      void held.then(() => res.end('ok'));
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    // The default poll (20 ms) and the hooks' cache (a second): a lane left behind would be claimed for 50 times.
    const r = await relay({ sources, fanout: FAST_FANOUT });
    try {
      const created = await api(
        r.url,
        'POST',
        '/hooks',
        { url: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/h`, source: 'hx' },
        API_KEY,
      );
      const id = created.json!['id'] as string;
      expect((await post(`${r.url}/in/hx`, delivery(200))).status).toBe(202);
      await inFlight;
      expect((await api(r.url, 'DELETE', `/hooks/${id}`, undefined, API_KEY)).status).toBe(204);
      const wanted = hooksEachClaimWants(r);
      // Polls (every 20 ms) meanwhile find the hook gone and keep its lane for the attempt in flight.
      await new Promise((resolve) => setTimeout(resolve, 100));
      release!();
      const attempts = () => r.store.db.kysely.selectFrom('attempts').select('delivery_id').execute();
      expect(await until(async () => (await attempts()).length === 1)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const afterwards = wanted.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(wanted.slice(afterwards).filter((hooks) => hooks.includes(id))).toEqual([]);
    } finally {
      await r.close();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });
});
