import { z } from 'zod/v4';
import type { PlatformId, TypedData } from '../catalog';
import { hookError, type HookError } from '../errors';
import { DEFAULT_MAX_DEPTH, receive, type Delivery, type HookEvent } from '../receive';
import type { SignatureForm } from '../signatures/scheme';
import { isoDateTime } from '../platforms/common';

const SIGNATURE_FORMS = ['raw', 'reserialized', 'token', 'none'] as const satisfies readonly SignatureForm[];

/**
 * The relayed event envelope: what the relay stores and fans out (Standard Webhooks, `webhook-id` = `id`),
 * and what the n8n relay mode, Zapier and Make receive. It keeps every fact the relay established.
 */
export const relayEventSchema = z.object({
  id: z.string().min(1).describe('Relay event id (evt_…); the webhook-id of every fan-out and replay of this event'),
  platform: z.string().min(1).describe('Platform id, e.g. conversa'),
  source: z.string().min(1).describe('Relay source that received the delivery'),
  type: z.string().describe('Event type as the platform sent it'),
  occurredAt: isoDateTime().describe('When the event happened (ISO 8601, UTC); the receipt time when the platform does not say'),
  receivedAt: isoDateTime().describe('When the relay received the delivery (ISO 8601, UTC)'),
  deliveryId: z.string().describe("The platform's delivery id, or sha256:<hex> of the body; use it to deduplicate"),
  verified: z.boolean().describe('Whether a signature or token was checked and matched'),
  signatureForm: z.enum(SIGNATURE_FORMS).describe('Which bytes the signature covered: raw, reserialized, token or none'),
  known: z.boolean().describe('Whether the event type is in the catalog'),
  issues: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .describe('Where the payload differs from its schema; empty when it matched'),
  data: z.unknown().describe('The payload exactly as the platform sent it'),
});

type Envelope = z.output<typeof relayEventSchema>;

/** A relayed event; `data` is typed by `type` for the platform's catalog events. */
export type RelayEvent<P extends PlatformId = PlatformId> = P extends PlatformId
  ? Omit<Envelope, 'platform' | 'type' | 'data'> & { readonly platform: P } & TypedData<P>
  : never;

/** The envelope of a received event, with the relay's own id and the source it arrived on. */
export function toRelayEvent<P extends PlatformId>(
  event: HookEvent<P>,
  meta: { readonly id: string; readonly source: string },
): RelayEvent<P> {
  const e = event as HookEvent;
  return {
    id: meta.id,
    platform: e.platform,
    source: meta.source,
    type: e.type,
    occurredAt: e.occurredAt,
    receivedAt: e.receivedAt,
    deliveryId: e.deliveryId,
    verified: e.verified,
    signatureForm: e.signatureForm,
    known: e.known,
    issues: [...e.issues],
    data: e.data,
  } as unknown as RelayEvent<P>;
}

export interface ReceiveRelayedOptions {
  /** Accepted age of the fan-out's webhook-timestamp, both directions. Default 300 s. */
  readonly toleranceSeconds?: number;
  readonly now?: Date | number;
  readonly maxBodyBytes?: number;
}

export type ReceiveRelayedResult<P extends PlatformId> =
  | { readonly ok: true; readonly event: RelayEvent<P> }
  | { readonly ok: false; readonly error: HookError };

/**
 * Verifies one fan-out from a Hookline relay (Standard Webhooks, signed with the hook's secret) and parses
 * its envelope. Never throws. The relay's own findings (`verified`, `known`, `issues`) are kept as sent:
 * the envelope is signed, and re-validating here would drop events the relay deliberately passed on.
 */
export function receiveRelayed<P extends PlatformId>(
  platform: P,
  delivery: Delivery,
  hookSecret: string,
  options: ReceiveRelayedOptions = {},
): ReceiveRelayedResult<P> {
  // The envelope nests the platform's payload one level deeper than the relay accepted it.
  const fanout = receive('standard', delivery, { ...options, secrets: [hookSecret], maxDepth: DEFAULT_MAX_DEPTH + 1 });
  if (!fanout.ok) return fanout;
  const envelope = relayEventSchema.safeParse(fanout.event.data);
  if (!envelope.success) return { ok: false, error: hookError('invalid_envelope', 'The delivery is not a Hookline relay event') };
  if (envelope.data.platform !== platform) {
    return {
      ok: false,
      error: hookError('wrong_platform', `A relayed ${envelope.data.platform.slice(0, 40)} event reached a ${platform} receiver`),
    };
  }
  return { ok: true, event: envelope.data as unknown as RelayEvent<P> };
}
