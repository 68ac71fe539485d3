import type { FastifyInstance } from 'fastify';
import { eventDetailJson } from '../queries/events';
import { visibilityOf } from '../queries/visibility';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/**
 * GET /events/:id — what arrived (envelope, masked headers) and what became of it (deliveries, attempts).
 * An event outside a subscriber key's scope is answered like a missing one.
 */
export function eventDetailRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, ctx.access, 'getEvent', async ({ params, principal, reply }) => {
    // The stored event goes out as it is, like a listing (store/event-body.ts).
    const detail = await eventDetailJson(ctx.db, params.id, visibilityOf(principal));
    if (detail === undefined) return reply.code(404).send(errorBody('not_found', 'No such event'));
    return reply.type('application/json; charset=utf-8').send(detail);
  });
}
