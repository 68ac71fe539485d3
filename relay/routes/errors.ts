import type { PayloadIssue } from '../../shared';

/** The relay's one error body: `{ error: { code, message, issues? } }` (errorBodySchema). */
export function errorBody(code: string, message: string, issues?: readonly PayloadIssue[]) {
  return { error: issues?.length ? { code, message, issues } : { code, message } };
}
