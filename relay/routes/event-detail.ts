import type { FastifyInstance } from 'fastify';
import { eventDetail } from '../queries/events';
import { visibilityOf } from '../queries/visibility';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/**
 * GET /events/:id — what arrived (envelope, masked headers) and what became of it (deliveries, attempts).
 * An event outside a subscriber key's scope is answered like a missing one.
 */
export function eventDetailRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, ctx.authenticate, 'getEvent', async ({ params, principal, reply }) => (await eventDetail(ctx.db, params.id, visibilityOf(principal))) ?? reply.code(404).send(errorBody('not_found', 'No such event')));
}
