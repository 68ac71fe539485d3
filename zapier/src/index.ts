import zapier from 'zapier-platform-core';
import { PLATFORMS, PLATFORM_IDS, eventJsonSchema, findEvent, getPlatform, receive } from '../../shared';
import type { EventSpec, PlatformId } from '../../shared';
import { outputFieldsFromSchema } from './fields';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require('../package.json') as { version: string };

type Z = any; // zapier-platform-core's z object
type Bundle = any;

const base = (bundle: Bundle): string => String(bundle.authData.relayUrl).replace(/\/+$/, '');
const auth = (bundle: Bundle) => ({ Authorization: `Bearer ${bundle.authData.apiKey}` });

/** Trigger key: letters, digits and `_`, starting with a letter (Zapier's KeySchema). */
export function triggerKey(platform: string, type: string): string {
  return `${platform}_${type === '*' ? 'any_event' : type.replace(/[^a-zA-Z0-9]+/g, '_')}`.replace(/_+$/, '');
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

/** The item Zapier sees: the relay's normalised event with a unique `id` (the relay event id). */
function toItem(event: Record<string, unknown>) {
  return { ...event, id: String(event.id) };
}

function makeTrigger(platform: PlatformId, spec: EventSpec, any: boolean) {
  const p = getPlatform(platform);
  const type = any ? '*' : spec.type;
  const key = triggerKey(platform, type);
  const sample = toItem({ id: `evt_sample_${key}`, platform, source: 'sample', type: any ? (p.events[0]?.type ?? 'event') : spec.type,
    occurredAt: '2026-01-01T00:00:00.000Z', receivedAt: '2026-01-01T00:00:00.000Z', deliveryId: 'sample', data: spec.sample });
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
      inputFields: [{ key: 'source', label: 'Relay source ID', required: false,
        helpText: `Only events from this relay source. Leave empty for every ${p.name} source.` }],
      performSubscribe: async (z: Z, bundle: Bundle) => {
        const source = bundle.inputData?.source;
        const response = await z.request({ method: 'POST', url: `${base(bundle)}/hooks`, headers: auth(bundle),
          body: { url: bundle.targetUrl, ...(source ? { source } : { platform }), events: any ? ['*'] : [spec.type] } });
        return response.data; // { id, secret, … } → bundle.subscribeData
      },
      performUnsubscribe: async (z: Z, bundle: Bundle) => {
        const id = bundle.subscribeData?.id;
        if (!id) return {};
        const response = await z.request({ method: 'DELETE', url: `${base(bundle)}/hooks/${encodeURIComponent(id)}`,
          headers: auth(bundle), skipThrowForStatus: true });
        if (response.status >= 400 && response.status !== 404 && response.status !== 410) response.throwForStatus();
        return {};
      },
      perform: async (z: Z, bundle: Bundle) => {
        const raw = bundle.rawRequest;
        const secret = bundle.subscribeData?.secret;
        if (!raw || typeof raw.content !== 'string' || !secret) return [];
        const result = receive('standard', { headers: raw.headers ?? {}, body: raw.content }, { secrets: [secret] });
        if (!result.ok) { z.console.log(`Hookline: dropped delivery (${result.error.code})`); return []; }
        const event = result.event.data as Record<string, unknown>;
        if (!event || event.platform !== platform || typeof event.id !== 'string') return [];
        if (!any && event.type !== spec.type) return [];
        const known = findEvent(platform, String(event.type));
        const schema = known?.schema ?? (p.openEvents ? p.anyEvent.schema : undefined);
        if (!schema || !schema.safeParse(event.data).success) { z.console.log('Hookline: payload failed the catalog schema'); return []; }
        return [toItem(event)];
      },
      performList: async (z: Z, bundle: Bundle) => {
        const params: Record<string, string> = { platform, limit: '3' };
        if (!any) params.type = spec.type;
        if (bundle.inputData?.source) params.source = bundle.inputData.source;
        try {
          const response = await z.request({ url: `${base(bundle)}/events`, params, headers: auth(bundle), skipThrowForStatus: true });
          const events = response.status === 200 ? (response.data?.events as Record<string, unknown>[] | undefined) : undefined;
          if (events && events.length > 0) return events.map(toItem);
        } catch { /* relay unreachable: fall back to the sample */ }
        return [sample];
      },
      sample,
      outputFields: [
        { key: 'id', label: 'Event ID' }, { key: 'platform', label: 'Platform' }, { key: 'source', label: 'Source' },
        { key: 'type', label: 'Event Type' }, { key: 'occurredAt', label: 'Occurred At', type: 'datetime' },
        { key: 'receivedAt', label: 'Received At', type: 'datetime' }, { key: 'deliveryId', label: 'Delivery ID' },
        ...outputFieldsFromSchema(eventJsonSchema(platform, type) as Record<string, unknown> | undefined),
      ],
    },
  };
}

export const triggers: Record<string, ReturnType<typeof makeTrigger>> = {};
for (const platform of PLATFORM_IDS) {
  const p = PLATFORMS[platform] as unknown as { events: readonly EventSpec[]; anyEvent: EventSpec };
  for (const spec of p.events) { const t = makeTrigger(platform, spec, false); triggers[t.key] = t; }
  const anyTrigger = makeTrigger(platform, p.anyEvent, true); triggers[anyTrigger.key] = anyTrigger;
}

const App = {
  version: packageJson.version,
  platformVersion: zapier.version,
  authentication: {
    type: 'custom' as const,
    fields: [
      { key: 'relayUrl', label: 'Relay URL', type: 'string', required: true, helpText: 'Base URL of your Hookline relay, e.g. https://hooks.example.com' },
      { key: 'apiKey', label: 'API Key', type: 'password', required: true, helpText: 'The relay management API key (HOOKLINE_API_KEY).' },
    ],
    test: async (z: Z, bundle: Bundle) => (await z.request({ url: `${base(bundle)}/hooks`, headers: auth(bundle) })).data,
    connectionLabel: (z: Z, bundle: Bundle) => String(bundle.authData.relayUrl).replace(/^https?:\/\//, ''),
  },
  triggers,
  searches: {},
  creates: {},
};

export default App;
