import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/** The stored events, their replay, and the log of refused deliveries. */
export function eventRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store, fanout } = ctx;
  // The stored JSON goes out as it is: a payload is never parsed and re-serialised for a listing.
  route(app, 'listEvents', ctx.management, async ({ query, reply }) => {
    const events = await store.events.recentJson({ platform: query.platform, type: query.type, source: query.source, limit: query.limit ?? 10 });
    return reply.type('application/json; charset=utf-8').send(`{"events":${events}}`);
  });
  route(app, 'replayEvent', ctx.management, async ({ params, reply }) => {
    const queued = await store.events.replay(params.id);
    if (queued === undefined) return reply.code(404).send(errorBody('not_found', 'No such event'));
    fanout.kick();
    return reply.code(202).send({ id: params.id, deliveries: queued.deliveries });
  });
  route(app, 'listRejections', ctx.management, async ({ query }) => ({ rejections: await store.rejections.recent(query.limit ?? 50) }));
}
