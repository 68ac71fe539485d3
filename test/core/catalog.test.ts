import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod/v4';
import { eventJsonSchema, getPlatform, PLATFORM_IDS, receive } from '../../shared';
import { allEvents } from './helpers';

const SEEDS = join(__dirname, '../../../shared/seeds');
const seed = (prefix: string) =>
  readFileSync(
    join(
      SEEDS,
      require('node:fs')
        .readdirSync(SEEDS)
        .find((f: string) => f.startsWith(prefix)),
    ),
    'utf8',
  );

describe('catalog', () => {
  it.each(allEvents().map(([p, e]) => [p, e.type, e] as const))('%s %s: sample validates against its schema', (_p, _t, event) => {
    const result = event.schema.safeParse(event.sample);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(allEvents().map(([p, e]) => [p, e.type, e] as const))(
    '%s %s: has English and Spanish labels and a description',
    (_p, _t, event) => {
      expect(event.label.en.trim().length).toBeGreaterThan(2);
      expect(event.label.es.trim().length).toBeGreaterThan(2);
      expect(event.description.trim().length).toBeGreaterThan(10);
    },
  );

  it.each(allEvents().map(([p, e]) => [p, e.type] as const))('%s %s: exports a JSON Schema that describes its sample', (platform, type) => {
    const schema = eventJsonSchema(platform, type) as { type?: string; properties?: Record<string, unknown>; anyOf?: unknown[] };
    expect(schema).toBeDefined();
    expect(schema.type === 'object' || Array.isArray(schema.anyOf)).toBe(true);
  });

  it('has unique event types per platform', () => {
    for (const id of PLATFORM_IDS) {
      const types = getPlatform(id).events.map((e) => e.type);
      expect(new Set(types).size).toBe(types.length);
    }
  });

  it('covers every event the seeds name (the minimum), and the research catalogs', () => {
    const types = (id: Parameters<typeof getPlatform>[0]) => getPlatform(id).events.map((e) => e.type);
    const found = (text: string, re: RegExp, clean = (x: string) => x) => [...new Set([...text.matchAll(re)].map((m) => clean(m[1]!)))];
    const seeded = {
      iris: found(seed('000_'), /\b(INTERACTION_[A-Z_]+_EVT)\b/g),
      inboundflow: found(seed('001_'), /^((?:call|appointment|lead)\.[a-z_]+)/gm),
      conversa: found(seed('002_'), /^### (\w+(?:\\_\w+)+)/gm, (x) => x.replace(/\\_/g, '_')),
      horneross: found(seed('004_'), /^((?:conversation|lead)(?:\.[a-z_]+)+)/gm),
    } as const;
    expect(Object.values(seeded).map((list) => list.length)).toEqual([4, 4, 6, 4]);
    for (const [id, list] of Object.entries(seeded)) for (const type of list) expect(types(id as keyof typeof seeded)).toContain(type);
    // Chatwoot's account webhook allow-list (app/models/webhook.rb) has 12 events, and its other senders 8 more
    // (docs/chatwoot-senders.md); Modyo's master catalog has 70 distinct uids.
    expect(types('conversa')).toHaveLength(20);
    expect(types('modyo')).toHaveLength(70);
    expect(new Set(getPlatform('modyo').events.map((e) => e.group))).toEqual(new Set(['App', 'Space', 'Realm admin', 'Realm']));
  });

  it('has a Spanish label for every Modyo event listed in the seed', () => {
    const seedText = seed('003_');
    const labels = getPlatform('modyo').events.map((e) => e.label.es);
    for (const m of seedText.matchAll(/^\* (.+)$/gm)) {
      const label = m[1]!.trim();
      // The 2026-08 correction removed these from the App context (no trigger_uid exists for them).
      if (
        [
          'Inicio de sesión',
          'Cierre de sesión',
          'Perfil actualizado',
          'Sitio oculto',
          'Sitio visible',
          'Tema instalado',
          'Tema restablecido',
          'Tema actualizado',
          'Usuario actualizado',
        ].includes(label) &&
        !labels.includes(label)
      )
        continue;
      expect(labels).toContain(label);
    }
  });

  it('types Chatwoot fields as Chatwoot 4.x sends them, not as the 2022 docs say', () => {
    const message = getPlatform('conversa').events.find((e) => e.type === 'message_created')!;
    const parsed = message.schema.parse(message.sample) as {
      message_type: unknown;
      created_at: unknown;
      conversation: { messages: { message_type: unknown; created_at: unknown }[]; updated_at: number };
    };
    expect(typeof parsed.message_type).toBe('string');
    expect(typeof parsed.created_at).toBe('string');
    expect(typeof parsed.conversation.messages[0]!.message_type).toBe('number');
    expect(typeof parsed.conversation.messages[0]!.created_at).toBe('number');
    expect(Number.isInteger(parsed.conversation.updated_at)).toBe(false);
    const status = getPlatform('conversa').events.find((e) => e.type === 'conversation_status_changed')!;
    expect(status.schema.safeParse({ ...status.sample, changed_attributes: null }).success).toBe(true);
    expect(status.schema.safeParse({ ...status.sample, status: 'archived' }).success).toBe(false);
  });

  it('lets unknown keys pass through (platforms evolve) and is precise where users map fields', () => {
    const lead = getPlatform('inboundflow').events.find((e) => e.type === 'lead.created')!;
    const evolved = { ...lead.sample, brand_new_field: 1, data: { ...(lead.sample['data'] as object), nested_new: { x: true } } };
    const received = receive('inboundflow', { body: JSON.stringify(evolved) }, { allowUnsigned: true });
    expect(received).toMatchObject({ ok: true, event: { data: { brand_new_field: 1, data: { nested_new: { x: true } } } } });
    expect(JSON.stringify(eventJsonSchema('inboundflow', 'lead.created'))).not.toContain('"additionalProperties":false');
    expect(lead.schema.safeParse({ ...lead.sample, timestamp: 'yesterday' }).success).toBe(false);
    expect(lead.schema.safeParse({ ...lead.sample, data: { ...(lead.sample['data'] as object), call_id: 42 } }).success).toBe(false);
  });

  it('accepts both Modyo payload shapes for any trigger', () => {
    const modyo = getPlatform('modyo');
    const log = modyo.events.find((e) => e.type === 'entry_created_log')!;
    const compact = modyo.events.find((e) => e.type === 'origination_submission_completed_log')!;
    expect(log.sample['trigger_uid']).toBe('entry_created_log');
    expect(`${compact.sample['e_c']}_${compact.sample['e_a']}`).toBe('origination_submission_completed_log');
    expect(log.schema.safeParse(compact.sample).success).toBe(true);
    expect(z.toJSONSchema(log.schema)).toHaveProperty('anyOf');
  });
});
