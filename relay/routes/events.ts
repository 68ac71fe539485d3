import type { FastifyInstance } from 'fastify';
import { isAdmin } from '../auth/principal';
import { mayNameSource, sourceInScope } from '../auth/scope';
import { searchEvents } from '../queries/events';
import { visibilityOf } from '../queries/visibility';
import type { RouteContext } from './context';
import { errorBody, outOfScope } from './errors';
import { route } from './route';

/** The stored events, their replay, and the log of refused deliveries. */
export function eventRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store, fanout } = ctx;
  route(app, ctx.authenticate, 'listEvents', async ({ query, principal, reply }) => {
    if (query.source !== undefined && !mayNameSource(principal, query.source, await store.getSource(query.source))) {
      return reply.code(403).send(outOfScope(`source ${query.source}`));
    }
    return searchEvents(ctx.db, { ...query, limit: query.limit ?? 10, visibility: visibilityOf(principal) });
  });
  route(app, ctx.authenticate, 'replayEvent', async ({ params, principal, reply }) => {
    const stored = await store.getEvent(params.id);
    // An event outside a subscriber's scope is answered like a missing one; it replays to its own hooks only.
    if (!stored || !sourceInScope(principal, { id: stored.event.source, platform: stored.event.platform })) return reply.code(404).send(errorBody('not_found', 'No such event'));
    const n = await store.replay(params.id, isAdmin(principal) ? undefined : principal.id);
    if (n === undefined) return reply.code(404).send(errorBody('not_found', 'No such event'));
    fanout.kick();
    return reply.code(202).send({ id: params.id, deliveries: n });
  });
  route(app, ctx.authenticate, 'listRejections', async ({ query }) => ({ rejections: await store.recentRejections(query.limit ?? 50) }));
}
