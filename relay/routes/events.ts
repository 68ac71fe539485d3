import type { FastifyInstance } from 'fastify';
import type { RelayEvent } from '../../shared';
import { isAdmin, type Principal } from '../auth/principal';
import { mayNameSource, scopedEventFilters, sourceInScope, type EventFilter } from '../auth/scope';
import type { Store } from '../store';
import type { RouteContext } from './context';
import { errorBody, outOfScope } from './errors';
import { route } from './route';

const newestFirst = (a: RelayEvent, b: RelayEvent) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** The newest `limit` events matching `query` within the principal's scope: one store query per scope entry, merged. */
async function eventsInScope(store: Store, principal: Principal, query: EventFilter, limit: number): Promise<RelayEvent[]> {
  const filters = scopedEventFilters(principal, query);
  if (filters.length === 1) return store.recentEvents({ ...filters[0], limit });
  const seen = new Map<string, RelayEvent>();
  for (const filter of filters) for (const event of await store.recentEvents({ ...filter, limit })) seen.set(event.id, event);
  return [...seen.values()].sort(newestFirst).slice(0, limit);
}

/** The stored events, their replay, and the log of refused deliveries. */
export function eventRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store, fanout } = ctx;
  route(app, ctx.authenticate, 'listEvents', async ({ query, principal, reply }) => {
    if (query.source !== undefined && !mayNameSource(principal, query.source, await store.getSource(query.source))) {
      return reply.code(403).send(outOfScope(`source ${query.source}`));
    }
    return { events: await eventsInScope(store, principal, { platform: query.platform, type: query.type, source: query.source }, query.limit ?? 10) };
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
