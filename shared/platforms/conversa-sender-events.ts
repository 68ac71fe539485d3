import type { Labels } from '../spec';
import {
  conversationSample,
  macroConversationSample,
  newConversationSample,
  openedConversationSample,
  resolvedConversationSample,
} from './conversa-samples';
import { changedAttributes, conversationShape, withEvent } from './conversa-schemas';
import { defineEvent } from './define';

// Events that Chatwoot's account webhooks do not send (docs/chatwoot-senders.md has the citations).
// Every body is the conversation's webhook data plus `event`.

/**
 * `when` completes "An automation rule that runs when …"; `since` names the first Chatwoot version with
 * that rule event. Automation rules post the conversation, without changed_attributes, unsigned and
 * without a delivery id (docs/chatwoot-senders.md).
 */
function automationEvent<const R extends string>(
  ruleEvent: R,
  trigger: Labels,
  when: string,
  sample: Record<string, unknown>,
  since?: string,
) {
  const type = `automation_event.${ruleEvent}` as const;
  return defineEvent({
    type,
    label: { en: `Automation rule: ${trigger.en.toLowerCase()}`, es: `Regla de automatización: ${trigger.es.toLowerCase()}` },
    description: `An automation rule that runs when ${when} posted the conversation with its Send Webhook Event action${since ? ` (Chatwoot ${since} and later)` : ''}.`,
    important: false,
    senders: ['automation_rule'],
    schema: withEvent(type, conversationShape),
    sample: { ...sample, event: type },
  });
}

export const senderEvents = [
  automationEvent(
    'conversation_created',
    { en: 'Conversation created', es: 'Conversación creada' },
    'a conversation is created',
    newConversationSample,
  ),
  automationEvent('conversation_updated', { en: 'Conversation updated', es: 'Conversación actualizada' }, 'a conversation is updated', {
    ...conversationSample,
    priority: 'high',
  }),
  automationEvent(
    'conversation_opened',
    { en: 'Conversation opened', es: 'Conversación abierta' },
    'a conversation is opened',
    openedConversationSample,
    '2.14',
  ),
  automationEvent(
    'conversation_resolved',
    { en: 'Conversation resolved', es: 'Conversación resuelta' },
    'a conversation is resolved',
    resolvedConversationSample,
    '4.5',
  ),
  automationEvent('message_created', { en: 'Message created', es: 'Mensaje creado' }, 'a message is created', conversationSample),
  defineEvent({
    type: 'macro.executed',
    label: { en: 'Macro executed', es: 'Macro ejecutada' },
    description: 'An agent ran a macro whose Send Webhook Event action posted the conversation (Chatwoot 4.1 and later).',
    important: false,
    senders: ['macro'],
    schema: withEvent('macro.executed', conversationShape),
    sample: { ...macroConversationSample, event: 'macro.executed' },
  }),
  defineEvent({
    type: 'conversation_opened',
    label: { en: 'Conversation opened', es: 'Conversación abierta' },
    description: 'A conversation was opened or reopened; agent bots get it, and account webhooks did from Chatwoot 1.4 to 2.4.',
    important: false,
    senders: ['agent_bot'],
    schema: withEvent('conversation_opened', { ...conversationShape, changed_attributes: changedAttributes }),
    sample: { ...openedConversationSample, event: 'conversation_opened' },
  }),
  defineEvent({
    type: 'conversation_resolved',
    label: { en: 'Conversation resolved', es: 'Conversación resuelta' },
    description: 'A conversation was resolved; agent bots get it, and account webhooks did from Chatwoot 1.4 to 2.4.',
    important: false,
    senders: ['agent_bot'],
    schema: withEvent('conversation_resolved', { ...conversationShape, changed_attributes: changedAttributes }),
    sample: { ...resolvedConversationSample, event: 'conversation_resolved' },
  }),
] as const;
