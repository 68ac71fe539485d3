import type { HttpTransport } from '../../shared';

export interface RelayConnection {
  readonly url: string;
  readonly apiKey: string;
}

/** The relay's REST-hook subscription API (docs/relay-api.md). */
export function relayHooks(conn: RelayConnection, transport: HttpTransport) {
  const base = conn.url.replace(/\/+$/, '');
  const headers = { Authorization: `Bearer ${conn.apiKey}`, 'Content-Type': 'application/json' };
  return {
    async subscribe(input: { url: string; platform: string; events: readonly string[] }): Promise<{ id: string; secret: string }> {
      const res = await transport({ method: 'POST', url: `${base}/hooks`, headers, body: input });
      const body = res.body as { id?: unknown; secret?: unknown; error?: { message?: string } };
      if (res.status !== 201 || typeof body?.id !== 'string' || typeof body.secret !== 'string') {
        throw new Error(`Hookline relay refused the subscription (${res.status}${body?.error?.message ? `: ${body.error.message}` : ''})`);
      }
      return { id: body.id, secret: body.secret };
    },
    async exists(id: string): Promise<boolean> {
      const res = await transport({ method: 'GET', url: `${base}/hooks/${encodeURIComponent(id)}`, headers });
      return res.status === 200 && (res.body as { status?: string })?.status === 'active';
    },
    async unsubscribe(id: string): Promise<void> {
      const res = await transport({ method: 'DELETE', url: `${base}/hooks/${encodeURIComponent(id)}`, headers });
      if (res.status >= 300 && res.status !== 404) throw new Error(`Hookline relay could not delete the subscription (${res.status})`);
    },
  };
}
