import {
  NodeConnectionTypes,
  NodeOperationError,
  type IDataObject,
  type IHookFunctions,
  type INodeCredentialDescription,
  type INodeProperties,
  type INodePropertyOptions,
  type INodeType,
  type INodeTypeDescription,
  type IWebhookFunctions,
  type IWebhookResponseData,
} from 'n8n-workflow';
import { ANY_EVENT, CHATWOOT_WEBHOOK_EVENTS, chatwootWebhooks, DEFAULT_TOKEN_HEADER, getPlatform, relayClient, storedSelection, type PlatformId } from '../../shared';
import { handleDelivery, seenBefore, type TriggerMode } from './handle-delivery';
import { sharedCredentialNames, triggerNodeName, type CredentialNames } from './names';
import { n8nTransport } from './transport';

interface StaticData {
  hookId?: string | number;
  hookSecret?: string;
  recent?: string[];
}

export function splitSecrets(value: unknown): string[] {
  return typeof value === 'string' ? value.split(/\r?\n|,/).map((s) => s.trim()).filter(Boolean) : [];
}

async function chatwootFromCredentials(ctx: IHookFunctions, credential: string) {
  const creds = await ctx.getCredentials(credential);
  return chatwootWebhooks({ baseUrl: String(creds['baseUrl']), accountId: String(creds['accountId']), apiAccessToken: String(creds['apiAccessToken']) }, n8nTransport(ctx));
}

async function relayFromCredentials(ctx: IHookFunctions, credential: string) {
  const creds = await ctx.getCredentials(credential);
  return relayClient({ url: String(creds['url']), apiKey: String(creds['apiKey']) }, n8nTransport(ctx));
}

function eventOptions(platform: PlatformId): INodePropertyOptions[] {
  const spec = getPlatform(platform);
  const sorted = [...spec.events].sort((a, b) => Number(b.important) - Number(a.important));
  return [
    { name: 'All Events', value: ANY_EVENT, description: `Every ${spec.name} event` },
    ...sorted.map((e) => ({ name: e.group ? `${e.label.en} (${e.group})` : e.label.en, value: e.type, description: e.description })),
  ];
}

function modeProperty(platform: PlatformId): INodeProperties {
  const options: INodePropertyOptions[] = [
    { name: 'Platform Sends Here', value: 'direct', description: 'Paste this node\'s webhook URL into the platform' },
    { name: 'Via Hookline Relay', value: 'relay', description: 'Subscribe to a Hookline relay that receives from the platform' },
  ];
  if (getPlatform(platform).subscription?.kind === 'chatwoot') {
    options.splice(1, 0, { name: 'Register Automatically (Chatwoot API)', value: 'chatwootApi', description: 'Create the webhook in Chatwoot on activation and delete it on deactivation' });
  }
  return { displayName: 'Connection', name: 'mode', type: 'options', options, default: 'direct' };
}

/** One trigger node per platform, all driven by the catalog; `credentials` names its credential types. */
export function createTrigger(platform: PlatformId, credentials: CredentialNames = sharedCredentialNames(platform)): new () => INodeType {
  const spec = getPlatform(platform);
  const tokenScheme = spec.signature.kind === 'shared-token';

  // Built apart from the description literal: n8n's lint rules read `credentials` only as a literal array of objects.
  const nodeCredentials: INodeCredentialDescription[] = [
    { name: credentials.signing, required: true, displayOptions: { show: { mode: ['direct'] } } },
    ...(spec.subscription?.kind === 'chatwoot' ? [{ name: credentials.chatwoot, required: true, displayOptions: { show: { mode: ['chatwootApi'] } } }] : []),
    { name: credentials.relay, required: true, displayOptions: { show: { mode: ['relay'] } } },
  ];

  const description: INodeTypeDescription = {
    displayName: `${spec.name} Trigger`,
    name: triggerNodeName(platform),
    icon: `file:${platform}.svg`,
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["events"].join(", ")}}',
    description: `Starts the workflow on verified ${spec.name} webhook events`,
    defaults: { name: `${spec.name} Trigger` },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: nodeCredentials,
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' }],
    properties: [
      modeProperty(platform),
      { displayName: spec.setup.en, name: 'setupNotice', type: 'notice', default: '', displayOptions: { show: { mode: ['direct'] } } },
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        options: eventOptions(platform),
        default: [ANY_EVENT],
        required: true,
        description: 'Deliveries of other events are acknowledged and do not start the workflow',
      },
      {
        displayName: 'Options',
        name: 'options',
        type: 'collection',
        placeholder: 'Add option',
        default: {},
        options: [
          ...(spec.signature.timestamped
            ? [{ displayName: 'Timestamp Tolerance (Seconds)', name: 'toleranceSeconds', type: 'number' as const, default: 300, description: 'Reject deliveries whose signed timestamp is further from now than this' }]
            : []),
          {
            displayName: 'Invalid Payloads',
            name: 'onInvalidPayload',
            type: 'options',
            options: [
              { name: 'Reject (422)', value: 'reject' },
              { name: 'Pass On With Issues', value: 'pass' },
            ],
            default: 'reject',
            description: 'What to do with a payload that does not match the event\'s schema',
          },
          { displayName: 'Ignore Duplicate Deliveries', name: 'ignoreDuplicates', type: 'boolean', default: false, description: 'Whether to skip a delivery ID seen recently by this trigger (best effort; use Remove Duplicates on deliveryId across executions)' },
          { displayName: 'Include Headers', name: 'includeHeaders', type: 'boolean', default: false, description: 'Whether to add the request headers to the output' },
          { displayName: 'Include Raw Body', name: 'includeRawBody', type: 'boolean', default: false, description: 'Whether to add the raw body as received to the output' },
          ...(spec.sendsUnsigned
            ? [{ displayName: 'Accept Unsigned Deliveries', name: 'allowUnsigned', type: 'boolean' as const, default: false, description: 'Whether to accept deliveries without a signature (Chatwoot before 4.12 signs nothing); a wrong signature is still rejected' }]
            : []),
        ],
      },
    ],
  };

  return class HooklineTrigger implements INodeType {
    description = description;

    webhookMethods = {
      default: {
        async checkExists(this: IHookFunctions): Promise<boolean> {
          const mode = this.getNodeParameter('mode') as TriggerMode;
          const data = this.getWorkflowStaticData('node') as StaticData;
          if (mode === 'direct') return true;
          const url = this.getNodeWebhookUrl('default')!;
          if (mode === 'relay') {
            if (data.hookId === undefined) return false;
            return (await relayFromCredentials(this, credentials.relay)).isActive(String(data.hookId));
          }
          const existing = await (await chatwootFromCredentials(this, credentials.chatwoot)).findByUrl(url);
          if (!existing || existing.id !== data.hookId || !data.hookSecret) return false;
          return true;
        },
        async create(this: IHookFunctions): Promise<boolean> {
          const mode = this.getNodeParameter('mode') as TriggerMode;
          if (mode === 'direct') return true;
          const data = this.getWorkflowStaticData('node') as StaticData;
          const url = this.getNodeWebhookUrl('default')!;
          const selected = storedSelection(this.getNodeParameter('events') as string[]);
          if (mode === 'relay') {
            const hook = await (await relayFromCredentials(this, credentials.relay)).subscribe({ url, platform, events: selected });
            data.hookId = hook.id;
            data.hookSecret = hook.secret;
            return true;
          }
          const client = await chatwootFromCredentials(this, credentials.chatwoot);
          // A webhook left behind for this URL (e.g. by a crashed deactivation) is replaced, so we hold its secret.
          const stale = await client.findByUrl(url);
          if (stale) await client.remove(stale.id);
          // Automation rules, macros and agent bots post their events to a URL set there, not through a webhook subscription.
          const subscribable = selected.filter((e) => CHATWOOT_WEBHOOK_EVENTS.includes(e));
          if (selected.length && !subscribable.length) {
            throw new NodeOperationError(this.getNode(), 'Chatwoot account webhooks send none of the selected events: use "Platform Sends Here" and paste the URL where the rule, macro or bot is set up');
          }
          const subscriptions = subscribable.length ? subscribable : CHATWOOT_WEBHOOK_EVENTS;
          const webhook = await client.create({ url, subscriptions, name: `n8n: ${this.getWorkflow().name ?? this.getWorkflow().id}` });
          if (!webhook.secret) throw new NodeOperationError(this.getNode(), 'Chatwoot returned no webhook secret: it signs webhooks from version 4.12; use "Platform Sends Here" with "Accept Unsigned Deliveries" on older versions');
          data.hookId = webhook.id;
          data.hookSecret = webhook.secret;
          return true;
        },
        async delete(this: IHookFunctions): Promise<boolean> {
          const mode = this.getNodeParameter('mode') as TriggerMode;
          const data = this.getWorkflowStaticData('node') as StaticData;
          if (mode === 'direct' || data.hookId === undefined) return true;
          try {
            if (mode === 'relay') await (await relayFromCredentials(this, credentials.relay)).unsubscribe(String(data.hookId));
            else await (await chatwootFromCredentials(this, credentials.chatwoot)).remove(Number(data.hookId));
          } catch (error) {
            this.logger.error(`Could not delete the ${spec.name} subscription`, { error: (error as Error).message });
            return false;
          }
          delete data.hookId;
          delete data.hookSecret;
          return true;
        },
      },
    };

    async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
      const req = this.getRequestObject();
      if (req.rawBody === undefined) await req.readRawBody();
      const mode = this.getNodeParameter('mode') as TriggerMode;
      const options = this.getNodeParameter('options', {}) as IDataObject;
      const data = this.getWorkflowStaticData('node') as StaticData;
      let secrets: string[] = [];
      let tokenHeader: string | undefined;
      if (mode === 'direct') {
        const creds = await this.getCredentials(credentials.signing);
        secrets = splitSecrets(creds['secrets']);
        if (tokenScheme) tokenHeader = String(creds['tokenHeader'] || DEFAULT_TOKEN_HEADER);
      } else if (data.hookSecret) secrets = [data.hookSecret];

      const outcome = handleDelivery({
        platform,
        mode,
        headers: req.headers,
        rawBody: req.rawBody ?? Buffer.alloc(0),
        secrets,
        events: this.getNodeParameter('events') as string[],
        toleranceSeconds: options['toleranceSeconds'] as number | undefined,
        onInvalidPayload: options['onInvalidPayload'] as 'reject' | 'pass' | undefined,
        allowUnsigned: mode === 'direct' && options['allowUnsigned'] === true,
        tokenHeader,
        includeHeaders: options['includeHeaders'] === true,
        includeRawBody: options['includeRawBody'] === true,
      });
      if (outcome.kind === 'reject') {
        this.getResponseObject().status(outcome.status).json(outcome.body).end();
        return { noWebhookResponse: true };
      }
      if (outcome.kind === 'ignore') return { webhookResponse: { received: true, ignored: outcome.type } };
      if (options['ignoreDuplicates'] === true && seenBefore(data, outcome.item.deliveryId)) return { webhookResponse: { received: true, duplicate: outcome.item.deliveryId } };
      return { workflowData: [this.helpers.returnJsonArray([outcome.item as unknown as IDataObject])] };
    }
  };
}
