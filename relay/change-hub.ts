import type { Db } from './db/connect';
import { ChangeReader, type ObservedChange } from './queries/changes';

export type ChangeListener = (changes: readonly ObservedChange[]) => void;

/**
 * One change reader per relay process, shared by every open change feed: it polls the database every
 * `pollMs` while someone listens and stops when the last listener leaves.
 */
export class ChangeHub {
  private readonly listeners = new Set<ChangeListener>();
  private timer: NodeJS.Timeout | undefined;
  private reader: ChangeReader | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly pollMs: number,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {}

  /** Starts listening; resolves once everything stored so far counts as seen. Returns the unsubscribe. */
  async subscribe(listener: ChangeListener): Promise<() => void> {
    this.listeners.add(listener);
    if (!this.reader) {
      const reader = new ChangeReader(this.db);
      this.reader = reader;
      this.starting = reader.start().then(() => this.schedule(reader));
    }
    try {
      await this.starting;
    } catch (err) {
      // The next subscriber tries again with a new reader.
      this.listeners.delete(listener);
      this.reader = undefined;
      throw err;
    }
    return () => this.unsubscribe(listener);
  }

  private unsubscribe(listener: ChangeListener): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.reader = undefined;
    this.listeners.clear();
  }

  private schedule(reader: ChangeReader): void {
    this.timer = setTimeout(async () => {
      try {
        const changes = await reader.read();
        if (changes.length) for (const listener of this.listeners) listener(changes);
      } catch (err) {
        this.onError(err as Error);
      }
      if (this.reader === reader) this.schedule(reader);
    }, this.pollMs);
  }
}
