import Sqlite from 'better-sqlite3';
import { DEFAULT_MAX_DEPTH, PLATFORMS, freshPayload, receiveRelayed, sign } from '../../shared';
import { api, post, relay, startSubscriber, tempDb, until } from './support';

const SECRET = 'isolation-secret';
const lead = PLATFORMS.horneross.events[3].sample as Record<string, unknown>;
const delivery = (seq: number, payload: Record<string, unknown> = lead) =>
  sign('horneross', freshPayload('horneross', payload, seq), { secret: SECRET });

/** Issue 12 §2: one delivery that cannot be stored, or one stored event that cannot be rendered, hurts nobody else. */
describe('relay failure isolation', () => {
  it('a delivery the database refuses fails alone with storage_failed; the rest of its group commit is stored and delivered', async () => {
    const db = tempDb();
    const sub = await startSubscriber();
    const r = await relay({ db, sources: [{ id: 'hx', platform: 'horneross', secrets: [SECRET] }] });
    // A real refusal by the real database for one row: a trigger aborting any insert of that delivery id.
    const raw = new Sqlite(db);
    raw.exec(`create trigger poison before insert on events when new.delivery_id = 'poison' begin select raise(abort, 'refused'); end`);
    raw.close();
    try {
      await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'hx' });
      const sends = Array.from({ length: 60 }, (_, i) =>
        i === 17 ? sign('horneross', { ...lead, id: 'poison' }, { secret: SECRET }) : delivery(i),
      );
      const answers = await Promise.all(sends.map((d) => post(`${r.url}/in/hx`, d)));
      expect(answers[17]).toMatchObject({ status: 500, json: { error: { code: 'storage_failed' } } });
      const ok = answers.filter((_, i) => i !== 17);
      expect(ok.map((a) => a.status)).toEqual(ok.map(() => 202));
      expect(await until(() => sub.received.length === 59)).toBe(true);
      expect(new Set(sub.received.map((x) => x.headers['webhook-id']))).toEqual(new Set(ok.map((a) => a.json!['id'])));
    } finally {
      await r.close();
      await sub.close();
    }
  });

  it('stores, lists and fans out a payload as deep as the core allows unchanged (nothing re-serialises it), refuses a 20,000-deep one as payload_too_deep, and a damaged row never breaks GET /events', async () => {
    const db = tempDb();
    const sub = await startSubscriber();
    const r = await relay({ db, sources: [{ id: 'std', platform: 'standard', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] }] });
    try {
      const hook = await api(r.url, 'POST', '/hooks', { url: sub.url, source: 'std' });
      // The core bounds nesting (DEFAULT_MAX_DEPTH, checked on the text before parsing) and every Hookline
      // receiver takes one level more for the envelope: the relay takes what its subscribers can.
      const nested = (arrays: number) =>
        `{"type":"deep.nested","timestamp":"2024-01-01T00:00:00Z","data":${'['.repeat(arrays)}${']'.repeat(arrays)}}`;
      const tooDeep = await post(`${r.url}/in/std`, sign('standard', nested(20_000), { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }));
      expect(tooDeep).toMatchObject({ status: 422, json: { error: { code: 'payload_too_deep' } } });
      const deep = nested(DEFAULT_MAX_DEPTH - 1);
      const sent = sign('standard', deep, { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
      const deepAnswer = await post(`${r.url}/in/std`, sent);
      expect(deepAnswer.status).toBe(202);
      const normal = await post(
        `${r.url}/in/std`,
        sign('standard', '{"type":"invoice.paid","timestamp":"2024-01-01T00:00:01Z","data":{"n":12345678901234567890}}', {
          secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        }),
      );
      expect(normal.status).toBe(202);
      expect(await until(() => sub.received.length === 2)).toBe(true);
      const got = sub.received.find((x) => x.headers['webhook-id'] === deepAnswer.json!['id'])!;
      expect(got.body.endsWith(`"data":${deep}}`)).toBe(true);
      expect(receiveRelayed('standard', got, hook.json!['secret']).ok).toBe(true);
      // The platform's digits, not a double's: the payload text is relayed as sent.
      expect(sub.received.find((x) => x.headers['webhook-id'] === normal.json!['id'])!.body).toContain('"data":{"n":12345678901234567890}');

      const damaged = await post(
        `${r.url}/in/std`,
        sign(
          'standard',
          { type: 'invoice.voided', timestamp: '2024-01-01T00:00:02Z', data: {} },
          { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
        ),
      );
      const raw = new Sqlite(db);
      raw.prepare('update events set body = ? where id = ?').run('{"id": "truncated', damaged.json!['id']);
      raw.close();
      const listed = await api(r.url, 'GET', '/events?source=std&limit=10');
      expect(listed.status).toBe(200);
      const events = listed.json!['events'] as Record<string, any>[];
      expect(events.map((e) => e['id'])).toEqual([damaged.json!['id'], normal.json!['id'], deepAnswer.json!['id']]);
      expect(events[0]).toMatchObject({
        type: 'invoice.voided',
        source: 'std',
        data: null,
        issues: [expect.objectContaining({ path: '(root)' })],
      });
    } finally {
      await r.close();
      await sub.close();
    }
  });
});
