import type { FastifyInstance } from 'fastify';
import { getDelivery, listDeliveries, retryDelivery, retryFailed } from '../queries/deliveries';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/** Deliveries (one per event and hook) with their attempts, and the retries that repair them. */
export function deliveryRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, 'listDeliveries', ctx.management, async ({ query }) => listDeliveries(ctx.db, { ...query, limit: query.limit ?? 50 }));
  route(app, 'getDelivery', ctx.management, async ({ params, reply }) => (await getDelivery(ctx.db, params.id)) ?? reply.code(404).send(errorBody('not_found', 'No such delivery')));
  route(app, 'retryDelivery', ctx.management, async ({ params, reply }) => {
    const r = await retryDelivery(ctx.db, params.id);
    if (!r.ok && r.reason === 'not_found') return reply.code(404).send(errorBody('not_found', 'No such delivery'));
    if (!r.ok) return reply.code(409).send(errorBody('hook_inactive', 'The hook is disabled or deleted: enable it before retrying'));
    ctx.fanout.kick();
    return reply.code(202).send({ id: params.id, status: 'pending' });
  });
  route(app, 'retryDeliveries', ctx.management, async ({ body }) => {
    const result = await retryFailed(ctx.db, body);
    if (result.retried > 0) ctx.fanout.kick();
    return result;
  });
}
