import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Fanout } from '../fanout';
import type { Store } from '../store';

/** What every route module needs from the relay. */
export interface RouteContext {
  readonly store: Store;
  readonly fanout: Fanout;
  readonly maxBodyBytes: number;
  /** Public base URL for ingest links (default: the request's host). */
  readonly publicUrl?: string;
  /** Checks the management key; answers 401 itself when it is missing or wrong. */
  readonly management: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}
