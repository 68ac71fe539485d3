import { HOOK_TOKEN_HEADER, relayRoutes, titleCase, type EventSpec, type PlatformId, type PlatformSpec } from '../shared';
import type { Sections } from './model';

/** A relay route's path as IML, its parameters filled with IML expressions. */
export function imlPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => params[name] ?? `{{${name}}}`);
}

const header = `headers.\`${HOOK_TOKEN_HEADER}\``;

/**
 * Whether a request to the webhook came from the relay: the per-hook token header equals the token attach
 * stored. Make's docs name attach's stored `response.data` `webhook` in detach and RPCs; a component's own
 * data collection is `data` in its own context (connections, modules), so the webhook's is expected as
 * `data` here. Which of the two Make exposes in a webhook's communication is not documented: the check
 * accepts a match with either and refuses when neither holds a token, so it fails closed.
 */
export const AUTHENTIC = `if(data.token, ${header} = data.token, if(webhook.token, ${header} = webhook.token, false))`;

/** The webhook's communication: refuse forgeries (no bundle, 401), output the relayed event as sent. */
export function webhookCommunication(): unknown {
  return {
    condition: `{{${AUTHENTIC}}}`,
    respond: { type: 'json', status: `{{if(${AUTHENTIC}, 200, 401)}}`, body: { accepted: `{{${AUTHENTIC}}}` } },
    output: '{{body}}',
    log: { sanitize: [`request.headers.${HOOK_TOKEN_HEADER}`] },
  };
}

export const LIST_SOURCES_RPC = 'listSources';

function sourceParameter(platform: PlatformSpec): unknown {
  return {
    name: 'source',
    label: 'Source',
    type: 'select',
    required: false,
    options: `rpc://${LIST_SOURCES_RPC}`,
    help: `Only events that arrive on this relay source. Leave it empty for every ${platform.name} source your subscriber key can see.`,
  };
}

function eventsParameter(platform: PlatformSpec): unknown {
  if (platform.openEvents) {
    return {
      name: 'events',
      label: 'Event Types',
      type: 'array',
      required: false,
      spec: { label: 'Event Type', type: 'text' },
      help: 'Event types as the sender names them (e.g. `invoice.paid`; `*` matches any characters, as in `invoice.*`). Leave it empty for every event.',
    };
  }
  return {
    name: 'events',
    label: 'Events',
    type: 'select',
    multiple: true,
    required: false,
    options: platform.events.map((e) => ({ label: titleCase(e.label.en), value: e.type })),
    help: `The ${platform.name} events that start the scenario. Leave it empty for every event, including types added to ${platform.name} later.`,
  };
}

/** A dedicated webhook attached through the relay: `POST /hooks` on creation, `DELETE /hooks/:id` on removal. */
export function webhookSections(platformId: PlatformId, platform: PlatformSpec, event: EventSpec | undefined): Sections {
  const events = event ? [event.type] : '{{ifempty(parameters.events, omit)}}';
  return {
    api: webhookCommunication(),
    parameters: event ? [sourceParameter(platform)] : [sourceParameter(platform), eventsParameter(platform)],
    attach: {
      url: imlPath(relayRoutes.createHook.path),
      method: relayRoutes.createHook.method,
      body: { url: '{{webhook.url}}', platform: platformId, source: '{{ifempty(parameters.source, omit)}}', events },
      response: { data: { hookId: '{{body.id}}', token: '{{body.token}}' } },
      log: { sanitize: ['request.headers.authorization', 'response.body.secret', 'response.body.token'] },
    },
    detach: { url: imlPath(relayRoutes.deleteHook.path, { id: '{{webhook.hookId}}' }), method: relayRoutes.deleteHook.method },
    scope: [],
    update: {},
  };
}
