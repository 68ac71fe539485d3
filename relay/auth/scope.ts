import type { KeyScope } from '../../shared';
import type { SourceConfig } from '../config';
import { isAdmin, type Principal } from './principal';

/**
 * What a principal may reach. The admin key reaches everything; a subscriber key reaches the sources
 * named in its scope and every source of the platforms named there, and only the hooks it created.
 */

export function scopeIncludes(scope: KeyScope, source: Pick<SourceConfig, 'id' | 'platform'>): boolean {
  return scope.sources.includes(source.id) || scope.platforms.includes(source.platform);
}

export function sourceInScope(principal: Principal, source: Pick<SourceConfig, 'id' | 'platform'>): boolean {
  return isAdmin(principal) || scopeIncludes(principal.scope, source);
}

/** A hook on every source of a platform needs the whole platform in scope. */
export function platformInScope(principal: Principal, platform: string): boolean {
  return isAdmin(principal) || principal.scope.platforms.includes(platform);
}

export function ownsHook(principal: Principal, hook: { owner: string | null }): boolean {
  return isAdmin(principal) || hook.owner === principal.id;
}

export interface EventFilter {
  readonly platform?: string;
  readonly type?: string;
  readonly source?: string;
}

/**
 * The store filters that together return exactly the events of `query` within the principal's scope
 * (`[query]` for the admin key). Every filter of a subscriber names a source or a platform, so none of
 * them can return everything. The caller has already checked that a queried source is in scope.
 */
export function scopedEventFilters(principal: Principal, query: EventFilter): EventFilter[] {
  if (isAdmin(principal) || query.source !== undefined) return [query];
  const bySource = principal.scope.sources.map((source) => ({ ...query, source }));
  const byPlatform = principal.scope.platforms.filter((p) => query.platform === undefined || query.platform === p).map((platform) => ({ ...query, platform }));
  return [...bySource, ...byPlatform];
}
