import type { RelayEvent } from '../../shared';
import type { EventsTable } from '../db/schema';

/**
 * The stored (and fanned-out) JSON of a relayed event: the envelope, with `data` spliced in as the
 * platform's own JSON text. Nothing re-serialises the payload, so a deeply nested one costs no recursion
 * and large integers keep their digits; the text was parsed once by receive(), so it is valid JSON.
 */
export function eventBody(event: RelayEvent, dataJson: string): string {
  const head = JSON.stringify({
    id: event.id,
    platform: event.platform,
    source: event.source,
    type: event.type,
    occurredAt: event.occurredAt,
    receivedAt: event.receivedAt,
    deliveryId: event.deliveryId,
    verified: event.verified,
    signatureForm: event.signatureForm,
    known: event.known,
    issues: event.issues,
  });
  return `${head.slice(0, -1)},"data":${dataJson}}`;
}

/**
 * A stored event as listing JSON. A body that cannot be read (written damaged, or by something else)
 * becomes its envelope from the row's columns with `data: null` and an issue saying so, so one bad row
 * never breaks a listing.
 */
export function renderStored(
  row: Pick<EventsTable, 'id' | 'source_id' | 'platform' | 'type' | 'delivery_id' | 'occurred_at' | 'received_at' | 'body'>,
): string {
  try {
    const parsed = JSON.parse(row.body) as unknown;
    if (parsed !== null && typeof parsed === 'object' && (parsed as { id?: unknown }).id === row.id) return row.body;
  } catch {
    // fall through to the envelope
  }
  return JSON.stringify({
    id: row.id,
    platform: row.platform,
    source: row.source_id,
    type: row.type,
    occurredAt: row.occurred_at,
    receivedAt: new Date(Number(row.received_at)).toISOString(),
    deliveryId: row.delivery_id,
    verified: false,
    signatureForm: 'none',
    known: false,
    issues: [{ path: '(root)', message: 'The stored payload could not be read; replay or inspect the database row' }],
    data: null,
  });
}
