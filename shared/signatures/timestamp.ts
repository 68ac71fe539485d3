import { hookError, type HookError } from '../errors';

const UNIX_SECONDS = /^\d{1,10}$/;

/**
 * Checks a unix-seconds header against the tolerance window in both directions: undefined when it is within,
 * else the error (missing_header, invalid_header or timestamp_out_of_tolerance).
 */
export function checkTimestamp(
  value: string | undefined,
  headerName: string,
  nowSeconds: number,
  toleranceSeconds: number,
): HookError | undefined {
  if (value === undefined || value === '') return hookError('missing_header', `Missing ${headerName} header`);
  if (!UNIX_SECONDS.test(value)) return hookError('invalid_header', `${headerName} must be unix seconds`);
  const seconds = Number(value);
  if (Math.abs(nowSeconds - seconds) <= toleranceSeconds) return undefined;
  return hookError(
    'timestamp_out_of_tolerance',
    `${headerName} is ${Math.round(nowSeconds - seconds)}s away from now (tolerance ${toleranceSeconds}s)`,
  );
}
