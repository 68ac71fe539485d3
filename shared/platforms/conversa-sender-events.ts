import type { Labels } from '../spec';
import { conversationSample, macroConversationSample, newConversationSample, openedConversationSample, resolvedConversationSample } from './conversa-samples';
import { changedAttributes, conversationShape, withEvent } from './conversa-schemas';
import { defineEvent } from './define';

// Events that Chatwoot's account webhooks do not send (docs/chatwoot-senders.md has the citations).
// Every body is the conversation's webhook data plus `event`.

const UNSIGNED = 'Chatwoot does not sign it and sends no delivery id.';

/** `since` names the first Chatwoot version with that rule event; `body` overrides the note on the body. */
function automationEvent<const R extends string>(ruleEvent: R, trigger: Labels, sample: Record<string, unknown>, note: { since?: string; body?: string } = {}) {
  const type = `automation_event.${ruleEvent}` as const;
  const since = note.since ? ` (Chatwoot ${note.since} and later)` : '';
  return defineEvent({
    type,
    label: { en: `Automation rule: ${trigger.en.toLowerCase()}`, es: `Regla de automatización: ${trigger.es.toLowerCase()}` },
    description: `Posted by the "Send webhook event" action of an automation rule whose event is ${trigger.en}${since}. ${note.body ?? 'The body is the conversation, without changed_attributes.'} ${UNSIGNED}`,
    important: false,
    senders: ['automation_rule'],
    schema: withEvent(type, conversationShape),
    sample: { ...sample, event: type },
  });
}

export const senderEvents = [
  automationEvent('conversation_created', { en: 'Conversation created', es: 'Conversación creada' }, newConversationSample),
  automationEvent('conversation_updated', { en: 'Conversation updated', es: 'Conversación actualizada' }, { ...conversationSample, priority: 'high' }),
  automationEvent('conversation_opened', { en: 'Conversation opened', es: 'Conversación abierta' }, openedConversationSample, { since: '2.14' }),
  automationEvent('conversation_resolved', { en: 'Conversation resolved', es: 'Conversación resuelta' }, resolvedConversationSample, { since: '4.5' }),
  automationEvent('message_created', { en: 'Message created', es: 'Mensaje creado' }, conversationSample, {
    body: "The body is the message's conversation, not the message (messages[0] is the conversation's latest public message), without changed_attributes.",
  }),
  defineEvent({
    type: 'macro.executed',
    label: { en: 'Macro executed', es: 'Macro ejecutada' },
    description: `An agent ran a macro with a "Send webhook event" action (Chatwoot 4.1 and later). The body is the conversation. ${UNSIGNED}`,
    important: false,
    senders: ['macro'],
    schema: withEvent('macro.executed', conversationShape),
    sample: { ...macroConversationSample, event: 'macro.executed' },
  }),
  defineEvent({
    type: 'conversation_opened',
    label: { en: 'Conversation opened', es: 'Conversación abierta' },
    description:
      "A conversation's status changed to open. Sent to agent bots (alongside conversation_status_changed from 4.13); Chatwoot 1.4 to 2.4 also sent it to account webhooks and API channel inboxes.",
    important: false,
    senders: ['agent_bot'],
    schema: withEvent('conversation_opened', { ...conversationShape, changed_attributes: changedAttributes }),
    sample: { ...openedConversationSample, event: 'conversation_opened' },
  }),
  defineEvent({
    type: 'conversation_resolved',
    label: { en: 'Conversation resolved', es: 'Conversación resuelta' },
    description:
      "A conversation's status changed to resolved. Sent to agent bots (alongside conversation_status_changed from 4.13); Chatwoot 1.4 to 2.4 also sent it to account webhooks and API channel inboxes.",
    important: false,
    senders: ['agent_bot'],
    schema: withEvent('conversation_resolved', { ...conversationShape, changed_attributes: changedAttributes }),
    sample: { ...resolvedConversationSample, event: 'conversation_resolved' },
  }),
] as const;
