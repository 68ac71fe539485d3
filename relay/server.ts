import { timingSafeEqual, createHash } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { isPlatformId, receive, type PlatformId } from '../shared';
import { registerWithChatwoot } from './chatwoot-registration';
import { ConfigError, parseSource } from './config';
import type { Fanout } from './fanout';
import { newId } from './ids';
import type { NormalisedEvent, Store } from './store';

export interface ServerOptions {
  readonly store: Store;
  readonly fanout: Fanout;
  readonly apiKey: string;
  readonly maxBodyBytes: number;
  /** Public base URL for ingest links (default: the request's host). */
  readonly publicUrl?: string;
}

const sha = (s: string) => createHash('sha256').update(s).digest();

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const { store, fanout } = options;
  const app = Fastify({ logger: false, bodyLimit: options.maxBodyBytes, return503OnClosing: true });
  const apiKeyDigest = sha(options.apiKey);

  // Ingest needs the exact bytes: every content type arrives as a Buffer, parsed only by receive().
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(errorBody('body_too_large', `Body exceeds ${options.maxBodyBytes} bytes`));
    if (status >= 400 && status < 500) return reply.code(status).send(errorBody('invalid_request', err.message));
    return reply.code(500).send(errorBody('internal_error', 'Internal error'));
  });

  const json = (req: FastifyRequest): Record<string, unknown> | undefined => {
    const raw = req.body;
    if (!Buffer.isBuffer(raw) || raw.length === 0) return undefined;
    try {
      const v = JSON.parse(raw.toString('utf8')) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };

  const authorised = async (req: FastifyRequest, reply: FastifyReply) => {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!m || !timingSafeEqual(sha(m[1]!.trim()), apiKeyDigest)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send(errorBody('unauthorized', 'A valid Authorization: Bearer <api key> header is required'));
    }
  };

  app.get('/', async () => ({ ok: true, name: 'hookline-relay', deliveries: await store.deliveryStats() }));

  app.post<{ Params: { sourceId: string } }>('/in/:sourceId', async (req, reply) => {
    const source = await store.getSource(req.params.sourceId);
    if (!source) return reply.code(404).send(errorBody('unknown_source', 'No such source'));
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = receive(source.platform, { headers: req.headers, body }, {
      secrets: source.secrets,
      toleranceSeconds: source.toleranceSeconds,
      onInvalidPayload: source.onInvalidPayload,
      tokenHeader: source.tokenHeader,
      allowUnsigned: source.allowUnsigned,
      maxBodyBytes: options.maxBodyBytes,
    });
    if (!result.ok) {
      await store.logRejection(source.id, result.error.code, result.error.status, result.error.message);
      return reply.code(result.error.status).send({ error: { code: result.error.code, message: result.error.message, issues: result.error.issues } });
    }
    const e = result.event;
    const event: NormalisedEvent = { id: newId('evt'), platform: e.platform, source: source.id, type: e.type, occurredAt: e.occurredAt, receivedAt: e.receivedAt, deliveryId: e.deliveryId, data: e.data };
    const stored = await store.ingest(event);
    if (stored.deliveries > 0) fanout.kick();
    return reply.code(stored.duplicate ? 200 : 202).send({ id: stored.id, duplicate: stored.duplicate });
  });

  app.register(async (api) => {
    api.addHook('onRequest', authorised);

    api.post('/hooks', async (req, reply) => {
      const b = json(req);
      const url = b?.['url'];
      if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) return reply.code(400).send(errorBody('invalid_request', 'url must be an http(s) URL'));
      const source = typeof b?.['source'] === 'string' ? b['source'] : null;
      let platform = typeof b?.['platform'] === 'string' ? b['platform'] : null;
      if (source) {
        const s = await store.getSource(source);
        if (!s) return reply.code(422).send(errorBody('unknown_source', `No source ${source}`));
        platform = platform ?? s.platform;
      }
      if (!source && !platform) return reply.code(400).send(errorBody('invalid_request', 'Give a source or a platform'));
      if (platform && !isPlatformId(platform)) return reply.code(422).send(errorBody('unknown_platform', `Unknown platform ${platform}`));
      const rawEvents = b?.['events'] ?? [];
      if (!Array.isArray(rawEvents) || !rawEvents.every((x) => typeof x === 'string')) return reply.code(400).send(errorBody('invalid_request', 'events must be an array of event types'));
      const events = (rawEvents as string[]).includes('*') ? [] : [...new Set(rawEvents as string[])];
      const hook = await store.createHook({ url, source, platform: platform as PlatformId | null, events });
      return reply.code(201).send(hook);
    });
    api.get('/hooks', async () => ({ hooks: await store.listHooks() }));
    api.get<{ Params: { id: string } }>('/hooks/:id', async (req, reply) => {
      const hook = await store.getHook(req.params.id);
      return hook ?? reply.code(404).send(errorBody('not_found', 'No such hook'));
    });
    api.delete<{ Params: { id: string } }>('/hooks/:id', async (req, reply) => {
      await store.deleteHook(req.params.id);
      return reply.code(204).send();
    });

    api.get<{ Querystring: { platform?: string; type?: string; source?: string; limit?: string } }>('/events', async (req) => {
      const limit = Math.min(100, Math.max(1, Number(req.query.limit ?? 10) || 10));
      return { events: await store.recentEvents({ platform: req.query.platform, type: req.query.type, source: req.query.source, limit }) };
    });
    api.post<{ Params: { id: string } }>('/events/:id/replay', async (req, reply) => {
      const n = await store.replay(req.params.id);
      if (n === undefined) return reply.code(404).send(errorBody('not_found', 'No such event'));
      fanout.kick();
      return reply.code(202).send({ id: req.params.id, deliveries: n });
    });
    api.get<{ Querystring: { limit?: string } }>('/rejections', async (req) => ({ rejections: await store.recentRejections(Math.min(200, Number(req.query.limit ?? 50) || 50)) }));

    const view = (s: { id: string; platform: string }, req: FastifyRequest) => ({ id: s.id, platform: s.platform, ingestUrl: `${options.publicUrl ?? `${req.protocol}://${req.headers.host}`}/in/${s.id}` });
    api.get('/sources', async (req) => ({ sources: (await store.listSources()).map((s) => view(s, req)) }));
    api.post('/sources', async (req, reply) => {
      const b = json(req) ?? {};
      try {
        const source = parseSource({ ...b, id: typeof b['id'] === 'string' ? b['id'] : newId('src', 18) });
        await store.upsertSource(source);
        return reply.code(201).send(view(source, req));
      } catch (err) {
        if (err instanceof ConfigError) return reply.code(400).send(errorBody('invalid_request', err.message));
        throw err;
      }
    });
    api.post<{ Params: { id: string } }>('/sources/:id/register-chatwoot', async (req, reply) => {
      const source = await store.getSource(req.params.id);
      if (!source) return reply.code(404).send(errorBody('not_found', 'No such source'));
      if (source.platform !== 'conversa' || !source.chatwoot) return reply.code(400).send(errorBody('invalid_request', 'Only conversa sources with chatwoot API credentials can register'));
      try {
        const { webhookId } = await registerWithChatwoot(store, source, view(source, req).ingestUrl);
        return reply.code(201).send({ id: source.id, chatwootWebhookId: webhookId });
      } catch (err) {
        return reply.code(502).send(errorBody('chatwoot_error', (err as Error).message));
      }
    });
    api.delete<{ Params: { id: string } }>('/sources/:id', async (req, reply) => {
      await store.deleteSource(req.params.id);
      return reply.code(204).send();
    });
  });

  return app;
}
