import type { FastifyInstance } from 'fastify';
import { hookToken, storedSelection } from '../../shared';
import { isAdmin, ownerOf } from '../auth/principal';
import { mayNameSource, ownsHook, platformReachable } from '../auth/scope';
import type { RouteContext } from './context';
import { errorBody, outOfScope } from './errors';
import { route } from './route';
import { withActivity } from '../queries/hooks';

/** REST-hook subscriptions: what Zapier's performSubscribe, Make's attach and n8n's relay mode call. */
export function hookRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store } = ctx;
  const platformOf = async (id: string) => (await store.sources.get(id))?.platform;
  route(app, ctx.access, 'createHook', async ({ body, principal, reply }) => {
    const refusal = ctx.destinations.urlRefusal(new URL(body.url));
    if (refusal) return reply.code(422).send(errorBody('destination_not_allowed', `The relay may not deliver to this URL: ${refusal}`));
    let platform = body.platform ?? null;
    if (body.source) {
      const source = await store.sources.get(body.source);
      if (!mayNameSource(principal, body.source, source)) return reply.code(403).send(outOfScope(`source ${body.source}`));
      if (!source) return reply.code(422).send(errorBody('unknown_source', `No source ${body.source}`));
      if (platform && platform !== source.platform)
        return reply.code(422).send(errorBody('wrong_platform', `Source ${body.source} is a ${source.platform} source`));
      platform = source.platform;
    } else if (platform && !(await platformReachable(principal, platform, platformOf))) {
      return reply.code(403).send(outOfScope(`any ${platform} source`));
    }
    const hook = await store.hooks.create({
      url: body.url,
      source: body.source ?? null,
      platform,
      events: storedSelection(body.events),
      owner: ownerOf(principal),
      scope: isAdmin(principal) ? null : principal.scope,
      concurrency: body.concurrency,
      rateLimit: body.rateLimit,
    });
    return reply.code(201).send({ ...hook, token: hookToken(hook.secret) });
  });
  route(app, ctx.access, 'listHooks', async ({ principal }) => ({
    hooks: await withActivity(ctx.db, await store.hooks.list(isAdmin(principal) ? undefined : principal.id)),
  }));
  route(app, ctx.access, 'getHook', async ({ params, principal, reply }) => {
    const hook = await store.hooks.get(params.id);
    // Another key's hook is answered exactly like a missing one.
    return hook && ownsHook(principal, hook)
      ? (await withActivity(ctx.db, [hook]))[0]
      : reply.code(404).send(errorBody('not_found', 'No such hook'));
  });
  route(app, ctx.access, 'deleteHook', async ({ params, principal, reply }) => {
    const hook = await store.hooks.get(params.id);
    if (hook && ownsHook(principal, hook)) await store.hooks.delete(params.id);
    return reply.code(204).send();
  });
}
