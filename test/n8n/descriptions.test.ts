import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workflow, type INodeProperties, type INodePropertyOptions, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { titleCase as n8nTitleCase } from 'title-case';
import { getPlatform, PLATFORM_IDS, type PlatformId } from '../../shared';
import { ChatwootApi } from '../../credentials/ChatwootApi.credentials';
import { HooklineRelayApi } from '../../credentials/HooklineRelayApi.credentials';
import { createSigningCredential } from '../../credentials/signing-credential';
import { Hookline } from '../../nodes/Hookline/Hookline.node';
import { credentialName, triggerClassName } from '../../nodes/Hookline/names';
import { createTrigger } from '../../nodes/Hookline/trigger';

const ROOT = join(__dirname, '../..');
const trigger = (p: PlatformId) => new (createTrigger(p))().description;
const named = (d: INodeTypeDescription, name: string) => d.properties.filter((p) => p.name === name);
const optionsOf = (p: INodeProperties) => (p.options ?? []) as INodePropertyOptions[];
const closed = PLATFORM_IDS.filter((p) => !getPlatform(p).openEvents);

/** n8n's editor moves a parameter into the credential dialog when credentials `show` on it (its "main auth field"). */
const credentialDependencies = (d: INodeTypeDescription) => (d.credentials ?? []).flatMap((c) => Object.keys(c.displayOptions?.show ?? {}));

/** What the editor shows as the subtitle, evaluated by n8n-workflow's own expression engine. */
function subtitle(node: INodeType, parameters: Record<string, unknown>): unknown {
  const types = { getByName: () => node, getByNameAndVersion: () => node, getKnownTypes: () => ({}) };
  const workflow = new Workflow({
    nodes: [{ id: '1', name: 'N', type: 'x.n', typeVersion: 1, position: [0, 0], parameters: parameters as never }],
    connections: {},
    active: false,
    nodeTypes: types as never,
  });
  return workflow.expression.getSimpleParameterValue(workflow.getNode('N')!, node.description.subtitle!, 'internal', {});
}

describe('trigger descriptions, from the catalog', () => {
  it.each(PLATFORM_IDS)('%s: the connection mode is a parameter of the panel, each option described', (platform) => {
    const d = trigger(platform);
    expect(credentialDependencies(d)).toEqual([]);
    const modes = named(d, 'mode');
    expect(modes.length).toBeGreaterThan(0);
    for (const mode of modes) {
      expect(mode.type).toBe('options');
      for (const o of optionsOf(mode)) expect(o.description).toMatch(/^[A-Z].{30,100}$/); // two lines in the dropdown
    }
    const all = new Set(modes.flatMap((m) => optionsOf(m).map((o) => o.value)));
    expect(all).toEqual(new Set(getPlatform(platform).subscription ? ['direct', 'chatwootApi', 'relay'] : ['direct', 'relay']));
    for (const c of d.credentials!) expect(Object.keys(c.displayOptions?.hide ?? {})).toContain('mode');
  });

  it.each(closed)(
    '%s: event names are Title Case as n8n checks it, without parentheses, alphabetical, each described by one English sentence',
    (platform) => {
      const lists = named(trigger(platform), 'events');
      expect(lists.length).toBeGreaterThan(0);
      const spec = getPlatform(platform);
      const seen = new Set<string>();
      for (const list of lists) {
        expect(list.type).toBe('multiOptions');
        const options = optionsOf(list);
        // Alphabetical (inside each "<Group>: " prefix in Modyo's All Contexts list, which keeps the groups' order).
        const prefix = (n: string) => /^([^:]+): /.exec(n)?.[1] ?? '';
        for (const group of new Set(options.map((o) => prefix(o.name)))) {
          const names = options.map((o) => o.name).filter((n) => prefix(n) === group);
          expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
        }
        expect(new Set(options.map((o) => o.name)).size).toBe(options.length);
        for (const o of options) {
          seen.add(String(o.value));
          expect(o.name).not.toMatch(/[()]/);
          expect(o.name).toBe(n8nTitleCase(o.name));
          expect(o.value).not.toBe('*');
          const event = spec.events.find((e) => e.type === o.value)!;
          expect(o.description).toBe(event.description);
          expect(o.description).toMatch(/^[A-Z][^.`]*(\.[^ .`][^.`]*)*\.$/); // one sentence, ends with a full stop
          expect(o.description).toMatch(/\b(a|an|the|was|were|of|to|in|its|new)\b/i);
          expect(o.description).not.toMatch(/[ñ¿¡áéíóú]|trigger_uid|_log\b/i);
          expect(o.description!.toLowerCase()).not.toContain(event.label.es.toLowerCase());
        }
      }
      expect(seen).toEqual(new Set(spec.events.map((e) => e.type)));
    },
  );

  it.each(closed)('%s: "All Events" stands alone: a switch, with the lists shown only when it is off', (platform) => {
    const d = trigger(platform);
    const [all] = named(d, 'allEvents');
    expect(all).toMatchObject({ type: 'boolean', default: true });
    for (const list of named(d, 'events')) expect(list.displayOptions?.show?.['allEvents']).toEqual([false]);
    expect(subtitle(new (createTrigger(platform))(), {})).toMatch(/All Events$/);
  });

  it("Modyo's events are grouped like n8n's Webex trigger: a Context parameter, then that context's events", () => {
    const d = trigger('modyo');
    const [context] = named(d, 'group');
    expect(optionsOf(context!).map((o) => o.name)).toEqual(['All Contexts', 'App', 'Space', 'Realm Admin', 'Realm']);
    const lists = named(d, 'events');
    const listFor = (group: string) => optionsOf(lists.find((l) => l.displayOptions?.show?.['group']?.[0] === group)!);
    for (const [value, label] of [
      ['app', 'App'],
      ['space', 'Space'],
      ['realm_admin', 'Realm admin'],
      ['realm', 'Realm'],
    ] as const) {
      expect(new Set(listFor(value).map((o) => o.value))).toEqual(
        new Set(
          getPlatform('modyo')
            .events.filter((e) => e.group === label)
            .map((e) => e.type),
        ),
      );
    }
    expect(
      listFor('space')
        .slice(0, 3)
        .map((o) => o.name),
    ).toEqual(['Asset Created', 'Asset Updated', 'Category Created']);
    const everything = listFor('all').map((o) => o.name);
    expect(everything).toHaveLength(getPlatform('modyo').events.length);
    expect(everything[0]).toBe('App: App Created');
    expect(everything.filter((n) => n.startsWith('Realm Admin: '))).toEqual(['Realm Admin: User Disabled']);
    expect(subtitle(new (createTrigger('modyo'))(), { group: 'space', allEvents: false, events: ['entry_published_log'] })).toBe(
      'Space: Entry Published',
    );
  });

  it("Intertel Conversa offers Chatwoot's senders, each with its own events, connections and steps", () => {
    const d = trigger('conversa');
    const [sender] = named(d, 'sender');
    expect(optionsOf(sender!).map((o) => o.value)).toEqual(['account_webhook', 'agent_bot', 'api_channel', 'automation_rule', 'macro']);
    const modesOf = (s: string) =>
      optionsOf(named(d, 'mode').find((m) => m.displayOptions?.show?.['sender']?.[0] === s)!).map((o) => o.value);
    expect(modesOf('account_webhook')).toEqual(['chatwootApi', 'direct', 'relay']);
    expect(modesOf('agent_bot')).toEqual(['chatwootApi', 'direct', 'relay']);
    expect(modesOf('api_channel')).toEqual(['direct', 'relay']);
    expect(modesOf('automation_rule')).toEqual(['direct']);
    const eventsOf = (s: string) =>
      optionsOf(named(d, 'events').find((l) => l.displayOptions?.show?.['sender']?.[0] === s)!).map((o) => o.value);
    expect(eventsOf('macro')).toEqual(['macro.executed']);
    expect(eventsOf('agent_bot')).toEqual(
      expect.arrayContaining(['conversation_opened', 'conversation_resolved', 'message_created', 'webwidget_triggered']),
    );
    expect(eventsOf('agent_bot')).not.toContain('contact_created');
    const notices = d.properties.filter((p) => p.type === 'notice');
    const steps = (s: string) => notices.find((n) => n.name === `setupNotice_${s}`)!.displayName;
    expect(steps('automation_rule')).toMatch(/Settings → Automation.*Send Webhook Event.*random ID in it that cannot be guessed/);
    expect(steps('macro')).toMatch(/Settings → Macros.*random ID/);
    expect(steps('agent_bot')).toMatch(/Settings → Bots/);
    expect(notices.find((n) => n.name === 'privateNetworkNotice')!.displayName).toMatch(
      /From 4\.14 it refuses.*private.*4\.14\.1 and later set SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true/,
    );
    // Unsigned senders need no credential; the signed ones keep theirs.
    const signing = d.credentials!.find((c) => c.name === credentialName('conversa'))!;
    expect(signing.displayOptions?.hide?.['sender']).toEqual(['automation_rule', 'macro']);
    expect(named(d, 'agentBot')[0]).toMatchObject({ typeOptions: { loadOptionsMethod: 'chatwootAgentBots' }, default: 'new' });
    expect(subtitle(new (createTrigger('conversa'))(), { sender: 'agent_bot', allEvents: false, events: ['message_created'] })).toBe(
      'Agent Bot: Message Created',
    );
    expect(
      subtitle(new (createTrigger('conversa'))(), { allEvents: false, events: ['message_created', 'contact_created', 'inbox_created'] }),
    ).toBe('Account Webhook: 3 Events');
  });

  it('Standard Webhooks: the user types the event types, with * wildcards', () => {
    const [events] = named(trigger('standard'), 'events');
    expect(events).toMatchObject({ type: 'string', default: '*', placeholder: 'invoice.paid, invoice.*' });
    expect(named(trigger('standard'), 'allEvents')).toEqual([]);
    expect(subtitle(new (createTrigger('standard'))(), { events: 'invoice.*, payout.paid' })).toBe('invoice.*, payout.paid');
    expect(subtitle(new (createTrigger('standard'))(), {})).toBe('All Events');
  });

  it('the test notice gives the hookline send command for the Test URL', () => {
    const text = (p: PlatformId, name: string) => trigger(p).properties.find((x) => x.name === name)!.displayName;
    expect(text('horneross', 'testNotice_direct')).toContain(
      'run: npx hookline send horneross conversation.created --url &lt;Test URL&gt; --secret &lt;signing secret&gt; (with',
    );
    expect(text('modyo', 'testNotice_direct')).toContain('--secret &lt;your token&gt;');
    expect(text('conversa', 'testNotice_direct_automation_rule')).toContain(
      'npx hookline send conversa automation_event.conversation_created --url &lt;Test URL&gt; (with',
    );
    expect(text('horneross', 'testNotice_relay')).toContain('--url &lt;relay URL&gt;/in/&lt;source&gt;');
  });

  it('every trigger has its own icon, in a light and a dark variant', () => {
    const hashes = new Set<string>();
    for (const platform of PLATFORM_IDS) {
      const icon = trigger(platform).icon as { light: string; dark: string };
      const [light, dark] = [icon.light, icon.dark].map((f) =>
        readFileSync(join(ROOT, 'nodes', triggerClassName(platform), f.replace(/^file:/, '')), 'utf8'),
      );
      expect(light).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(light).not.toBe(dark);
      expect(light).not.toContain('<text'); // a drawing, not a letter tile
      hashes.add(createHash('sha256').update(light!).digest('hex'));
    }
    expect(hashes.size).toBe(PLATFORM_IDS.length);
  });
});

describe('credentials', () => {
  it('are named "<Platform> Signing Secret" or "<Platform> Shared Token", short and consistent', () => {
    const names = PLATFORM_IDS.map((p) => new (createSigningCredential(p, credentialName(p)))().displayName);
    expect(names).toEqual([
      'Iris Shared Token',
      'InboundFlow Signing Secret',
      'Intertel Conversa Signing Secret',
      'Modyo Shared Token',
      'Horneross Signing Secret',
      'Standard Webhooks Signing Secret',
    ]);
    expect([new ChatwootApi().displayName, new HooklineRelayApi().displayName]).toEqual(['Chatwoot API', 'Hookline Relay API']);
  });

  it('describe what they hold in plain words', () => {
    const modyo = new (createSigningCredential('modyo', 'modyoSigningApi'))().properties;
    expect(modyo.map((p) => p.displayName)).toEqual(['Shared Token', 'Header Name']);
    expect(modyo[0]!.description).toMatch(/^Modyo signs nothing, so Hookline checks a token you make up/);
    const conversa = new (createSigningCredential('conversa', 'intertelConversaSigningApi'))().properties[0]!;
    expect(conversa).toMatchObject({ displayName: 'Signing Secret', typeOptions: { password: true } });
    expect(conversa.description).toBe(
      'The secret of the webhook, agent bot or API channel inbox that posts here; Hookline checks the X-Chatwoot-Signature header with it. Several, separated by commas, are accepted while you rotate.',
    );
  });
});

describe('the Hookline action node', () => {
  const d = new Hookline().description;

  it('keeps Resource and Platform in the panel, and gives n8n no reason to add "Custom API Call"', () => {
    expect(credentialDependencies(d)).toEqual([]);
    // n8n-core adds Custom API Call to resource/operation lists of nodes with a credential that has `authenticate`.
    expect([new ChatwootApi(), new HooklineRelayApi()].map((c) => (c as { authenticate?: unknown }).authenticate)).toEqual([
      undefined,
      undefined,
    ]);
    expect(named(d, 'resource')[0]).toMatchObject({ type: 'options' });
    expect(named(d, 'platform')[0]).toMatchObject({ type: 'options', displayOptions: { show: { resource: ['delivery'] } } });
  });

  it('Send Test picks the event from the catalog, and needs no JSON unless the user writes one', () => {
    const pickers = named(d, 'eventType');
    expect(pickers).toHaveLength(PLATFORM_IDS.length);
    const modyo = pickers.find((p) => p.displayOptions?.show?.['platform']?.[0] === 'modyo')!;
    expect(modyo.type).toBe('options');
    expect(optionsOf(modyo)).toHaveLength(getPlatform('modyo').events.length);
    for (const o of optionsOf(modyo)) expect(o.name).toBe(n8nTitleCase(o.name));
    const [payload] = named(d, 'payload');
    expect(() => JSON.parse(String(payload!.default))).not.toThrow();
    expect(payload!.displayOptions?.show?.['payloadSource']).toEqual(['custom']);
  });

  it('has readable subtitles', () => {
    expect(subtitle(new Hookline(), { resource: 'delivery', operation: 'sendTest', platform: 'modyo' })).toBe('Send Test: Modyo');
    expect(subtitle(new Hookline(), { resource: 'delivery', operation: 'verify', platform: 'conversa' })).toBe('Verify: Intertel Conversa');
    expect(subtitle(new Hookline(), { resource: 'chatwootWebhook', operation: 'list' })).toBe('Get Many: Chatwoot Webhook');
  });
});
