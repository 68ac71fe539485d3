import { KEY_HELP, relayConnection, relayHost } from './errors';
import { withRelay } from './relay';
import { zapierTransport } from './transport';
import type { Bundle, Z } from './types';

/** Who the connection's key is, as the relay's `GET /me` tells (subscriber keys; see docs/relay-api.md). */
export interface WhoAmI {
  readonly kind: string;
  readonly name?: string;
  readonly scope?: { readonly sources?: readonly string[]; readonly platforms?: readonly string[] };
  readonly host: string;
}

const ME_PATH = '/me';

/**
 * The connection test: `GET /me`. A relay from before subscriber keys answers 404 there; its hook listing
 * checks the URL and key instead (kept only until every relay has `/me`).
 */
export async function testConnection(z: Z, bundle: Bundle): Promise<WhoAmI> {
  const host = relayHost(bundle);
  return withRelay(z, bundle, async (relay) => {
    const { url, apiKey } = relayConnection(bundle);
    const res = await zapierTransport(z)({
      method: 'GET',
      url: `${url}${ME_PATH}`,
      headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
    });
    if (res.status === 404) {
      await relay.testConnection();
      return { kind: 'key', host };
    }
    const me = res.body as Partial<WhoAmI> | undefined;
    if (res.status !== 200 || !me || typeof me.kind !== 'string') {
      throw new z.errors.Error(
        `The address ${host} answered HTTP ${res.status} but not as a Hookline relay. Check the relay URL.`,
        'unexpected_response',
        res.status,
      );
    }
    return { kind: me.kind, ...(typeof me.name === 'string' ? { name: me.name } : {}), ...(me.scope ? { scope: me.scope } : {}), host };
  });
}

/** Tells connections apart: the key's name on the relay, then the relay's host. */
export async function connectionLabel(_z: Z, bundle: { inputData?: Partial<WhoAmI> }): Promise<string> {
  const me = bundle.inputData ?? {};
  const who = me.name ?? (me.kind === 'admin' ? 'admin key' : undefined);
  return who ? `${who} @ ${me.host ?? 'relay'}` : (me.host ?? 'Hookline relay');
}

export function authentication(platformName: string) {
  return {
    type: 'custom' as const,
    fields: [
      {
        key: 'relayUrl',
        label: 'Relay URL',
        type: 'string' as const,
        required: true,
        helpText: `The public address of the Hookline relay that receives your ${platformName} webhooks, e.g. \`https://hooks.example.com\`. Whoever runs the relay gives it to you.`,
      },
      {
        key: 'apiKey',
        label: 'Subscriber Key',
        type: 'password' as const,
        required: true,
        helpText: `A subscriber key of that relay (it starts with \`hlsk_\`). ${KEY_HELP} A key limited to some sources or platforms only sees those.`,
      },
    ],
    test: testConnection,
    connectionLabel,
  };
}
