import type { z } from 'zod/v4';
import type { SignatureScheme } from './signatures/scheme';

export interface Labels {
  readonly en: string;
  readonly es: string;
}

/**
 * What in the platform posts an event, for platforms with several senders (Chatwoot: see
 * docs/chatwoot-senders.md). Senders differ in how they sign and in where the URL is configured.
 */
export type EventSender = 'account_webhook' | 'automation_rule' | 'macro' | 'agent_bot' | 'api_channel';

export const SENDER_LABELS: Readonly<Record<EventSender, Labels>> = {
  account_webhook: { en: 'Account webhook', es: 'Webhook de la cuenta' },
  automation_rule: { en: 'Automation rule', es: 'Regla de automatización' },
  macro: { en: 'Macro', es: 'Macro' },
  agent_bot: { en: 'Agent bot', es: 'Bot de agente' },
  api_channel: { en: 'API channel inbox', es: 'Bandeja de entrada API' },
};

/** One documented event of a platform. `sample` is a whole delivery body as the platform sends it. */
export interface EventSpec<T extends string = string, S extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly label: Labels;
  readonly description: string;
  /** Grouping shown in pickers (e.g. Modyo's App, Space, Realm contexts). */
  readonly group?: string;
  /** Shown first in pickers; the rest stay reachable but do not flood them. */
  readonly important: boolean;
  /** What sends this event on current versions of the platform; absent when the platform has one sender. */
  readonly senders?: readonly EventSender[];
  readonly schema: S;
  readonly sample: Record<string, unknown>;
}

/** Where a value travels in a delivery. Tried in order; the first present one wins. */
export type Locator =
  | { readonly header: string }
  | { readonly body: readonly string[] }
  | { readonly bodyJoin: readonly (readonly string[])[]; readonly separator: string };

export type BodySerializer = 'json' | 'rails-json';

/** How a receiver can create and delete its own webhook subscription on the platform, when it can. */
export type SubscriptionCapability = { readonly kind: 'chatwoot' };

export interface PlatformSpec<Id extends string = string, E extends readonly EventSpec[] = readonly EventSpec[]> {
  readonly id: Id;
  readonly name: string;
  /** PascalCase identifier for generated code and type names (n8n node `<typeName>Trigger`, credential `<typeName>SigningApi`). */
  readonly typeName: string;
  readonly description: string;
  /** The seed documentation file in ../shared/seeds, and public docs. */
  readonly docs: readonly string[];
  readonly events: E;
  /** Used for any event type when the platform's events are open (Standard Webhooks) or unknown events are allowed. */
  readonly anyEvent: EventSpec;
  /** Standard Webhooks senders may send any type; other platforms have a closed catalog. */
  readonly openEvents: boolean;
  readonly eventType: readonly Locator[];
  /** Falls back to a SHA-256 of the raw body (`sha256:<hex>`) when none is present. */
  readonly deliveryId: readonly Locator[];
  /** Falls back to the receipt time. Numbers are unix seconds (milliseconds above 1e12), strings ISO 8601. */
  readonly occurredAt: readonly Locator[];
  readonly signature: SignatureScheme;
  /** Whether some versions of the sender deliver unsigned (Chatwoot < 4.12): receivers then offer `allowUnsigned`. */
  readonly sendsUnsigned: boolean;
  /** How the sender serialises bodies (Rails escapes <, >, & as \u003c …). */
  readonly serializer: BodySerializer;
  /** Constant headers the sender adds to every delivery. */
  readonly staticHeaders: Readonly<Record<string, string>>;
  /** The platform's API for creating and deleting webhook subscriptions; absent when the URL is pasted by hand. */
  readonly subscription?: SubscriptionCapability;
  /** Setup instructions shown where the user pastes the URL by hand, in English and Spanish (n8n shows `en`, the console both). */
  readonly setup: Labels;
}

export function describeLocator(locator: Locator): string {
  if ('header' in locator) return `header ${locator.header}`;
  if ('body' in locator) return `body ${locator.body.join('.')}`;
  return `body ${locator.bodyJoin.map((p) => p.join('.')).join(` + "${locator.separator}" + `)}`;
}
