/**
 * The connection string and `options` startup parameter the relay's PostgreSQL pool opens sessions with.
 * pg takes `options` from the connection URL over the pool's config, and the config's over PGOPTIONS: an
 * operator's `?options=` or PGOPTIONS would replace the relay's lock timeout, or the relay's would drop
 * PGOPTIONS. So the URL loses its `options` and the pool gets them all, the relay's first: PostgreSQL applies
 * `-c` settings in order, so an operator's own lock_timeout wins.
 */
export function postgresSession(
  target: string,
  busyTimeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): { readonly connectionString: string; readonly options: string } {
  const relay = `-c lock_timeout=${busyTimeoutMs}`;
  let connectionString = target;
  let operator = env['PGOPTIONS'];
  // Only the query is read and rewritten: pg also takes URLs `new URL` refuses (`postgres://user@/db?host=/socket`).
  const q = target.indexOf('?');
  if (q >= 0) {
    const params = new URLSearchParams(target.slice(q + 1));
    const given = params.getAll('options');
    if (given.length > 0) {
      operator = given[given.length - 1]; // as pg reads a repeated parameter: the last one
      params.delete('options');
      const rest = params.toString();
      connectionString = rest ? `${target.slice(0, q)}?${rest}` : target.slice(0, q);
    }
  }
  const extra = operator?.trim();
  return { connectionString, options: extra ? `${relay} ${extra}` : relay };
}
