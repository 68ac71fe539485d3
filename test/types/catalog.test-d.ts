/**
 * Type tests, checked by `npm run typecheck` (tsc), never run: the public types narrow and infer as
 * documented. Each `@ts-expect-error` fails the typecheck if the line below it stops being an error.
 */
import { receive, receiveRelayed, sampleRelayEvent, type EventTypeOf, type HookEvent, type RelayEvent } from '../../shared';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(_: T) => undefined;

declare const body: string;

// receive() narrows data on the event type.
const received = receive('conversa', { body }, { secrets: ['s'] });
if (received.ok) {
  const event = received.event;
  assert<Equal<typeof event.platform, 'conversa'>>(true);
  if (event.type === 'message_created') {
    const conversationId: number = event.data.conversation.id;
    const content: string | null = event.data.content;
    void conversationId;
    void content;
    // @ts-expect-error a message has no `status` in Chatwoot's message webhook
    void event.data.status;
  }
  if (event.type === 'conversation_status_changed') {
    const status: 'open' | 'resolved' | 'pending' | 'snoozed' = event.data.status;
    void status;
  }
} else {
  const status: number = received.error.status;
  void status;
}

// Event types are the catalog's literals.
assert<
  Equal<EventTypeOf<'horneross'>, 'conversation.created' | 'conversation.message.created' | 'conversation.status.changed' | 'lead.captured'>
>(true);
const closed: EventTypeOf<'inboundflow'> = 'call.completed';
void closed;
// @ts-expect-error not an InboundFlow event
const wrong: EventTypeOf<'inboundflow'> = 'call.started';
void wrong;

// Open platforms accept any type string.
const standard = receive('standard', { body }, { secrets: ['whsec_x'] });
if (standard.ok) {
  const type: string = standard.event.type;
  void type;
}

// @ts-expect-error not a platform
receive('github', { body });
// @ts-expect-error the body must be the raw bytes
receive('iris', { body: { Event: 'x' } });

// Relayed events narrow the same way, and keep the relay's envelope.
const relayed = receiveRelayed('horneross', { body }, 'whsec_x');
if (relayed.ok) {
  const e = relayed.event;
  const verified: boolean = e.verified;
  const source: string = e.source;
  void verified;
  void source;
  if (e.type === 'lead.captured') {
    const email: string | null | undefined = e.data.data.contact.email;
    void email;
  }
}
const sample: RelayEvent<'modyo'> = sampleRelayEvent('modyo', 'entry_published_log');
void sample;
const hookEvent: HookEvent<'iris'>['platform'] = 'iris';
void hookEvent;
