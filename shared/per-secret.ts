/** How many secrets a per-secret cache holds before it starts over: far more than one process configures. */
const PER_SECRET_LIMIT = 256;

/**
 * `derive` computed once per secret and kept (a derived key, digest or token), bounded: when full, the cache is
 * emptied, so a process that sees many secrets recomputes but never answers a stale value. A throw caches nothing.
 */
export function perSecret<T>(derive: (secret: string) => T): (secret: string) => T {
  const cache = new Map<string, T>();
  return (secret) => {
    if (cache.has(secret)) return cache.get(secret) as T;
    const value = derive(secret);
    if (cache.size >= PER_SECRET_LIMIT) cache.clear();
    cache.set(secret, value);
    return value;
  };
}
