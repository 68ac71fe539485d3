import type {
  BulkRetryResult,
  Catalog,
  CreatedRelayHook,
  CreateHookBody,
  CreateSourceBody,
  EventSummaries,
  RelayDelivery,
  RelayEvent,
  RelayEventDetail,
  RelayHook,
  RelayPrincipal,
  RelaySourceView,
  RotatedSourceSecret,
  StatsSeries,
  StatsSummary,
  TestDeliveryResult,
} from '../../shared';
import { ROUTES, type ConsoleRoute } from './routes';

/** The relay answered with an error (its `{ error: { code, message } }` body), or could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Rejection {
  readonly source: string;
  readonly at: string;
  readonly code: string;
  readonly status: number;
  readonly message: string;
}

type Query = Record<string, string | number | undefined>;

/** The relay's base path: the console is served at <base>/console. */
export const BASE = location.pathname.replace(/\/console\/?$/, '');

export function routeUrl(name: ConsoleRoute, params: Record<string, string> = {}, query: Query = {}): string {
  const path = ROUTES[name][1].replace(/:([A-Za-z]+)/g, (_, p: string) => encodeURIComponent(params[p] ?? ''));
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') search.set(k, String(v));
  const qs = search.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

/**
 * The management API with the key in the Authorization header (never a cookie, never the URL): the
 * console can do exactly what the key can do through the API, nothing more.
 */
export function relayApi(key: string, onUnauthorized: () => void) {
  async function call<T>(name: ConsoleRoute, input: { params?: Record<string, string>; query?: Query; body?: unknown } = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(routeUrl(name, input.params, input.query), {
        method: ROUTES[name][0],
        headers: {
          authorization: `Bearer ${key}`,
          accept: 'application/json',
          ...(input.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: input.body === undefined ? undefined : JSON.stringify(input.body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'unreachable', 'The relay cannot be reached');
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.status === 401) onUnauthorized();
    if (!res.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${res.status}`);
    }
    return json as T;
  }

  return {
    me: () => call<RelayPrincipal>('me'),
    catalog: () => call<Catalog>('catalog'),
    sources: async () => (await call<{ sources: RelaySourceView[] }>('listSources')).sources,
    createSource: (body: CreateSourceBody) => call<RelaySourceView>('createSource', { body }),
    deleteSource: (id: string) => call<void>('deleteSource', { params: { id } }),
    registerChatwoot: (id: string) => call<{ id: string; chatwootWebhookId: number }>('registerChatwoot', { params: { id } }),
    rotateSourceSecret: (id: string, body: { secret?: string; graceSeconds: number }) =>
      call<RotatedSourceSecret>('rotateSourceSecret', { params: { id }, body }),
    testDelivery: (id: string, type: string) => call<TestDeliveryResult>('testDelivery', { params: { id }, body: { type } }),
    hooks: async () => (await call<{ hooks: RelayHook[] }>('listHooks')).hooks,
    createHook: (body: CreateHookBody) => call<CreatedRelayHook>('createHook', { body }),
    deleteHook: (id: string) => call<void>('deleteHook', { params: { id } }),
    disableHook: (id: string) => call<RelayHook>('disableHook', { params: { id } }),
    enableHook: (id: string) => call<RelayHook>('enableHook', { params: { id } }),
    rotateHookSecret: (id: string, graceSeconds: number) =>
      call<CreatedRelayHook>('rotateHookSecret', { params: { id }, body: { graceSeconds } }),
    events: (query: Query) => call<{ events: RelayEvent[]; deliveries?: EventSummaries; next?: string | null }>('listEvents', { query }),
    event: (id: string) => call<RelayEventDetail>('getEvent', { params: { id } }),
    replay: (id: string) => call<{ id: string; deliveries: number }>('replayEvent', { params: { id } }),
    deliveries: (query: Query) => call<{ deliveries: RelayDelivery[]; next: string | null }>('listDeliveries', { query }),
    retryDelivery: (id: string) => call<{ id: string; status: 'pending' }>('retryDelivery', { params: { id } }),
    retryDeliveries: (body: { hook?: string; source?: string; since?: string; until?: string; dryRun?: boolean }) =>
      call<BulkRetryResult>('retryDeliveries', { body }),
    rejections: async (limit = 100) => (await call<{ rejections: Rejection[] }>('listRejections', { query: { limit } })).rejections,
    summary: (since: string) => call<StatsSummary>('statsSummary', { query: { since } }),
    series: (range: string, source?: string) => call<StatsSeries>('statsSeries', { query: { range, source } }),
  };
}

export type RelayApi = ReturnType<typeof relayApi>;
