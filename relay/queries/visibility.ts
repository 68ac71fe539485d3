import type { ExpressionBuilder, SqlBool, Expression } from 'kysely';
import type { KeyScope } from '../../shared';
import { isAdmin, type Principal } from '../auth/principal';
import type { Database } from '../db/schema';

/**
 * What a key may see through the operator routes: everything (the admin key), or the events of its scope
 * and the deliveries of the hooks it created (a subscriber key) — the same rule as relay/auth/scope.ts.
 */
export type Visibility = { readonly all: true } | { readonly all: false; readonly scope: KeyScope; readonly owner: string };

export const EVERYTHING: Visibility = { all: true };

export function visibilityOf(principal: Principal): Visibility {
  return isAdmin(principal) ? EVERYTHING : { all: false, scope: principal.scope, owner: principal.id };
}

/** Events (table or alias `table`) within the scope: its sources, or any source of its platforms. */
export function eventInScope<DB extends Database, TB extends keyof DB & string>(
  eb: ExpressionBuilder<DB, TB>,
  v: Visibility,
  table: string,
): Expression<SqlBool> {
  if (v.all) return eb.lit(true);
  const ref = (c: string) => eb.ref(`${table}.${c}` as never);
  const parts = [
    ...(v.scope.sources.length ? [eb(ref('source_id'), 'in', [...v.scope.sources] as never)] : []),
    ...(v.scope.platforms.length ? [eb(ref('platform'), 'in', [...v.scope.platforms] as never)] : []),
  ];
  return parts.length ? eb.or(parts) : eb.lit(false);
}

/** Whether one event is within the scope. */
export function seesEvent(v: Visibility, event: { source: string; platform: string }): boolean {
  return v.all || v.scope.sources.includes(event.source) || v.scope.platforms.includes(event.platform);
}

/** The owner a hook must have to be seen (undefined: any). */
export const ownerOf = (v: Visibility): string | undefined => (v.all ? undefined : v.owner);
