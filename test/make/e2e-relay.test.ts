/**
 * End to end on loopback: the real relay, the generated attach/detach requests executed through the
 * IML renderer with the connection values, and a stand-in for Make's webhook URL that applies the
 * generated webhook `api` section (respond + output) to what arrives.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLATFORM_IDS, findEvent, freshPayload, receive, sign, getPlatform, type PlatformId } from '../../shared';
import { startRelay } from '../../relay';
import { buildMakeApp, type MakeApp } from '../../make/model';
import { executeRequest, renderIml } from '../../make/iml';
import type { MakeParam } from '../../make/interface';
import { coveredLeaves, interfaceMismatches } from './interface-check';

const API_KEY = `make-e2e-${randomBytes(6).toString('hex')}`;

function secretFor(platform: PlatformId): string {
  return platform === 'standard' ? `whsec_${randomBytes(24).toString('base64')}` : `secret-${platform}-${randomBytes(8).toString('hex')}`;
}

interface Bundle {
  headers: Record<string, unknown>;
  raw: string;
  output: unknown;
}

/** Stands in for a Make dedicated webhook URL: evaluates the webhook's `api` section on each request. */
async function startMakeWebhook(app: MakeApp, webhookName: string): Promise<{ url: string; bundles: Bundle[]; close(): Promise<void> }> {
  const webhook = app.webhooks.find((w) => w.name === webhookName)!;
  const api = webhook.sections.api as { output: unknown; respond: { status: number; body: unknown } };
  const bundles: Bundle[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const context = { body: JSON.parse(raw) as unknown, headers: req.headers, method: req.method, query: {} };
    bundles.push({ headers: req.headers as Record<string, unknown>, raw, output: renderIml(api.output, context) });
    const respond = renderIml(api.respond, context) as { status: number; body: unknown };
    res.writeHead(respond.status, { 'content-type': 'application/json' }).end(JSON.stringify(respond.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/make/${webhookName}`,
    bundles,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function until<T>(read: () => T | undefined, attempts = 200): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not met');
}

describe('Make app + relay on loopback', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-make-e2e-'));
  const secrets = Object.fromEntries(PLATFORM_IDS.map((p) => [p, secretFor(p)])) as Record<PlatformId, string>;
  let relay: Awaited<ReturnType<typeof startRelay>>;

  beforeAll(async () => {
    relay = await startRelay({
      port: 0,
      apiKey: API_KEY,
      db: join(dir, 'relay.sqlite'),
      sources: PLATFORM_IDS.map((p) => ({ id: `src-${p}`, platform: p, secrets: [secrets[p]] })),
      fanout: { pollMs: 20, baseMs: 50, maxMs: 400, timeoutMs: 2000, leaseMs: 5000 },
      allowPrivateDestinations: true, // the Make webhook double listens on loopback
    });
  });
  afterAll(async () => {
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cases = PLATFORM_IDS.flatMap((platform) => {
    const app = buildMakeApp(platform);
    return app.modules.slice(0, 1).concat(app.modules.length > 1 ? [app.modules[app.modules.length - 1]!] : []).map((m) => [platform, m.name] as const);
  });

  it.each(cases)('%s %s: attach → signed delivery → bundle matching the interface → detach', async (platform, moduleName) => {
    const app = buildMakeApp(platform);
    const module = app.modules.find((m) => m.name === moduleName)!;
    const webhook = app.webhooks.find((w) => w.name === module.webhook)!;
    const make = await startMakeWebhook(app, webhook.name);
    try {
      const connection = { relayUrl: relay.url, apiKey: API_KEY };
      // The connection test (connection `api` section) passes with the right key, fails with a wrong one.
      await executeRequest(app.connection.sections.api, undefined, { parameters: connection });
      await expect(executeRequest(app.connection.sections.api, undefined, { parameters: { ...connection, apiKey: 'wrong' } })).rejects.toThrow();

      const attach = await executeRequest(webhook.sections.attach, app.base, { connection, webhook: { id: 'wh-1', url: make.url }, parameters: {} });
      expect(attach.status).toBe(201);
      const hook = attach.body as { id: string; secret: string; url: string; events: string[] };
      expect(hook.url).toBe(make.url);
      expect(attach.data).toEqual({ hookId: hook.id });
      if (module.eventType !== '*') expect(hook.events).toEqual([module.eventType]);

      const eventType = module.eventType === '*' ? getPlatform(platform).events[0]?.type ?? getPlatform(platform).anyEvent.type : module.eventType;
      const event = module.eventType === '*' && getPlatform(platform).events[0] ? getPlatform(platform).events[0]! : findEvent(platform, eventType) ?? getPlatform(platform).anyEvent;
      const delivery = sign(platform, freshPayload(platform, event.sample, Date.now() % 100000), { secret: secrets[platform] });
      const ingest = await fetch(`${relay.url}/in/src-${platform}`, { method: 'POST', headers: delivery.headers, body: delivery.body });
      expect(ingest.status).toBe(202);
      const { id } = (await ingest.json()) as { id: string };

      const bundle = await until(() => make.bundles.find((b) => b.headers['webhook-id'] === id));
      const output = bundle.output as { id: string; platform: string; type: string; data: Record<string, unknown> };
      expect(output.id).toBe(id);
      expect(output.platform).toBe(platform);
      // The fan-out is the relay's signed normalised event (verifiable with the hook's secret).
      const verified = receive('standard', { headers: bundle.headers as Record<string, string>, body: bundle.raw }, { secrets: [hook.secret] });
      expect(verified.ok).toBe(true);
      expect(interfaceMismatches(module.sections.interface as MakeParam[], output)).toEqual([]);
      // The 7 envelope fields plus at least one typed field of the platform's own payload.
      expect(coveredLeaves(module.sections.interface as MakeParam[], output)).toBeGreaterThan(7);

      const detach = await executeRequest(webhook.sections.detach, app.base, { connection, webhook: attach.data, parameters: {} });
      expect(detach.status).toBe(204);
      const gone = await fetch(`${relay.url}/hooks/${hook.id}`, { headers: { authorization: `Bearer ${API_KEY}` } });
      expect(gone.status).toBe(404);
    } finally {
      await make.close();
    }
  });
});
