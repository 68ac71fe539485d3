import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLATFORM_IDS, PLATFORMS, freshPayload, getPlatform, sign, type PlatformId } from '../../shared';
import { credentialName, triggerClassName, triggerNodeName } from '../../nodes/Hookline/names';
import { startRelay, type Relay } from '../../relay';
import { startChatwootDouble, type ChatwootDouble } from '../support/chatwoot-double';
import { chatwootDelivery } from '../support/chatwoot-senders';
import {
  createCredential as createCredentialIn,
  deployWorkflow,
  installedNodeFiles,
  registered,
  startN8n,
  type DeployedWorkflow,
  type N8n,
  executionsOf,
  settledExecutions,
} from './n8n-instance';

const secretFor = (p: PlatformId) => (p === 'standard' ? 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' : `e2e-${p}-secret`);
const samplesOf = (p: PlatformId) => (getPlatform(p).openEvents ? [getPlatform(p).anyEvent] : getPlatform(p).events.slice(0, 2));

type Deployed = DeployedWorkflow;

let n8n: N8n;

const createCredential = (type: string, data: Record<string, unknown>) => createCredentialIn(n8n, type, data);

async function deploy(platform: PlatformId, parameters: Record<string, unknown>, credentials: Record<string, string>): Promise<Deployed> {
  const webhookId = randomUUID();
  return deployWorkflow(
    n8n,
    {
      id: randomUUID(),
      type: `n8n-nodes-hookline.${triggerNodeName(platform)}`,
      typeVersion: 2,
      webhookId,
      parameters,
      credentials: Object.fromEntries(Object.entries(credentials).map(([type, id]) => [type, { id, name: type }])),
    },
    `${webhookId}/webhook`,
  );
}

async function eventually(check: () => boolean | Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 150; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

const executions = (workflowId: string) => executionsOf(n8n, workflowId);
const settle = (workflowId: string, count: number) => settledExecutions(n8n, workflowId, count);

const outputOf = (execution: any) => execution.data.resultData.runData['Trigger'][0].data.main[0][0].json;

async function post(url: string, delivery: { headers: Record<string, string>; body: string }) {
  const res = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  n8n = await startN8n();
}, 1_800_000);

afterAll(async () => {
  await n8n?.stop();
});

describe('Hookline nodes in a real n8n 2.x', () => {
  it('installs as a community package with every node', () => {
    expect(installedNodeFiles(n8n.userFolder).sort()).toEqual(
      expect.arrayContaining(['Hookline', 'IrisTrigger', 'IntertelConversaTrigger', 'ModyoTrigger', 'StandardWebhooksTrigger']),
    );
  });

  it("ships a static output schema per trigger where n8n's own resolver looks for it", () => {
    const { resolveOutputSchemaPath } = require(
      join(n8n.n8nDir, 'node_modules', 'n8n-core', 'dist', 'nodes-loader', 'output-schema-resolver.js'),
    ) as {
      resolveOutputSchemaPath(ref: { nodeDir: string; version: number; versionFallback: boolean }): string | undefined;
    };
    for (const platform of PLATFORM_IDS) {
      const node = triggerClassName(platform);
      const [file, v2] = [1, 2].map((version) =>
        resolveOutputSchemaPath({
          nodeDir: join(n8n.userFolder, '.n8n/nodes/node_modules/n8n-nodes-hookline/dist/nodes', node),
          version,
          versionFallback: false,
        }),
      );
      expect(file && existsSync(file)).toBe(true);
      expect(v2 && existsSync(v2)).toBe(true);
      const schema = JSON.parse(readFileSync(file!, 'utf8'));
      expect(schema.properties.platform.const).toBe(platform);
      expect(Object.keys(schema.properties.data.properties).length).toBeGreaterThan(1);
    }
  });

  describe.each(PLATFORM_IDS)('%s trigger (platform sends here)', (platform) => {
    let wf: Deployed;
    beforeAll(async () => {
      const cred = await createCredential(credentialName(platform), {
        secrets: secretFor(platform),
        ...(getPlatform(platform).signature.kind === 'shared-token' ? { tokenHeader: 'X-Hookline-Token' } : {}),
      });
      wf = await deploy(
        platform,
        { mode: 'direct', events: ['*'], options: { ignoreDuplicates: true } },
        { [credentialName(platform)]: cred },
      );
    });

    it('runs exactly one execution per signed delivery, carrying the typed event; rejects bad input without executing', async () => {
      const sent: string[] = [];
      for (const [i, event] of samplesOf(platform).entries()) {
        const res = await post(wf.url, sign(platform, freshPayload(platform, event.sample, i), { secret: secretFor(platform) }));
        expect(res.status).toBe(200);
        sent.push(event.type);
      }
      const forged = await post(
        wf.url,
        sign(platform, samplesOf(platform)[0]!.sample, {
          secret: platform === 'standard' ? 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY' : 'forged-secret',
        }),
      );
      expect(forged.status).toBe(401);
      expect(JSON.parse(forged.text)).toMatchObject({ error: { code: expect.stringMatching(/invalid_signature|missing_signature/) } });
      expect(forged.text).not.toContain(secretFor(platform));
      // n8n parses application/json bodies itself and answers malformed ones with 422 before any node runs;
      // a body that reaches the node (here text/plain) gets Hookline's typed 400 invalid_json.
      const malformed = sign(platform, '{"not json', { secret: secretFor(platform) });
      expect((await post(wf.url, malformed)).status).toBe(422);
      const asText = await post(wf.url, { ...malformed, headers: { ...malformed.headers, 'Content-Type': 'text/plain' } });
      expect(asText.status).toBe(400);
      expect(JSON.parse(asText.text)).toMatchObject({ error: { code: 'invalid_json' } });

      const list = await settle(wf.id, sent.length);
      expect(list).toHaveLength(sent.length);
      const outputs = list.map(outputOf);
      for (const out of outputs)
        expect(out).toMatchObject({
          platform,
          verified: true,
          deliveryId: expect.any(String),
          occurredAt: expect.any(String),
          data: expect.any(Object),
        });
      if (!getPlatform(platform).openEvents) expect(outputs.map((o) => o.type).sort()).toEqual([...sent].sort());
    });
  });

  it('stale, wrong-event and duplicate deliveries: the right status and no extra execution; an authentic unknown event runs, unless strict', async () => {
    const cred = await createCredential(credentialName('inboundflow'), { secrets: secretFor('inboundflow') });
    const wf = await deploy(
      'inboundflow',
      { mode: 'direct', allEvents: false, events: ['call.completed', 'call.unknown'], options: { ignoreDuplicates: true } },
      { [credentialName('inboundflow')]: cred },
    );
    const strict = await deploy('inboundflow', { mode: 'direct', options: { strict: true } }, { [credentialName('inboundflow')]: cred });
    const secret = secretFor('inboundflow');
    const call = PLATFORMS.inboundflow.events[0].sample;
    const stale = sign('inboundflow', freshPayload('inboundflow', call, 1), { secret, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await post(wf.url, stale)).status).toBe(401);
    expect(
      (await post(wf.url, sign('inboundflow', freshPayload('inboundflow', PLATFORMS.inboundflow.events[3].sample, 2), { secret }))).status,
    ).toBe(200); // lead.created: not selected
    const unknown = sign('inboundflow', { ...call, event: 'call.unknown' }, { secret });
    expect((await post(wf.url, unknown)).status).toBe(200);
    const refused = await post(strict.url, unknown);
    expect(refused.status).toBe(422);
    expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'unknown_event' } });
    const once = sign('inboundflow', freshPayload('inboundflow', call, 3), { secret });
    expect((await post(wf.url, once)).status).toBe(200);
    expect(JSON.parse((await post(wf.url, once)).text)).toMatchObject({ received: true, duplicate: expect.any(String) });
    const list = await settle(wf.id, 2);
    expect(
      list
        .map(outputOf)
        .map((o) => [o.type, o.known])
        .sort(),
    ).toEqual([
      ['call.completed', true],
      ['call.unknown', false],
    ]);
    expect(await executions(strict.id)).toHaveLength(0);
  });

  describe("Chatwoot's other senders", () => {
    let chatwoot: ChatwootDouble;
    beforeAll(async () => {
      chatwoot = await startChatwootDouble({ accountId: 5 });
    });
    afterAll(async () => chatwoot?.close());

    it('automation rules: their unsigned deliveries run the workflow with no credential; nothing else gets in that way', async () => {
      const wf = await deploy('conversa', { sender: 'automation_rule', mode: 'direct' }, {});
      const rule = PLATFORMS.conversa.events.find((e) => e.type === 'automation_event.conversation_resolved')!.sample;
      expect((await post(wf.url, chatwootDelivery('automation_rule', rule))).status).toBe(200);
      const message = PLATFORMS.conversa.events.find((e) => e.type === 'message_created')!.sample;
      expect(JSON.parse((await post(wf.url, chatwootDelivery('automation_rule', message))).text)).toEqual({
        received: true,
        ignored: 'message_created',
      });
      const list = await settle(wf.id, 1);
      expect(list).toHaveLength(1);
      expect(outputOf(list[0])).toMatchObject({
        platform: 'conversa',
        type: 'automation_event.conversation_resolved',
        verified: false,
        signatureForm: 'none',
        known: true,
      });
    });

    it("agent bots: activation creates the bot and connects it to the inbox; Chatwoot's signed bot deliveries run the workflow; deactivation undoes it", async () => {
      const cred = await createCredential('chatwootApi', { baseUrl: chatwoot.url, accountId: '5', apiAccessToken: chatwoot.token });
      const wf = await deploy(
        'conversa',
        { sender: 'agent_bot', mode: 'chatwootApi', agentBot: 'new', botInboxes: [2] },
        { chatwootApi: cred },
      );
      // n8n answers on the webhook path slightly before the activation's create() has finished.
      const created = () => [...chatwoot.bots.values()].find((b) => b.outgoing_url === wf.url);
      expect(await eventually(() => created() !== undefined && chatwoot.inboxes.get(2)!.agentBotId === created()!.id)).toBe(true);
      await registered(n8n, wf.id);
      const bot = created()!;
      expect(bot).toMatchObject({ name: expect.stringMatching(/^n8n: /), system_bot: false });

      const resolved = PLATFORMS.conversa.events.find((e) => e.type === 'conversation_resolved')!.sample;
      expect(await chatwoot.deliverToInboxBot(2, { ...resolved, event: 'conversation_resolved' })).toEqual([{ url: wf.url, status: 200 }]);
      const forged = chatwootDelivery('agent_bot', resolved, { secret: 'not-the-bot-secret' });
      expect((await post(wf.url, forged)).status).toBe(401);
      const list = await settle(wf.id, 1);
      expect(list).toHaveLength(1);
      expect(outputOf(list[0])).toMatchObject({
        type: 'conversation_resolved',
        verified: true,
        deliveryId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });

      expect((await n8n.api('POST', `/workflows/${wf.id}/deactivate`)).status).toBe(200);
      expect(await eventually(() => !chatwoot.bots.has(bot.id))).toBe(true);
      expect(chatwoot.inboxes.get(2)!.agentBotId).toBeNull();
    });

    it("n8n's credential test reaches Chatwoot with the token, and fails on a wrong one", async () => {
      const test = async (apiAccessToken: string) => {
        const data = { baseUrl: chatwoot.url, accountId: '5', apiAccessToken };
        return n8n.rest('POST', '/credentials/test', {
          credentials: { id: await createCredential('chatwootApi', data), name: 'cw', type: 'chatwootApi', data },
        });
      };
      expect((await test(chatwoot.token)).json).toMatchObject({ data: { status: 'OK' } });
      expect((await test('wrong-token')).json).toMatchObject({ data: { status: 'Error' } });
    });
  });

  describe('Intertel Conversa registers itself through the Chatwoot API', () => {
    let chatwoot: ChatwootDouble;
    beforeAll(async () => {
      chatwoot = await startChatwootDouble({ accountId: 3 });
    });
    afterAll(async () => chatwoot?.close());

    it('activation creates the webhook, its secret verifies deliveries, deactivation deletes it', async () => {
      const cred = await createCredential('chatwootApi', { baseUrl: chatwoot.url, accountId: '3', apiAccessToken: chatwoot.token });
      const wf = await deploy(
        'conversa',
        { mode: 'chatwootApi', allEvents: false, events: ['message_created', 'conversation_status_changed'] },
        { chatwootApi: cred },
      );
      expect(await eventually(() => chatwoot.webhooks.size === 1)).toBe(true);
      await registered(n8n, wf.id);
      const hooks = [...chatwoot.webhooks.values()];
      expect(hooks[0]).toMatchObject({ url: wf.url, subscriptions: ['message_created', 'conversation_status_changed'] });

      const results = await chatwoot.deliver({ ...PLATFORMS.conversa.events[3].sample, event: 'message_created' });
      expect(results).toEqual([{ url: wf.url, status: 200 }]);
      const forged = sign('conversa', PLATFORMS.conversa.events[3].sample, { secret: 'not-the-issued-secret' });
      expect((await post(wf.url, forged)).status).toBe(401);
      const list = await settle(wf.id, 1);
      expect(list).toHaveLength(1);
      expect(outputOf(list[0])).toMatchObject({ platform: 'conversa', type: 'message_created', verified: true });

      expect((await n8n.api('POST', `/workflows/${wf.id}/deactivate`)).status).toBe(200);
      expect(await eventually(() => chatwoot.webhooks.size === 0)).toBe(true);
      expect(chatwoot.requests.map((r) => r.method)).toEqual(expect.arrayContaining(['POST', 'DELETE']));
    });
  });

  describe('via Hookline relay', () => {
    let relay: Relay;
    beforeAll(async () => {
      relay = await startRelay({
        port: 0,
        apiKey: 'relay-e2e-key',
        db: ':memory:',
        sources: [{ id: 'hx', platform: 'horneross', secrets: ['hx-secret'] }],
        fanout: { pollMs: 50 },
        allowPrivateDestinations: true,
      }); // n8n listens on loopback
    });
    afterAll(async () => relay?.close());

    it('activation subscribes, relayed deliveries run the workflow, deactivation unsubscribes', async () => {
      const cred = await createCredential('hooklineRelayApi', { url: relay.url, apiKey: 'relay-e2e-key' });
      const wf = await deploy('horneross', { mode: 'relay', allEvents: false, events: ['lead.captured'] }, { hooklineRelayApi: cred });
      expect(await eventually(async () => (await relay.store.hooks.list()).some((h) => h.url === wf.url))).toBe(true);
      const hooks = (await relay.store.hooks.list()).filter((h) => h.url === wf.url);
      expect(hooks).toHaveLength(1);
      expect(hooks[0]).toMatchObject({ platform: 'horneross', events: ['lead.captured'] });

      const ingest = await post(`${relay.url}/in/hx`, sign('horneross', PLATFORMS.horneross.events[3].sample, { secret: 'hx-secret' }));
      expect(ingest.status).toBe(202);
      const list = await settle(wf.id, 1);
      expect(list).toHaveLength(1);
      expect(outputOf(list[0])).toMatchObject({ platform: 'horneross', type: 'lead.captured', verified: true, viaRelay: { source: 'hx' } });

      expect((await n8n.api('POST', `/workflows/${wf.id}/deactivate`)).status).toBe(200);
      expect(await eventually(async () => (await relay.store.hooks.list()).filter((h) => h.url === wf.url).length === 0)).toBe(true);
    });
  });
});
