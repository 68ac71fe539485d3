import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/** Who am I (any key), and subscriber key management (the admin key only). */
export function keyRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { keys, store } = ctx;
  route(app, ctx.access, 'me', async ({ principal }) => principal);
  route(app, ctx.access, 'createKey', async ({ body, reply }) => {
    const sources = [...new Set(body.scope.sources ?? [])];
    const platforms = [...new Set(body.scope.platforms ?? [])];
    for (const id of sources)
      if (!(await store.sources.get(id))) return reply.code(422).send(errorBody('unknown_source', `No source ${id}`));
    return reply.code(201).send(await keys.create({ name: body.name, scope: { sources, platforms } }));
  });
  route(app, ctx.access, 'listKeys', async () => ({ keys: await keys.list() }));
  route(app, ctx.access, 'revokeKey', async ({ params, reply }) => {
    if (!(await keys.revoke(params.id))) return reply.code(404).send(errorBody('not_found', 'No such key'));
    store.hooks.changed(); // its hooks were disabled: the fan-out stops claiming for them now
    return reply.code(204).send();
  });
}
