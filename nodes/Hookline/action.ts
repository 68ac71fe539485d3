import {
  NodeConnectionTypes,
  NodeOperationError,
  type IDataObject,
  type IExecuteFunctions,
  type IconFile,
  type INodeCredentialDescription,
  type INodeExecutionData,
  type INodeProperties,
  type INodeType,
  type INodeTypeDescription,
} from 'n8n-workflow';
import { CHATWOOT_WEBHOOK_EVENTS, chatwootWebhooks, DEFAULT_TOKEN_HEADER, getPlatform, sign, type PlatformId } from '../../shared';
import { handleDelivery } from './handle-delivery';
import { sharedCredentialNames, type CredentialNames } from './names';
import { n8nTransport } from './transport';
import { splitSecrets } from './trigger';

/** The action node's identity in n8n: its type name, editor label, icon and summary. */
export interface ActionNodeIdentity {
  readonly name: string;
  readonly displayName: string;
  readonly icon: IconFile;
  readonly description: string;
}

/** Signs a sample (or the given payload) the way the platform would and POSTs it. */
async function sendTestDelivery(ctx: IExecuteFunctions, i: number, platform: PlatformId, secret: string | undefined, tokenHeader: string | undefined): Promise<INodeExecutionData> {
  const spec = getPlatform(platform);
  const given = ctx.getNodeParameter('payload', i, '') as string | object;
  const type = ctx.getNodeParameter('eventType', i, '') as string;
  const sample = (type ? spec.events.find((e) => e.type === type) : spec.events[0] ?? spec.anyEvent)?.sample;
  const payload = given === '' ? sample : typeof given === 'string' ? (JSON.parse(given) as unknown) : given;
  if (!payload) throw new NodeOperationError(ctx.getNode(), `Unknown ${spec.name} event "${type}"`, { itemIndex: i });
  const delivery = sign(platform, payload, { secret, tokenHeader });
  const res = (await ctx.helpers.httpRequest({ method: 'POST', url: ctx.getNodeParameter('url', i) as string, headers: delivery.headers, body: delivery.body, returnFullResponse: true, ignoreHttpStatusErrors: true })) as { statusCode: number };
  return { json: { platform, status: res.statusCode, ok: res.statusCode >= 200 && res.statusCode < 300, bytes: Buffer.byteLength(delivery.body) }, pairedItem: { item: i } };
}

/** With one platform the parameter is fixed (hidden); with several the user picks one. */
function platformProperty(platforms: readonly PlatformId[]): INodeProperties {
  const preset: string = platforms.length > 1 && platforms.includes('conversa') ? 'conversa' : platforms[0] ?? '';
  if (platforms.length === 1) return { displayName: 'Platform', name: 'platform', type: 'hidden', default: preset };
  const options = platforms.map((id) => ({ name: getPlatform(id).name, value: id }));
  return { displayName: 'Platform', name: 'platform', type: 'options', options, default: preset, displayOptions: { show: { resource: ['delivery'] } } };
}

export type ActionNode = INodeType & { execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };

/**
 * The action node over some platforms: verify a delivery, send a signed test delivery, and, where a
 * platform has a webhook API (Chatwoot), manage its webhooks. `credentials` names its credential types.
 */
export function createActionNode(platforms: readonly PlatformId[], identity: ActionNodeIdentity, credentials: (platform: PlatformId) => CredentialNames = sharedCredentialNames): new () => ActionNode {
  const chatwootPlatform = platforms.find((id) => getPlatform(id).subscription?.kind === 'chatwoot');
  const chatwootCredential = chatwootPlatform && credentials(chatwootPlatform).chatwoot;
  const chatwootEvents = chatwootPlatform
    ? getPlatform(chatwootPlatform)
        .events.filter((e) => CHATWOOT_WEBHOOK_EVENTS.includes(e.type))
        .map((e) => ({ name: e.label.en, value: e.type }))
    : [];

  // Built apart from the description literal: n8n's lint rules read these only as literal arrays of objects.
  const nodeCredentials: INodeCredentialDescription[] = [
    ...platforms.map((id) => ({ name: credentials(id).signing, required: true, displayOptions: { show: { resource: ['delivery'], ...(platforms.length > 1 ? { platform: [id] } : {}) } } })),
    ...(chatwootCredential ? [{ name: chatwootCredential, required: true, displayOptions: { show: { resource: ['chatwootWebhook'] } } }] : []),
  ];

  const resourceOptions = [{ name: 'Delivery', value: 'delivery' }, ...(chatwootCredential ? [{ name: 'Chatwoot Webhook', value: 'chatwootWebhook' }] : [])];

  const description: INodeTypeDescription = {
    displayName: identity.displayName,
    name: identity.name,
    icon: identity.icon,
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["operation"]}}',
    description: identity.description,
    defaults: { name: identity.displayName },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: `={{$parameter["operation"] === "verify" ? [{ type: "main", displayName: "Verified" }, { type: "main", displayName: "Failed" }] : ["main"]}}`,
    credentials: nodeCredentials,
    properties: [
      {
        displayName: 'Resource',
        name: 'resource',
        type: 'options',
        noDataExpression: true,
        options: resourceOptions,
        default: 'delivery',
      },
      {
        displayName: 'Operation',
        name: 'operation',
        type: 'options',
        noDataExpression: true,
        displayOptions: { show: { resource: ['delivery'] } },
        options: [
          { name: 'Verify', value: 'verify', action: 'Verify a delivery', description: 'Verify the output of a Webhook node (with Raw Body on) and emit the typed event' },
          { name: 'Send Test', value: 'sendTest', action: 'Send a signed test delivery', description: 'Sign a sample or given event and POST it, like a platform\'s "test webhook" button' },
        ],
        default: 'verify',
      },
      ...(chatwootCredential
        ? [
            {
              displayName: 'Operation',
              name: 'operation',
              type: 'options' as const,
              noDataExpression: true,
              displayOptions: { show: { resource: ['chatwootWebhook'] } },
              options: [
                { name: 'Create', value: 'create', action: 'Create a webhook' },
                { name: 'Delete', value: 'delete', action: 'Delete a webhook' },
                { name: 'Get Many', value: 'list', action: 'List webhooks' },
              ],
              default: 'list',
            },
          ]
        : []),
      platformProperty(platforms),
      { displayName: 'Binary Property', name: 'binaryProperty', type: 'string', default: 'data', description: 'Where the Webhook node put the raw body (its "Raw Body" option)', displayOptions: { show: { operation: ['verify'] } } },
      { displayName: 'Event Type', name: 'eventType', type: 'string', default: '', placeholder: 'message_created', description: 'Catalog event whose sample is sent (see hookline events); ignored when a payload is given', displayOptions: { show: { operation: ['sendTest'] } } },
      { displayName: 'Payload (JSON)', name: 'payload', type: 'json', default: '', description: 'Send this body instead of the sample', displayOptions: { show: { operation: ['sendTest'] } } },
      { displayName: 'URL', name: 'url', type: 'string', default: '', required: true, displayOptions: { show: { operation: ['sendTest', 'create'] } } },
      ...(chatwootCredential
        ? [
            { displayName: 'Events', name: 'events', type: 'multiOptions' as const, options: chatwootEvents, default: ['message_created'], displayOptions: { show: { resource: ['chatwootWebhook'], operation: ['create'] } } },
            { displayName: 'Webhook ID', name: 'webhookId', type: 'number' as const, default: 0, required: true, displayOptions: { show: { resource: ['chatwootWebhook'], operation: ['delete'] } } },
          ]
        : []),
    ],
  };

  return class HooklineAction implements INodeType {
    description = description;

    async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
      const items = this.getInputData();
      const resource = this.getNodeParameter('resource', 0) as string;
      const operation = this.getNodeParameter('operation', 0) as string;

      if (resource === 'chatwootWebhook' && chatwootCredential) {
        const creds = await this.getCredentials(chatwootCredential);
        const client = chatwootWebhooks({ baseUrl: String(creds['baseUrl']), accountId: String(creds['accountId']), apiAccessToken: String(creds['apiAccessToken']) }, n8nTransport(this));
        if (operation === 'list') return [(await client.list()).map((w) => ({ json: { ...w, secret: undefined } as IDataObject, pairedItem: { item: 0 } }))];
        const out: INodeExecutionData[] = [];
        for (let i = 0; i < items.length; i++) {
          if (operation === 'create') {
            const w = await client.create({ url: this.getNodeParameter('url', i) as string, subscriptions: this.getNodeParameter('events', i) as string[] });
            out.push({ json: w as unknown as IDataObject, pairedItem: { item: i } });
          } else {
            const id = this.getNodeParameter('webhookId', i) as number;
            await client.remove(id);
            out.push({ json: { id, deleted: true }, pairedItem: { item: i } });
          }
        }
        return [out];
      }

      const verified: INodeExecutionData[] = [];
      const failed: INodeExecutionData[] = [];
      const sent: INodeExecutionData[] = [];
      for (let i = 0; i < items.length; i++) {
        const platform = this.getNodeParameter('platform', i) as PlatformId;
        if (!platforms.includes(platform)) throw new NodeOperationError(this.getNode(), `Unsupported platform "${platform}"`, { itemIndex: i });
        const creds = await this.getCredentials(credentials(platform).signing, i);
        const secrets = splitSecrets(creds['secrets']);
        const tokenHeader = getPlatform(platform).signature.kind === 'shared-token' ? String(creds['tokenHeader'] || DEFAULT_TOKEN_HEADER) : undefined;
        if (operation === 'verify') {
          const json = items[i]!.json as { headers?: Record<string, string>; body?: unknown };
          const property = this.getNodeParameter('binaryProperty', i) as string;
          let raw: Buffer;
          if (items[i]!.binary?.[property]) raw = await this.helpers.getBinaryDataBuffer(i, property);
          else if (typeof json.body === 'string') raw = Buffer.from(json.body);
          else throw new NodeOperationError(this.getNode(), 'No raw body: turn on the Webhook node\'s "Raw Body" option', { itemIndex: i });
          const outcome = handleDelivery({ platform, mode: 'direct', headers: json.headers ?? {}, rawBody: raw, secrets, events: [], tokenHeader });
          if (outcome.kind === 'emit') verified.push({ json: outcome.item as unknown as IDataObject, pairedItem: { item: i } });
          else if (outcome.kind === 'reject') failed.push({ json: { ...outcome.body.error, status: outcome.status }, pairedItem: { item: i } });
        } else {
          sent.push(await sendTestDelivery(this, i, platform, secrets[0], tokenHeader));
        }
      }
      return operation === 'verify' ? [verified, failed] : [sent];
    }
  };
}
