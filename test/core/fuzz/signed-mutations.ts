/**
 * Mutated signed deliveries: a delivery signed as its platform would sign it, then changed the way an attacker
 * replaying or relabelling it would (headers, ids, types, body bytes and whitespace, the signature, the
 * timestamp, splices with another delivery). The receiver is configured strictly (a secret, no allowUnsigned).
 *
 * A false accept is a mutated delivery accepted with another (type, data) than the original — data compared
 * as JSON text, what is stored — or with another replayKey, i.e. stored as a new event.
 */
import fc from 'fast-check';
import { getPlatform, PLATFORM_IDS, receive, sign, type HookEvent, type PlatformId } from '../../../shared';
import { schemaNode } from '../../../shared/validators/schema-ir';
import { NOW_MS, NOW_S, secretFor } from '../helpers';
import { zodAccepts } from './differential';
import { jsonKey, jsonScalar } from './json-values';
import { conforming } from './schema-values';

export interface SignedDelivery {
  readonly platform: PlatformId;
  readonly headers: Record<string, string | string[]>;
  readonly body: string | Buffer;
}

const OTHER_SECRET = 'someone-elses-secret';
const WHSEC_OTHER = 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY';

/** The first single-key body locator of the event type (Event, event, type, trigger_uid): where a payload names its type. */
function typeKey(platform: PlatformId): string | undefined {
  const locator = getPlatform(platform).eventType.find((l): l is { body: readonly string[] } => 'body' in l && l.body.length === 1);
  return locator?.body[0];
}

/** Catalog samples, and payloads derived from each event's schema (named as that event, valid per zod). */
function payloads(platform: PlatformId): fc.Arbitrary<Record<string, unknown>> {
  const spec = getPlatform(platform);
  const events = spec.openEvents ? [spec.anyEvent] : spec.events;
  const key = typeKey(platform);
  const fromSchema = events.slice(0, 20).map((e) =>
    conforming(schemaNode(e.schema), { exact: true })
      .map((v) => (key && !spec.openEvents && v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...v, [key]: e.type } : v))
      .filter((v): v is Record<string, unknown> => zodAccepts(e.schema, v)),
  );
  return fc.oneof(fc.constantFrom(...events.map((e) => e.sample)), ...fromSchema);
}

/** A delivery the platform would send, signed now (± the tolerance), with its own delivery id. */
export function signedDelivery(platform: PlatformId): fc.Arbitrary<SignedDelivery> {
  return fc
    .record({ payload: payloads(platform), skew: fc.integer({ min: -250, max: 250 }), id: fc.uuid() })
    .map(({ payload, skew, id }) => {
      const d = sign(platform, payload, {
        secret: secretFor(platform),
        timestamp: NOW_S + skew,
        deliveryId: platform === 'inboundflow' ? undefined : `dlv_${id}`,
      });
      return { platform, headers: { ...d.headers }, body: d.body };
    });
}

type Edit = (d: SignedDelivery, other: SignedDelivery) => SignedDelivery;
export interface Mutation {
  readonly name: string;
  /** Whether it can change the body (a shared token covers no byte of it). */
  readonly touchesBody: boolean;
  readonly edit: Edit;
}

const text = (b: string | Buffer) => (typeof b === 'string' ? b : b.toString('utf8'));
const withHeader = (d: SignedDelivery, name: string, value: string | string[] | undefined): SignedDelivery => {
  const headers = { ...d.headers };
  const existing = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  if (existing) delete headers[existing];
  if (value !== undefined) headers[existing ?? name] = value;
  return { ...d, headers };
};
const headerOf = (d: SignedDelivery, name: string) => {
  const key = Object.keys(d.headers).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : d.headers[key];
  return Array.isArray(v) ? v[0] : v;
};
const signatureHeader = (p: PlatformId) =>
  getPlatform(p).signature.headers.find((h) => /signature|token/.test(h)) ?? getPlatform(p).signature.headers[0]!;
const timestampHeader = (p: PlatformId) => getPlatform(p).signature.headers.find((h) => /timestamp/.test(h));
const idHeaders = ['x-chatwoot-delivery', 'x-inboundflow-delivery-id', 'webhook-id'];
const typeHeaders = ['x-inboundflow-event'];

function editJson(d: SignedDelivery, change: (v: Record<string, unknown>) => void): SignedDelivery {
  try {
    const v = JSON.parse(text(d.body)) as Record<string, unknown>;
    change(v);
    return { ...d, body: JSON.stringify(v) };
  } catch {
    return d;
  }
}

/** Mutations, each drawn with its own random parameters. */
export function mutations(): fc.Arbitrary<Mutation> {
  const header = (name: string, value: string): Mutation => ({
    name: `set ${name}`,
    touchesBody: false,
    edit: (d) => withHeader(d, name, value),
  });
  const anyHeaderName = fc.constantFrom(
    'x-chatwoot-signature',
    'x-chatwoot-timestamp',
    'x-chatwoot-delivery',
    'x-inboundflow-signature',
    'x-inboundflow-timestamp',
    'x-inboundflow-event',
    'x-inboundflow-delivery-id',
    'x-horneross-signature',
    'webhook-id',
    'webhook-timestamp',
    'webhook-signature',
    'x-hookline-token',
    'authorization',
    'content-type',
    'x-unrelated',
  );
  const newValue = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.uuid(),
    fc.integer({ min: NOW_S - 299, max: NOW_S + 299 }).map(String),
    fc.constantFrom('', ' ', 'call.completed', 'appointment.booked', 'lead.captured', 'Bearer x'),
  );

  return fc.oneof(
    // Headers: set, drop, case, duplicates, the Zapier prefix.
    fc
      .tuple(anyHeaderName, newValue)
      .map(([h, v]): Mutation => ({ name: `set ${h}`, touchesBody: false, edit: (d) => withHeader(d, h, v) })),
    anyHeaderName.map((h): Mutation => ({ name: `drop ${h}`, touchesBody: false, edit: (d) => withHeader(d, h, undefined) })),
    fc.tuple(anyHeaderName, newValue).map(
      ([h, v]): Mutation => ({
        name: `append ${h}`,
        touchesBody: false,
        edit: (d) => {
          const cur = headerOf(d, h);
          return withHeader(d, h, cur === undefined ? [v] : [v, cur]);
        },
      }),
    ),
    fc.tuple(anyHeaderName, newValue).map(
      ([h, v]): Mutation => ({
        name: `Http- ${h}`,
        touchesBody: false,
        edit: (d) => ({ ...d, headers: { ...d.headers, [`Http-${h}`]: v } }),
      }),
    ),
    fc.constant<Mutation>({
      name: 'header names upper case',
      touchesBody: false,
      edit: (d) => ({ ...d, headers: Object.fromEntries(Object.entries(d.headers).map(([k, v]) => [k.toUpperCase(), v])) }),
    }),
    // Ids and types, in headers and in the body.
    fc.tuple(fc.constantFrom(...idHeaders), fc.uuid()).map(([h, id]) => header(h, id)),
    fc
      .tuple(
        fc.constantFrom(...typeHeaders),
        fc.constantFrom('call.completed', 'appointment.booked', 'lead.created', 'CALL.COMPLETED', 'x'),
      )
      .map(([h, t]) => header(h, t)),
    fc.tuple(fc.constantFrom('id', 'delivery_id', 'event', 'type', 'Event', 'trigger_uid', 'e_a'), jsonScalar).map(
      ([k, v]): Mutation => ({
        name: `body ${k}`,
        touchesBody: true,
        edit: (d) =>
          editJson(d, (o) => {
            o[k] = v;
          }),
      }),
    ),
    fc.tuple(jsonKey, jsonScalar).map(
      ([k, v]): Mutation => ({
        name: 'body add field',
        touchesBody: true,
        edit: (d) =>
          editJson(d, (o) => {
            o[k] = v;
          }),
      }),
    ),
    // Body bytes.
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(
      ([pos, flip]): Mutation => ({
        name: 'flip a byte',
        touchesBody: true,
        edit: (d) => {
          const b = Buffer.from(text(d.body));
          const i = pos % b.length;
          b[i] = b[i]! ^ flip;
          return { ...d, body: b };
        },
      }),
    ),
    fc.tuple(fc.nat(), fc.constantFrom(' ', '\n', '\t', '\r\n', '  ')).map(
      ([pos, ws]): Mutation => ({
        name: 'whitespace',
        touchesBody: true,
        edit: (d) => {
          const t = text(d.body);
          const structural = [...t.matchAll(/[{}[\],:]/g)].map((m) => m.index!);
          const at = structural.length ? structural[pos % structural.length]! + 1 : 0;
          return { ...d, body: t.slice(0, at) + ws + t.slice(at) };
        },
      }),
    ),
    fc.constantFrom<Mutation>(
      { name: 'pretty print', touchesBody: true, edit: (d) => ({ ...d, body: JSON.stringify(JSON.parse(text(d.body)), null, 2) }) },
      { name: 'escape slashes', touchesBody: true, edit: (d) => ({ ...d, body: text(d.body).replace(/\//g, '\\/') }) },
      {
        name: 'escape non-ASCII',
        touchesBody: true,
        edit: (d) => ({
          ...d,
          body: text(d.body).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
        }),
      },
      {
        name: 'sort keys',
        touchesBody: true,
        edit: (d) =>
          editJson(d, (o) => {
            const sorted = Object.fromEntries(Object.entries(o).sort());
            for (const k of Object.keys(o)) delete o[k];
            Object.assign(o, sorted);
          }),
      },
      {
        name: 'duplicate first key',
        touchesBody: true,
        edit: (d) => {
          const t = text(d.body);
          const m = /^\{("(?:[^"\\]|\\.)*":(?:"(?:[^"\\]|\\.)*"|[^,{}[\]]+)),/.exec(t);
          return m ? { ...d, body: `{${m[1]},${t.slice(1)}` } : d;
        },
      },
      { name: 'integer as float', touchesBody: true, edit: (d) => ({ ...d, body: text(d.body).replace(/:(\d+)([,}])/, ':$1.0$2') }) },
      { name: 'trailing newline', touchesBody: true, edit: (d) => ({ ...d, body: `${text(d.body)}\n` }) },
      { name: 'truncate', touchesBody: true, edit: (d) => ({ ...d, body: text(d.body).slice(0, -1) }) },
      { name: 'body as bytes', touchesBody: false, edit: (d) => ({ ...d, body: Buffer.from(text(d.body)) }) },
    ),
    // Signatures.
    fc.tuple(fc.nat(), fc.constantFrom('0', 'f', 'A', '=', ' ')).map(
      ([pos, c]): Mutation => ({
        name: 'signature character',
        touchesBody: false,
        edit: (d) => {
          const h = signatureHeader(d.platform);
          const s = headerOf(d, h) ?? '';
          const i = pos % Math.max(1, s.length);
          return withHeader(d, h, s.slice(0, i) + c + s.slice(i + 1));
        },
      }),
    ),
    fc.constantFrom<Mutation>(
      {
        name: 'signature upper case',
        touchesBody: false,
        edit: (d) => {
          const h = signatureHeader(d.platform);
          return withHeader(d, h, (headerOf(d, h) ?? '').toUpperCase());
        },
      },
      {
        name: 'signature prefix case',
        touchesBody: false,
        edit: (d) => {
          const h = signatureHeader(d.platform);
          return withHeader(d, h, (headerOf(d, h) ?? '').replace('sha256=', 'SHA256='));
        },
      },
      {
        name: 'signature list: another key first',
        touchesBody: false,
        edit: (d) => {
          if (d.platform !== 'standard') return d;
          const other = sign('standard', text(d.body), {
            secret: WHSEC_OTHER,
            timestamp: Number(headerOf(d, 'webhook-timestamp')),
            deliveryId: headerOf(d, 'webhook-id') ?? '',
          }).headers['webhook-signature']!;
          return withHeader(d, 'webhook-signature', `${other} ${headerOf(d, 'webhook-signature')}`);
        },
      },
      {
        name: 'signed by another secret',
        touchesBody: false,
        edit: (d) => {
          const s = sign(d.platform, text(d.body), {
            secret: d.platform === 'standard' ? WHSEC_OTHER : OTHER_SECRET,
            timestamp: NOW_S,
            deliveryId: headerOf(d, 'webhook-id'),
          });
          return { ...d, headers: { ...d.headers, ...s.headers } };
        },
      },
    ),
    // Timestamps.
    fc
      .integer({ min: -299, max: 299 })
      .filter((s) => s !== 0)
      .map(
        (shift): Mutation => ({
          name: 'shift timestamp',
          touchesBody: false,
          edit: (d) => {
            const h = timestampHeader(d.platform);
            const t = h && headerOf(d, h);
            return h && t ? withHeader(d, h, String(Number(t) + shift)) : d;
          },
        }),
      ),
    fc.constantFrom<Mutation>(
      {
        name: 'timestamp leading zero',
        touchesBody: false,
        edit: (d) => {
          const h = timestampHeader(d.platform);
          const t = h && headerOf(d, h);
          return h && t ? withHeader(d, h, `0${t}`) : d;
        },
      },
      {
        name: 'timestamp padded',
        touchesBody: false,
        edit: (d) => {
          const h = timestampHeader(d.platform);
          const t = h && headerOf(d, h);
          return h && t ? withHeader(d, h, ` ${t} `) : d;
        },
      },
      {
        name: 'timestamp as milliseconds',
        touchesBody: false,
        edit: (d) => {
          const h = timestampHeader(d.platform);
          const t = h && headerOf(d, h);
          return h && t ? withHeader(d, h, `${t}000`) : d;
        },
      },
    ),
    // Splices with another signed delivery of the same platform.
    fc.constantFrom<Mutation>(
      { name: "another delivery's body", touchesBody: true, edit: (d, o) => ({ ...d, body: o.body }) },
      { name: "another delivery's headers", touchesBody: true, edit: (d, o) => ({ ...o, body: d.body }) },
      {
        name: "another delivery's signature",
        touchesBody: false,
        edit: (d, o) => {
          const h = signatureHeader(d.platform);
          const s = headerOf(o, h);
          return s === undefined ? d : withHeader(d, h, s);
        },
      },
    ),
  );
}

export interface MutationCase {
  readonly original: SignedDelivery;
  readonly other: SignedDelivery;
  readonly applied: readonly Mutation[];
}

export function mutationCases(platform: PlatformId): fc.Arbitrary<MutationCase> {
  return fc.record({
    original: signedDelivery(platform),
    other: signedDelivery(platform),
    applied: fc.array(mutations(), { minLength: 1, maxLength: 3 }),
  });
}

export type Outcome =
  | { readonly kind: 'original rejected'; readonly code: string }
  | { readonly kind: 'rejected'; readonly code: string }
  | { readonly kind: 'duplicate' }
  /** The mutations spliced the whole other signed delivery in: it is that genuine delivery. */
  | { readonly kind: 'the other delivery' }
  | { readonly kind: 'false accept'; readonly why: string }
  /** A shared token covers no byte of the body: a changed body under a valid token is accepted by design. */
  | { readonly kind: 'token: body not covered' };

const strict = (p: PlatformId) => ({ secrets: [secretFor(p)], now: NOW_MS });
const sameEvent = (a: HookEvent, b: HookEvent) => a.type === b.type && JSON.stringify(a.data) === JSON.stringify(b.data);

function apply(c: MutationCase): SignedDelivery {
  return c.applied.reduce((d, m) => {
    try {
      return m.edit(d, c.other);
    } catch {
      return d; // e.g. pretty-printing a body an earlier mutation broke: this one changes nothing
    }
  }, c.original);
}

/** Applies the mutations and classifies the receiver's answer. */
export function judge(c: MutationCase): Outcome {
  const p = c.original.platform;
  const first = receive(p, c.original, strict(p));
  if (!first.ok) return { kind: 'original rejected', code: first.error.code };
  const again = receive(p, apply(c), strict(p));
  if (!again.ok) return { kind: 'rejected', code: again.error.code };
  const a = first.event as HookEvent;
  const b = again.event as HookEvent;
  if (sameEvent(a, b) && a.replayKey === b.replayKey) return { kind: 'duplicate' };
  // Splicing in enough of the other signed delivery can rebuild that delivery itself: genuine, not forged.
  const other = receive(p, c.other, strict(p));
  if (other.ok && sameEvent(other.event as HookEvent, b) && (other.event as HookEvent).replayKey === b.replayKey)
    return { kind: 'the other delivery' };
  if (getPlatform(p).signature.kind === 'shared-token' && c.applied.some((m) => m.touchesBody)) {
    return { kind: 'token: body not covered' };
  }
  const why = !sameEvent(a, b) ? 'another type or data' : 'another replayKey';
  return { kind: 'false accept', why: `${why} after ${c.applied.map((m) => m.name).join(' + ')}` };
}

export const SIGNED_PLATFORMS = PLATFORM_IDS;
