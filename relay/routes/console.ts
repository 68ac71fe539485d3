import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleAssets, ConsoleFile } from '../console-assets';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/**
 * Only the relay's own origin, nothing inline, nothing framed, no form posts; trusted types so no code
 * can write HTML from a string. The key travels in an Authorization header from script, never a cookie.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

function send(req: FastifyRequest, reply: FastifyReply, file: ConsoleFile, cache: string) {
  void reply
    .headers(SECURITY_HEADERS)
    .header('content-type', file.type)
    .header('cache-control', cache)
    .header('etag', file.etag)
    .header('vary', 'accept-encoding');
  if (req.headers['if-none-match'] === file.etag) return reply.code(304).send();
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(file.gzip());
  return reply.send(file.body);
}

/** GET /console and its assets, from the built console loaded at start (503 when none was built). */
export function consoleRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const assets: ConsoleAssets | undefined = ctx.console;
  const missing = (reply: FastifyReply) =>
    reply
      .code(503)
      .headers(SECURITY_HEADERS)
      .send(errorBody('console_not_built', 'This relay has no built console: run npm run build (or npm start from a source tree)'));
  route(app, ctx.access, 'console', async ({ req, reply }) => (assets ? send(req, reply, assets.index, 'no-cache') : missing(reply)));
  route(app, ctx.access, 'consoleAsset', async ({ params, req, reply }) => {
    const file = assets?.assets.get(params.file);
    if (!file) return reply.code(404).headers(SECURITY_HEADERS).send(errorBody('not_found', 'No such console file'));
    return send(req, reply, file, 'public, max-age=31536000, immutable');
  });
}
