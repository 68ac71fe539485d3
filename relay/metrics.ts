import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Live numbers that a scrape reads from the relay (queue depth from the database, lanes from the worker). */
export interface MetricSources {
  queueDepth(): Promise<number>;
  disabledHooks(): Promise<number>;
  inFlight(): number;
  openCircuits(): number;
}

export type IngestOutcome = 'accepted' | 'accepted_unknown_event' | 'accepted_invalid_payload' | 'duplicate' | string;
export type AttemptOutcome = 'success' | 'http_error' | 'timeout' | 'network_error' | 'destination_not_allowed';

/** The relay's Prometheus metrics (prom-client), one registry per relay so several can share a process. */
export class RelayMetrics {
  readonly registry = new Registry();
  private sources: MetricSources | undefined;

  readonly ingest = new Counter({
    name: 'hookline_ingest_total',
    help: 'Platform deliveries by outcome: accepted (with accepted_unknown_event and accepted_invalid_payload for authentic deliveries passed on), duplicate, or the error code',
    labelNames: ['platform', 'source', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly attempts = new Counter({
    name: 'hookline_fanout_attempts_total',
    help: 'Fan-out attempts by outcome: success, http_error, timeout, network_error, destination_not_allowed (refused by the destination policy; nothing sent)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly attemptSeconds = new Histogram({
    name: 'hookline_fanout_attempt_duration_seconds',
    help: 'Duration of one fan-out HTTP attempt',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
    registers: [this.registry],
  });

  readonly deliverySeconds = new Histogram({
    name: 'hookline_delivery_latency_seconds',
    help: 'From the relay receiving an event to a subscriber acknowledging it (retries included)',
    buckets: [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120, 600, 3600, 21600],
    registers: [this.registry],
  });

  readonly pruned = new Counter({
    name: 'hookline_retention_pruned_total',
    help: 'Rows deleted by retention',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });

  constructor() {
    const self = this;
    new Gauge({
      name: 'hookline_queue_depth',
      help: 'Pending deliveries (due now or scheduled for a retry)',
      registers: [this.registry],
      async collect() {
        if (self.sources) this.set(await self.sources.queueDepth());
      },
    });
    new Gauge({
      name: 'hookline_hooks_disabled',
      help: 'Hooks disabled (410 Gone or too many consecutive failures)',
      registers: [this.registry],
      async collect() {
        if (self.sources) this.set(await self.sources.disabledHooks());
      },
    });
    new Gauge({
      name: 'hookline_fanout_in_flight',
      help: 'Fan-out requests in flight on this instance',
      registers: [this.registry],
      collect() {
        if (self.sources) this.set(self.sources.inFlight());
      },
    });
    new Gauge({
      name: 'hookline_fanout_circuits_open',
      help: 'Hooks whose circuit is open on this instance',
      registers: [this.registry],
      collect() {
        if (self.sources) this.set(self.sources.openCircuits());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  attach(sources: MetricSources): void {
    this.sources = sources;
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
