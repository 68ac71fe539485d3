import type { KeyScope } from '../../shared';
import type { SourceConfig } from '../config';
import { isAdmin, type Principal } from './principal';

/**
 * What a principal may reach. The admin key reaches everything; a subscriber key reaches the sources
 * named in its scope and every source of the platforms named there, and only the hooks it created.
 */

export function scopeIncludes(scope: KeyScope, source: { readonly id: string; readonly platform: string }): boolean {
  return scope.sources.includes(source.id) || (scope.platforms as readonly string[]).includes(source.platform);
}

export function sourceInScope(principal: Principal, source: Pick<SourceConfig, 'id' | 'platform'>): boolean {
  return isAdmin(principal) || scopeIncludes(principal.scope, source);
}

/**
 * Whether a principal may name a source id (`source` is what the store holds under it, if anything): its
 * scope names the id, or the source exists and its platform is in scope. The answer is the same for a
 * missing source and one outside the scope, so a subscriber learns nothing of sources beyond its scope.
 */
export function mayNameSource(principal: Principal, id: string, source: Pick<SourceConfig, 'id' | 'platform'> | undefined): boolean {
  return isAdmin(principal) || principal.scope.sources.includes(id) || (source !== undefined && scopeIncludes(principal.scope, source));
}

/**
 * Whether a platform-wide hook can receive anything for the principal: its hooks get only events of its
 * scope, so it needs the platform, or one of the platform's sources, in scope.
 */
export async function platformReachable(
  principal: Principal,
  platform: string,
  platformOf: (sourceId: string) => Promise<string | undefined>,
): Promise<boolean> {
  if (isAdmin(principal) || principal.scope.platforms.includes(platform)) return true;
  for (const id of principal.scope.sources) if ((await platformOf(id)) === platform) return true;
  return false;
}

export function ownsHook(principal: Principal, hook: { owner: string | null }): boolean {
  return isAdmin(principal) || hook.owner === principal.id;
}
