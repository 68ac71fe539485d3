import type { HttpTransport } from '../../shared';
import type { Z } from './types';

/** The core's HTTP transport over Zapier's z.request (which logs, scrubs the key, and runs afterResponse). */
export function zapierTransport(z: Pick<Z, 'request'>): HttpTransport {
  return async (req) => {
    const res = await z.request({ method: req.method, url: req.url, headers: req.headers, body: req.body, skipThrowForStatus: true });
    return { status: res.status, body: res.data ?? (res.content ? res.content : undefined) };
  };
}
