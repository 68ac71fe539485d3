import type { Dispatcher } from 'undici';
import type { HttpTransport } from '../../shared';
import type { Authenticate } from '../auth/authenticate';
import type { KeyStore } from '../auth/key-store';
import type { ChangeHub } from '../change-hub';
import type { ConsoleAssets } from '../console-assets';
import type { Db } from '../db/connect';
import type { Fanout } from '../fanout';
import type { DestinationPolicy } from '../outbound';
import type { Store } from '../store';

/** What every route module needs from the relay. */
export interface RouteContext {
  readonly store: Store;
  /** The database, for the query modules in relay/queries. */
  readonly db: Db;
  readonly keys: KeyStore;
  readonly fanout: Fanout;
  readonly maxBodyBytes: number;
  /** Public base URL for ingest links (default: the request's host). */
  readonly publicUrl?: string;
  /** Who a request's key is; `route()` enforces each route's rule with it. */
  readonly authenticate: Authenticate;
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
