import type { FastifyInstance } from 'fastify';
import { getDelivery, listDeliveries, retryDelivery, retryFailed } from '../queries/deliveries';
import { ownerOf, visibilityOf } from '../queries/visibility';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/**
 * Deliveries (one per event and hook) with their attempts, and the retries that repair them. A subscriber
 * key sees and retries only the deliveries to hooks it created.
 */
export function deliveryRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, ctx.authenticate, 'listDeliveries', async ({ query, principal }) => listDeliveries(ctx.db, { ...query, limit: query.limit ?? 50, owner: ownerOf(visibilityOf(principal)) }));
  route(app, ctx.authenticate, 'getDelivery', async ({ params, principal, reply }) => (await getDelivery(ctx.db, params.id, ownerOf(visibilityOf(principal)))) ?? reply.code(404).send(errorBody('not_found', 'No such delivery')));
  route(app, ctx.authenticate, 'retryDelivery', async ({ params, principal, reply }) => {
    const r = await retryDelivery(ctx.db, params.id, ownerOf(visibilityOf(principal)));
    if (!r.ok && r.reason === 'not_found') return reply.code(404).send(errorBody('not_found', 'No such delivery'));
    if (!r.ok) return reply.code(409).send(errorBody('hook_inactive', 'The hook is disabled or deleted: enable it before retrying'));
    ctx.fanout.kick();
    return reply.code(202).send({ id: params.id, status: 'pending' });
  });
  route(app, ctx.authenticate, 'retryDeliveries', async ({ body, principal }) => {
    const result = await retryFailed(ctx.db, { ...body, owner: ownerOf(visibilityOf(principal)) });
    if (result.retried > 0) ctx.fanout.kick();
    return result;
  });
}
