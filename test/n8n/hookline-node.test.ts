import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { Hookline } from '../../nodes/Hookline/Hookline.node';
import { PLATFORMS, sign } from '../../shared';

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
  json: { headers: Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k.toLowerCase(), v])), body: JSON.parse(delivery.body) },
  binary: { data: { data: Buffer.from(delivery.body).toString('base64'), mimeType: 'application/json' } },
});

describe('Hookline action node: Verify Delivery', () => {
  it('routes verified events to the first output and failures, with their code, to the second', async () => {
    const good = sign('conversa', PLATFORMS.conversa.events[3].sample, { secret: 'cw' });
    const forged = sign('conversa', PLATFORMS.conversa.events[3].sample, { secret: 'nope' });
    const ctx = executeContext([webhookItem(good), webhookItem(forged)], { resource: 'delivery', operation: 'verify', platform: 'conversa', binaryProperty: 'data' }, 'cw');
    const [verified, failed] = await new Hookline().execute.call(ctx);
    expect(verified).toEqual([expect.objectContaining({ json: expect.objectContaining({ platform: 'conversa', type: 'message_created', verified: true }), pairedItem: { item: 0 } })]);
    expect(failed).toEqual([expect.objectContaining({ json: expect.objectContaining({ code: 'invalid_signature', status: 401 }), pairedItem: { item: 1 } })]);
  });

  it('verifies the raw bytes, not the parsed JSON the Webhook node also outputs', async () => {
    const good = sign('conversa', { event: 'contact_created', id: 1, name: 'A <b> & c' }, { secret: 'cw' });
    expect(good.body).toContain('\\u003c');
    const ctx = executeContext([webhookItem(good)], { resource: 'delivery', operation: 'verify', platform: 'conversa', binaryProperty: 'data' }, 'cw');
    const [verified] = await new Hookline().execute.call(ctx);
    expect(verified).toHaveLength(1);
  });
});
