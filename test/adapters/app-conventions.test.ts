/**
 * Zapier's and Make's naming and description conventions, over every generated trigger and module of
 * every platform's app. Sources: Zapier's trigger docs and integration checks (labels "New …" in Title
 * Case without the app's name, a noun that completes "triggers on a new …" and appears in the label,
 * descriptions starting "Triggers when", visible triggers with a sample that matches outputFields,
 * ≤ 64/1000 characters); Make's "Names, labels & descriptions" and app-review guidance (instant triggers
 * "Watch …" in Title Case, descriptions starting "Triggers when", a universal "Make an API Call" module
 * that "Performs an arbitrary authorized API call", groups above 10 modules, log.sanitize in base,
 * connection metadata and error handling).
 */
import { getPlatform, PLATFORM_IDS, type PlatformId } from '../../shared';
import { buildMakeApp, isInstantTrigger } from '../../make';
import { buildTriggers } from '../../zapier/src/triggers';
import { authentication } from '../../zapier/src/auth';

const SMALL = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'nor',
  'but',
  'of',
  'to',
  'in',
  'on',
  'at',
  'by',
  'for',
  'with',
  'from',
  'as',
  'via',
  'per',
  'into',
]);

/** Title Case: every word capitalised, short words lower-case inside; parentheses and acronyms allowed. */
function titleCaseProblems(text: string): string[] {
  const words = text.replace(/[()]/g, '').split(/\s+/).filter(Boolean);
  return words.filter((w, i) => {
    if (!/^[a-z]/.test(w)) return false;
    return i === 0 || i === words.length - 1 || !SMALL.has(w);
  });
}

/** Sentences: starts with a capital, ends with a period, no identifiers a user never sees. */
function proseProblems(text: string, platform: PlatformId): string[] {
  const problems: string[] = [];
  if (!/^[A-Z]/.test(text)) problems.push('does not start with a capital');
  if (!/[.)]$/.test(text)) problems.push('does not end with a period');
  if (/trigger_uid|undefined|null\b|\[object/.test(text)) problems.push('internal jargon');
  if (/\b[a-z]+(_[a-z]+)+_log\b/.test(text)) problems.push('a raw event type');
  if (/ {2}|\.\./.test(text)) problems.push('double space or period');
  if (text.includes('`')) problems.push('markdown back-ticks');
  if (platform === 'modyo' && /\(App webhook|\(Space webhook|\(Realm/.test(text)) problems.push('catalog prose restated');
  return problems;
}

type Json = Record<string, unknown>;
function leafKeys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length === 0) return [prefix];
  return Object.entries(value as Json).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}__${k}` : k));
}

describe.each(PLATFORM_IDS)("%s: the Zapier app follows Zapier's conventions", (platform) => {
  const spec = getPlatform(platform);
  const triggers = Object.values(buildTriggers(platform));
  const hidden = (t: (typeof triggers)[number]) => (t.display as { hidden?: boolean }).hidden === true;
  const visible = triggers.filter((t) => !hidden(t));

  it('keys are Zapier keys; only the source list is hidden; labels are unique', () => {
    for (const t of triggers) expect(t.key).toMatch(/^[a-zA-Z][a-zA-Z0-9_]+$/);
    expect(triggers.filter(hidden).map((t) => t.key)).toEqual(['source_list']);
    expect(new Set(visible.map((t) => t.display.label.toLowerCase())).size).toBe(visible.length);
  });

  it.each(visible.map((t) => [t.key, t] as const))('%s: label, noun and description', (_key, t) => {
    const { label, description } = t.display;
    expect(label.length).toBeGreaterThanOrEqual(2);
    expect(label.length).toBeLessThanOrEqual(64);
    expect(titleCaseProblems(label)).toEqual([]);
    expect(label).not.toContain(spec.name);
    expect(label).not.toMatch(/[:.]$|:|New New/);
    expect(/^(New|Updated) /.test(label) || /\b[A-Z][a-z]+ed\b|\b(Sent|Set|Reset)\b/.test(label)).toBe(true);
    expect(t.noun.split(/\s+/).length).toBeLessThanOrEqual(3);
    expect(titleCaseProblems(t.noun)).toEqual([]);
    // The noun's words are the label's (Zapier's own example: "New Email with Label", noun "Labeled Email").
    for (const word of t.noun.toLowerCase().split(/\s+/)) expect(label.toLowerCase()).toContain(word);
    expect(description).toMatch(/^Triggers when /);
    expect(description.length).toBeLessThanOrEqual(1000);
    expect(proseProblems(description, platform)).toEqual([]);
  });

  it.each(visible.map((t) => [t.key, t] as const))('%s: the sample agrees with outputFields; input fields are labelled', (_key, t) => {
    const op = t.operation as {
      sample: Json;
      outputFields: { key: string; list?: boolean; children?: unknown[]; type?: string }[];
      inputFields: { label: string; helpText?: string }[];
    };
    expect(typeof op.sample['id']).toBe('string');
    expect(op.sample['type']).not.toBe('*');
    const covered = (key: string) =>
      op.outputFields.some(
        (f) =>
          f.key === key ||
          f.key.startsWith(`${key}__`) ||
          (key.startsWith(`${f.key}__`) && (f.list === true || f.children !== undefined || f.type === undefined)),
      );
    expect(leafKeys(op.sample).filter((k) => !covered(k))).toEqual([]);
    for (const f of op.inputFields) {
      expect(titleCaseProblems(f.label)).toEqual([]);
      expect(f.helpText).toMatch(/\.$/);
    }
  });

  it('the connection asks for the relay URL and a subscriber key, and says where to get them', () => {
    const auth = authentication(spec.name);
    expect(auth.fields.map((f) => f.label)).toEqual(['Relay URL', 'Subscriber Key']);
    for (const f of auth.fields) expect(f.helpText).toMatch(/\.$/);
    expect(auth.fields[1]!.helpText).toMatch(/hookline keys create/);
  });
});

describe.each(PLATFORM_IDS)("%s: the Make app follows Make's conventions", (platform) => {
  const spec = getPlatform(platform);
  const app = buildMakeApp(platform);
  const triggers = app.modules.filter(isInstantTrigger);

  it('the app and its modules: labels in Title Case without the app name, unique; "Watch …" triggers; one universal module', () => {
    expect(app.label).toBe(`${spec.name} by Hookline`);
    for (const m of app.modules) {
      expect(titleCaseProblems(m.label)).toEqual([]);
      expect(m.label).not.toContain(spec.name);
    }
    expect(new Set(app.modules.map((m) => m.label.toLowerCase())).size).toBe(app.modules.length);
    for (const m of triggers) expect(m.label).toMatch(/^Watch [A-Z]/);
    expect(app.modules.filter((m) => m.type === 'universal').map((m) => [m.label, m.description])).toEqual([
      ['Make an API Call', 'Performs an arbitrary authorized API call to your Hookline relay.'],
    ]);
  });

  it.each(triggers.map((m) => [m.label, m] as const))('%s: description and sample', (_label, m) => {
    expect(m.description).toMatch(/^Triggers when /);
    expect(proseProblems(m.description, platform)).toEqual([]);
    expect((m.sections['samples'] as Json)['type']).not.toBe('*');
  });

  it('groups above 10 modules, each module in exactly one', () => {
    if (app.modules.length <= 10) return expect(app.groups).toBeNull();
    const grouped = app.groups!.flatMap((g) => g.modules);
    expect(grouped.sort()).toEqual(app.modules.map((m) => m.name).sort());
    for (const g of app.groups!) expect(titleCaseProblems(g.label)).toEqual([]);
  });

  it('base sanitises the key in logs; the connection has error messages and metadata; parameters are labelled', () => {
    const base = app.base as { log: { sanitize: string[] }; response: { error: Json } };
    expect(base.log.sanitize).toContain('request.headers.authorization');
    expect(base.response.error['message']).toBeDefined();
    expect(base.response.error['401']).toBeDefined();
    const api = app.connection.sections['api'] as { log: { sanitize: string[] }; response: { error: Json; metadata: Json } };
    expect(api.log.sanitize).toContain('request.headers.authorization');
    expect(api.response.metadata).toMatchObject({ type: 'text' });
    expect(api.response.error['401']).toBeDefined();
    const params = [
      ...(app.connection.sections['parameters'] as Json[]),
      ...app.webhooks.flatMap((w) => w.sections['parameters'] as Json[]),
    ];
    for (const p of params) {
      expect(titleCaseProblems(String(p['label']))).toEqual([]);
      expect(String(p['help'])).toMatch(/\.$/);
    }
  });

  it('every webhook verifies: the token check decides both whether it runs and what the sender gets', () => {
    for (const w of app.webhooks) {
      const api = w.sections['api'] as { condition: string; respond: { status: string } };
      expect(api.condition).toContain('hookline-token');
      expect(api.respond.status).toMatch(/^\{\{if\(.*hookline-token.*, 200, 401\)\}\}$/);
      const attach = w.sections['attach'] as { response: { data: Json }; log: { sanitize: string[] } };
      expect(attach.response.data).toEqual({ hookId: '{{body.id}}', token: '{{body.token}}' });
      expect(attach.log.sanitize).toEqual(expect.arrayContaining(['response.body.secret', 'response.body.token']));
    }
  });
});
