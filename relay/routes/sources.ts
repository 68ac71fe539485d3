import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RelaySourceView } from '../../shared';
import { canRegisterWithChatwoot, registerWithChatwoot } from '../chatwoot-registration';
import { ConfigError, parseSource, type SourceConfig } from '../config';
import { newId } from '../ids';
import { sourceView } from '../source-view';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/** Sources: where platforms deliver (one ingest URL each) and how their deliveries are verified. */
export function sourceRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store } = ctx;
  const view = (s: SourceConfig, req: FastifyRequest): RelaySourceView => sourceView(s, req, ctx.publicUrl);

  route(app, 'listSources', ctx.management, async ({ req }) => ({ sources: (await store.listSources()).map((s) => view(s, req)) }));
  route(app, 'createSource', ctx.management, async ({ body, req, reply }) => {
    try {
      const source = parseSource({ ...body, id: body.id ?? newId('src', 18) });
      await store.upsertSource(source);
      return reply.code(201).send(view(source, req));
    } catch (err) {
      if (err instanceof ConfigError) return reply.code(400).send(errorBody('invalid_request', err.message));
      throw err;
    }
  });
  route(app, 'registerChatwoot', ctx.management, async ({ params, req, reply }) => {
    const source = await store.getSource(params.id);
    if (!source) return reply.code(404).send(errorBody('not_found', 'No such source'));
    if (!canRegisterWithChatwoot(source)) {
      return reply.code(400).send(errorBody('invalid_request', 'Only sources of a Chatwoot platform with chatwoot API credentials can register'));
    }
    try {
      const { webhookId } = await registerWithChatwoot(store, source, view(source, req).ingestUrl);
      return reply.code(201).send({ id: source.id, chatwootWebhookId: webhookId });
    } catch (err) {
      return reply.code(502).send(errorBody('chatwoot_error', (err as Error).message));
    }
  });
  route(app, 'deleteSource', ctx.management, async ({ params, reply }) => {
    await store.deleteSource(params.id);
    return reply.code(204).send();
  });
}
