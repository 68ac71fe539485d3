// Realistic Chatwoot 4.x deliveries, modelled on captured payloads (../shared/research/providers.md §1.7).
const account = { id: 2, name: 'Intertel Demo' };
const inbox = { id: 4, name: 'WhatsApp Ventas' };

export const contactSample = {
  account,
  additional_attributes: {},
  avatar: '',
  custom_attributes: {},
  email: 'laura@example.com',
  id: 2,
  identifier: null,
  name: 'Laura Gómez',
  phone_number: '+34600111222',
  thumbnail: '',
  blocked: false,
};

const contactPush = { ...contactSample, account: undefined, type: 'contact' as const };
delete (contactPush as { account?: unknown }).account;

const agent = {
  id: 7,
  name: 'Marta Ruiz',
  available_name: 'Marta',
  avatar_url: '',
  type: 'user',
  availability_status: 'online',
  thumbnail: '',
};

const lastMessage = {
  id: 429,
  content: 'Hola, ¿tenéis cita el jueves? <urgente>',
  account_id: 2,
  inbox_id: 4,
  conversation_id: 41,
  message_type: 0,
  created_at: 1753659002,
  updated_at: '2025-07-27T23:30:02.693Z',
  private: false,
  status: 'sent',
  source_id: 'WAID:BA51D54DD5AD1660E451B0114E369124',
  content_type: 'text',
  content_attributes: {},
  sender_type: 'Contact',
  sender_id: 2,
  external_source_ids: {},
  additional_attributes: {},
  processed_message_content: 'Hola, ¿tenéis cita el jueves? <urgente>',
  sentiment: {},
  conversation: {
    assignee_id: 7,
    unread_count: 1,
    last_activity_at: 1753659002,
    contact_inbox: { source_id: 'ad58e367-2c4f-4b9e-8f0a-1b2c3d4e5f60' },
  },
  sender: contactPush,
};

export const conversationSample = {
  additional_attributes: {},
  can_reply: true,
  channel: 'Channel::Whatsapp',
  contact_inbox: {
    id: 6,
    contact_id: 2,
    inbox_id: 4,
    source_id: 'ad58e367-2c4f-4b9e-8f0a-1b2c3d4e5f60',
    created_at: '2025-07-16T16:30:01.544Z',
    updated_at: '2025-07-16T16:30:01.544Z',
    hmac_verified: false,
    pubsub_token: 'example-pubsub-token', // not a real-looking token: n8n's scanner (no-hardcoded-secrets) rejects those in shipped code
  },
  id: 41,
  inbox_id: 4,
  messages: [lastMessage],
  labels: ['ventas'],
  meta: { sender: contactPush, assignee: agent, assignee_type: 'User', team: null, hmac_verified: false },
  status: 'open',
  custom_attributes: {},
  snoozed_until: null,
  unread_count: 1,
  first_reply_created_at: '2025-07-16T16:38:07.618Z',
  priority: null,
  waiting_since: 1753659002,
  agent_last_seen_at: 1752717500,
  contact_last_seen_at: 0,
  last_activity_at: 1753659002,
  timestamp: 1753659002,
  created_at: 1752683401,
  updated_at: 1753659002.722044,
};

export const messageSample = {
  account,
  additional_attributes: {},
  content_attributes: {},
  content_type: 'text',
  content: 'Hola, ¿tenéis cita el jueves? <urgente>',
  conversation: conversationSample,
  created_at: '2025-07-27T23:30:02.693Z',
  id: 429,
  inbox,
  message_type: 'incoming',
  private: false,
  sender: contactSample,
  source_id: 'WAID:BA51D54DD5AD1660E451B0114E369124',
};

export const webwidgetSample = {
  id: 6,
  contact: contactSample,
  inbox: { id: 5, name: 'Web Intertel' },
  account,
  current_conversation: null,
  source_id: 'ad58e367-2c4f-4b9e-8f0a-1b2c3d4e5f60',
  event_info: {
    initiated_at: { timestamp: 'Tue May 21 2024 10:00:00 GMT+0200 (Central European Summer Time)' },
    referer: 'https://www.intertel.example/contacto',
    widget_language: 'es',
    browser_language: 'es',
    browser: {
      browser_name: 'Chrome',
      browser_version: '124.0.0.0',
      device_name: 'Macintosh',
      platform_name: 'macOS',
      platform_version: '10.15.7',
    },
  },
};

export const typingSample = {
  user: { id: 7, name: 'Marta Ruiz', email: 'marta@intertel.example', type: 'user' },
  conversation: conversationSample,
  is_private: false,
};

export const inboxSample = {
  name: 'WhatsApp Ventas',
  channel_type: 'Channel::Whatsapp',
  allow_messages_after_resolved: true,
  lock_to_single_conversation: false,
  enable_auto_assignment: true,
  enable_email_collect: true,
  greeting_enabled: false,
  greeting_message: null,
  csat_survey_enabled: false,
  business_name: 'Intertel',
  sender_name_type: 'friendly',
  timezone: 'Europe/Madrid',
  out_of_office_message: null,
  working_hours_enabled: false,
  working_hours: [],
  created_at: '2025-07-16T16:20:00.000Z',
  updated_at: '2025-07-27T23:30:02.693Z',
  channel: { id: 3, phone_number: '+34910000000', provider: 'whatsapp_cloud' },
};

// Conversation states for the senders other than account webhooks (docs/chatwoot-senders.md); each body
// is Conversations::EventDataPresenter#webhook_data, the same builder as conversation_created.

/** Just created: nobody assigned or replied yet. */
export const newConversationSample = {
  ...conversationSample,
  labels: [],
  meta: { ...conversationSample.meta, assignee: null, assignee_type: null },
  first_reply_created_at: null,
  agent_last_seen_at: 0,
  created_at: 1753659002,
  updated_at: 1753659002.40517,
};

/** A macro run by an agent: labelled, assigned and its priority raised. */
export const macroConversationSample = {
  ...conversationSample,
  labels: ['ventas', 'seguimiento'],
  priority: 'high',
  updated_at: 1753659187.118204,
};

/** Handed over to an agent (pending → open), e.g. by a bot. */
export const openedConversationSample = {
  ...conversationSample,
  meta: { ...conversationSample.meta, assignee: null, assignee_type: null },
  status: 'open',
  updated_at: 1753659240.550371,
};

/** Resolved by the agent. */
export const resolvedConversationSample = {
  ...conversationSample,
  status: 'resolved',
  unread_count: 0,
  waiting_since: 0,
  agent_last_seen_at: 1753659301,
  updated_at: 1753659301.902113,
};
