/**
 * End to end on loopback, for every platform's app: the real relay; the generated connection test, RPC,
 * attach, detach and universal-module sections executed through the IML evaluator (make/iml.ts) with the
 * connection's values; and a stand-in for Make's webhook URL that applies the generated webhook
 * communication (condition, respond, output) to each request, holding what attach stored, as Make does.
 * Make itself cannot run here: the stand-in follows Make's documented webhook semantics.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLATFORM_IDS, freshPayload, getPlatform, receive, sign, type PlatformId } from '../../shared';
import { startRelay } from '../../relay';
import { buildMakeApp, isInstantTrigger, type MakeApp, type MakeInstantTrigger } from '../../make/model';
import { executeRequest, ImlError, processWebhook, type ImlContext } from '../../make/iml';
import type { MakeParam } from '../../make/interface';
import { coveredLeaves, interfaceMismatches } from './interface-check';

const API_KEY = `make-e2e-${randomBytes(6).toString('hex')}`;

function secretFor(platform: PlatformId): string {
  return platform === 'standard' ? `whsec_${randomBytes(24).toString('base64')}` : `secret-${platform}-${randomBytes(8).toString('hex')}`;
}

interface Arrival {
  headers: IncomingHttpHeaders;
  raw: string;
  status: number;
  bundle?: unknown;
}

/** Stands in for one Make dedicated webhook: runs its communication on each request with the webhook's stored state. */
async function startMakeWebhook(
  app: MakeApp,
  webhookName: string,
): Promise<{ url: string; arrivals: Arrival[]; state: ImlContext; close(): Promise<void> }> {
  const api = app.webhooks.find((w) => w.name === webhookName)!.sections['api'];
  const arrivals: Arrival[] = [];
  const state: ImlContext = {};
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const result = processWebhook(api, { body: JSON.parse(raw) as unknown, headers: req.headers, method: req.method }, state);
    arrivals.push({ headers: req.headers, raw, status: result.status, ...('bundle' in result ? { bundle: result.bundle } : {}) });
    res.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/make/${webhookName}`,
    arrivals,
    state,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function until<T>(read: () => T | undefined, attempts = 300): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met');
}

describe('Make apps + a real relay on loopback', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-make-e2e-'));
  const secrets = Object.fromEntries(PLATFORM_IDS.map((p) => [p, secretFor(p)])) as Record<PlatformId, string>;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  const connection = () => ({ relayUrl: relay.url, apiKey: API_KEY });

  beforeAll(async () => {
    relay = await startRelay({
      port: 0,
      apiKey: API_KEY,
      db: join(dir, 'relay.sqlite'),
      sources: PLATFORM_IDS.flatMap((p) => [
        { id: `src-${p}`, platform: p, secrets: [secrets[p]], onInvalidPayload: 'pass' as const },
        { id: `other-${p}`, platform: p, secrets: [secrets[p]] },
      ]),
      fanout: { pollMs: 20, baseMs: 50, maxMs: 400, timeoutMs: 2000, leaseMs: 5000 },
      allowPrivateDestinations: true, // the Make webhook double listens on loopback
    });
  });
  afterAll(async () => {
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(PLATFORM_IDS)('%s: the connection test passes with the key, fails with a human message without it', async (platform) => {
    const app = buildMakeApp(platform);
    const ok = await executeRequest(app.connection.sections['api'], undefined, { parameters: connection() });
    expect(ok.status).toBe(200);
    expect(ok.metadata).toMatchObject({ type: 'text', value: expect.any(String) });
    const refused = await executeRequest(app.connection.sections['api'], undefined, {
      parameters: { ...connection(), apiKey: 'hlsk_wrong' },
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImlError);
    expect((refused as Error).message).toMatch(/^\[401\] The relay rejected the subscriber key/);
    expect((refused as Error).message).not.toContain('hlsk_wrong');
  });

  it.each(PLATFORM_IDS)("%s: the Source list (RPC) offers this platform's sources only", async (platform) => {
    const app = buildMakeApp(platform);
    const listed = await executeRequest(app.rpcs[0]!.sections['api'], app.base, { connection: connection() });
    expect((listed.output as { value: string }[]).map((o) => o.value).sort()).toEqual([`other-${platform}`, `src-${platform}`]);
  });

  const cases = PLATFORM_IDS.flatMap((platform) =>
    buildMakeApp(platform)
      .modules.filter(isInstantTrigger)
      .slice(0, 2)
      .map((m) => [platform, m.label, m.name] as const),
  );

  it.each(cases)('%s "%s": attach → the relay\'s delivery passes, forgeries are refused → detach', async (platform, _label, moduleName) => {
    const app = buildMakeApp(platform);
    const spec = getPlatform(platform);
    const module = app.modules.find((m) => m.name === moduleName) as MakeInstantTrigger;
    const webhook = app.webhooks.find((w) => w.name === module.webhook)!;
    const make = await startMakeWebhook(app, webhook.name);
    try {
      const event = module.eventType === '*' ? (spec.events[0] ?? spec.anyEvent) : spec.events.find((e) => e.type === module.eventType)!;
      // The user picks a source (and, in Watch Events, the event): Make runs attach with the webhook's parameters.
      const parameters = {
        source: `src-${platform}`,
        ...(module.eventType === '*' ? { events: spec.openEvents ? [] : [event.type] } : {}),
      };
      const attach = await executeRequest(webhook.sections['attach'], app.base, {
        connection: connection(),
        webhook: { id: 'wh-1', url: make.url },
        parameters,
      });
      expect(attach.status).toBe(201);
      const hook = attach.body as { id: string; secret: string; token: string; url: string; events: string[]; source: string };
      expect(hook.url).toBe(make.url);
      expect(hook.source).toBe(`src-${platform}`);
      expect(hook.events).toEqual(spec.openEvents ? [] : [event.type]);
      expect(attach.data).toEqual({ hookId: hook.id, token: hook.token });
      // What Make keeps of the webhook: its parameters and attach's response.data (see AUTHENTIC in make/webhooks.ts).
      Object.assign(make.state, { parameters, data: attach.data });

      // The platform's signed delivery on the chosen source → the relay → Make: accepted, one bundle.
      const delivery = sign(platform, freshPayload(platform, event.sample, Date.now() % 100000), { secret: secrets[platform] });
      const ingest = await fetch(`${relay.url}/in/src-${platform}`, { method: 'POST', headers: delivery.headers, body: delivery.body });
      expect(ingest.status).toBe(202);
      const { id } = (await ingest.json()) as { id: string };
      const arrival = await until(() => make.arrivals.find((a) => a.headers['webhook-id'] === id));
      expect(arrival.status).toBe(200);
      const output = arrival.bundle as { id: string; platform: string; type: string; source: string };
      expect(output).toMatchObject({ id, platform, source: `src-${platform}` });
      // The fan-out is also the relay's signed event (verifiable where the raw body is available).
      expect(
        receive('standard', { headers: arrival.headers as Record<string, string>, body: arrival.raw }, { secrets: [hook.secret] }).ok,
      ).toBe(true);
      expect(interfaceMismatches(module.sections['interface'] as MakeParam[], output)).toEqual([]);
      expect(coveredLeaves(module.sections['interface'] as MakeParam[], output)).toBeGreaterThan(7);

      // Another source of the platform is not this webhook's: the relay does not deliver it.
      const other = sign(platform, freshPayload(platform, event.sample, (Date.now() % 100000) + 1), { secret: secrets[platform] });
      expect((await fetch(`${relay.url}/in/other-${platform}`, { method: 'POST', headers: other.headers, body: other.body })).status).toBe(
        202,
      );

      // Forgeries straight to the Make webhook URL: refused (401, no bundle, no scenario run).
      const forge = async (headers: Record<string, string>) => {
        const before = make.arrivals.length;
        const res = await fetch(make.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: arrival.raw.replace(id, `${id}-forged`),
        });
        expect(res.status).toBe(401);
        expect(make.arrivals[before]).toMatchObject({ status: 401 });
        expect(make.arrivals[before]).not.toHaveProperty('bundle');
      };
      await forge({});
      await forge({ 'hookline-token': 'hlt_guessed' });
      await forge({
        'webhook-id': id,
        'webhook-timestamp': String(arrival.headers['webhook-timestamp']),
        'webhook-signature': String(arrival.headers['webhook-signature']),
      });

      // Make may expose attach's data as `webhook` rather than `data` in the communication: still accepted;
      // with neither, every request is refused (the check fails closed).
      const relayed = { body: JSON.parse(arrival.raw) as unknown, headers: arrival.headers };
      expect(processWebhook(webhook.sections['api'], relayed, { parameters, webhook: attach.data })).toMatchObject({
        status: 200,
        bundle: output,
      });
      expect(processWebhook(webhook.sections['api'], relayed, { parameters })).toEqual({ status: 401, body: { accepted: false } });

      const detach = await executeRequest(webhook.sections['detach'], app.base, {
        connection: connection(),
        webhook: attach.data,
        parameters,
      });
      expect(detach.status).toBe(204);
      const gone = await fetch(`${relay.url}/hooks/${hook.id}`, { headers: { authorization: `Bearer ${API_KEY}` } });
      expect(gone.status).toBe(404);
      expect(make.arrivals.filter((a) => a.status === 200)).toHaveLength(1);
    } finally {
      await make.close();
    }
  });

  /** A verified payload that fails its schema: a top-level field of the wrong type. */
  function schemaBreaking(platform: PlatformId): Record<string, unknown> {
    const spec = getPlatform(platform);
    const sample = (spec.events[0] ?? spec.anyEvent).sample;
    for (const key of Object.keys(sample)) {
      for (const wrong of [{ wrong: true }, 'not-a-number', 12345]) {
        const payload = { ...sample, [key]: wrong };
        const r = receive(platform, sign(platform, payload, { secret: secrets[platform] }), {
          secrets: [secrets[platform]],
          onInvalidPayload: 'pass',
        });
        if (r.ok && r.event.issues.length > 0) return payload;
      }
    }
    throw new Error(`no schema-breaking variant of a ${platform} sample`);
  }

  it.each(PLATFORM_IDS)('%s: a payload that does not match its schema reaches Watch Events with its issues', async (platform) => {
    const app = buildMakeApp(platform);
    const module = app.modules.filter(isInstantTrigger)[0]!;
    const webhook = app.webhooks.find((w) => w.name === module.webhook)!;
    const make = await startMakeWebhook(app, webhook.name);
    try {
      const attach = await executeRequest(webhook.sections['attach'], app.base, {
        connection: connection(),
        webhook: { id: 'wh-2', url: make.url },
        parameters: { source: `src-${platform}` },
      });
      Object.assign(make.state, { parameters: { source: `src-${platform}` }, data: attach.data });
      const delivery = sign(platform, schemaBreaking(platform), { secret: secrets[platform] });
      const ingest = await fetch(`${relay.url}/in/src-${platform}`, { method: 'POST', headers: delivery.headers, body: delivery.body });
      expect(ingest.status).toBe(202);
      const { id } = (await ingest.json()) as { id: string };
      const arrival = await until(() => make.arrivals.find((a) => a.headers['webhook-id'] === id));
      expect(arrival.status).toBe(200);
      expect((arrival.bundle as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
      await executeRequest(webhook.sections['detach'], app.base, { connection: connection(), webhook: attach.data, parameters: {} });
    } finally {
      await make.close();
    }
  });

  it('the universal module calls the relay with the connection, and only the relay', async () => {
    const app = buildMakeApp('horneross');
    const universal = app.modules.find((m) => m.type === 'universal')!;
    const urls: string[] = [];
    const spy: typeof fetch = (input, init) => (urls.push(String(input)), fetch(input, init));
    const listed = await executeRequest(
      universal.sections['api'],
      app.base,
      { connection: connection(), parameters: { url: 'sources', method: 'GET' } },
      spy,
    );
    expect(listed.output).toMatchObject({
      statusCode: 200,
      body: { sources: expect.arrayContaining([expect.objectContaining({ id: 'src-horneross' })]) },
    });
    // Whatever is typed, the request stays on the relay: an absolute URL becomes a (missing) relay path.
    await expect(
      executeRequest(
        universal.sections['api'],
        app.base,
        { connection: connection(), parameters: { url: 'https://elsewhere.invalid/steal', method: 'GET' } },
        spy,
      ),
    ).rejects.toThrow(ImlError);
    expect(urls).toEqual([`${relay.url}/sources`, `${relay.url}/https://elsewhere.invalid/steal`]);
    expect(urls.every((u) => u.startsWith(relay.url))).toBe(true);
  });
});
