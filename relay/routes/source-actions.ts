import type { FastifyInstance } from 'fastify';
import { DEFAULT_GRACE_SECONDS, generateSourceSecret, retiringUntil, rotateSourceSecret } from '../source-secrets';
import { testDelivery } from '../test-delivery';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { ingestDelivery } from './ingest';
import { route } from './route';

/** Rotate a source's secret; send it a test delivery ("Probar Webhook"). */
export function sourceActionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store } = ctx;

  route(app, ctx.access, 'rotateSourceSecret', async ({ params, body, reply }) => {
    const source = await store.sources.get(params.id);
    if (!source) return reply.code(404).send(errorBody('not_found', 'No such source'));
    const secret = body.secret ?? generateSourceSecret(source.platform);
    const rotated = rotateSourceSecret(source, secret, (body.graceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000);
    await store.sources.upsert(rotated);
    const until = retiringUntil(rotated);
    return {
      id: source.id,
      ...(body.secret ? {} : { secret }),
      previousSecretsExpireAt: until === null ? null : new Date(until).toISOString(),
    };
  });

  route(app, ctx.access, 'testDelivery', async ({ params, body, req, reply }) => {
    const source = await store.sources.get(params.id);
    if (!source) return reply.code(404).send(errorBody('not_found', 'No such source'));
    const delivery = testDelivery(source, body.type);
    if (!delivery)
      return reply.code(422).send(errorBody('unknown_event', `No ${source.platform} event ${body.type.slice(0, 100)} in the catalog`));
    // The ingest path itself: verified, stored, logged and fanned out like any platform delivery.
    const answer = await ingestDelivery(ctx, source, { headers: delivery.headers, body: Buffer.from(delivery.body) }, req.log);
    const refused = 'error' in answer.body ? answer.body.error : undefined;
    return {
      type: body.type,
      status: answer.status,
      eventId: 'id' in answer.body ? answer.body.id : null,
      error: refused ? { code: refused.code, message: refused.message } : null,
    };
  });
}
