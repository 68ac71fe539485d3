import { secretsEqual } from '../crypto';
import { hookError } from '../errors';
import type { SignatureScheme, VerifyOutcome } from './scheme';

export const DEFAULT_TOKEN_HEADER = 'X-Hookline-Token';
const BEARER = /^Bearer\s+(.+)$/i;

/**
 * For platforms that sign nothing but let the user add custom headers (Modyo, Iris): the user adds
 * `X-Hookline-Token: <token>` (or `Authorization: Bearer <token>`) and we compare it in constant time.
 * The token proves who sent the delivery, not what it says: it covers no byte of the body.
 */
export function sharedTokenScheme(defaultHeader: string = DEFAULT_TOKEN_HEADER): SignatureScheme {
  const defaultLower = defaultHeader.toLowerCase();
  return {
    kind: 'shared-token',
    summary: `shared token in a custom header: ${defaultHeader}: <token> (header name configurable) or Authorization: Bearer <token>`,
    headers: [defaultLower, 'authorization'],
    signedHeaders: [],
    timestamped: false,
    acceptsSecret: (secret) => secret.length > 0,
    verify(input): VerifyOutcome {
      const tokenHeader = input.tokenHeader || defaultHeader;
      let token = input.header(input.tokenHeader ? tokenHeader.toLowerCase() : defaultLower);
      if (token === undefined || token === '') token = BEARER.exec(input.header('authorization') ?? '')?.[1]?.trim();
      if (token === undefined || token === '') {
        return {
          ok: false,
          absent: true,
          error: hookError('missing_signature', `Missing ${tokenHeader} (or Authorization: Bearer) header`),
        };
      }
      for (const secret of input.secrets) if (secretsEqual(token, secret)) return { ok: true, form: 'token', replayKey: undefined };
      return { ok: false, absent: false, error: hookError('invalid_signature', `${tokenHeader} does not match the configured token`) };
    },
    sign({ secret, tokenHeader }) {
      return { [tokenHeader || defaultHeader]: secret };
    },
  };
}
