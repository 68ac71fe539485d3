import {
  ANY_EVENT,
  eventSelection,
  findEvent,
  getPlatform,
  sampleRelayEvent,
  selects,
  storedSelection,
  type EventSpec,
  type PlatformId,
} from '../../shared';
import { outputFields, withIsoTimes } from './fields';
import { performRelayed, pickedEvents, pickedSelection, type SelectionOf } from './perform';
import { withRelay } from './relay';
import type { Bundle, InputField, Z } from './types';
import { newEventWording, triggerWording } from './wording';

export const NEW_EVENT_KEY = 'new_event';
export const SOURCE_LIST_KEY = 'source_list';
const RESERVED = new Set([NEW_EVENT_KEY, SOURCE_LIST_KEY]);

/** A trigger key from an event type: letters, digits and `_`, starting with a letter (Zapier's KeySchema). */
export function eventTriggerKey(type: string): string {
  const slug = type.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const key = /^[a-zA-Z]/.test(slug) ? slug : `event_${slug}`;
  return RESERVED.has(key) ? `event_${key}` : key;
}

const sourceField = (platformName: string): InputField => ({
  key: 'source',
  label: 'Source',
  required: false,
  dynamic: `${SOURCE_LIST_KEY}.id.label`,
  helpText: `Only events that arrive on this relay source. Leave it empty for every ${platformName} source your subscriber key can see.`,
});

function eventsField(platform: PlatformId): InputField {
  const spec = getPlatform(platform);
  if (spec.openEvents) {
    return {
      key: 'events',
      label: 'Event Types',
      required: false,
      list: true,
      helpText:
        'Event types as the sender names them (e.g. `invoice.paid`; `*` matches any characters, as in `invoice.*`). Leave it empty for every event.',
    };
  }
  return {
    key: 'events',
    label: 'Events',
    required: false,
    list: true,
    choices: spec.events.map((e) => ({ value: e.type, label: triggerWording(spec, e).label, sample: e.type })),
    helpText: `The ${spec.name} events that start the Zap. Leave it empty for every event, including types added to ${spec.name} later.`,
  };
}

function hookOperation(platform: PlatformId, selection: SelectionOf, sampleType: string, inputFields: InputField[]) {
  const sample = withIsoTimes(platform, sampleRelayEvent(platform, sampleType));
  const fieldsType = findEvent(platform, sample.type) ? sample.type : ANY_EVENT;
  return {
    type: 'hook' as const,
    inputFields,
    performSubscribe: async (z: Z, bundle: Bundle) =>
      withRelay(z, bundle, async (relay) => {
        const source = bundle.inputData?.source;
        const events = storedSelection(sampleType === ANY_EVENT ? pickedEvents(bundle) : [sampleType]);
        const hook = await relay.subscribe({
          url: bundle.targetUrl!,
          platform,
          ...(source ? { source } : {}),
          ...(events.length ? { events } : {}),
        });
        return { id: hook.id, secret: hook.secret };
      }),
    performUnsubscribe: async (z: Z, bundle: Bundle) =>
      withRelay(z, bundle, async (relay) => {
        if (bundle.subscribeData?.id) await relay.unsubscribe(bundle.subscribeData.id);
        return {};
      }),
    perform: performRelayed(platform, selection),
    // "Test trigger": the relay's recent events of this trigger; [] when there are none yet; errors say why.
    performList: async (z: Z, bundle: Bundle) =>
      withRelay(z, bundle, async (relay) => {
        const sel = selection(bundle);
        const one = !sel.all && sel.types.length === 1 && sel.patterns.length === 0 ? sel.types[0] : undefined;
        const events = await relay.listEvents({
          platform,
          type: one,
          source: bundle.inputData?.source || undefined,
          limit: sel.all || one ? 3 : 50,
        });
        return events
          .filter((e) => selects(sel, e.type))
          .slice(0, 3)
          .map((e) => withIsoTimes(platform, e));
      }),
    sample,
    outputFields: outputFields(platform, fieldsType),
  };
}

function eventTrigger(platform: PlatformId, event: EventSpec) {
  const spec = getPlatform(platform);
  const wording = triggerWording(spec, event);
  const selection = eventSelection([event.type]);
  return {
    key: eventTriggerKey(event.type),
    noun: wording.noun,
    display: { label: wording.label, description: wording.description },
    operation: hookOperation(platform, () => selection, event.type, [sourceField(spec.name)]),
  };
}

function newEventTrigger(platform: PlatformId) {
  const spec = getPlatform(platform);
  const wording = newEventWording(spec);
  return {
    key: NEW_EVENT_KEY,
    noun: wording.noun,
    display: { label: wording.label, description: wording.description },
    operation: hookOperation(platform, pickedSelection, ANY_EVENT, [sourceField(spec.name), eventsField(platform)]),
  };
}

/** The hidden trigger behind the Source dropdown: the relay's sources of this platform the key can see. */
function sourceListTrigger(platform: PlatformId) {
  const spec = getPlatform(platform);
  return {
    key: SOURCE_LIST_KEY,
    noun: 'Source',
    display: { label: 'List Sources', description: `Lists the relay's ${spec.name} sources for the Source dropdown.`, hidden: true },
    operation: {
      perform: async (z: Z, bundle: Bundle) =>
        withRelay(z, bundle, async (relay) => {
          const sources = await relay.listSources();
          return sources.filter((s) => s.platform === platform).map((s) => ({ id: s.id, label: (s as { name?: string }).name ?? s.id }));
        }),
    },
  };
}

export type Trigger = ReturnType<typeof eventTrigger> | ReturnType<typeof newEventTrigger> | ReturnType<typeof sourceListTrigger>;

/** Every trigger of one platform's app, from the catalog: "New Event", one per event, and the source list. */
export function buildTriggers(platform: PlatformId): Record<string, Trigger> {
  const spec = getPlatform(platform);
  const triggers: Record<string, Trigger> = {};
  const add = (t: Trigger) => {
    if (triggers[t.key]) throw new Error(`Two ${spec.name} Zapier triggers would have the key "${t.key}"`);
    triggers[t.key] = t;
  };
  add(newEventTrigger(platform));
  if (!spec.openEvents) spec.events.forEach((e) => add(eventTrigger(platform, e)));
  add(sourceListTrigger(platform));
  return triggers;
}
