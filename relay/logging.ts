import pino from 'pino';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';

export interface LogOptions {
  /** pino level: fatal, error, warn, info, debug, trace or silent (default info). */
  readonly level?: string;
  /** Where JSON lines go (default stdout). */
  readonly stream?: NodeJS.WritableStream;
}

/**
 * Paths pino censors wherever they appear in a log line: credentials in headers, and the secret-bearing
 * fields of sources, hooks and Chatwoot connections, should any reach a log object. Request lines carry
 * only method, route and status (the serializer below), never headers, bodies or an ingest URL's id.
 */
const REDACT = [
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-hookline-token"]',
  '*.headers["webhook-signature"]',
  '*.headers["x-chatwoot-signature"]',
  '*.headers["x-inboundflow-signature"]',
  '*.headers["x-horneross-signature"]',
  'secret',
  'secrets',
  'token',
  'apiKey',
  'apiAccessToken',
  '*.secret',
  '*.secrets',
  '*.token',
  '*.apiKey',
  '*.apiAccessToken',
  '*.chatwoot.apiAccessToken',
  'body',
  '*.body',
];

/** The relay's structured JSON logger (pino, as fastify uses it), secrets redacted. */
export function relayLogger(options: LogOptions | undefined): FastifyBaseLogger {
  return pino(
    {
      level: options?.level ?? (options ? 'info' : 'silent'),
      base: { name: 'hookline-relay' },
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: {
        req: (req: FastifyRequest) => ({ method: req.method, route: req.routeOptions?.url ?? 'unmatched', id: req.id }),
      },
    },
    options?.stream ?? process.stdout,
  );
}

type Bindings = Record<string, unknown>;

/**
 * A request's logger, made only when the request logs something. Fastify gives every request a child
 * logger (for its request id); with pino's redaction that costs ~3 % of an ingest's CPU, and most
 * requests (request lines are off) never log.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the level methods below
class LazyChildLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: object,
  ) {}

  private get logger(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.made?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  child(bindings: Bindings, options?: object): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }

  /** Writes one line at `method`'s level through the real child, made now if it was not yet. */
  write(method: LevelMethod, args: unknown[]): void {
    (this.logger[method] as (...a: unknown[]) => void)(...args);
  }

  silent(): void {}
}

const LEVEL_METHODS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
type LevelMethod = (typeof LEVEL_METHODS)[number];

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the level methods, added below
interface LazyChildLogger extends Record<LevelMethod, (...args: unknown[]) => void> {}
for (const method of LEVEL_METHODS) {
  LazyChildLogger.prototype[method] = function (this: LazyChildLogger, ...args: unknown[]) {
    this.write(method, args);
  };
}

/** Fastify's `childLoggerFactory`: per-request loggers that cost nothing until used. */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, options: object): FastifyBaseLogger {
  return new LazyChildLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
}
