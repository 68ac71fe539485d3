import type { RelayChange } from '../../shared';
import { routeUrl } from './api';

export type FeedState = 'connecting' | 'live' | 'offline';

/**
 * Reads the relay's change feed (Server-Sent Events) with fetch() streaming, so the key travels in the
 * Authorization header: EventSource cannot send headers and the key must never be in a URL. Reconnects
 * after 3 s when the connection drops; stops on 401 or close().
 */
export function followChanges(
  key: string,
  onChange: (change: RelayChange) => void,
  onState: (state: FeedState) => void,
  onUnauthorized: () => void,
): () => void {
  let stopped = false;
  let controller: AbortController | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const connect = async () => {
    controller = new AbortController();
    onState('connecting');
    try {
      const res = await fetch(routeUrl('stream'), {
        headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
        signal: controller.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
      if (res.status === 401) {
        stopped = true;
        onUnauthorized();
        return;
      }
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (!data) continue;
          const change = JSON.parse(data) as RelayChange;
          if (change.kind === 'ready') onState('live');
          else onChange(change);
        }
      }
    } catch {
      // dropped or aborted: reconnect below unless stopped
    }
    if (!stopped) {
      onState('offline');
      retry = setTimeout(() => void connect(), 3000);
    }
  };
  void connect();
  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    controller?.abort();
  };
}
