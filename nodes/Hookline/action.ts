import {
  NodeConnectionTypes,
  NodeOperationError,
  type IDataObject,
  type IExecuteFunctions,
  type Icon,
  type INodeCredentialDescription,
  type INodeExecutionData,
  type INodeProperties,
  type INodeType,
  type INodeTypeDescription,
} from 'n8n-workflow';
import {
  CHATWOOT_WEBHOOK_EVENTS,
  chatwootWebhooks,
  DEFAULT_TOKEN_HEADER,
  getPlatform,
  sign,
  type EventSpec,
  type PlatformId,
} from '../../shared';
import { eventName } from './event-picker';
import { handleDelivery } from './handle-delivery';
import { sharedCredentialNames, shortName, type CredentialNames } from './names';
import { sendersOf } from './senders';
import { n8nTransport } from './transport';
import { splitSecrets } from './trigger';

/** The action node's identity in n8n: its type name, editor label, icon and summary. */
export interface ActionNodeIdentity {
  readonly name: string;
  readonly displayName: string;
  readonly icon: Icon;
  readonly description: string;
}

export type ActionNode = INodeType & { execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'en');

/** Whether an event's senders all post unsigned (Chatwoot's automation rules and macros). */
function sentUnsigned(platform: PlatformId, event: EventSpec | undefined): boolean {
  if (!event?.senders?.length) return false;
  const unsigned = new Set(
    sendersOf(platform)
      .filter((s) => !s.signed)
      .map((s) => s.sender),
  );
  return event.senders.every((s) => unsigned.has(s));
}

/** The body Send Test posts: the chosen event's catalog sample, or the user's JSON. */
function testPayload(ctx: IExecuteFunctions, i: number, platform: PlatformId): { payload: unknown; event?: EventSpec } {
  const spec = getPlatform(platform);
  const type = ctx.getNodeParameter('eventType', i, '') as string;
  const event = spec.openEvents ? undefined : spec.events.find((e) => e.type === type);
  if (ctx.getNodeParameter('payloadSource', i, 'sample') === 'custom') {
    const given = ctx.getNodeParameter('payload', i, '{}') as string | object;
    try {
      return { payload: typeof given === 'string' ? (JSON.parse(given) as unknown) : given, event };
    } catch {
      throw new NodeOperationError(ctx.getNode(), 'The payload is not valid JSON', { itemIndex: i });
    }
  }
  if (spec.openEvents) {
    const locator = spec.eventType[0];
    const sample = { ...spec.anyEvent.sample };
    if (type && locator && 'body' in locator && locator.body.length === 1) sample[locator.body[0]!] = type;
    return { payload: sample };
  }
  if (!event) throw new NodeOperationError(ctx.getNode(), `Pick a ${spec.name} event to send`, { itemIndex: i });
  return { payload: event.sample, event };
}

/** Signs the test payload the way the platform (and the event's sender) would and POSTs it. */
async function sendTestDelivery(
  ctx: IExecuteFunctions,
  i: number,
  platform: PlatformId,
  secret: string | undefined,
  tokenHeader: string | undefined,
): Promise<INodeExecutionData> {
  const { payload, event } = testPayload(ctx, i, platform);
  const unsigned = sentUnsigned(platform, event);
  const delivery = sign(platform, payload, { secret: unsigned ? undefined : secret, tokenHeader });
  const res = (await ctx.helpers.httpRequest({
    method: 'POST',
    url: ctx.getNodeParameter('url', i) as string,
    headers: delivery.headers,
    body: delivery.body,
    returnFullResponse: true,
    ignoreHttpStatusErrors: true,
  })) as {
    statusCode: number;
    body: unknown;
  };
  return {
    json: {
      platform,
      type: event?.type ?? null,
      signed: !unsigned,
      status: res.statusCode,
      ok: res.statusCode >= 200 && res.statusCode < 300,
      bytes: Buffer.byteLength(delivery.body),
      response: res.body as IDataObject,
    },
    pairedItem: { item: i },
  };
}

const OPERATION_NAMES: Record<string, string> = {
  verify: 'Verify',
  sendTest: 'Send Test',
  create: 'Create',
  delete: 'Delete',
  list: 'Get Many',
};

/**
 * The action node over some platforms: verify a delivery, send a signed test delivery, and, where a
 * platform has a webhook API (Chatwoot), manage its webhooks. `credentials` names its credential types.
 * Credentials are tied to Resource and Platform with `hide`, which keeps both in the panel (see
 * trigger-description.ts), and no credential has an `authenticate` block, so n8n adds no "Custom API Call".
 */
export function createActionNode(
  platforms: readonly PlatformId[],
  identity: ActionNodeIdentity,
  credentials: (platform: PlatformId) => CredentialNames = sharedCredentialNames,
): new () => ActionNode {
  const chatwootPlatform = platforms.find((id) => getPlatform(id).subscription?.kind === 'chatwoot');
  const chatwootCredential = chatwootPlatform && credentials(chatwootPlatform).chatwoot;
  const chatwootEvents = chatwootPlatform
    ? getPlatform(chatwootPlatform)
        .events.filter((e) => CHATWOOT_WEBHOOK_EVENTS.includes(e.type))
        .map((e) => ({ name: eventName(e), value: e.type, description: e.description }))
        .sort(byName)
    : [];
  const many = platforms.length > 1;
  const otherPlatforms = (id: PlatformId) => platforms.filter((p) => p !== id);

  // Built apart from the description literal: n8n's lint rules read `credentials` only as a literal array of objects.
  const nodeCredentials: INodeCredentialDescription[] = [
    ...platforms.map((id) => ({
      name: credentials(id).signing,
      required: true,
      displayOptions: { hide: { resource: ['chatwootWebhook'], ...(many ? { platform: otherPlatforms(id) } : {}) } },
    })),
    ...(chatwootCredential ? [{ name: chatwootCredential, required: true, displayOptions: { hide: { resource: ['delivery'] } } }] : []),
  ];

  const resourceOptions = [
    { name: 'Delivery', value: 'delivery', description: 'Verify webhook deliveries, or send signed test deliveries' },
    ...(chatwootCredential
      ? [{ name: 'Chatwoot Webhook', value: 'chatwootWebhook', description: "Manage a Chatwoot account's webhooks" }]
      : []),
  ];

  const defaultPlatform: string = chatwootPlatform ?? platforms[0]!;
  const platformProperty: INodeProperties = many
    ? {
        displayName: 'Platform',
        name: 'platform',
        type: 'options',
        options: platforms.map((id) => ({ name: getPlatform(id).name, value: id })).sort(byName),
        default: defaultPlatform,
        displayOptions: { show: { resource: ['delivery'] } },
      }
    : { displayName: 'Platform', name: 'platform', type: 'hidden', default: defaultPlatform };

  const eventPickers: INodeProperties[] = platforms.map((id) => {
    const spec = getPlatform(id);
    const show = { operation: ['sendTest'], ...(many ? { platform: [id] } : {}) };
    if (spec.openEvents) {
      return {
        displayName: 'Event Type',
        name: 'eventType',
        type: 'string',
        default: String(spec.anyEvent.sample['type'] ?? ''),
        placeholder: 'invoice.paid',
        description: 'The type the sample event is sent with',
        displayOptions: { show },
      };
    }
    const options = spec.events.map((e) => ({ name: eventName(e), value: e.type, description: e.description })).sort(byName);
    const firstEvent: string = spec.events[0]!.type;
    return {
      displayName: 'Event',
      name: 'eventType',
      type: 'options',
      options,
      default: firstEvent,
      description: `The ${spec.name} event whose catalog sample is sent`,
      displayOptions: { show },
    };
  });

  const names = JSON.stringify({ ...OPERATION_NAMES, ...Object.fromEntries(platforms.map((p) => [p, shortName(p)])) });
  const description: INodeTypeDescription = {
    displayName: identity.displayName,
    name: identity.name,
    icon: identity.icon,
    group: ['transform'],
    version: 1,
    // "Verify: Intertel Conversa", "Get Many: Chatwoot Webhook", short enough for the canvas.
    subtitle: `={{ (${names})[$parameter["operation"]] + ": " + ($parameter["resource"] === "chatwootWebhook" ? "Chatwoot Webhook" : (${names})[$parameter["platform"]] || "") }}`,
    description: identity.description,
    defaults: { name: identity.displayName },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: `={{$parameter["operation"] === "verify" ? [{ type: "main", displayName: "Verified" }, { type: "main", displayName: "Failed" }] : ["main"]}}`,
    credentials: nodeCredentials,
    properties: [
      { displayName: 'Resource', name: 'resource', type: 'options', noDataExpression: true, options: resourceOptions, default: 'delivery' },
      platformProperty,
      {
        displayName: 'Operation',
        name: 'operation',
        type: 'options',
        noDataExpression: true,
        displayOptions: { show: { resource: ['delivery'] } },
        options: [
          {
            name: 'Send Test',
            value: 'sendTest',
            action: 'Send a signed test delivery',
            description: "Sign a catalog sample or your JSON as the platform would and POST it, like a platform's Test Webhook button",
          },
          {
            name: 'Verify',
            value: 'verify',
            action: 'Verify a delivery',
            description: 'Verify the output of a Webhook node (with Raw Body on) and emit the typed event',
          },
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
                {
                  name: 'Create',
                  value: 'create',
                  action: 'Create a webhook',
                  description: 'Create an account webhook for a URL and events',
                },
                { name: 'Delete', value: 'delete', action: 'Delete a webhook', description: 'Delete an account webhook by ID' },
                {
                  name: 'Get Many',
                  value: 'list',
                  action: 'List webhooks',
                  description: "List the account's webhooks (their secrets left out)",
                },
              ],
              default: 'list',
            },
          ]
        : []),
      {
        displayName: 'Binary Property',
        name: 'binaryProperty',
        type: 'string',
        default: 'data',
        description: 'Where the Webhook node put the raw body (its "Raw Body" option)',
        displayOptions: { show: { operation: ['verify'] } },
      },
      ...eventPickers,
      {
        displayName: 'Payload',
        name: 'payloadSource',
        type: 'options',
        options: [
          {
            name: 'Catalog Sample',
            value: 'sample',
            description: "The event's sample from the Hookline catalog, as the platform sends it",
          },
          { name: 'Custom JSON', value: 'custom', description: 'A body you write' },
        ],
        default: 'sample',
        displayOptions: { show: { operation: ['sendTest'] } },
      },
      {
        displayName: 'Payload (JSON)',
        name: 'payload',
        type: 'json',
        default: '{}',
        description: 'The body to sign and send',
        displayOptions: { show: { operation: ['sendTest'], payloadSource: ['custom'] } },
      },
      {
        displayName: 'URL',
        name: 'url',
        type: 'string',
        default: '',
        required: true,
        placeholder: 'https://n8n.example.com/webhook-test/…/webhook',
        description: "Where to send it, e.g. a Hookline trigger's Test URL while it listens for a test event",
        displayOptions: { show: { operation: ['sendTest'] } },
      },
      ...(chatwootCredential
        ? [
            {
              displayName: 'URL',
              name: 'url',
              type: 'string' as const,
              default: '',
              required: true,
              description: 'Where Chatwoot should post the events',
              displayOptions: { show: { resource: ['chatwootWebhook'], operation: ['create'] } },
            },
            {
              displayName: 'Events',
              name: 'events',
              type: 'multiOptions' as const,
              options: chatwootEvents,
              default: ['message_created'],
              displayOptions: { show: { resource: ['chatwootWebhook'], operation: ['create'] } },
            },
            {
              displayName: 'Webhook ID',
              name: 'webhookId',
              type: 'number' as const,
              default: 0,
              required: true,
              displayOptions: { show: { resource: ['chatwootWebhook'], operation: ['delete'] } },
            },
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
        const client = chatwootWebhooks(
          { baseUrl: String(creds['baseUrl']), accountId: String(creds['accountId']), apiAccessToken: String(creds['apiAccessToken']) },
          n8nTransport(this),
        );
        if (operation === 'list')
          return [(await client.list()).map((w) => ({ json: { ...w, secret: undefined } as IDataObject, pairedItem: { item: 0 } }))];
        const out: INodeExecutionData[] = [];
        for (let i = 0; i < items.length; i++) {
          if (operation === 'create') {
            const w = await client.create({
              url: this.getNodeParameter('url', i) as string,
              subscriptions: this.getNodeParameter('events', i) as string[],
            });
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
        if (!platforms.includes(platform))
          throw new NodeOperationError(this.getNode(), `Unsupported platform "${String(platform).slice(0, 40)}"`, { itemIndex: i });
        const creds = await this.getCredentials(credentials(platform).signing, i);
        const secrets = splitSecrets(creds['secrets']);
        const tokenHeader =
          getPlatform(platform).signature.kind === 'shared-token' ? String(creds['tokenHeader'] || DEFAULT_TOKEN_HEADER) : undefined;
        if (operation === 'verify') {
          const json = items[i]!.json as { headers?: Record<string, string>; body?: unknown };
          const property = this.getNodeParameter('binaryProperty', i) as string;
          let raw: Buffer;
          if (items[i]!.binary?.[property]) raw = await this.helpers.getBinaryDataBuffer(i, property);
          else if (typeof json.body === 'string') raw = Buffer.from(json.body);
          else throw new NodeOperationError(this.getNode(), 'No raw body: turn on the Webhook node\'s "Raw Body" option', { itemIndex: i });
          const outcome = handleDelivery({
            platform,
            mode: 'direct',
            headers: json.headers ?? {},
            rawBody: raw,
            secrets,
            events: [],
            tokenHeader,
          });
          if (outcome.kind === 'emit') verified.push({ json: outcome.item as unknown as IDataObject, pairedItem: { item: i } });
          else if (outcome.kind === 'reject')
            failed.push({ json: { ...outcome.body.error, status: outcome.status }, pairedItem: { item: i } });
        } else {
          sent.push(await sendTestDelivery(this, i, platform, secrets[0], tokenHeader));
        }
      }
      return operation === 'verify' ? [verified, failed] : [sent];
    }
  };
}
