import type { FastifyInstance } from 'fastify';
import { eventDetail } from '../queries/events';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/** GET /events/:id — what arrived (envelope, masked headers) and what became of it (deliveries, attempts). */
export function eventDetailRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, 'getEvent', ctx.management, async ({ params, reply }) => (await eventDetail(ctx.db, params.id)) ?? reply.code(404).send(errorBody('not_found', 'No such event')));
}
