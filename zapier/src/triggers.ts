import {
  ANY_EVENT,
  flattenFields,
  getPlatform,
  PLATFORM_IDS,
  receiveRelayed,
  relayClient,
  relayEventFields,
  sampleRelayEvent,
  type EventField,
  type EventSpec,
  type PlatformId,
} from '../../shared';
import { zapierTransport } from './transport';

type Z = Parameters<typeof zapierTransport>[0] & { console: { log(msg: string): void } };
type Bundle = {
  authData: { relayUrl: string; apiKey: string };
  inputData?: { source?: string };
  targetUrl?: string;
  subscribeData?: { id?: string; secret?: string };
  rawRequest?: { headers?: Record<string, string>; content?: string };
};

/** Trigger key: letters, digits and `_`, starting with a letter (Zapier's KeySchema). */
export function triggerKey(platform: string, type: string): string {
  return `${platform}_${type === ANY_EVENT ? 'any_event' : type.replace(/[^a-zA-Z0-9]+/g, '_')}`.replace(/_+$/, '');
}

/** Zapier's nested-key separator: output keys are the flattened paths of the item. */
const SEP = '__';

const ZAPIER_TYPES: Partial<Record<EventField['type'], string>> = { string: 'string', integer: 'integer', number: 'number', boolean: 'boolean' };

/** outputFields from the core's field projection: objects flattened to `parent__child`, arrays one field. */
export function outputFields(platform: PlatformId, type: string) {
  return flattenFields(relayEventFields(platform, type), 5).map(({ field, path }) => {
    const zapierType = field.type === 'string' && field.time ? 'datetime' : ZAPIER_TYPES[field.type];
    return { key: path.join(SEP), label: path.length > 1 ? `${path.slice(0, -1).map((p) => p.replace(/_/g, ' ')).join(' › ')} › ${field.label}` : field.label, ...(zapierType ? { type: zapierType } : {}), ...(field.type === 'array' ? { list: true } : {}) };
  });
}

const relay = (z: Z, bundle: Bundle) => relayClient({ url: bundle.authData.relayUrl, apiKey: bundle.authData.apiKey }, zapierTransport(z));

function makeTrigger(platform: PlatformId, spec: EventSpec, any: boolean) {
  const p = getPlatform(platform);
  const type = any ? ANY_EVENT : spec.type;
  const key = triggerKey(platform, type);
  const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);
  const label = any ? `New ${p.name} Event (Any Type)` : `New ${p.name}: ${spec.label.en}`;
  return {
    key,
    noun: any ? `${p.name} Event` : `${p.name} ${spec.label.en}`.slice(0, 255),
    display: {
      label: label.length > 64 ? label.slice(0, 61) + '…' : label,
      description: (any ? `Triggers on every ${p.name} event the Hookline relay receives.` : `Triggers when ${lowerFirst(spec.description.replace(/\.$/, ''))}.`).slice(0, 1000),
      hidden: !any && !spec.important && p.events.length > 20,
    },
    operation: {
      type: 'hook' as const,
      inputFields: [{ key: 'source', label: 'Relay source ID', required: false, helpText: `Only events from this relay source. Leave empty for every ${p.name} source.` }],
      performSubscribe: async (z: Z, bundle: Bundle) => {
        const source = bundle.inputData?.source;
        return relay(z, bundle).subscribe({ url: bundle.targetUrl!, ...(source ? { source } : { platform }), events: [type] });
      },
      performUnsubscribe: async (z: Z, bundle: Bundle) => {
        if (bundle.subscribeData?.id) await relay(z, bundle).unsubscribe(bundle.subscribeData.id);
        return {};
      },
      perform: async (z: Z, bundle: Bundle) => {
        const raw = bundle.rawRequest;
        const secret = bundle.subscribeData?.secret;
        if (!raw || typeof raw.content !== 'string' || !secret) return [];
        const result = receiveRelayed(platform, { headers: raw.headers ?? {}, body: raw.content }, secret);
        if (!result.ok) {
          z.console.log(`Hookline: dropped delivery (${result.error.code})`);
          return [];
        }
        if (!any && result.event.type !== spec.type) return [];
        return [result.event];
      },
      performList: async (z: Z, bundle: Bundle) => {
        try {
          const events = await relay(z, bundle).listEvents({ platform, type: any ? undefined : spec.type, source: bundle.inputData?.source, limit: 3 });
          if (events.length > 0) return events;
        } catch {
          /* relay unreachable: fall back to the sample */
        }
        return [sampleRelayEvent(platform, type)];
      },
      sample: sampleRelayEvent(platform, type),
      outputFields: outputFields(platform, type),
    },
  };
}

export type Trigger = ReturnType<typeof makeTrigger>;

/** Every trigger of the app, from the catalog: one per event plus one "any event" per platform. */
export function buildTriggers(platforms: readonly PlatformId[] = PLATFORM_IDS): Record<string, Trigger> {
  const triggers: Record<string, Trigger> = {};
  for (const platform of platforms) {
    const p = getPlatform(platform);
    for (const spec of p.events) {
      const t = makeTrigger(platform, spec, false);
      triggers[t.key] = t;
    }
    const anyTrigger = makeTrigger(platform, p.anyEvent, true);
    triggers[anyTrigger.key] = anyTrigger;
  }
  return triggers;
}

export const authentication = {
  type: 'custom' as const,
  fields: [
    { key: 'relayUrl', label: 'Relay URL', type: 'string', required: true, helpText: 'Base URL of your Hookline relay, e.g. https://hooks.example.com' },
    { key: 'apiKey', label: 'API Key', type: 'password', required: true, helpText: 'The relay management API key (HOOKLINE_API_KEY).' },
  ],
  test: async (z: Z, bundle: Bundle) => relay(z, bundle).testConnection(),
  connectionLabel: (_z: Z, bundle: Bundle) => String(bundle.authData.relayUrl).replace(/^https?:\/\//, ''),
};
