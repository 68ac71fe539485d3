import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';
import { searchEvents } from '../queries/events';

/** The stored events, their replay, and the log of refused deliveries. */
export function eventRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store, fanout } = ctx;
  route(app, 'listEvents', ctx.management, async ({ query }) => searchEvents(ctx.db, { ...query, limit: query.limit ?? 10 }));
  route(app, 'replayEvent', ctx.management, async ({ params, reply }) => {
    const n = await store.replay(params.id);
    if (n === undefined) return reply.code(404).send(errorBody('not_found', 'No such event'));
    fanout.kick();
    return reply.code(202).send({ id: params.id, deliveries: n });
  });
  route(app, 'listRejections', ctx.management, async ({ query }) => ({ rejections: await store.recentRejections(query.limit ?? 50) }));
}
