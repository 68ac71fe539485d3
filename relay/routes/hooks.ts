import type { FastifyInstance } from 'fastify';
import { hookToken, storedSelection } from '../../shared';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';
import { withActivity } from '../queries/hooks';

/** REST-hook subscriptions: what Zapier's performSubscribe, Make's attach and n8n's relay mode call. */
export function hookRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store } = ctx;
  route(app, 'createHook', ctx.management, async ({ body, reply }) => {
    let platform = body.platform ?? null;
    if (body.source) {
      const source = await store.getSource(body.source);
      if (!source) return reply.code(422).send(errorBody('unknown_source', `No source ${body.source}`));
      if (platform && platform !== source.platform) return reply.code(422).send(errorBody('wrong_platform', `Source ${body.source} is a ${source.platform} source`));
      platform = source.platform;
    }
    const hook = await store.createHook({ url: body.url, source: body.source ?? null, platform, events: storedSelection(body.events) });
    return reply.code(201).send({ ...hook, token: hookToken(hook.secret) });
  });
  route(app, 'listHooks', ctx.management, async () => ({ hooks: await withActivity(ctx.db, await store.listHooks()) }));
  route(app, 'getHook', ctx.management, async ({ params, reply }) => {
    const hook = await store.getHook(params.id);
    return hook ? (await withActivity(ctx.db, [hook]))[0] : reply.code(404).send(errorBody('not_found', 'No such hook'));
  });
  route(app, 'deleteHook', ctx.management, async ({ params, reply }) => {
    await store.deleteHook(params.id);
    return reply.code(204).send();
  });
}
