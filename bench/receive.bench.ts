/**
 * `npm run bench`: receive() against baselines measured in the same process, interleaved.
 *
 * 1. A ~2 KB Chatwoot message_created delivery: receive() (verify + parse + full zod validation + classify)
 *    against the floor: createHmac + timingSafeEqual + JSON.parse of the same bytes. Target: ≤ 1.5× its cost.
 * 2. The same ~2 KB payload as a Standard Webhooks delivery: receive('standard') against the reference
 *    `standardwebhooks` Webhook.verify on the same headers and body. Target: ≥ 3× its speed.
 * Also printed: the Chatwoot receive() against standardwebhooks, the ratio the issue names literally.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { PLATFORMS, receive, sign } from '../shared';
import { bench, printTable } from './harness';

const lowerCaseKeys = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

const secret = 'bench-secret';
const sample = structuredClone(PLATFORMS.conversa.events[3].sample) as Record<string, unknown> & { conversation: Record<string, unknown> };
// Without the embedded copy of the last message the delivery is ~2 KB, as a typical text message is.
sample.conversation['messages'] = [];
const timestamp = Math.floor(Date.now() / 1000);
const chatwoot = sign('conversa', sample, { secret, timestamp });
const chatwootBody = Buffer.from(chatwoot.body);
// As Node's http module (and so fastify and n8n) hands them over: lower-case names.
const chatwootHeaders = lowerCaseKeys(chatwoot.headers);
const chatwootSignature = Buffer.from(chatwootHeaders['x-chatwoot-signature']!.slice('sha256='.length), 'hex');

const whsec = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const reference = new Webhook(whsec);
const standard = sign('standard', { type: 'message.created', timestamp: new Date(timestamp * 1000).toISOString(), data: sample }, { secret: whsec, timestamp, deliveryId: 'msg_bench' });
const standardHeaders = lowerCaseKeys(standard.headers);
const standardBody = Buffer.from(standard.body);

const checks = [receive('conversa', { headers: chatwootHeaders, body: chatwootBody }, { secrets: [secret] }), receive('standard', { headers: standardHeaders, body: standardBody }, { secrets: [whsec] })];
if (!checks.every((r) => r.ok && r.event.verified)) throw new Error(`bench deliveries do not verify: ${JSON.stringify(checks)}`);
reference.verify(standard.body, standardHeaders);

const FLOOR = 'floor: createHmac + timingSafeEqual + JSON.parse';
const OURS = 'receive(conversa): verify + parse + zod + classify';
const OURS_STD = 'receive(standard), same payload';
const REF = 'standardwebhooks Webhook.verify, same delivery';

console.log(`Chatwoot delivery ${chatwootBody.byteLength} bytes; Standard Webhooks delivery ${standardBody.byteLength} bytes; Node ${process.version}\n`);
const results = bench([
  {
    name: FLOOR,
    fn: () => {
      const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(chatwootBody).digest();
      return timingSafeEqual(mac, chatwootSignature) && JSON.parse(chatwootBody.toString('utf8'));
    },
  },
  { name: OURS, fn: () => receive('conversa', { headers: chatwootHeaders, body: chatwootBody }, { secrets: [secret] }) },
  { name: OURS_STD, fn: () => receive('standard', { headers: standardHeaders, body: standardBody }, { secrets: [whsec] }) },
  { name: REF, fn: () => reference.verify(standard.body, standardHeaders) },
]);
printTable(results, FLOOR);
const ops = (name: string) => results.find((r) => r.name === name)!.opsPerSec;
const costVsFloor = ops(FLOOR) / ops(OURS);
const standardVsReference = ops(OURS_STD) / ops(REF);
const literal = ops(OURS) / ops(REF);
console.log(`\nreceive(conversa) costs ${costVsFloor.toFixed(2)}× the floor (target ≤ 1.5×): ${costVsFloor <= 1.5 ? 'met' : 'not met'}`);
console.log(`receive(standard) runs ${standardVsReference.toFixed(2)}× standardwebhooks on the same delivery (target ≥ 3×): ${standardVsReference >= 3 ? 'met' : 'not met'}`);
console.log(`receive(conversa) with full validation runs ${literal.toFixed(2)}× standardwebhooks (which validates nothing)`);
