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
  // The stored JSON goes out as it is: a payload is never parsed and re-serialised for a listing. A
  // subscriber's scope becomes a condition of the one query (its sources, or any source of its platforms).
  route(app, ctx.access, 'listEvents', async ({ query, principal, reply }) => {
    if (query.source !== undefined && !mayNameSource(principal, query.source, await store.sources.get(query.source))) {
      return reply.code(403).send(outOfScope(`source ${query.source}`));
    }
    const found = await searchEvents(ctx.db, { ...query, limit: query.limit ?? 10, visibility: visibilityOf(principal) });
    return reply
      .type('application/json; charset=utf-8')
      .send(`{"events":${found.eventsJson},"deliveries":${JSON.stringify(found.deliveries)},"next":${JSON.stringify(found.next)}}`);
  });
  route(app, ctx.access, 'replayEvent', async ({ params, principal, reply }) => {
    const stored = await store.events.get(params.id);
    // An event outside a subscriber's scope is answered like a missing one; it replays to its own hooks only.
    if (!stored || !sourceInScope(principal, { id: stored.event.source, platform: stored.event.platform }))
      return reply.code(404).send(errorBody('not_found', 'No such event'));
    const queued = await store.events.replay(params.id, isAdmin(principal) ? undefined : principal.id);
    if (queued === undefined) return reply.code(404).send(errorBody('not_found', 'No such event'));
    fanout.kick(queued.hookIds);
    return reply.code(202).send({ id: params.id, deliveries: queued.deliveries });
  });
  route(app, ctx.access, 'listRejections', async ({ query }) => ({ rejections: await store.rejections.recent(query.limit ?? 50) }));
}
