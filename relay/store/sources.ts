import type { Kysely } from 'kysely';
import type { SourceConfig } from '../config';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';
import { writeTransaction } from '../db/write';

/** Sources: where platforms deliver and how their deliveries are verified (config JSON, secrets inside). */
export class SourceStore {
  private readonly db: Kysely<Database>;
  private readonly cache = new Map<string, { source: SourceConfig | undefined; until: number }>();

  constructor(private readonly conn: Db) {
    this.db = conn.kysely;
  }

  async upsert(source: SourceConfig): Promise<void> {
    const row = { id: source.id, platform: source.platform, config: JSON.stringify(source), created_at: Date.now() };
    await writeTransaction(this.conn, (trx) =>
      trx
        .insertInto('sources')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({ platform: row.platform, config: row.config }))
        .execute(),
    );
    this.cache.delete(source.id);
  }

  /** Cached for a second: changes made through another instance apply within that time. */
  async get(id: string): Promise<SourceConfig | undefined> {
    const cached = this.cache.get(id);
    const now = Date.now();
    if (cached && cached.until > now) return cached.source;
    const row = await this.db.selectFrom('sources').select('config').where('id', '=', id).executeTakeFirst();
    const source = row ? (JSON.parse(row.config) as SourceConfig) : undefined;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(id, { source, until: now + 1000 });
    return source;
  }

  async list(): Promise<SourceConfig[]> {
    const rows = await this.db.selectFrom('sources').select('config').orderBy('created_at').execute();
    return rows.map((r) => JSON.parse(r.config) as SourceConfig);
  }

  async delete(id: string): Promise<boolean> {
    const r = await writeTransaction(this.conn, (trx) => trx.deleteFrom('sources').where('id', '=', id).executeTakeFirst());
    this.cache.delete(id);
    return Number(r.numDeletedRows) > 0;
  }
}
