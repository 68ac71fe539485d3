import { eventSelection, receiveRelayed, selects, type EventSelection, type HookError, type PlatformId } from '../../shared';
import { withIsoTimes } from './fields';
import type { Bundle, Z } from './types';

/**
 * How old a fan-out's signature may be when `perform` runs. Zapier answers the relay at once and runs
 * perform from its own queue: normally seconds later, but minutes to hours during Zapier backlogs or when a
 * held run is replayed. The relay re-signs every retry with a fresh timestamp, so the window only covers
 * Zapier's side; a forgery fails the HMAC whatever its age. 24 h bounds how long a captured delivery could
 * be replayed to the same Zap's URL (Svix and the Standard Webhooks spec use 5 min for servers that
 * verify on receipt; perform does not run on receipt).
 */
export const PERFORM_TOLERANCE_SECONDS = 24 * 60 * 60;

/** Zapier's webhook payload limit (its operating constraints); the relay's envelope may exceed 1 MiB. */
const MAX_FANOUT_BYTES = 10 * 1024 * 1024;

/** Why a delivery was refused, for the Zap's history (a HaltedError never turns the Zap off). */
function refusal(error: HookError): string {
  switch (error.code) {
    case 'missing_signature':
    case 'invalid_signature':
    case 'missing_header':
    case 'invalid_header':
      return `Ignored a delivery that is not signed by this Zap's Hookline subscription (${error.code}): someone may have posted to the Zap's webhook URL directly.`;
    case 'timestamp_out_of_tolerance':
      return `Ignored a delivery signed more than ${PERFORM_TOLERANCE_SECONDS / 3600} hours before this run (${error.code}): it may be a replay. The relay still has the event; replay it there if it is genuine.`;
    case 'wrong_platform':
      return `Ignored a delivery for another platform (${error.message}).`;
    default:
      return `Ignored a delivery that is not a Hookline relay event (${error.code}).`;
  }
}

/** The events a trigger takes: the one it is named after, or what the user picked ("New Event"). */
export type SelectionOf = (bundle: Bundle) => EventSelection;

export function pickedEvents(bundle: Bundle): string[] {
  const raw = bundle.inputData?.events;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  return list.map((s) => String(s).trim()).filter(Boolean);
}

export const pickedSelection: SelectionOf = (bundle) => eventSelection(pickedEvents(bundle));

/**
 * perform: every authentic relayed event (the relay's signature, checked with this subscription's secret)
 * is returned, with the relay's findings as fields: `known: false` for a type the catalog does not know,
 * `issues` for a payload that does not match its schema. `[]` only for an event this trigger does not take.
 */
export function performRelayed(platform: PlatformId, selection: SelectionOf) {
  return async (z: Z, bundle: Bundle) => {
    const secret = bundle.subscribeData?.secret;
    if (!secret)
      throw new z.errors.HaltedError('This Zap has no Hookline subscription secret. Turn the Zap off and on again to subscribe anew.');
    const raw = bundle.rawRequest;
    if (!raw || typeof raw.content !== 'string')
      throw new z.errors.HaltedError('Ignored a request without a body: it is not a Hookline relay delivery.');
    const result = receiveRelayed(platform, { headers: raw.headers ?? {}, body: raw.content }, secret, {
      toleranceSeconds: PERFORM_TOLERANCE_SECONDS,
      maxBodyBytes: MAX_FANOUT_BYTES,
    });
    if (!result.ok) throw new z.errors.HaltedError(refusal(result.error));
    const event = result.event;
    if (!selects(selection(bundle), event.type)) return [];
    const source = bundle.inputData?.source;
    if (source && event.source !== source) return [];
    return [withIsoTimes(platform, event)];
  };
}
