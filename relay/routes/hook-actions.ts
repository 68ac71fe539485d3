import type { FastifyInstance, FastifyReply } from 'fastify';
import { hookToken } from '../../shared';
import { disableHook, enableHook, rotateHookSecret, withActivity } from '../queries/hooks';
import { DEFAULT_GRACE_SECONDS } from '../source-secrets';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/** Disable, enable and rotate the signing secret of a hook. */
export function hookActionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const current = async (id: string, reply: FastifyReply) => {
    const hook = await ctx.store.getHook(id);
    return hook ? (await withActivity(ctx.db, [hook]))[0] : reply.code(404).send(errorBody('not_found', 'No such hook'));
  };
  route(app, 'disableHook', ctx.management, async ({ params, reply }) => ((await disableHook(ctx.db, params.id)) ? current(params.id, reply) : reply.code(404).send(errorBody('not_found', 'No such hook'))));
  route(app, 'enableHook', ctx.management, async ({ params, reply }) => {
    if (!(await enableHook(ctx.db, params.id))) return reply.code(404).send(errorBody('not_found', 'No such hook'));
    return current(params.id, reply);
  });
  route(app, 'rotateHookSecret', ctx.management, async ({ params, body, reply }) => {
    const rotated = await rotateHookSecret(ctx.db, params.id, (body.graceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000);
    if (!rotated) return reply.code(404).send(errorBody('not_found', 'No such hook'));
    const hook = await current(params.id, reply);
    return { ...hook, secret: rotated.secret, token: hookToken(rotated.secret) };
  });
}
