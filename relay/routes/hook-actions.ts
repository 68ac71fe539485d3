import type { FastifyInstance, FastifyReply } from 'fastify';
import { hookToken } from '../../shared';
import type { Principal } from '../auth/principal';
import { ownsHook } from '../auth/scope';
import { withActivity } from '../queries/hooks';
import { DEFAULT_GRACE_SECONDS } from '../source-secrets';
import type { RouteContext } from './context';
import { errorBody } from './errors';
import { route } from './route';

/** Disable, enable and rotate the signing secret of a hook (a subscriber key: of its own hooks). */
export function hookActionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const notFound = (reply: FastifyReply) => reply.code(404).send(errorBody('not_found', 'No such hook'));
  // Another key's hook is answered exactly like a missing one.
  const mine = async (id: string, principal: Principal) => {
    const hook = await ctx.store.hooks.get(id);
    return hook && ownsHook(principal, hook) ? hook : undefined;
  };
  const current = async (id: string, reply: FastifyReply) => {
    const hook = await ctx.store.hooks.get(id);
    return hook ? (await withActivity(ctx.db, [hook]))[0] : notFound(reply);
  };
  route(app, ctx.access, 'disableHook', async ({ params, principal, reply }) => {
    if (!(await mine(params.id, principal)) || !(await ctx.store.hooks.disable(params.id))) return notFound(reply);
    return current(params.id, reply);
  });
  route(app, ctx.access, 'enableHook', async ({ params, principal, reply }) => {
    if (!(await mine(params.id, principal)) || !(await ctx.store.hooks.enable(params.id))) return notFound(reply);
    ctx.fanout.probeNow(params.id);
    return current(params.id, reply);
  });
  route(app, ctx.access, 'rotateHookSecret', async ({ params, body, principal, reply }) => {
    if (!(await mine(params.id, principal))) return notFound(reply);
    const rotated = await ctx.store.hooks.rotateSecret(params.id, (body.graceSeconds ?? DEFAULT_GRACE_SECONDS) * 1000);
    if (!rotated) return notFound(reply);
    const hook = await current(params.id, reply);
    return { ...hook, secret: rotated.secret, token: hookToken(rotated.secret) };
  });
}
