import type { RelayHook } from '../../shared';
import type { Db } from '../db/connect';
import { newWebhookSecret } from '../ids';
import { isoOrNull } from './ids';

export const OPERATOR_DISABLED = 'disabled by an operator';

/** The hooks with their health: consecutive failures, last success and failure, rotation under way. */
export async function withActivity({ kysely }: Db, hooks: readonly RelayHook[], now = Date.now()): Promise<RelayHook[]> {
  if (hooks.length === 0) return [];
  const rows = await kysely
    .selectFrom('hooks')
    .select(['id', 'consecutive_failures', 'last_failure_at', 'previous_secret_expires_at'])
    .where('id', 'in', hooks.map((h) => h.id))
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  // One index seek per hook (deliveries_hook_delivered): a success never writes the hook row.
  const lastSuccess = await Promise.all(
    hooks.map((h) => kysely.selectFrom('deliveries').select((eb) => eb.fn.max('delivered_at').as('at')).where('hook_id', '=', h.id).executeTakeFirst()),
  );
  return hooks.map((h, i) => {
    const r = byId.get(h.id);
    const rotationEnds = r?.previous_secret_expires_at ?? null;
    return {
      ...h,
      consecutiveFailures: r?.consecutive_failures ?? 0,
      lastSuccessAt: isoOrNull(lastSuccess[i]?.at as number | null | undefined),
      lastFailureAt: isoOrNull(r?.last_failure_at),
      previousSecretExpiresAt: rotationEnds !== null && rotationEnds > now ? isoOrNull(rotationEnds) : null,
    };
  });
}

/**
 * Disables a hook by hand: nothing more is delivered to it and its pending deliveries fail (they can be
 * retried once it is enabled again). Answers whether it existed.
 */
export async function disableHook({ kysely }: Db, id: string): Promise<boolean> {
  return kysely.transaction().execute(async (trx) => {
    const r = await trx.updateTable('hooks').set({ status: 'disabled', disabled_reason: OPERATOR_DISABLED }).where('id', '=', id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await trx.updateTable('deliveries').set({ status: 'failed', last_error: `hook disabled: ${OPERATOR_DISABLED}`, claimed_until: null, claimed_by: null }).where('hook_id', '=', id).where('status', '=', 'pending').execute();
    return true;
  });
}

/** Enables a hook; its consecutive-failure count starts over. Answers whether it existed. */
export async function enableHook({ kysely }: Db, id: string): Promise<boolean> {
  const r = await kysely.updateTable('hooks').set({ status: 'active', disabled_reason: null, consecutive_failures: 0 }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Gives a hook a new signing secret. For `graceMs` the previous one keeps signing too (fan-outs carry
 * both signatures); a rotation during another one's grace period retires the older previous secret.
 */
export async function rotateHookSecret({ kysely }: Db, id: string, graceMs: number, now = Date.now()): Promise<{ secret: string; previousSecretExpiresAt: number | null } | undefined> {
  return kysely.transaction().execute(async (trx) => {
    const hook = await trx.selectFrom('hooks').select('secret').where('id', '=', id).executeTakeFirst();
    if (!hook) return undefined;
    const secret = newWebhookSecret();
    const expiresAt = graceMs > 0 ? now + graceMs : null;
    await trx
      .updateTable('hooks')
      .set({ secret, previous_secret: expiresAt === null ? null : hook.secret, previous_secret_expires_at: expiresAt })
      .where('id', '=', id)
      .execute();
    return { secret, previousSecretExpiresAt: expiresAt };
  });
}
