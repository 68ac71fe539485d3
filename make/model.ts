import { ANY_EVENT, getPlatform, relayEventFields, relayRoutes, sampleRelayEvent, type EventSpec, type PlatformId } from '../shared';
import { interfaceFromFields } from './interface';
import { appName, componentName } from './names';

/** Every code section of a component, keyed by its API section name (api, parameters, attach, ...). */
export type Sections = Record<string, unknown>;

export interface MakeConnection {
  readonly name: string;
  readonly label: string;
  readonly type: 'basic';
  readonly sections: Sections;
}

export interface MakeWebhook {
  readonly name: string;
  readonly label: string;
  readonly type: 'web';
  readonly connection: string;
  readonly sections: Sections;
}

export interface MakeModule {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly type: 'instant_trigger';
  readonly typeId: 10;
  readonly connection: string;
  readonly webhook: string;
  readonly eventType: string;
  readonly sections: Sections;
}

export interface MakeApp {
  readonly platform: PlatformId;
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly version: 1;
  readonly theme: string;
  readonly language: 'en';
  readonly base: unknown;
  readonly readme: string;
  readonly connection: MakeConnection;
  readonly webhooks: readonly MakeWebhook[];
  readonly modules: readonly MakeModule[];
}

/** Section names per component kind, in the importer's upload order (vscode-apps-sdk AppCommands import). */
export const SECTIONS = {
  connection: ['api', 'parameters'],
  webhook: ['api', 'parameters', 'attach', 'detach', 'scope', 'update'],
  instant_trigger: ['api', 'parameters', 'interface', 'samples'],
} as const;

const THEME = '#2f6fde';

/** A relay route's path as IML, its parameters filled with IML expressions. */
function imlPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => params[name] ?? `{{${name}}}`);
}

function relayBase(): unknown {
  return {
    baseUrl: '{{connection.relayUrl}}',
    headers: { Authorization: 'Bearer {{connection.apiKey}}' },
    response: { error: { message: '[{{statusCode}}] {{body.error.message}}' } },
  };
}

function connectionOf(name: string, platformName: string): MakeConnection {
  return {
    name,
    label: `Hookline relay (${platformName})`,
    type: 'basic',
    sections: {
      // The connection test lists the hooks: it fails on a wrong URL or API key.
      api: { url: `{{parameters.relayUrl}}${relayRoutes.listHooks.path}`, method: relayRoutes.listHooks.method, headers: { Authorization: 'Bearer {{parameters.apiKey}}' }, log: { sanitize: ['request.headers.authorization'] } },
      parameters: [
        { name: 'relayUrl', label: 'Relay URL', type: 'url', required: true, help: 'Base URL of your Hookline relay, e.g. https://hooks.example.com (no trailing slash).' },
        { name: 'apiKey', label: 'API key', type: 'password', required: true, help: 'The relay management API key (HOOKLINE_API_KEY).' },
      ],
    },
  };
}

function webhookOf(platform: PlatformId, event: EventSpec, isAny: boolean, connection: string, platformName: string): MakeWebhook {
  const name = componentName(platform, isAny ? 'any event' : event.type);
  return {
    name,
    label: isAny ? `${platformName}: any event` : `${platformName}: ${event.label.en}`,
    type: 'web',
    connection,
    sections: {
      api: { respond: { type: 'json', status: 200, body: { ok: true } }, output: '{{body}}' },
      parameters: [],
      attach: {
        url: imlPath(relayRoutes.createHook.path),
        method: relayRoutes.createHook.method,
        body: { url: '{{webhook.url}}', platform, events: [isAny ? ANY_EVENT : event.type] },
        response: { data: { hookId: '{{body.id}}' } },
      },
      detach: { url: imlPath(relayRoutes.deleteHook.path, { id: '{{webhook.hookId}}' }), method: relayRoutes.deleteHook.method },
      scope: [],
      update: {},
    },
  };
}

function moduleOf(platform: PlatformId, event: EventSpec, isAny: boolean, webhook: MakeWebhook, connection: string, platformName: string): MakeModule {
  const type = isAny ? ANY_EVENT : event.type;
  return {
    name: componentName('watch', platform, isAny ? 'any event' : event.type),
    label: isAny ? `Watch any ${platformName} event` : `Watch ${event.label.en}`,
    description: isAny ? `Triggers on every ${platformName} event the relay verifies.` : event.description,
    type: 'instant_trigger',
    typeId: 10,
    connection,
    webhook: webhook.name,
    eventType: type,
    sections: {
      api: {},
      parameters: [],
      interface: interfaceFromFields(relayEventFields(platform, type)),
      samples: sampleRelayEvent(platform, type),
    },
  };
}

function readmeOf(platformName: string, description: string): string {
  return [
    `# Hookline for ${platformName}`,
    '',
    description,
    '',
    'Instant triggers for every documented event, delivered by a Hookline relay that verifies each',
    `${platformName} signature before forwarding the normalised event to Make.`,
    '',
    '1. Run a Hookline relay and add a source for this platform (`hookline relay`).',
    '2. Create a connection with the relay URL and its management API key.',
    '3. Add a "Watch …" trigger to a scenario: Make creates the webhook and subscribes it through the relay.',
    '',
  ].join('\n');
}

/** The whole Make app of one platform, from the catalog. */
export function buildMakeApp(platform: PlatformId): MakeApp {
  const spec = getPlatform(platform);
  const name = appName(platform);
  const connection = connectionOf(componentName(platform, 'relay'), spec.name);
  const events: Array<[EventSpec, boolean]> = [...(spec.openEvents ? [] : spec.events.map((e) => [e, false] as [EventSpec, boolean])), [spec.anyEvent, true]];
  const webhooks: MakeWebhook[] = [];
  const modules: MakeModule[] = [];
  for (const [event, isAny] of events) {
    const webhook = webhookOf(platform, event, isAny, connection.name, spec.name);
    webhooks.push(webhook);
    modules.push(moduleOf(platform, event, isAny, webhook, connection.name, spec.name));
  }
  for (const list of [webhooks, modules]) {
    const seen = new Set<string>();
    for (const c of list) {
      if (seen.has(c.name)) throw new Error(`Two ${platform} components would be named "${c.name}"`);
      seen.add(c.name);
    }
  }
  return {
    platform,
    name,
    label: `Hookline ${spec.name}`,
    description: spec.description,
    version: 1,
    theme: THEME,
    language: 'en',
    base: relayBase(),
    readme: readmeOf(spec.name, spec.description),
    connection,
    webhooks,
    modules,
  };
}
