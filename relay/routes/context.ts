import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/connect';
import type { Fanout } from '../fanout';
import type { RelayMetrics } from '../metrics';
import type { BucketMap } from '../rate-limit';
import type { Store } from '../store';

export type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** What every route module needs from the relay. */
export interface RouteContext {
  readonly db: Db;
  readonly store: Store;
  readonly fanout: Fanout;
  readonly metrics: RelayMetrics;
  readonly maxBodyBytes: number;
  /** Per-source ingest token buckets (a source's `rateLimit`). */
  readonly ingestBuckets: BucketMap;
  /** Public base URL for ingest links (default: the request's host). */
  readonly publicUrl?: string;
  /** Checks the management key; answers 401 itself when it is missing or wrong. */
  readonly management: Guard;
  /** Checks the management key or the metrics token. */
  readonly metricsAccess: Guard;
}
