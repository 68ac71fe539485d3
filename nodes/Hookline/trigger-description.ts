import {
  NodeConnectionTypes,
  type INodeCredentialDescription,
  type INodeProperties,
  type INodePropertyOptions,
  type INodeTypeDescription,
} from 'n8n-workflow';
import { getPlatform, type EventSender, type PlatformId } from '../../shared';
import { ALL_EVENTS_PARAMETER, eventNames, eventPickerProperties, GROUP_PARAMETER, groupsOf, groupValue, scopeTypes } from './event-picker';
import { shortName, triggerNodeName, type CredentialNames } from './names';
import { DEFAULT_SENDER, sendersOf, type SenderGuide } from './senders';
import { n8nTitleCase as titleCase } from './title-case';

export type TriggerMode = 'direct' | 'chatwootApi' | 'relay';

export const SENDER_PARAMETER = 'sender';

/**
 * The trigger's description, from the catalog. The connection mode is an ordinary parameter the user
 * sees with its descriptions: the credentials it selects are tied to it with `hide` rather than `show`,
 * because n8n's editor moves any parameter that `show` ties every option of onto credentials into the
 * credential dialog (its "main auth field"), where the modes and their descriptions were out of sight.
 */

const CHATWOOT_PRIVATE_NETWORK =
  'Self-hosting Chatwoot? From 4.14 it refuses to post to private, loopback and link-local addresses (an n8n on your own network). On 4.14.1 and later set SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true for its web and Sidekiq processes; 4.14.0 has no switch.';

function modeOption(platform: PlatformId, mode: TriggerMode, sender?: SenderGuide): INodePropertyOptions {
  const spec = getPlatform(platform);
  const short = shortName(platform);
  if (mode === 'relay') {
    return {
      name: 'Receive Through a Hookline Relay',
      value: 'relay',
      description: `A Hookline relay receives and stores each ${short} event, then forwards it here`,
    };
  }
  if (mode === 'chatwootApi') {
    return sender?.sender === 'agent_bot'
      ? {
          name: "Register Automatically Through Chatwoot's API",
          value: 'chatwootApi',
          description: 'Activating the workflow points an agent bot here and keeps its secret; deactivating undoes it',
        }
      : {
          name: "Register Automatically Through Chatwoot's API",
          value: 'chatwootApi',
          description: 'Activating the workflow creates the account webhook and keeps its secret; deactivating deletes it',
        };
  }
  const where = sender ? 'Chatwoot' : short;
  const description =
    sender && !sender.signed
      ? `${where} posts to the Production URL; it signs nothing, so the URL is the secret`
      : spec.signature.kind === 'shared-token'
        ? `${where} posts to the Production URL with a token you choose in a custom header`
        : `${where} posts to the Production URL; its signing secret goes into the credential`;
  return { name: `Paste This URL in ${where}`, value: 'direct', description };
}

function modeProperty(platform: PlatformId, modes: readonly TriggerMode[], sender?: SenderGuide): INodeProperties {
  return {
    displayName: 'Connection',
    name: 'mode',
    type: 'options',
    noDataExpression: true,
    options: modes.map((m) => modeOption(platform, m, sender)),
    default: 'direct',
    description: `How ${shortName(platform)}'s deliveries reach this trigger`,
    ...(sender ? { displayOptions: { show: { [SENDER_PARAMETER]: [sender.sender] } } } : {}),
  };
}

/** Text for n8n's notices and descriptions, which the editor renders as (sanitised) HTML. */
export const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A notice (HTML); n8n keys parameters by name, so every notice has its own. */
const notice = (name: string, text: string, show?: Record<string, string[]>): INodeProperties => ({
  displayName: text,
  name,
  type: 'notice',
  default: '',
  ...(show ? { displayOptions: { show } } : {}),
});

/** The `hookline send` command that posts a test event to this trigger, for the notice. */
export function testCommand(platform: PlatformId, mode: TriggerMode, sender?: SenderGuide): string {
  const spec = getPlatform(platform);
  const scope = sender ? scopeTypes(platform, { sender: sender.sender }) : undefined;
  const type = spec.openEvents
    ? ((spec.anyEvent.sample['type'] as string | undefined) ?? 'invoice.paid')
    : (scope?.[0] ?? spec.events[0]?.type ?? '');
  const secret =
    spec.signature.kind === 'shared-token'
      ? '<your token>'
      : spec.signature.kind === 'standard-webhooks'
        ? '<whsec_… secret>'
        : '<signing secret>';
  if (mode === 'relay') return `npx hookline send ${platform} ${type} --url <relay URL>/in/<source> --secret <the source's secret>`;
  const signs = !sender || sender.signed;
  return `npx hookline send ${platform} ${type} --url <Test URL>${signs ? ` --secret ${secret}` : ''}`;
}

function testNotice(platform: PlatformId, mode: TriggerMode, sender?: SenderGuide): INodeProperties {
  const where = mode === 'relay' ? "the relay's ingest URL" : 'the Test URL under Webhook URLs above';
  const text = `To send a test event, click "Listen for test event" and run: ${escapeHtml(testCommand(platform, mode, sender))} (with ${where}; it signs the event as ${escapeHtml(shortName(platform))} would).`;
  return notice(`testNotice_${mode}${sender ? `_${sender.sender}` : ''}`, text, {
    mode: [mode],
    ...(sender ? { [SENDER_PARAMETER]: [sender.sender] } : {}),
  });
}

function senderProperty(senders: readonly SenderGuide[]): INodeProperties {
  return {
    displayName: 'Sender',
    name: SENDER_PARAMETER,
    type: 'options',
    noDataExpression: true,
    options: senders.map((s) => ({ name: s.name, value: s.sender, description: s.description })),
    default: DEFAULT_SENDER,
    description: 'Which part of Chatwoot posts the events: each sends its own events and signs them in its own way',
  };
}

function agentBotProperties(): INodeProperties[] {
  const show = { [SENDER_PARAMETER]: ['agent_bot'], mode: ['chatwootApi'] };
  return [
    {
      displayName: 'Agent Bot Name or ID',
      name: 'agentBot',
      type: 'options',
      typeOptions: { loadOptionsMethod: 'chatwootAgentBots' },
      default: 'new',
      description:
        'The bot whose outgoing URL becomes this trigger\'s (its secret is kept), or a new bot named after the workflow. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
      displayOptions: { show },
    },
    {
      displayName: 'Inbox Names or IDs',
      name: 'botInboxes',
      type: 'multiOptions',
      typeOptions: { loadOptionsMethod: 'chatwootInboxes' },
      default: [],
      description:
        'Inboxes to connect the bot to while the workflow is active (their previous bot comes back on deactivation); none to connect it yourself or to use it through conversation assignments. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
      displayOptions: { show },
    },
    notice(
      'agentBotNotice',
      'Agent bots get conversation and message events of the inboxes they are connected to and of the conversations assigned to them; Chatwoot signs them from 4.13.',
      show,
    ),
  ];
}

/** The credentials of each mode, each hidden in the other modes (see the note above). */
function credentialsOf(platform: PlatformId, names: CredentialNames, senders: readonly SenderGuide[]): INodeCredentialDescription[] {
  const spec = getPlatform(platform);
  const unsigned = senders.filter((s) => !s.signed).map((s) => s.sender);
  const registrable = spec.subscription?.kind === 'chatwoot';
  const modes: TriggerMode[] = ['direct', ...(registrable ? (['chatwootApi'] as const) : []), 'relay'];
  const otherModes = (mode: TriggerMode) => modes.filter((m) => m !== mode);
  return [
    {
      name: names.signing,
      required: true,
      displayOptions: { hide: { mode: otherModes('direct'), ...(unsigned.length ? { [SENDER_PARAMETER]: unsigned } : {}) } },
    },
    ...(registrable ? [{ name: names.chatwoot, required: true, displayOptions: { hide: { mode: otherModes('chatwootApi') } } }] : []),
    { name: names.relay, required: true, displayOptions: { hide: { mode: otherModes('relay') } } },
  ];
}

const js = (value: unknown) => `(${JSON.stringify(value)})`;

/**
 * The node's subtitle: "All Events", the one event's name, or "3 Events" (n8n shows raw parameter values
 * otherwise), after the sender for Chatwoot and the context for Modyo. An n8n expression: no `}}` inside.
 */
export function subtitleExpression(platform: PlatformId, senders: readonly SenderGuide[]): string {
  const spec = getPlatform(platform);
  if (spec.openEvents) return `={{ ($parameter["events"] || "*") === "*" ? "All Events" : $parameter["events"] }}`;
  const picked = `($parameter["events"] || [])`;
  const events = `(${picked}.length === 0 || ${picked}.includes("*") || ($parameter["${ALL_EVENTS_PARAMETER}"] !== false && $parameter["${ALL_EVENTS_PARAMETER}"] !== undefined) ? "All Events" : ${picked}.length === 1 ? (${js(eventNames(platform))}[${picked}[0]] || ${picked}[0]) : ${picked}.length + " Events")`;
  if (senders.length) {
    const names = Object.fromEntries(senders.map((s) => [s.sender, s.name]));
    return `={{ ${js(names)}[$parameter["${SENDER_PARAMETER}"] || "${DEFAULT_SENDER}"] + ": " + ${events} }}`;
  }
  const groups = groupsOf(platform);
  if (groups.length) {
    const names = Object.fromEntries(groups.map((g) => [groupValue(g), titleCase(g)]));
    return `={{ (${js(names)}[$parameter["${GROUP_PARAMETER}"]] ? ${js(names)}[$parameter["${GROUP_PARAMETER}"]] + ": " : "") + ${events} }}`;
  }
  return `={{ ${events} }}`;
}

export function triggerDescription(platform: PlatformId, names: CredentialNames): INodeTypeDescription {
  const spec = getPlatform(platform);
  const senders = sendersOf(platform);
  const registrable = spec.subscription?.kind === 'chatwoot';

  const connection: INodeProperties[] = [];
  if (senders.length) {
    connection.push(senderProperty(senders));
    for (const s of senders) {
      const modes: TriggerMode[] = s.signed
        ? [...(s.registrable && registrable ? (['chatwootApi'] as const) : []), 'direct', 'relay']
        : ['direct'];
      connection.push(modeProperty(platform, modes, s));
      connection.push(notice(`setupNotice_${s.sender}`, escapeHtml(s.pasteSteps), { [SENDER_PARAMETER]: [s.sender], mode: ['direct'] }));
      connection.push(testNotice(platform, 'direct', s));
      if (s.signed) connection.push(testNotice(platform, 'relay', s));
    }
    connection.push(...agentBotProperties());
  } else {
    connection.push(modeProperty(platform, ['direct', ...(registrable ? (['chatwootApi'] as const) : []), 'relay']));
    connection.push(notice('setupNotice', escapeHtml(spec.setup.en), { mode: ['direct'] }));
    connection.push(testNotice(platform, 'direct'), testNotice(platform, 'relay'));
  }
  connection.push(
    notice(
      'relayNotice',
      "Add a source for this platform to the relay and paste its ingest URL (/in/{source}) into the platform; the relay verifies each delivery, stores it and forwards it here signed with this subscription's own secret.",
      { mode: ['relay'] },
    ),
  );
  if (registrable) connection.push(notice('privateNetworkNotice', CHATWOOT_PRIVATE_NETWORK));

  const unsignedSenders = senders.filter((s) => !s.signed).map((s) => s.sender);
  return {
    displayName: `${spec.name} Trigger`,
    name: triggerNodeName(platform),
    icon: { light: `file:${platform}.svg`, dark: `file:${platform}.dark.svg` },
    group: ['trigger'],
    // Version 2 changes nothing in the node; n8n treats version 1 webhook nodes differently: it evaluates
    // an expression ($parameter.options.binaryData) in its expression sandbox on every request, and parses
    // every body whatever its type. Version 2 skips both (the node reads raw bytes itself when n8n did not).
    version: [1, 2],
    defaultVersion: 2,
    subtitle: subtitleExpression(platform, senders),
    description: `Starts the workflow on verified ${spec.name} webhook events`,
    defaults: { name: `${spec.name} Trigger` },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: credentialsOf(platform, names, senders),
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' }],
    properties: [
      ...connection,
      ...eventPickerProperties(platform),
      {
        displayName: 'Options',
        name: 'options',
        type: 'collection',
        placeholder: 'Add option',
        default: {},
        options: [
          ...(spec.signature.timestamped
            ? [
                {
                  displayName: 'Timestamp Tolerance (Seconds)',
                  name: 'toleranceSeconds',
                  type: 'number' as const,
                  default: 300,
                  description: 'Reject deliveries whose signed timestamp is further from now than this',
                },
              ]
            : []),
          {
            displayName: 'Reject Unknown or Invalid Events',
            name: 'strict',
            type: 'boolean',
            default: false,
            description:
              'Whether to answer 422 to a verified delivery whose event type is not in the catalog or whose payload does not match its schema. Off, the workflow runs and the item says so (known: false, issues). Deliveries nothing verified are always checked.',
          },
          {
            displayName: 'Ignore Duplicate Deliveries',
            name: 'ignoreDuplicates',
            type: 'boolean',
            default: false,
            description:
              "Whether to skip a delivery among the last 200 this trigger saw since n8n started: the same delivery ID, or the same signed delivery sent again under a new ID (kept in memory; for a durable check use n8n's Remove Duplicates node on deliveryId)",
          },
          {
            displayName: 'Include Headers',
            name: 'includeHeaders',
            type: 'boolean',
            default: false,
            description: 'Whether to add the request headers to the output',
          },
          {
            displayName: 'Include Raw Body',
            name: 'includeRawBody',
            type: 'boolean',
            default: false,
            description: 'Whether to add the raw body as received to the output',
          },
          ...(spec.sendsUnsigned
            ? [
                {
                  displayName: 'Accept Unsigned Deliveries',
                  name: 'allowUnsigned',
                  type: 'boolean' as const,
                  default: false,
                  description: `Whether to accept deliveries without a signature, from versions that do not sign yet (${spec.name}: account webhooks before 4.12, agent bots and API inboxes before 4.13); a wrong signature is still rejected`,
                  displayOptions: {
                    show: { '/mode': ['direct'] },
                    ...(unsignedSenders.length ? { hide: { [`/${SENDER_PARAMETER}`]: unsignedSenders } } : {}),
                  },
                },
              ]
            : []),
        ],
      },
    ],
  };
}

export const isUnsignedSender = (platform: PlatformId, sender: string) =>
  sendersOf(platform).some((s) => s.sender === (sender as EventSender) && !s.signed);
