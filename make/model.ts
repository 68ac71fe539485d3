import { ANY_EVENT, getPlatform, relayEventFields, sampleRelayEvent, findEvent, type EventSpec, type PlatformId } from '../shared';
import { connectionSections, relayBase } from './connection';
import { moduleGroups, type MakeGroup } from './groups';
import { interfaceFromFields } from './interface';
import { appName, componentName } from './names';
import { listSourcesSections } from './rpc';
import { universalSections } from './universal';
import { LIST_SOURCES_RPC, webhookSections } from './webhooks';
import {
  UNIVERSAL_DESCRIPTION,
  UNIVERSAL_LABEL,
  WATCH_EVENTS_LABEL,
  watchDescription,
  watchEventsDescription,
  watchLabel,
} from './wording';

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

export interface MakeRpc {
  readonly name: string;
  readonly label: string;
  readonly connection: string;
  readonly sections: Sections;
}

interface ModuleBase {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly connection: string;
  readonly sections: Sections;
}

export interface MakeInstantTrigger extends ModuleBase {
  readonly type: 'instant_trigger';
  readonly typeId: 10;
  readonly webhook: string;
  /** The catalog type it watches, or ANY_EVENT for "Watch Events". */
  readonly eventType: string;
}

export interface MakeUniversalModule extends ModuleBase {
  readonly type: 'universal';
  readonly typeId: 12;
}

export type MakeModule = MakeInstantTrigger | MakeUniversalModule;

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
  readonly rpcs: readonly MakeRpc[];
  readonly webhooks: readonly MakeWebhook[];
  readonly modules: readonly MakeModule[];
  readonly groups: readonly MakeGroup[] | null;
}

/** Section names per component kind, in the importer's upload order (vscode-apps-sdk AppCommands import). */
export const SECTIONS = {
  connection: ['api', 'parameters'],
  rpc: ['api', 'parameters'],
  webhook: ['api', 'parameters', 'attach', 'detach', 'scope', 'update'],
  instant_trigger: ['api', 'parameters', 'interface', 'samples'],
  universal: ['api', 'parameters', 'expect', 'interface', 'samples', 'scope'],
} as const;

const THEME = '#2f6fde';

export const isInstantTrigger = (m: MakeModule): m is MakeInstantTrigger => m.type === 'instant_trigger';

function readmeOf(platformName: string): string {
  return [
    `# ${platformName} by Hookline`,
    '',
    `Start scenarios the moment ${platformName} sends a webhook. A Hookline relay receives ${platformName}'s`,
    'webhooks, checks their signature, stores them and forwards each event to the scenarios that watch it;',
    'every forwarded request carries a token this app checks, so requests from anyone else are refused.',
    '',
    '1. Get the relay URL and a subscriber key from whoever runs your Hookline relay.',
    `2. Add a "Watch …" module to a scenario and create a connection with them.`,
    '3. Create a webhook in the module (pick a source if the relay has several): Make subscribes it at the',
    '   relay at once. Turn the scenario on to start processing events.',
    '',
    '"Watch Events" takes every event, or the ones you pick; the other modules take one event each. "Make',
    'an API Call" calls the relay API with your connection (e.g. `/events` for recent events).',
    '',
  ].join('\n');
}

/** The whole Make app of one platform, from the catalog. */
export function buildMakeApp(platform: PlatformId): MakeApp {
  const spec = getPlatform(platform);
  const connection: MakeConnection = {
    name: componentName(platform, 'relay'),
    label: `${spec.name} (Hookline relay)`,
    type: 'basic',
    sections: connectionSections(spec.name),
  };
  const rpc: MakeRpc = {
    name: LIST_SOURCES_RPC,
    label: 'List Sources',
    connection: connection.name,
    sections: listSourcesSections(platform),
  };
  const webhooks: MakeWebhook[] = [];
  const modules: MakeModule[] = [];
  const perEvent: { event: EventSpec; module: string }[] = [];

  const watch = (event: EventSpec | undefined) => {
    const type = event ? event.type : ANY_EVENT;
    const webhook: MakeWebhook = {
      name: componentName(platform, event ? event.type : 'any event'),
      label: `${spec.name}: ${event ? watchLabel(event).replace(/^Watch /, '') : 'Events'}`,
      type: 'web',
      connection: connection.name,
      sections: webhookSections(platform, spec, event),
    };
    const sample = sampleRelayEvent(platform, type);
    const fieldsType = event ? type : findEvent(platform, sample.type) ? sample.type : ANY_EVENT;
    const module: MakeInstantTrigger = {
      name: componentName('watch', platform, event ? event.type : 'any event'),
      label: event ? watchLabel(event) : WATCH_EVENTS_LABEL,
      description: event ? watchDescription(spec, event) : watchEventsDescription(spec),
      type: 'instant_trigger',
      typeId: 10,
      connection: connection.name,
      webhook: webhook.name,
      eventType: type,
      sections: { api: {}, parameters: [], interface: interfaceFromFields(relayEventFields(platform, fieldsType)), samples: sample },
    };
    webhooks.push(webhook);
    modules.push(module);
    if (event) perEvent.push({ event, module: module.name });
    return module;
  };

  const watchAll = watch(undefined);
  if (!spec.openEvents) spec.events.forEach((e) => watch(e));
  const universal: MakeUniversalModule = {
    name: 'makeApiCall',
    label: UNIVERSAL_LABEL,
    description: UNIVERSAL_DESCRIPTION,
    type: 'universal',
    typeId: 12,
    connection: connection.name,
    sections: universalSections(),
  };
  modules.push(universal);

  for (const list of [webhooks, modules]) {
    const seen = new Set<string>();
    for (const c of list) {
      if (seen.has(c.name)) throw new Error(`Two ${platform} components would be named "${c.name}"`);
      seen.add(c.name);
    }
  }
  return {
    platform,
    name: appName(platform),
    label: `${spec.name} by Hookline`,
    description: `Instant triggers for ${spec.name} webhooks, verified and delivered by a Hookline relay.`,
    version: 1,
    theme: THEME,
    language: 'en',
    base: relayBase(),
    readme: readmeOf(spec.name),
    connection,
    rpcs: [rpc],
    webhooks,
    modules,
    groups: moduleGroups(watchAll.name, perEvent, [universal.name]),
  };
}
