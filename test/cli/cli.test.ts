import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLATFORM_IDS, getPlatform, receive } from '../../shared';
import { runCli, runCliAsync } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'hookline-cli-'));

describe('hookline CLI', () => {
  it('lists every event of every platform, with English and Spanish labels', () => {
    const r = runCli(['events', '--json']);
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { platform: string; type: string; label: string; labelEs: string }[];
    const expected = PLATFORM_IDS.reduce((n, id) => n + (getPlatform(id).openEvents ? 1 : getPlatform(id).events.length), 0);
    expect(rows).toHaveLength(expected);
    expect(rows).toContainEqual(
      expect.objectContaining({ platform: 'conversa', type: 'message_created', label: 'Message created', labelEs: 'Mensaje creado' }),
    );
    const text = runCli(['events', 'horneross']);
    expect(text.stdout).toContain('lead.captured');
    expect(text.stdout).not.toContain('message_created');
  });

  it('prints samples and JSON Schemas', () => {
    const sample = JSON.parse(runCli(['sample', 'inboundflow', 'lead.created']).stdout);
    expect(sample).toEqual(getPlatform('inboundflow').events.find((e) => e.type === 'lead.created')!.sample);
    const schema = JSON.parse(runCli(['schema', 'modyo', 'entry_published_log']).stdout);
    expect(schema.anyOf).toHaveLength(2);
  });

  it('sign → verify round trip through files; a forged delivery exits 1 with the error as JSON', () => {
    const headers = join(dir, 'h.json');
    const body = join(dir, 'b.json');
    const signed = runCli([
      'sign',
      'inboundflow',
      'call.completed',
      '--secret',
      'cli-secret',
      '--headers-out',
      headers,
      '--body-out',
      body,
    ]);
    expect(signed.status).toBe(0);
    expect(JSON.parse(signed.stdout).headers['X-InboundFlow-Signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(readFileSync(headers, 'utf8') + signed.stdout).not.toContain('cli-secret');

    const ok = runCli([
      'verify',
      'inboundflow',
      '--secret',
      'old-secret',
      '--secret',
      'cli-secret',
      '--headers-file',
      headers,
      '--body-file',
      body,
    ]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ platform: 'inboundflow', type: 'call.completed', verified: true });
    expect(ok.stdout).not.toContain('cli-secret');

    const bad = runCli(['verify', 'inboundflow', '--secret', 'wrong-secret', '--headers-file', headers, '--body-file', body]);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ error: { code: 'invalid_signature', status: 401 } });
    expect(bad.stdout + bad.stderr).not.toContain('wrong-secret');
  });

  it('reads headers as curl writes them ("Name: value" lines)', () => {
    const signed = JSON.parse(runCli(['sign', 'horneross', 'lead.captured', '--secret', 'k']).stdout) as {
      headers: Record<string, string>;
      body: string;
    };
    writeFileSync(
      join(dir, 'h.txt'),
      `HTTP/1.1 200 OK\r\n${Object.entries(signed.headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n')}\r\n`,
    );
    writeFileSync(join(dir, 'b.txt'), signed.body);
    expect(
      runCli(['verify', 'horneross', '--secret', 'k', '--headers-file', join(dir, 'h.txt'), '--body-file', join(dir, 'b.txt')]).status,
    ).toBe(0);
  });

  it('answers a usage error with exit 2 and a clear message', () => {
    const r = runCli(['sample', 'nope', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Unknown platform "nope"');
    expect(runCli(['sample', 'iris', 'NOPE']).stderr).toContain('Unknown Iris event');
  });

  it.each(['events', 'sample', 'schema', 'sign', 'verify', 'send', 'demo'])('has --help for %s', (command) => {
    const r = runCli([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: hookline ${command}`);
  });

  it('demo signs and verifies a sample of every event of every platform', () => {
    const r = runCli(['demo', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; rows: { events: number; verified: number; forgedRejected: number }[] };
    expect(out.ok).toBe(true);
    expect(out.rows).toHaveLength(PLATFORM_IDS.length);
    for (const row of out.rows) expect([row.verified, row.forgedRejected]).toEqual([row.events, row.events]);
  });

  it('send POSTs N distinct signed deliveries with bounded concurrency and summarises them', async () => {
    const received: { headers: IncomingMessage['headers']; body: Buffer }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const server = createServer(async (req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const n = received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      res.writeHead(n % 10 === 0 ? 500 : 200).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const r = await runCliAsync([
        'send',
        'conversa',
        'message_created',
        '--url',
        url,
        '--secret',
        'sk',
        '--count',
        '20',
        '--concurrency',
        '4',
        '--json',
      ]);
      expect(r.status).toBe(1); // two deliveries got a 500
      const summary = JSON.parse(r.stdout);
      expect(summary).toMatchObject({ sent: 20, statuses: { 200: 18, 500: 2 } });
      expect(summary.latencyMs.p50).toBeGreaterThan(0);
      expect(summary.latencyMs.p99).toBeGreaterThanOrEqual(summary.latencyMs.p50);
      expect(maxInFlight).toBeLessThanOrEqual(4);
      const events = received.map((d) => receive('conversa', { headers: d.headers, body: d.body }, { secrets: 'sk' }));
      expect(events.every((e) => e.ok)).toBe(true);
      expect(new Set(events.map((e) => (e.ok ? e.event.deliveryId : ''))).size).toBe(20);
    } finally {
      server.close();
    }
  });
});

describe('hookline relay --db-pool-size', () => {
  it.each(['0', '-3', 'ten', '2.5'])(
    'refuses %s as a usage error, before opening anything',
    async (size) => {
      const dir = mkdtempSync(join(tmpdir(), 'hookline-pool-flag-'));
      const r = await runCliAsync(['relay', '--port', '0', '--db', join(dir, 'relay.sqlite'), '--db-pool-size', size], {
        HOOKLINE_API_KEY: 'pool-flag-test-key',
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--db-pool-size must be a whole number of at least 1/);
      expect(existsSync(join(dir, 'relay.sqlite'))).toBe(false);
    },
    30_000,
  );
});
