import type { HttpTransport } from '../../shared';

type Z = { request(options: Record<string, unknown>): Promise<{ status: number; data?: unknown; content?: string }> };

/** The core's HTTP transport over Zapier's z.request (which logs, and which Zapier's runtime requires). */
export function zapierTransport(z: Z): HttpTransport {
  return async (req) => {
    const res = await z.request({ method: req.method, url: req.url, headers: req.headers, body: req.body, skipThrowForStatus: true });
    return { status: res.status, body: res.data ?? (res.content ? res.content : undefined) };
  };
}
