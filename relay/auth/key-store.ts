import type { Kysely } from 'kysely';
import type { KeyScope, SubscriberKey } from '../../shared';
import type { Db } from '../db/connect';
import type { Database, KeysTable } from '../db/schema';
import { writeTransaction } from '../db/write';
import { newSubscriberKey } from './subscriber-key';

export interface StoredKey extends SubscriberKey {
  readonly keyHash: string;
}

function toKey(row: KeysTable): StoredKey {
  return {
    id: row.id,
    name: row.name,
    scope: JSON.parse(row.scope) as KeyScope,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    revokedAt: row.revoked_at === null ? null : new Date(Number(row.revoked_at)).toISOString(),
    keyHash: row.key_hash,
  };
}

const publicView = ({ keyHash: _hash, ...key }: StoredKey): SubscriberKey => key;

/** Subscriber keys: created, listed, found for authentication, revoked. */
export class KeyStore {
  private readonly db: Kysely<Database>;

  constructor(private readonly conn: Db) {
    this.db = conn.kysely;
  }

  /** Stores a new key (its hash only) and answers it with the key itself, which is never stored. */
  async create(input: { name: string; scope: KeyScope }): Promise<SubscriberKey & { key: string }> {
    const fresh = newSubscriberKey();
    const row: KeysTable = {
      id: fresh.id,
      name: input.name,
      key_hash: fresh.keyHash,
      scope: JSON.stringify(input.scope),
      created_at: Date.now(),
      revoked_at: null,
    };
    await writeTransaction(this.conn, (trx) => trx.insertInto('keys').values(row).execute());
    return { ...publicView(toKey(row)), key: fresh.key };
  }

  async list(): Promise<SubscriberKey[]> {
    return (await this.db.selectFrom('keys').selectAll().orderBy('created_at').orderBy('id').execute()).map((r) => publicView(toKey(r)));
  }

  async find(id: string): Promise<StoredKey | undefined> {
    const row = await this.db.selectFrom('keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toKey(row) : undefined;
  }

  /**
   * Revokes a key and, in the same transaction, disables its hooks and stops their pending deliveries:
   * revoking cuts the holder off from the events it subscribed to, not only from the API.
   * Answers false when there is no such key.
   */
  async revoke(id: string, now = Date.now()): Promise<boolean> {
    return writeTransaction(this.conn, async (trx) => {
      const key = await trx.selectFrom('keys').select(['revoked_at']).where('id', '=', id).executeTakeFirst();
      if (!key) return false;
      if (key.revoked_at !== null) return true;
      await trx.updateTable('keys').set({ revoked_at: now }).where('id', '=', id).execute();
      // The hooks before their deliveries: the lock order of store/hooks.ts.
      await trx.updateTable('hooks').set({ status: 'disabled', disabled_reason: 'its key was revoked' }).where('owner', '=', id).execute();
      const hooks = trx.selectFrom('hooks').select('id').where('owner', '=', id);
      await trx
        .updateTable('deliveries')
        .set({ status: 'failed', last_error: 'hook disabled: its key was revoked', claimed_until: null, finished_at: now })
        .where('hook_id', 'in', hooks)
        .where('status', '=', 'pending')
        .execute();
      return true;
    });
  }
}
