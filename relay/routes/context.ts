import type { Dispatcher } from 'undici';
import type { HttpTransport } from '../../shared';
import type { KeyStore } from '../auth/key-store';
import type { ChangeHub } from '../change-hub';
import type { ConsoleAssets } from '../console-assets';
import type { Db } from '../db/connect';
import type { Fanout } from '../fanout';
import type { RelayMetrics } from '../metrics';
import type { DestinationPolicy } from '../outbound';
import type { BucketMap } from '../rate-limit';
import type { Store } from '../store';
import type { RouteAccess } from './route';

/** What every route module needs from the relay. */
export interface RouteContext {
  readonly db: Db;
  readonly store: Store;
  readonly keys: KeyStore;
  readonly fanout: Fanout;
  readonly metrics: RelayMetrics;
  readonly maxBodyBytes: number;
  /** Per-source ingest token buckets (a source's `rateLimit`). */
  readonly ingestBuckets: BucketMap;
  /** Public base URL for ingest links (default: the request's host). */
  readonly publicUrl?: string;
  /** Who a request's key is; `route()` enforces each route's rule with it. */
  readonly access: RouteAccess;
  /** Where the relay may connect; URLs are checked against it before they are stored. */
  readonly destinations: DestinationPolicy;
  /** Every outbound call goes through this guarded dispatcher (fan-out) or transport (API clients). */
  readonly dispatcher: Dispatcher;
  readonly transport: HttpTransport;
  /** This relay's id, the marker of its fan-outs (`hookline-hop`). */
  readonly relayId: string;
  /** The change feed's shared reader. */
  readonly changes: ChangeHub;
  /** The built console, when there is one. */
  readonly console?: ConsoleAssets;
}
