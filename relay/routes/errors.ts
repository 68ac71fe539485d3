import type { PayloadIssue } from '../../shared';

/** The relay's one error body: `{ error: { code, message, issues? } }` (errorBodySchema). */
export function errorBody(code: string, message: string, issues?: readonly PayloadIssue[]) {
  return { error: issues?.length ? { code, message, issues } : { code, message } };
}

/** 403 for a subscriber key reaching past its scope. */
export function outOfScope(what: string) {
  return errorBody('out_of_scope', `This key's scope does not include ${what}`);
}
