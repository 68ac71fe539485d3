import type { Command } from 'commander';
import { request } from 'undici';
import { freshPayload, sign, type PlatformId } from '../../shared';
import { eventArg, platformArg, printJson, UsageError } from '../io';
import { latencySummary } from '../stats';

interface SendOpts {
  url: string;
  secret?: string;
  count: string;
  concurrency: string;
  timeout: string;
  tokenHeader?: string;
  json?: boolean;
}

export interface SendSummary {
  sent: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  latencyMs: ReturnType<typeof latencySummary>;
  durationMs: number;
  perSecond: number;
}

export interface SendPlan {
  platform: PlatformId;
  payload: Record<string, unknown>;
  url: string;
  secret?: string;
  tokenHeader?: string;
  count: number;
  concurrency: number;
  timeoutMs: number;
  onProgress?: (done: number) => void;
}

/** POSTs `count` signed deliveries, each a new delivery (fresh id), `concurrency` at a time. */
export async function sendDeliveries(plan: SendPlan): Promise<SendSummary> {
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.count) {
      const seq = next++;
      const delivery = sign(plan.platform, freshPayload(plan.platform, plan.payload, seq), {
        secret: plan.secret,
        tokenHeader: plan.tokenHeader,
      });
      const t0 = performance.now();
      try {
        const res = await request(plan.url, {
          method: 'POST',
          headers: delivery.headers,
          body: delivery.body,
          headersTimeout: plan.timeoutMs,
          bodyTimeout: plan.timeoutMs,
        });
        await res.body.dump();
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'ERROR';
        errors[code] = (errors[code] ?? 0) + 1;
      }
      latencies.push(performance.now() - t0);
      plan.onProgress?.(latencies.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.count) }, worker));
  const durationMs = performance.now() - started;
  return {
    sent: latencies.length,
    statuses,
    errors,
    latencyMs: latencySummary(latencies),
    durationMs: Math.round(durationMs),
    perSecond: Math.round((latencies.length / durationMs) * 1000 * 10) / 10,
  };
}

function positive(value: string, name: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${name} must be a positive whole number`);
  return Number(value);
}

export function registerSendCommand(program: Command): void {
  program
    .command('send')
    .description('POST signed test deliveries of an event to a URL, with progress and a summary')
    .argument('<platform>')
    .argument('<event>', 'event type whose sample is sent')
    .requiredOption('--url <url>', 'where to POST')
    .option('--secret <secret>', 'signing secret or shared token')
    .option('--count <n>', 'how many deliveries', '1')
    .option('--concurrency <n>', 'how many in flight', '1')
    .option('--timeout <ms>', 'per request', '10000')
    .option('--token-header <name>', 'header for shared-token platforms')
    .option('--json', 'print the summary as JSON')
    .action(async (platform: string, type: string, opts: SendOpts) => {
      const id = platformArg(platform);
      const count = positive(opts.count, '--count');
      let lastPrint = 0;
      const summary = await sendDeliveries({
        platform: id,
        payload: eventArg(id, type).sample,
        url: opts.url,
        secret: opts.secret,
        tokenHeader: opts.tokenHeader,
        count,
        concurrency: positive(opts.concurrency, '--concurrency'),
        timeoutMs: positive(opts.timeout, '--timeout'),
        onProgress: (done) => {
          const now = Date.now();
          if (process.stderr.isTTY && (now - lastPrint > 200 || done === count)) {
            lastPrint = now;
            process.stderr.write(`\rsent ${done}/${count}`);
          }
        },
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      if (opts.json) printJson(summary);
      else {
        const statuses =
          Object.entries(summary.statuses)
            .map(([s, n]) => `${s}×${n}`)
            .join(' ') || 'none';
        const errors = Object.entries(summary.errors)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ');
        const l = summary.latencyMs;
        process.stdout.write(
          `${summary.sent} deliveries in ${summary.durationMs} ms (${summary.perSecond}/s)\n` +
            `status: ${statuses}${errors ? `  errors: ${errors}` : ''}\n` +
            `latency ms: p50 ${l.p50}  p90 ${l.p90}  p99 ${l.p99}  max ${l.max}\n`,
        );
      }
      const ok = Object.entries(summary.statuses).every(([s]) => s.startsWith('2')) && Object.keys(summary.errors).length === 0;
      if (!ok) process.exitCode = 1;
    });
}
