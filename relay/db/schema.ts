import type { Generated } from 'kysely';

/** One schema for SQLite and PostgreSQL. Times are unix milliseconds (bigint in PostgreSQL). */
export interface SourcesTable {
  id: string;
  platform: string;
  config: string; // JSON of SourceConfig (holds secrets; never returned by the API)
  created_at: number;
}

export interface EventsTable {
  id: string;
  source_id: string;
  platform: string;
  type: string;
  delivery_id: string;
  occurred_at: string;
  received_at: number;
  body: string; // the normalised event, JSON
  hops: string | null; // the hookline-hop chain it arrived with, comma-separated relay ids
  replay_key: string | null;
  headers: string | null; // the headers as received, masked (JSON object); null before 004_console
}

export interface HooksTable {
  id: string;
  url: string;
  secret: string;
  source_id: string | null;
  platform: string | null;
  events: string; // JSON array; [] = every event
  status: 'active' | 'disabled';
  disabled_reason: string | null;
  consecutive_failures: number;
  created_at: number;
  /** Requests in flight to this hook at once (per instance); null = the relay's default. */
  concurrency: number | null;
  /** Token bucket of this destination (per instance); null = unlimited. */
  rate_per_second: number | null;
  rate_burst: number | null;
  owner: string | null; // the subscriber key that created it; null = the admin key
  scope: string | null; // JSON of that key's KeyScope: the hook receives only events within it
  /** During a secret rotation: the previous secret, signed with too until previous_secret_expires_at. */
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  last_failure_at: number | null;
}

export interface DeliveriesTable {
  id: Generated<number>;
  event_id: string;
  hook_id: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: number;
  claimed_until: number | null;
  claimed_by: string | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: number | null;
  /** When it was delivered or given up (retention counts from here); null while pending. */
  finished_at: number | null;
}

export interface AttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  attempt: number;
  at: number;
  status: number | null;
  error: string | null;
  duration_ms: number;
  response_excerpt: string | null;
}

export interface RejectionsTable {
  id: Generated<number>;
  source_id: string;
  at: number;
  code: string;
  status: number;
  message: string;
}

export interface KeysTable {
  id: string;
  name: string;
  key_hash: string; // hex SHA-256 of the whole key
  scope: string; // JSON of KeyScope
  created_at: number;
  revoked_at: number | null;
}

export interface RelaySettingsTable {
  name: string;
  value: string;
}

export interface Database {
  sources: SourcesTable;
  events: EventsTable;
  hooks: HooksTable;
  deliveries: DeliveriesTable;
  attempts: AttemptsTable;
  rejections: RejectionsTable;
  keys: KeysTable;
  relay_settings: RelaySettingsTable;
}
