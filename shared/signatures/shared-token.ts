import { secretsEqual } from '../crypto';
import { hookError } from '../errors';
import type { SignatureScheme, VerifyOutcome } from './scheme';

export const DEFAULT_TOKEN_HEADER = 'X-Hookline-Token';
const BEARER = /^Bearer\s+(.+)$/i;

/**
 * For platforms that sign nothing but let the user add custom headers (Modyo, Iris): the user adds
 * `X-Hookline-Token: <token>` (or `Authorization: Bearer <token>`) and we compare it in constant time.
 */
export function sharedTokenScheme(defaultHeader: string = DEFAULT_TOKEN_HEADER): SignatureScheme {
  return {
    kind: 'shared-token',
    summary: `shared token in a custom header: ${defaultHeader}: <token> (header name configurable) or Authorization: Bearer <token>`,
    headers: [defaultHeader.toLowerCase(), 'authorization'],
    timestamped: false,
    verify(input): VerifyOutcome {
      const tokenHeader = input.tokenHeader || defaultHeader;
      const header = tokenHeader.toLowerCase();
      let token = input.header(header);
      if (token === undefined || token === '') token = BEARER.exec(input.header('authorization') ?? '')?.[1]?.trim();
      if (token === undefined || token === '') {
        return { ok: false, absent: true, error: hookError('missing_signature', `Missing ${tokenHeader} (or Authorization: Bearer) header`) };
      }
      for (const secret of input.secrets) if (secretsEqual(token, secret)) return { ok: true, form: 'token' };
      return { ok: false, absent: false, error: hookError('invalid_signature', `${tokenHeader} does not match the configured token`) };
    },
    sign({ secret, tokenHeader }) {
      return { [tokenHeader || defaultHeader]: secret };
    },
  };
}
