import { createContext } from 'preact';
import { useContext, useEffect, useRef } from 'preact/hooks';
import type { Catalog, CatalogPlatform, RelayChange, RelayPrincipal } from '../../shared';
import type { RelayApi } from './api';
import type { FeedState } from './changes';

export interface AppState {
  readonly api: RelayApi;
  readonly catalog: Catalog;
  /** Who signed in: the admin key, or a subscriber key that sees only its scope (GET /me). */
  readonly principal: RelayPrincipal;
  readonly feed: FeedState;
  /** Listens to the change feed; returns the unsubscribe. */
  readonly onChange: (listener: (change: RelayChange) => void) => () => void;
}

export const App = createContext<AppState | undefined>(undefined);

export function useApp(): AppState {
  const app = useContext(App);
  if (!app) throw new Error('useApp outside the signed-in console');
  return app;
}

/** What only the admin key may do (the API answers 403 otherwise): the console does not offer it. */
export const isOperator = (app: AppState) => app.principal.kind === 'admin';

export function platformOf(catalog: Catalog, id: string): CatalogPlatform | undefined {
  return catalog.platforms.find((p) => p.id === id);
}

/**
 * Calls `refresh` when a change the page cares about arrives, at most every `ms` (a burst of events
 * becomes one reload).
 */
export function useChanges(accept: (change: RelayChange) => boolean, refresh: () => void, ms = 400): void {
  const { onChange } = useApp();
  const latest = useRef({ accept, refresh });
  latest.current = { accept, refresh };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onChange((change) => {
      if (!latest.current.accept(change) || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        latest.current.refresh();
      }, ms);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [onChange, ms]);
}
