import type { RelayHook } from '../../shared';
import type { Db } from '../db/connect';
import { isoOrNull } from './ids';

/** The hooks with their health: consecutive failures, last success and failure, rotation under way. */
export async function withActivity({ kysely }: Db, hooks: readonly RelayHook[], now = Date.now()): Promise<RelayHook[]> {
  if (hooks.length === 0) return [];
  const rows = await kysely
    .selectFrom('hooks')
    .select(['id', 'consecutive_failures', 'last_failure_at', 'previous_secret_expires_at'])
    .where(
      'id',
      'in',
      hooks.map((h) => h.id),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  // One index seek per hook (deliveries_hook_delivered): a success never writes the hook row.
  const lastSuccess = await Promise.all(
    hooks.map((h) =>
      kysely
        .selectFrom('deliveries')
        .select((eb) => eb.fn.max('delivered_at').as('at'))
        .where('hook_id', '=', h.id)
        .executeTakeFirst(),
    ),
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
