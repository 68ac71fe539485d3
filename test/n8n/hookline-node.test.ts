import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { Hookline } from '../../nodes/Hookline/Hookline.node';
import { createTrigger } from '../../nodes/Hookline/trigger';
import { PLATFORMS, sign, type PlatformId } from '../../shared';
import { startReceiver, webhookContext } from './contexts';

/** A hand-built IExecuteFunctions over items shaped like n8n's Webhook node output with "Raw Body" on. */
function executeContext(items: INodeExecutionData[], params: Record<string, unknown>, secrets: string) {
  return {
    getInputData: () => items,
    getNodeParameter: (name: string, _i: number, fallback?: unknown) => (name in params ? params[name] : fallback),
    getCredentials: async () => ({ secrets }),
    getNode: () => ({ name: 'Hookline' }),
    helpers: { getBinaryDataBuffer: async (i: number, prop: string) => Buffer.from(items[i]!.binary![prop]!.data, 'base64') },
  } as unknown as IExecuteFunctions;
}

const webhookItem = (delivery: { headers: Record<string, string>; body: string }): INodeExecutionData => ({
  json: {
    headers: Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: JSON.parse(delivery.body),
  },
  binary: { data: { data: Buffer.from(delivery.body).toString('base64'), mimeType: 'application/json' } },
});

describe('Hookline action node: Verify Delivery', () => {
  it('routes verified events to the first output and failures, with their code, to the second', async () => {
    const good = sign('conversa', PLATFORMS.conversa.events[3].sample, { secret: 'cw' });
    const forged = sign('conversa', PLATFORMS.conversa.events[3].sample, { secret: 'nope' });
    const ctx = executeContext(
      [webhookItem(good), webhookItem(forged)],
      { resource: 'delivery', operation: 'verify', platform: 'conversa', binaryProperty: 'data' },
      'cw',
    );
    const [verified, failed] = await new Hookline().execute.call(ctx);
    expect(verified).toEqual([
      expect.objectContaining({
        json: expect.objectContaining({ platform: 'conversa', type: 'message_created', verified: true }),
        pairedItem: { item: 0 },
      }),
    ]);
    expect(failed).toEqual([
      expect.objectContaining({ json: expect.objectContaining({ code: 'invalid_signature', status: 401 }), pairedItem: { item: 1 } }),
    ]);
  });

  it('verifies the raw bytes, not the parsed JSON the Webhook node also outputs', async () => {
    const good = sign('conversa', { event: 'contact_created', id: 1, name: 'A <b> & c' }, { secret: 'cw' });
    expect(good.body).toContain('\\u003c');
    const ctx = executeContext(
      [webhookItem(good)],
      { resource: 'delivery', operation: 'verify', platform: 'conversa', binaryProperty: 'data' },
      'cw',
    );
    const [verified] = await new Hookline().execute.call(ctx);
    expect(verified).toHaveLength(1);
  });
});

describe('Hookline action node: Send Test', () => {
  /** A loopback "n8n" whose webhook runs the real trigger for `platform`, with the user's secret. */
  async function triggerOn(platform: PlatformId, params: Record<string, unknown>, secrets: string) {
    const received: unknown[] = [];
    const receiver = await startReceiver(async (request) => {
      const call = webhookContext({
        params: { mode: 'direct', options: {}, ...params },
        request,
        credentials: { secrets, tokenHeader: 'X-Hookline-Token' },
      });
      const result = await new (createTrigger(platform))().webhook!.call(call.ctx);
      if (result.workflowData) received.push(result.workflowData[0]![0]!.json);
      return result.workflowData ? 200 : call.response.statusCode || 200;
    });
    return { ...receiver, received };
  }
  const send = (params: Record<string, unknown>, secrets: string) =>
    new Hookline().execute.call({
      ...executeContext([{ json: {} }], { resource: 'delivery', operation: 'sendTest', payloadSource: 'sample', ...params }, secrets),
      helpers: {
        httpRequest: async (req: { method: string; url: string; headers: Record<string, string>; body: string }) => {
          const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
          return { statusCode: res.status, body: await res.text() };
        },
      },
    } as unknown as IExecuteFunctions);

  it('posts the chosen catalog event, signed as the platform would, and the trigger accepts it', async () => {
    for (const [platform, eventType] of [
      ['modyo', 'entry_published_log'],
      ['inboundflow', 'appointment.booked'],
      ['standard', 'payout.paid'],
    ] as const) {
      const t = await triggerOn(platform, {}, platform === 'standard' ? 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' : 'shh');
      try {
        const [[out]] = (await send(
          { platform, eventType, url: t.url },
          platform === 'standard' ? 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' : 'shh',
        )) as [INodeExecutionData[]];
        expect(out!.json).toMatchObject({ platform, status: 200, ok: true, signed: true });
        expect(t.received).toEqual([expect.objectContaining({ platform, type: eventType, verified: true })]);
      } finally {
        await t.close();
      }
    }
  });

  it('sends automation-rule events unsigned, as Chatwoot does, and a custom JSON body when asked', async () => {
    const t = await triggerOn('conversa', { sender: 'automation_rule' }, 'unused');
    try {
      const [[out]] = (await send({ platform: 'conversa', eventType: 'automation_event.conversation_resolved', url: t.url }, 'cw')) as [
        INodeExecutionData[],
      ];
      expect(out!.json).toMatchObject({ status: 200, signed: false, type: 'automation_event.conversation_resolved' });
      const custom = { ...PLATFORMS.conversa.events.find((e) => e.type === 'automation_event.conversation_created')!.sample, id: 4242 };
      await send(
        {
          platform: 'conversa',
          eventType: 'automation_event.conversation_created',
          payloadSource: 'custom',
          payload: JSON.stringify(custom),
          url: t.url,
        },
        'cw',
      );
      expect(t.received).toEqual([
        expect.objectContaining({ type: 'automation_event.conversation_resolved', verified: false }),
        expect.objectContaining({ type: 'automation_event.conversation_created', data: expect.objectContaining({ id: 4242 }) }),
      ]);
      await expect(send({ platform: 'conversa', payloadSource: 'custom', payload: '{nope', url: t.url }, 'cw')).rejects.toThrow(
        /not valid JSON/,
      );
    } finally {
      await t.close();
    }
  });
});
