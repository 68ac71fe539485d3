import type { FastifyInstance } from 'fastify';
import { statsSeries, statsSummary } from '../queries/stats';
import type { RouteContext } from './context';
import { route } from './route';

/** The console's counters and chart. */
export function statsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, 'statsSummary', ctx.management, async ({ query }) => statsSummary(ctx.db, query.since));
  route(app, 'statsSeries', ctx.management, async ({ query }) => statsSeries(ctx.db, query.range ?? 'day', query.source));
}
