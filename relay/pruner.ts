import type { FastifyBaseLogger } from 'fastify';
import type { RelayMetrics } from './metrics';
import type { Store } from './store';
import { DEFAULT_RETENTION, type RetentionPolicy } from './store/retention';

export interface PrunerOptions extends RetentionPolicy {
  /** How often a pruning round starts. */
  readonly intervalMs: number;
  /** Pause between two batches of one round, so ingest and fan-out get the write lock in between. */
  readonly pauseMs: number;
}

export const DEFAULT_PRUNER: PrunerOptions = { ...DEFAULT_RETENTION, intervalMs: 60_000, pauseMs: 50 };

/** Retention off the hot path: a timer runs rounds of small batches until nothing is left to delete. */
export class Pruner {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly options: PrunerOptions,
    private readonly metrics: RelayMetrics,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    this.timer = setTimeout(() => this.tick(), Math.min(this.options.intervalMs, 5_000));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.round;
  }

  /** One round now (tests and the soak call it; the timer does otherwise). */
  async runOnce(): Promise<void> {
    while (!this.stopped) {
      const pruned = await this.store.retention.pruneBatch(this.options);
      for (const [table, n] of Object.entries(pruned)) if (n) this.metrics.pruned.inc({ table }, n);
      if (pruned.attempts + pruned.deliveries + pruned.events === 0) return;
      await new Promise((r) => setTimeout(r, this.options.pauseMs));
    }
  }

  private tick(): void {
    if (this.stopped) return;
    this.round = this.runOnce()
      .catch((err: Error) => this.log.warn({ err: { message: err.message } }, 'retention round failed'))
      .finally(() => {
        this.round = undefined;
        if (!this.stopped) {
          this.timer = setTimeout(() => this.tick(), this.options.intervalMs);
          this.timer.unref();
        }
      });
  }
}
