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
  const url = parseUrl(target);
  if (url?.searchParams.has('options')) {
    operator = url.searchParams.get('options') ?? undefined;
    url.searchParams.delete('options');
    connectionString = url.href;
  }
  const extra = operator?.trim();
  return { connectionString, options: extra ? `${relay} ${extra}` : relay };
}

function parseUrl(target: string): URL | undefined {
  try {
    return new URL(target);
  } catch {
    return undefined;
  }
}
