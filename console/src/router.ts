import { useEffect, useState } from 'preact/hooks';

/** Routes live in the fragment (#/events/evt_…): the page works from a static file and no key ever enters a URL. */
export interface Route {
  readonly page: 'overview' | 'sources' | 'source' | 'hooks' | 'events' | 'event' | 'deliveries' | 'rejections' | 'missing';
  readonly id?: string;
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, id] = parts;
  if (!first) return { page: 'overview' };
  if (first === 'sources') return id ? { page: 'source', id } : { page: 'sources' };
  if (first === 'events') return id ? { page: 'event', id } : { page: 'events' };
  if (first === 'hooks' || first === 'deliveries' || first === 'rejections') return { page: first };
  return { page: 'missing' };
}

export const href = (...parts: string[]) => `#/${parts.map(encodeURIComponent).join('/')}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
