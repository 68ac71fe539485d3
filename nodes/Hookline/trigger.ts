import {
  NodeOperationError,
  type IDataObject,
  type IHookFunctions,
  type ILoadOptionsFunctions,
  type INodePropertyOptions,
  type INodeType,
  type IWebhookFunctions,
  type IWebhookResponseData,
} from 'n8n-workflow';
import {
  chatwootAgentBots,
  chatwootWebhooks,
  DEFAULT_TOKEN_HEADER,
  getPlatform,
  relayClient,
  storedSelection,
  type PlatformId,
} from '../../shared';
import {
  accountWebhookRegistered,
  agentBotRegistered,
  clearRegistration,
  NEW_BOT,
  registerAccountWebhook,
  registerAgentBot,
  RegistrationError,
  unregisterAccountWebhook,
  unregisterAgentBot,
  type RegistrationState,
} from './chatwoot-registration';
import { selectedEvents } from './event-picker';
import { handleDelivery, seenBefore } from './handle-delivery';
import { recentDeliveries } from './recent-deliveries';
import { sharedCredentialNames, type CredentialNames } from './names';
import { DEFAULT_SENDER, sendersOf } from './senders';
import { isUnsignedSender, SENDER_PARAMETER, triggerDescription, type TriggerMode } from './trigger-description';
import { n8nTransport } from './transport';

type StaticData = RegistrationState;

type Context = IHookFunctions | IWebhookFunctions | ILoadOptionsFunctions;

export function splitSecrets(value: unknown): string[] {
  return typeof value === 'string'
    ? value
        .split(/\r?\n|,/)
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/** A parameter's value, or `fallback` when the editor dropped it (hidden parameters are not saved); n8n treats an undefined fallback as none. */
function parameter<T>(ctx: Context, name: string, fallback: T): T {
  return (ctx.getNodeParameter as (name: string, fallback: unknown) => unknown)(name, fallback) as T;
}

/** One trigger node per platform, all driven by the catalog; `credentials` names its credential types. */
export function createTrigger(platform: PlatformId, credentials: CredentialNames = sharedCredentialNames(platform)): new () => INodeType {
  const spec = getPlatform(platform);
  const tokenScheme = spec.signature.kind === 'shared-token';
  const hasSenders = sendersOf(platform).length > 0;
  const description = triggerDescription(platform, credentials);

  const senderOf = (ctx: Context) => (hasSenders ? parameter<string>(ctx, SENDER_PARAMETER, DEFAULT_SENDER) : undefined);

  const chatwootConnection = async (ctx: Context) => {
    const creds = await ctx.getCredentials(credentials.chatwoot);
    return { baseUrl: String(creds['baseUrl']), accountId: String(creds['accountId']), apiAccessToken: String(creds['apiAccessToken']) };
  };
  const webhooksApi = async (ctx: IHookFunctions) => chatwootWebhooks(await chatwootConnection(ctx), n8nTransport(ctx));
  const botsApi = async (ctx: Context) => chatwootAgentBots(await chatwootConnection(ctx), n8nTransport(ctx));
  const relayApi = async (ctx: IHookFunctions) => {
    const creds = await ctx.getCredentials(credentials.relay);
    return relayClient({ url: String(creds['url']), apiKey: String(creds['apiKey']) }, n8nTransport(ctx));
  };

  /** The selected event types and patterns, [] = every event. */
  const selection = (ctx: Context) =>
    selectedEvents(platform, {
      allEvents: parameter(ctx, 'allEvents', true),
      events: parameter<unknown>(ctx, 'events', []),
      group: parameter(ctx, 'group', ''),
      sender: senderOf(ctx),
    });

  const workflowLabel = (ctx: IHookFunctions) => `n8n: ${ctx.getWorkflow().name ?? ctx.getWorkflow().id}`;

  return class HooklineTrigger implements INodeType {
    description = description;

    methods = {
      loadOptions: {
        async chatwootAgentBots(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
          const bots = await (await botsApi(this)).list();
          return [
            {
              name: 'Create a New Bot for This Workflow',
              value: NEW_BOT,
              description: 'Named after the workflow; deleted when the workflow is deactivated',
            },
            ...bots.map((b) => ({
              name: b.name,
              value: String(b.id),
              description: b.outgoing_url ? `Posts to ${b.outgoing_url}` : 'No outgoing URL yet',
            })),
          ];
        },
        async chatwootInboxes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
          return (await (await botsApi(this)).inboxes()).map((i) => ({ name: i.name, value: i.id, description: i.channel_type }));
        },
      },
    };

    webhookMethods = {
      default: {
        async checkExists(this: IHookFunctions): Promise<boolean> {
          const mode = parameter<TriggerMode>(this, 'mode', 'direct');
          const data = this.getWorkflowStaticData('node') as StaticData;
          if (mode === 'direct') return true;
          const url = this.getNodeWebhookUrl('default')!;
          if (mode === 'relay') return data.hookId !== undefined && (await relayApi(this)).isActive(String(data.hookId));
          if (senderOf(this) === 'agent_bot') return agentBotRegistered(await botsApi(this), url, data);
          return accountWebhookRegistered(await webhooksApi(this), url, data);
        },
        async create(this: IHookFunctions): Promise<boolean> {
          const mode = parameter<TriggerMode>(this, 'mode', 'direct');
          if (mode === 'direct') return true;
          const data = this.getWorkflowStaticData('node') as StaticData;
          const url = this.getNodeWebhookUrl('default')!;
          const events = storedSelection(selection(this));
          try {
            if (mode === 'relay') {
              const hook = await (await relayApi(this)).subscribe({ url, platform, events });
              data.hookId = hook.id;
              data.hookSecret = hook.secret;
            } else if (senderOf(this) === 'agent_bot') {
              const inboxes = parameter<unknown[]>(this, 'botInboxes', []).map(Number).filter(Number.isInteger);
              await registerAgentBot(
                await botsApi(this),
                { url, bot: String(parameter(this, 'agentBot', NEW_BOT)), name: workflowLabel(this), inboxes },
                data,
              );
            } else {
              await registerAccountWebhook(await webhooksApi(this), { url, events, name: workflowLabel(this) }, data);
            }
          } catch (error) {
            if (error instanceof RegistrationError) throw new NodeOperationError(this.getNode(), error.message, { level: 'warning' });
            throw new NodeOperationError(this.getNode(), error as Error);
          }
          return true;
        },
        async delete(this: IHookFunctions): Promise<boolean> {
          const mode = parameter<TriggerMode>(this, 'mode', 'direct');
          const data = this.getWorkflowStaticData('node') as StaticData;
          if (mode === 'direct' || data.hookId === undefined) return true;
          try {
            if (mode === 'relay') {
              await (await relayApi(this)).unsubscribe(String(data.hookId));
              clearRegistration(data);
            } else if (senderOf(this) === 'agent_bot') await unregisterAgentBot(await botsApi(this), data);
            else await unregisterAccountWebhook(await webhooksApi(this), data);
          } catch (error) {
            this.logger.error(`Could not undo the ${spec.name} registration`, { error: (error as Error).message });
            return false;
          }
          return true;
        },
      },
    };

    async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
      const req = this.getRequestObject();
      if (req.rawBody === undefined) await req.readRawBody();
      const mode = parameter<TriggerMode>(this, 'mode', 'direct');
      const options = parameter<IDataObject>(this, 'options', {});
      const sender = senderOf(this);
      const unsigned = sender !== undefined && isUnsignedSender(platform, sender);
      let secrets: string[] = [];
      let tokenHeader: string | undefined;
      if (mode === 'direct' && !unsigned) {
        const creds = await this.getCredentials(credentials.signing);
        secrets = splitSecrets(creds['secrets']);
        if (tokenScheme) tokenHeader = String(creds['tokenHeader'] || DEFAULT_TOKEN_HEADER);
      } else if (mode !== 'direct') {
        const { hookSecret } = this.getWorkflowStaticData('node') as StaticData;
        if (hookSecret) secrets = [hookSecret];
      }

      const outcome = handleDelivery({
        platform,
        mode,
        headers: req.headers,
        rawBody: req.rawBody ?? Buffer.alloc(0),
        secrets,
        events: selection(this),
        toleranceSeconds: options['toleranceSeconds'] as number | undefined,
        strict: options['strict'] === true,
        onInvalidPayload: options['onInvalidPayload'] as 'reject' | 'pass' | undefined,
        allowUnsigned: mode === 'direct' && (unsigned || options['allowUnsigned'] === true),
        tokenHeader,
        includeHeaders: options['includeHeaders'] === true,
        includeRawBody: options['includeRawBody'] === true,
      });
      if (outcome.kind === 'reject') {
        // While "Listen for test event" runs, a rejection would otherwise show nowhere in n8n.
        const log = this.getMode() === 'manual' ? this.logger.warn : this.logger.debug;
        log.call(
          this.logger,
          `${spec.name} Trigger rejected a delivery: ${outcome.status} ${outcome.body.error.code}: ${outcome.body.error.message}`,
          {
            node: this.getNode().name,
            workflowId: this.getWorkflow().id,
          },
        );
        this.getResponseObject().status(outcome.status).json(outcome.body).end();
        return { noWebhookResponse: true };
      }
      if (outcome.kind === 'ignore') return { webhookResponse: { received: true, ignored: outcome.type } };
      if (
        options['ignoreDuplicates'] === true &&
        seenBefore(recentDeliveries(`${this.getWorkflow().id}:${this.getNode().name}`), {
          deliveryId: outcome.item.deliveryId,
          replayKey: outcome.replayKey,
        })
      ) {
        return { webhookResponse: { received: true, duplicate: outcome.item.deliveryId } };
      }
      return { workflowData: [this.helpers.returnJsonArray([outcome.item as unknown as IDataObject])] };
    }
  };
}
