import { relayRoutes } from '../shared';
import type { Sections } from './model';

/**
 * The connection test route: `GET /me` (who the subscriber key is; its name labels the connection),
 * or `GET /hooks` on relays from before subscriber keys, which checks the URL and key just the same.
 */
function testRoute(): { path: string; method: string; hasMe: boolean } {
  const me = (relayRoutes as Record<string, { path: string; method: string } | undefined>)['me'];
  return me ? { ...me, hasMe: true } : { path: relayRoutes.listHooks.path, method: relayRoutes.listHooks.method, hasMe: false };
}

const SANITIZE = ['request.headers.authorization'];
const NOT_A_RELAY =
  'The address did not answer as a Hookline relay: check the relay URL (the public base URL of the relay, without a trailing slash).';
const KEY_REFUSED = 'The relay rejected the subscriber key: ask the relay operator for a key (`hookline keys create`) and paste it again.';

/** Shared by every module, RPC, attach and detach: the relay URL, the key, errors people can act on. */
export function relayBase(): unknown {
  return {
    baseUrl: '{{connection.relayUrl}}',
    headers: { Authorization: 'Bearer {{connection.apiKey}}' },
    response: {
      error: {
        type: 'RuntimeError',
        message: `[{{statusCode}}] {{ifempty(body.error.message, '${NOT_A_RELAY}')}}`,
        '401': { type: 'InvalidAccessTokenError', message: `[401] ${KEY_REFUSED}` },
        '403': {
          type: 'InvalidConfigurationError',
          message: "[403] {{ifempty(body.error.message, 'Forbidden')}}: the subscriber key's scope does not cover this source or platform.",
        },
      },
    },
    log: { sanitize: SANITIZE },
  };
}

export function connectionSections(platformName: string): Sections {
  const route = testRoute();
  return {
    api: {
      url: `{{parameters.relayUrl}}${route.path}`,
      method: route.method,
      headers: { Authorization: 'Bearer {{parameters.apiKey}}' },
      response: {
        metadata: { type: 'text', value: route.hasMe ? '{{ifempty(body.name, body.kind)}}' : '{{parameters.relayUrl}}' },
        error: {
          message: `[{{statusCode}}] {{ifempty(body.error.message, '${NOT_A_RELAY}')}}`,
          '401': { message: `[401] ${KEY_REFUSED}` },
        },
      },
      log: { sanitize: SANITIZE },
    },
    parameters: [
      {
        name: 'relayUrl',
        label: 'Relay URL',
        type: 'url',
        required: true,
        help: `The public address of the Hookline relay that receives your ${platformName} webhooks, e.g. \`https://hooks.example.com\` (no trailing slash). Whoever runs the relay gives it to you.`,
      },
      {
        name: 'apiKey',
        label: 'Subscriber Key',
        type: 'password',
        required: true,
        help: 'A subscriber key of that relay (it starts with `hlsk_`). The relay operator creates one with `hookline keys create`; it is shown once. A key limited to some sources or platforms only sees those.',
      },
    ],
  };
}
