import { hookError, type HookError } from '../errors';

const UNIX_SECONDS = /^\d{1,10}$/;

/** Parses a unix-seconds header and checks it against the tolerance window in both directions. */
export function checkTimestamp(
  value: string | undefined,
  headerName: string,
  nowSeconds: number,
  toleranceSeconds: number,
): { ok: true; seconds: number } | { ok: false; absent: boolean; error: HookError } {
  if (value === undefined || value === '') {
    return { ok: false, absent: true, error: hookError('missing_header', `Missing ${headerName} header`) };
  }
  if (!UNIX_SECONDS.test(value)) {
    return { ok: false, absent: false, error: hookError('invalid_header', `${headerName} must be unix seconds`) };
  }
  const seconds = Number(value);
  if (Math.abs(nowSeconds - seconds) > toleranceSeconds) {
    return {
      ok: false,
      absent: false,
      error: hookError(
        'timestamp_out_of_tolerance',
        `${headerName} is ${Math.round(nowSeconds - seconds)}s away from now (tolerance ${toleranceSeconds}s)`,
      ),
    };
  }
  return { ok: true, seconds };
}
