import { PLATFORMS, freshPayload, receiveRelayed, sign } from '../../shared';
import type { Relay } from '../../relay';
import { api, metricsText, post, relay, startSubscriber, until, type Subscriber } from './support';

const SECRET = 'horneross-signing-secret';
const lead = PLATFORMS.horneross.events[3].sample as Record<string, any>;
const signed = (payload: Record<string, unknown>, seq: number, source = SECRET) =>
  sign('horneross', freshPayload('horneross', payload, seq), { secret: source });
const unknownType = { ...lead, type: 'lead.scored', data: { score: 7 } };
const drifted = { ...lead, data: { ...lead['data'], contact: { ...lead['data'].contact, email: 42 } } };

/** Issue 16, relay part: a delivery whose signature verified is accepted; strictness is the source's choice. */
describe('authentic ⇒ accepted', () => {
  let r: Relay;
  let any: Subscriber;
  let leads: Subscriber;

  beforeEach(async () => {
    r = await relay({
      sources: [
        { id: 'hx', platform: 'horneross', secrets: [SECRET] },
        { id: 'strict', platform: 'horneross', secrets: [SECRET], allowUnknownEvents: false, onInvalidPayload: 'reject' },
        { id: 'open', platform: 'horneross', secrets: [], allowUnsigned: true },
      ],
    });
    any = await startSubscriber();
    leads = await startSubscriber();
  });
  afterEach(async () => {
    await r.close();
    await any.close();
    await leads.close();
  });

  it('accepts a verified unknown type (known: false, to any-event hooks only) and a verified schema mismatch (issues carried), and counts both', async () => {
    const anyHook = await api(r.url, 'POST', '/hooks', { url: any.url, source: 'hx' });
    await api(r.url, 'POST', '/hooks', { url: leads.url, source: 'hx', events: ['lead.captured', 'lead.*'] });

    const unknown = await post(`${r.url}/in/hx`, signed(unknownType, 1));
    expect(unknown).toMatchObject({ status: 202, json: { duplicate: false } });
    const mismatch = await post(`${r.url}/in/hx`, signed(drifted, 2));
    expect(mismatch.status).toBe(202);

    expect(await until(() => any.received.length === 2 && leads.received.length === 1)).toBe(true);
    const byId = new Map(any.received.map((x) => [x.headers['webhook-id'], x]));
    const u = receiveRelayed('horneross', byId.get(unknown.json!['id'])!, anyHook.json!['secret']);
    expect(u.ok && u.event).toMatchObject({ type: 'lead.scored', known: false, verified: true, issues: [], data: { data: { score: 7 } } });
    const m = receiveRelayed('horneross', byId.get(mismatch.json!['id'])!, anyHook.json!['secret']);
    expect(m.ok && m.event).toMatchObject({
      type: 'lead.captured',
      known: true,
      verified: true,
      issues: [expect.objectContaining({ path: 'data.contact.email' })],
    });
    // The hook of named lead types got the drifted lead, never the unknown type (not even through lead.*).
    expect(leads.received.map((x) => x.headers['webhook-id'])).toEqual([mismatch.json!['id']]);

    const { text } = await metricsText(r.url);
    expect(text).toContain('hookline_ingest_total{platform="horneross",source="hx",outcome="accepted_unknown_event"} 1');
    expect(text).toContain('hookline_ingest_total{platform="horneross",source="hx",outcome="accepted_invalid_payload"} 1');
  });

  it('a strict source refuses both with 422; an unauthenticated source keeps the strict checks; a forgery is still 401', async () => {
    expect((await post(`${r.url}/in/strict`, signed(unknownType, 3))).json).toMatchObject({ error: { code: 'unknown_event' } });
    const strictMismatch = await post(`${r.url}/in/strict`, signed(drifted, 4));
    expect(strictMismatch).toMatchObject({
      status: 422,
      json: { error: { code: 'invalid_payload', issues: [expect.objectContaining({ path: 'data.contact.email' })] } },
    });

    const unsigned = (payload: Record<string, unknown>) => ({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    expect((await post(`${r.url}/in/open`, unsigned(unknownType))).json).toMatchObject({ error: { code: 'unknown_event' } });
    expect((await post(`${r.url}/in/open`, unsigned(drifted))).status).toBe(422);
    expect((await post(`${r.url}/in/open`, unsigned(lead))).status).toBe(202);

    expect((await post(`${r.url}/in/hx`, signed(unknownType, 5, 'forged'))).status).toBe(401);
    expect((await post(`${r.url}/in/hx`, unsigned(unknownType))).status).toBe(401);
  });
});
