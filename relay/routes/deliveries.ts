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
  route(app, ctx.access, 'listDeliveries', async ({ query, principal }) =>
    listDeliveries(ctx.db, { ...query, limit: query.limit ?? 50, owner: ownerOf(visibilityOf(principal)) }),
  );
  route(
    app,
    ctx.access,
    'getDelivery',
    async ({ params, principal, reply }) =>
      (await getDelivery(ctx.db, params.id, ownerOf(visibilityOf(principal)))) ??
      reply.code(404).send(errorBody('not_found', 'No such delivery')),
  );
  route(app, ctx.access, 'retryDelivery', async ({ params, principal, reply }) => {
    const r = await retryDelivery(ctx.db, params.id, ownerOf(visibilityOf(principal)));
    if (!r.ok && r.reason === 'not_found') return reply.code(404).send(errorBody('not_found', 'No such delivery'));
    if (!r.ok) return reply.code(409).send(errorBody('hook_inactive', 'The hook is disabled or deleted: enable it before retrying'));
    ctx.fanout.probeNow(r.hookId);
    return reply.code(202).send({ id: params.id, status: 'pending' });
  });
  route(app, ctx.access, 'retryDeliveries', async ({ body, principal }) => {
    const { hookIds, ...result } = await retryFailed(ctx.db, { ...body, owner: ownerOf(visibilityOf(principal)) });
    for (const hookId of hookIds) ctx.fanout.probeNow(hookId);
    return result;
  });
}
