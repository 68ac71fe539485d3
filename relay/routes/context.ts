import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChangeHub } from '../change-hub';
import type { ConsoleAssets } from '../console-assets';
import type { Db } from '../db/connect';
import type { Fanout } from '../fanout';
import type { Store } from '../store';

/** What every route module needs from the relay. */
export interface RouteContext {
  readonly store: Store;
  /** The database, for the query modules in relay/queries. */
  readonly db: Db;
  readonly fanout: Fanout;
  readonly maxBodyBytes: number;
  /** Public base URL for ingest links (default: the request's host). */
  readonly publicUrl?: string;
  /** Checks the management key; answers 401 itself when it is missing or wrong. */
  readonly management: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** The change feed's shared reader. */
  readonly changes: ChangeHub;
  /** The built console, when there is one. */
  readonly console?: ConsoleAssets;
}
