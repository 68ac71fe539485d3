import { getPlatform, SENDER_LABELS, type EventSender, type EventSpec, type PlatformId } from '../../shared';
import { n8nTitleCase as titleCase } from './title-case';

/**
 * What the trigger needs to know about each of Chatwoot's senders (docs/chatwoot-senders.md): whether it
 * signs, whether the trigger can register itself with it through Chatwoot's API, and where a user pastes
 * the URL by hand.
 */
export interface SenderGuide {
  readonly sender: EventSender;
  readonly name: string;
  readonly description: string;
  /** Whether deliveries carry X-Chatwoot-Signature (on recent versions). */
  readonly signed: boolean;
  /** Whether activating the workflow can register the URL through Chatwoot's API. */
  readonly registrable: boolean;
  /** Where the URL goes, step by step, when it is pasted by hand. */
  readonly pasteSteps: string;
}

const UNGUESSABLE =
  'Chatwoot signs nothing from this sender, so the URL itself is the secret: n8n puts a random ID in it that cannot be guessed. Paste it only into Chatwoot and keep it out of screenshots and tickets.';

const GUIDES: Record<EventSender, Omit<SenderGuide, 'sender' | 'name'>> = {
  account_webhook: {
    description: "Settings → Integrations → Webhooks: the account's webhook, signed from Chatwoot 4.12",
    signed: true,
    registrable: true,
    pasteSteps: '', // the catalog's own setup text
  },
  agent_bot: {
    description: "An agent bot's outgoing URL, signed with the bot's secret from Chatwoot 4.13",
    signed: true,
    registrable: true,
    pasteSteps:
      "In Intertel Conversa / Chatwoot: Settings → Bots → Add bot (or edit one) → paste this URL as its webhook URL → Save, then connect the bot to an inbox (the inbox's settings → Bot configuration). Copy the bot's secret into the credential: Chatwoot 4.13 and later show it to administrators (GET /api/v1/accounts/{account_id}/agent_bots/{id} returns it).",
  },
  api_channel: {
    description: "An API channel inbox's webhook URL, signed with the inbox's secret from Chatwoot 4.13",
    signed: true,
    registrable: false,
    pasteSteps:
      "In Intertel Conversa / Chatwoot: Settings → Inboxes → your API channel inbox → Settings → Webhook URL: paste this URL → Update. Copy the inbox's secret (Chatwoot 4.13 and later, shown to administrators) into the credential.",
  },
  automation_rule: {
    description: 'The "Send Webhook Event" action of an automation rule, never signed',
    signed: false,
    registrable: false,
    pasteSteps: `In Intertel Conversa / Chatwoot: Settings → Automation → Add automation rule → choose its event and conditions → Add action "Send Webhook Event" → paste this URL → Create. ${UNGUESSABLE}`,
  },
  macro: {
    description: 'The "Send Webhook Event" action of a macro an agent runs, never signed',
    signed: false,
    registrable: false,
    pasteSteps: `In Intertel Conversa / Chatwoot: Settings → Macros → add or edit a macro → Add action "Send Webhook Event" → paste this URL → Save. ${UNGUESSABLE}`,
  },
};

const ORDER: readonly EventSender[] = ['account_webhook', 'agent_bot', 'api_channel', 'automation_rule', 'macro'];

/** The senders a platform's catalog names, in a fixed order; empty for platforms with one sender. */
export function sendersOf(platform: PlatformId): SenderGuide[] {
  const spec = getPlatform(platform);
  const named = new Set(spec.events.flatMap((e) => e.senders ?? []));
  return ORDER.filter((s) => named.has(s)).map((sender) => ({
    sender,
    name: titleCase(SENDER_LABELS[sender].en),
    ...GUIDES[sender],
    pasteSteps: GUIDES[sender].pasteSteps || spec.setup.en,
  }));
}

export const DEFAULT_SENDER: EventSender = 'account_webhook';

export function senderGuide(platform: PlatformId, sender: EventSender): SenderGuide | undefined {
  return sendersOf(platform).find((g) => g.sender === sender);
}

export function eventsSentBy(platform: PlatformId, sender: EventSender): EventSpec[] {
  return getPlatform(platform).events.filter((e) => (e.senders ?? []).includes(sender));
}
