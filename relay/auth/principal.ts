import type { RelayPrincipal } from '../../shared';

/** Who made a request: the operator (admin key) or a subscriber key with its scope. */
export type Principal = RelayPrincipal;
export type SubscriberPrincipal = Extract<Principal, { kind: 'subscriber' }>;

export const ADMIN: Principal = { kind: 'admin', name: 'admin' };

export function isAdmin(principal: Principal): principal is Extract<Principal, { kind: 'admin' }> {
  return principal.kind === 'admin';
}

/** The owner recorded on the hooks a principal creates: its key id, or null for the admin key. */
export function ownerOf(principal: Principal): string | null {
  return isAdmin(principal) ? null : principal.id;
}
