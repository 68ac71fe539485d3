import type { FastifyInstance } from 'fastify';
import { statsSeries, statsSummary } from '../queries/stats';
import { visibilityOf } from '../queries/visibility';
import type { RouteContext } from './context';
import { route } from './route';

/** The console's counters and chart (a subscriber key: of its scope and its own hooks). */
export function statsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, ctx.access, 'statsSummary', async ({ query, principal }) => statsSummary(ctx.db, query.since, visibilityOf(principal)));
  route(app, ctx.access, 'statsSeries', async ({ query, principal }) =>
    statsSeries(ctx.db, query.range ?? 'day', query.source, visibilityOf(principal)),
  );
}
