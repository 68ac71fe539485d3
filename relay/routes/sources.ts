import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RelaySourceView } from '../../shared';
import { isAdmin } from '../auth/principal';
import { sourceInScope } from '../auth/scope';
import { canRegisterWithChatwoot, registerWithChatwoot, registrationFailure } from '../chatwoot-registration';
import { ConfigError, parseSource, type SourceConfig } from '../config';
import { newId } from '../ids';
import { sourceView } from '../source-view';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/** Sources: where platforms deliver (one ingest URL each) and how their deliveries are verified. */
export function sourceRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store } = ctx;
  const view = (s: SourceConfig, req: FastifyRequest, operator = true): RelaySourceView => sourceView(s, req, ctx.publicUrl, operator);

  route(app, ctx.access, 'listSources', async ({ req, principal }) => ({
    sources: (await store.sources.list()).filter((s) => sourceInScope(principal, s)).map((s) => view(s, req, isAdmin(principal))),
  }));
  route(app, ctx.access, 'createSource', async ({ body, req, reply }) => {
    let source: SourceConfig;
    try {
      source = parseSource({ ...body, id: body.id ?? newId('src', 18) });
    } catch (err) {
      if (err instanceof ConfigError) return reply.code(400).send(errorBody('invalid_request', err.message));
      throw err;
    }
    const refusal = source.chatwoot && chatwootUrlRefusal(ctx, source.chatwoot.baseUrl);
    if (refusal) return reply.code(422).send(errorBody('destination_not_allowed', `The relay may not call chatwoot.baseUrl: ${refusal}`));
    await store.sources.upsert(source);
    return reply.code(201).send(view(source, req));
  });
  route(app, ctx.access, 'registerChatwoot', async ({ params, req, reply }) => {
    const source = await store.sources.get(params.id);
    if (!source) return reply.code(404).send(errorBody('not_found', 'No such source'));
    if (!canRegisterWithChatwoot(source)) {
      return reply
        .code(400)
        .send(errorBody('invalid_request', 'Only sources of a Chatwoot platform with chatwoot API credentials can register'));
    }
    const refusal = chatwootUrlRefusal(ctx, source.chatwoot.baseUrl);
    if (refusal) return reply.code(422).send(errorBody('destination_not_allowed', `The relay may not call chatwoot.baseUrl: ${refusal}`));
    try {
      const { webhookId } = await registerWithChatwoot(store, source, view(source, req).ingestUrl, ctx.transport);
      return reply.code(201).send({ id: source.id, chatwootWebhookId: webhookId });
    } catch (err) {
      const failure = registrationFailure(err);
      return reply.code(failure.status).send(errorBody(failure.code, failure.message));
    }
  });
  route(app, ctx.access, 'deleteSource', async ({ params, reply }) => {
    await store.sources.delete(params.id);
    return reply.code(204).send();
  });
}

/** A Chatwoot base URL that is not an http(s) URL, or whose literal host the relay may not call. */
function chatwootUrlRefusal(ctx: RouteContext, baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'not an http or https URL';
  return ctx.destinations.urlRefusal(url);
}
