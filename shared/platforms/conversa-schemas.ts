import { z } from 'zod/v4';
import { isoDateTime, jsonObject, unixSeconds } from './common';

// Field types follow Chatwoot 4.13 (see ../shared/research/providers.md §1.6), not the 2022 docs.
const int = () => z.number().int();
const nullableText = () => z.string().nullable().optional();
const attrs = () => jsonObject().optional();

export const accountRef = z.object({ id: int(), name: z.string() });
export const inboxRef = z.object({ id: int(), name: z.string() });
export const teamRef = z.object({ id: int(), name: z.string() });

/** Contact#webhook_data (no `type` key); also the push form, which adds `type: "contact"`. */
export const contact = z.object({
  id: int(),
  name: z.string().nullable(),
  email: nullableText(),
  phone_number: nullableText(),
  identifier: nullableText(),
  avatar: z.string().optional(),
  thumbnail: z.string().optional(),
  blocked: z.boolean().optional(),
  additional_attributes: attrs(),
  custom_attributes: attrs(),
  account: accountRef.optional(),
  type: z.literal('contact').optional(),
});

/** A sender or assignee: contact, user, agent bot or captain assistant. */
export const actor = z.object({
  id: int(),
  name: z.string().nullable(),
  type: z.string().optional().describe('contact, user, agent_bot or captain_assistant'),
  email: nullableText(),
  avatar_url: z.string().optional(),
  available_name: z.string().optional(),
  availability_status: z.string().nullable().optional(),
  thumbnail: z.string().optional(),
});

export const attachment = z.object({
  id: int(),
  message_id: int().optional(),
  file_type: z.string().describe('image, audio, video, file, location, …'),
  account_id: int().optional(),
  extension: z.string().nullable().optional(),
  data_url: z.string().nullable().optional(),
  thumb_url: z.string().nullable().optional(),
  file_size: z.number().optional(),
});

/** Message#push_event_data, inside conversation.messages[]: message_type is an integer, created_at unix. */
export const pushMessage = z.object({
  id: int(),
  content: z.string().nullable(),
  account_id: int().optional(),
  inbox_id: int().optional(),
  conversation_id: int().optional(),
  message_type: z.union([int(), z.string()]).describe('0 incoming, 1 outgoing, 2 activity, 3 template'),
  created_at: z.union([unixSeconds(), z.string()]),
  updated_at: z.union([z.string(), unixSeconds()]).optional(),
  private: z.boolean().optional(),
  status: z.string().optional(),
  source_id: nullableText(),
  content_type: z.string().optional(),
  content_attributes: attrs(),
  sender_type: z.string().nullable().optional(),
  sender_id: int().nullable().optional(),
  sender: actor.nullable().optional(),
  attachments: z.array(attachment).optional(),
});

export const conversationStatus = z.enum(['open', 'resolved', 'pending', 'snoozed']);
export const conversationPriority = z.enum(['low', 'medium', 'high', 'urgent']);

/** Conversations::EventDataPresenter#webhook_data: `id` is the per-account display id. */
export const conversationShape = {
  id: int().describe('Conversation display id (per account)'),
  inbox_id: int(),
  account_id: int().optional(),
  account: accountRef.optional().describe('Chatwoot 4.14.2 and later'),
  channel: z.string().optional().describe('e.g. Channel::Api, Channel::Whatsapp, Channel::WebWidget'),
  can_reply: z.boolean().optional(),
  status: conversationStatus,
  priority: conversationPriority.nullable().optional(),
  additional_attributes: attrs(),
  custom_attributes: attrs(),
  labels: z.array(z.string()).optional(),
  contact_inbox: z
    .object({
      id: int(),
      contact_id: int(),
      inbox_id: int(),
      source_id: z.string().nullable(),
      created_at: z.string().optional(),
      updated_at: z.string().optional(),
      hmac_verified: z.boolean().optional(),
      pubsub_token: z.string().nullable().optional(),
    })
    .optional(),
  messages: z.array(pushMessage).optional(),
  meta: z
    .object({
      sender: contact.optional().describe("The conversation's contact (Contact#push_event_data)"),
      assignee: actor.nullable().optional(),
      assignee_type: z.string().nullable().optional(),
      team: teamRef.nullable().optional(),
      hmac_verified: z.boolean().nullable().optional(),
    })
    .optional(),
  unread_count: int().optional(),
  snoozed_until: nullableText(),
  first_reply_created_at: nullableText(),
  waiting_since: unixSeconds().optional(),
  agent_last_seen_at: unixSeconds().optional(),
  contact_last_seen_at: unixSeconds().optional(),
  last_activity_at: unixSeconds().optional(),
  timestamp: unixSeconds().optional(),
  created_at: unixSeconds().optional(),
  updated_at: unixSeconds().optional().describe('Unix seconds, a float'),
};
export const conversation = z.object(conversationShape);

export const changedAttributes = z
  .array(z.record(z.string(), z.object({ previous_value: z.unknown(), current_value: z.unknown() })))
  .nullable()
  .optional()
  .describe('[{ "<attribute>": { previous_value, current_value } }]; null on status changes');

/** Message#webhook_data: message_type is a string here, created_at ISO. */
export const messageShape = {
  id: int(),
  content: z.string().nullable(),
  content_type: z.string().describe('text, input_select, cards, form, article, incoming_email, …'),
  content_attributes: attrs(),
  additional_attributes: attrs(),
  message_type: z.union([z.enum(['incoming', 'outgoing', 'template', 'activity']), int()]),
  created_at: z.union([isoDateTime(), unixSeconds()]),
  private: z.boolean(),
  source_id: nullableText(),
  sender: z.union([contact, actor]).nullable().optional().describe('The contact (incoming) or the agent, bot or assistant (outgoing)'),
  account: accountRef,
  inbox: inboxRef,
  conversation,
  attachments: z.array(attachment).optional(),
};

export const webwidgetShape = {
  id: int().describe('Contact inbox id'),
  contact,
  inbox: inboxRef,
  account: accountRef,
  current_conversation: conversation.nullable().optional(),
  source_id: z.string().nullable().optional(),
  event_info: z.object({
    initiated_at: z.object({ timestamp: z.string().describe('Browser Date string, not ISO') }).optional(),
    referer: z.string().nullable().optional(),
    widget_language: z.string().nullable().optional(),
    browser_language: z.string().nullable().optional(),
    browser: z
      .object({
        browser_name: z.string().optional(),
        browser_version: z.string().optional(),
        device_name: z.string().optional(),
        platform_name: z.string().optional(),
        platform_version: z.string().optional(),
      })
      .optional(),
  }),
};

export const typingShape = {
  user: actor.describe('The agent (type "user") or the contact who is typing'),
  conversation,
  is_private: z.boolean(),
};

export const inboxShape = {
  account: accountRef.optional().describe('Chatwoot 4.14.2 and later'),
  name: z.string().optional(),
  channel_type: z.string().optional(),
  channel: jsonObject().optional(),
  allow_messages_after_resolved: z.boolean().optional(),
  lock_to_single_conversation: z.boolean().optional(),
  enable_email_collect: z.boolean().optional(),
  csat_survey_enabled: z.boolean().optional(),
  business_name: z.string().nullable().optional(),
  sender_name_type: z.string().optional().describe('friendly or professional'),
  out_of_office_message: z.string().nullable().optional(),
  greeting_enabled: z.boolean().optional(),
  greeting_message: z.string().nullable().optional(),
  enable_auto_assignment: z.boolean().optional(),
  working_hours_enabled: z.boolean().optional(),
  working_hours: z.array(jsonObject()).optional(),
  timezone: z.string().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
};

/** A payload builder's shape plus the `event` name Chatwoot merges into it. */
export const withEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.object({ ...shape, event: z.literal(type) });

/** The `changed_attributes` value Chatwoot builds (base_listener.rb#extract_changed_attributes), for samples. */
export const changed = (attribute: string, previous: unknown, current: unknown) => [
  { [attribute]: { previous_value: previous, current_value: current } },
];
