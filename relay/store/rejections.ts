import type { Db } from '../db/connect';
import type { RejectionsTable } from '../db/schema';
import { writeTransaction } from '../db/write';

const LOG_LIMIT = 1000;
const FLUSH_MS = 250;

export interface Rejection {
  readonly source: string;
  readonly at: string;
  readonly code: string;
  readonly status: number;
  readonly message: string;
}

/**
 * The bounded, secret-free log of refused deliveries (the core's error codes and messages). Written in
 * batches off the request path, so a flood of forged deliveries costs no commit each; beyond a full buffer
 * entries are dropped (the metrics still count every refusal).
 */
export class RejectionStore {
  private buffer: Omit<RejectionsTable, 'id'>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(private readonly conn: Db) {}

  log(sourceId: string, code: string, status: number, message: string): void {
    if (this.buffer.length >= LOG_LIMIT) return;
    this.buffer.push({ source_id: sourceId.slice(0, 64), at: Date.now(), code, status, message: message.slice(0, 300) });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    const rows = this.buffer;
    if (rows.length === 0) return;
    this.buffer = [];
    this.flushing = writeTransaction(
      this.conn,
      async (trx) => {
        const last = await trx.insertInto('rejections').values(rows).returning('id').execute();
        const top = Math.max(...last.map((r) => Number(r.id)));
        await trx
          .deleteFrom('rejections')
          .where('id', '<=', top - LOG_LIMIT)
          .execute();
      },
      { durable: false },
    )
      .catch(() => undefined) // a busy database: the log is best effort, never a reason to fail ingest
      .finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  async recent(limit: number): Promise<Rejection[]> {
    await this.flush();
    const rows = await this.conn.kysely.selectFrom('rejections').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      source: r.source_id,
      at: new Date(Number(r.at)).toISOString(),
      code: r.code,
      status: r.status,
      message: r.message,
    }));
  }
}
