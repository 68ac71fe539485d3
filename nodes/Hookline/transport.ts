import type { IHookFunctions, IHttpRequestMethods } from 'n8n-workflow';
import type { HttpTransport } from '../../shared';

/** The core's injected HTTP transport, over n8n's own request helper (resolves on 4xx/5xx). */
export function n8nTransport(ctx: Pick<IHookFunctions, 'helpers'>): HttpTransport {
  return async (req) => {
    const res = (await ctx.helpers.httpRequest({
      method: req.method as IHttpRequestMethods,
      url: req.url,
      headers: req.headers,
      body: req.body as object | undefined,
      json: true,
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
    })) as { statusCode: number; body: unknown };
    return { status: res.statusCode, body: res.body };
  };
}
