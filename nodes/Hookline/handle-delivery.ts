import {
  eventSelection,
  getPlatform,
  isFetchHeaders,
  receive,
  receiveRelayed,
  selects,
  type HeaderInput,
  type PayloadIssue,
  type PlatformId,
  type SignatureForm,
} from '../../shared';
import type { TriggerMode } from './trigger-description';

export type { TriggerMode };

export interface DeliveryInput {
  readonly platform: PlatformId;
  readonly mode: TriggerMode;
  readonly headers: HeaderInput;
  readonly rawBody: Uint8Array;
  readonly secrets: readonly string[];
  /** Selected event types; empty or ANY_EVENT = all; `*` inside a type is a wildcard. */
  readonly events: readonly string[];
  readonly toleranceSeconds?: number;
  /**
   * Reject (422) verified deliveries whose type is unknown or whose payload fails its schema. Default
   * false: an authentic delivery is accepted and its item says `known: false` or carries `issues`, so a
   * platform's schema change does not turn into failed deliveries (and disabled webhooks). Deliveries
   * nothing verified are always held to the catalog.
   */
  readonly strict?: boolean;
  /** Before `strict`: 'pass' let unverified deliveries through with their issues too. */
  readonly onInvalidPayload?: 'reject' | 'pass';
  readonly allowUnsigned?: boolean;
  readonly tokenHeader?: string;
  readonly includeHeaders?: boolean;
  readonly includeRawBody?: boolean;
}

export interface TriggerItem {
  platform: PlatformId;
  type: string;
  deliveryId: string;
  occurredAt: string;
  receivedAt: string;
  verified: boolean;
  signatureForm: SignatureForm;
  known: boolean;
  issues: readonly PayloadIssue[];
  data: unknown;
  viaRelay?: { eventId: string; source: string };
  headers?: Record<string, string>;
  rawBody?: string;
}

export type DeliveryOutcome =
  | { kind: 'reject'; status: number; body: { error: { code: string; message: string } } }
  | { kind: 'ignore'; type: string }
  /**
   * `replayKey`: the core's key for this signed delivery (direct modes), the same when a sender replays it
   * under a new delivery id; relayed events have none (the relay dropped replays when it received them).
   */
  | { kind: 'emit'; item: TriggerItem; replayKey?: string };

const reject = (status: number, code: string, message: string): DeliveryOutcome => ({
  kind: 'reject',
  status,
  body: { error: { code, message } },
});

function plainHeaders(headers: HeaderInput): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (k: string, v: unknown) => {
    if (typeof v === 'string') out[k.toLowerCase()] = v;
    else if (Array.isArray(v)) out[k.toLowerCase()] = v.join(', ');
  };
  if (isFetchHeaders(headers)) headers.forEach((v, k) => add(k, v));
  else for (const [k, v] of Object.entries(headers)) add(k, v);
  return out;
}

/** Verifies one delivery the way the trigger's mode needs and says what the node should do with it. */
export function handleDelivery(input: DeliveryInput): DeliveryOutcome {
  if (input.secrets.length === 0 && (input.mode !== 'direct' || !input.allowUnsigned)) {
    return reject(500, 'no_secret_configured', 'No signing secret is stored for this trigger; deactivate and activate the workflow again');
  }
  let item: TriggerItem;
  let replayKey: string | undefined;
  if (input.mode === 'relay') {
    // The relay verified the platform's delivery and signed its findings (verified, known, issues) into
    // the envelope; this checks the relay's signature and keeps what it says.
    const relayed = receiveRelayed(input.platform, { headers: input.headers, body: input.rawBody }, input.secrets[0]!, {
      toleranceSeconds: input.toleranceSeconds,
    });
    if (!relayed.ok) return reject(relayed.error.status, relayed.error.code, relayed.error.message);
    const { id, source, ...event } = relayed.event;
    item = { ...event, viaRelay: { eventId: id, source } };
  } else {
    // Unknown types and schema mismatches are judged below, once we know whether the delivery verified.
    const result = receive(
      input.platform,
      { headers: input.headers, body: input.rawBody },
      {
        secrets: input.secrets,
        toleranceSeconds: input.toleranceSeconds,
        onInvalidPayload: 'pass',
        allowUnknownEvents: true,
        allowUnsigned: input.allowUnsigned,
        tokenHeader: input.tokenHeader,
      },
    );
    if (!result.ok) return reject(result.error.status, result.error.code, result.error.message);
    const e = result.event;
    replayKey = e.replayKey;
    item = {
      platform: e.platform,
      type: e.type,
      deliveryId: e.deliveryId,
      occurredAt: e.occurredAt,
      receivedAt: e.receivedAt,
      verified: e.verified,
      signatureForm: e.signatureForm,
      known: e.known,
      issues: e.issues,
      data: e.data,
    };
  }
  const spec = getPlatform(input.platform);
  const strict = input.strict === true || input.onInvalidPayload === 'reject';
  // Open platforms (Standard Webhooks) have no catalog to know a type from.
  if (!item.known && !spec.openEvents && (strict || !item.verified))
    return reject(422, 'unknown_event', `Unknown ${spec.name} event type "${item.type.slice(0, 100)}"`);
  if (item.issues.length && (strict || (!item.verified && input.onInvalidPayload !== 'pass'))) {
    return reject(422, 'invalid_payload', `The ${item.type.slice(0, 100)} payload does not match its schema`);
  }
  if (!selects(eventSelection(input.events), item.type)) return { kind: 'ignore', type: item.type };
  if (input.includeHeaders) item.headers = plainHeaders(input.headers);
  if (input.includeRawBody) item.rawBody = Buffer.from(input.rawBody).toString('utf8');
  return { kind: 'emit', item, ...(replayKey === undefined ? {} : { replayKey }) };
}

/** What "Ignore Duplicate Deliveries" remembers of one delivery. */
export interface SeenDelivery {
  readonly deliveryId: string;
  readonly replayKey?: string;
}

/**
 * Whether a delivery was seen recently: its delivery id or its replay key (a replayed signed delivery under
 * a new, unsigned delivery id), as the relay decides at ingest. Remembers the last `keep` deliveries.
 */
export function seenBefore(store: { recent?: SeenDelivery[] }, delivery: SeenDelivery, keep = 200): boolean {
  const recent = Array.isArray(store.recent) ? store.recent : [];
  const { deliveryId, replayKey } = delivery;
  if (recent.some((d) => d.deliveryId === deliveryId || (replayKey !== undefined && d.replayKey === replayKey))) return true;
  recent.push(replayKey === undefined ? { deliveryId } : { deliveryId, replayKey });
  store.recent = recent.slice(-keep);
  return false;
}
