import { z } from 'zod/v4';
import { sharedTokenScheme } from '../signatures/shared-token';
import type { EventSpec, PlatformSpec } from '../spec';
import { isoDateTime, jsonObject } from './common';
import { defineEvent } from './define';
import { MODYO_CONTEXT_LABELS, MODYO_DESCRIPTIONS, MODYO_IMPORTANT, MODYO_TRIGGERS, type ModyoTrigger } from './modyo-triggers';

const id = () => z.number().int().nullable().optional();

/** Shape A: the full activity-log record (an admin or the platform acted). */
export const modyoLogRecord = z.object({
  id: z.number().int().describe('Activity-log record id'),
  account_id: id(),
  site_id: id(),
  space_id: id(),
  realm_id: id(),
  user_id: id(),
  user_type: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  value_1: z.string().nullable().optional(),
  value_2: z.string().nullable().optional(),
  value_3: z.string().nullable().optional(),
  request_ip: z.string().nullable().optional(),
  request_user_agent: z.string().nullable().optional(),
  loggeable_id: id(),
  loggeable_type: z.string().nullable().optional(),
  options: jsonObject().nullable().optional(),
  created_at: isoDateTime(),
  log_type_id: id(),
  trigger_uid: z.string(),
  trigger_name: z.string().nullable().optional(),
  trigger_entity: z.string().nullable().optional(),
  trigger_entity_id: id(),
  trigger_entry_uuid: z.string().nullable().optional(),
  trigger_content_uuid: z.string().nullable().optional(),
  trigger_entry_space_uid: z.string().nullable().optional(),
  automated: z.boolean().optional(),
});

/** Shape B: the compact end-user event (`e_c` category + `e_a` action). */
export const modyoCompactEvent = z.object({
  e_c: z.string().describe('Event category, e.g. origination_submission'),
  e_a: z.string().describe('Event action, e.g. created_log'),
  ip: z.string().nullable().optional(),
  ua: z.string().nullable().optional(),
  uid: z.number().int().nullable().optional().describe('End-user id'),
  idsite: z.number().int().nullable().optional(),
  realm_id: z.number().int().nullable().optional(),
  realm_uid: z.string().nullable().optional(),
  account_id: z.number().int().nullable().optional(),
  origination_uid: z.string().optional(),
  submission_uuid: z.string().optional(),
  task_id: z.number().int().optional(),
  task_uid: z.string().optional(),
  task_response_id: z.number().int().optional(),
  task_response_type: z.string().optional(),
});

export const modyoPayload = z.union([modyoLogRecord, modyoCompactEvent]);

function entityOf(uid: string): string {
  if (uid.startsWith('entry_')) return 'Content::Entry';
  if (uid.startsWith('layout_page_')) return 'Layout::Page';
  if (uid.startsWith('widget_definition_')) return 'Widget::Definition';
  if (uid.startsWith('site_template_')) return 'Site::Template';
  if (uid.startsWith('site_')) return 'Site';
  if (uid.startsWith('menu_')) return 'Menu';
  if (uid.startsWith('category_')) return 'Content::Category';
  if (uid.startsWith('type_')) return 'Content::Type';
  if (uid.startsWith('space_')) return 'Content::Space';
  if (uid.startsWith('asset_')) return 'Content::Asset';
  if (uid.startsWith('origination_')) return 'Origination::Submission';
  if (uid.startsWith('form_response_')) return 'Form::Response';
  return 'Customers::User';
}

function logSample(trigger: ModyoTrigger, index: number): Record<string, unknown> {
  const [uid, context, en] = trigger;
  const space = context === 'space';
  const realm = context === 'realm' || context === 'realm_admin';
  return {
    id: 1552 + index,
    account_id: 2,
    site_id: context === 'app' ? 14 : null,
    user_id: 2,
    type: null,
    value_1: '6111a767-71dc-485c-bea3-80229edf7450',
    value_2: space ? 'the-new-type' : null,
    value_3: space ? 'space-test' : null,
    request_ip: '127.0.0.1',
    request_user_agent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_2) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.114 Safari/537.36',
    loggeable_id: 5,
    loggeable_type: entityOf(uid),
    options: { title: `${en} (6111a767-71dc-485c-bea3-80229edf7450)` },
    created_at: '2021-08-13T17:08:46.000Z',
    user_type: 'AdminUser',
    space_id: space ? 1 : null,
    log_type_id: 262 + index,
    realm_id: realm ? 681 : null,
    trigger_uid: uid,
    trigger_name: `${en} log`,
    trigger_entity: entityOf(uid),
    trigger_entity_id: 5,
    trigger_entry_uuid: space ? '6111a767-71dc-485c-bea3-80229edf7450' : null,
    trigger_content_uuid: space ? 'the-new-type' : null,
    trigger_entry_space_uid: space ? 'space-test' : null,
  };
}

function compactSample(uid: string, category: string): Record<string, unknown> {
  const sample: Record<string, unknown> = {
    ip: '172.71.194.146',
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    e_a: uid.slice(category.length + 1),
    e_c: category,
    uid: 2300345,
    idsite: 4521,
    realm_id: 681,
    realm_uid: 'jordana',
    account_id: 381,
  };
  if (category.startsWith('origination')) {
    sample['origination_uid'] = 'ori';
    sample['submission_uuid'] = '4c23599f-8a4e-4f1e-9d6b-2b7f0c1d3e55';
  }
  if (uid.includes('_task_')) sample['task_id'] = 157;
  if (category === 'origination_task_response') {
    sample['task_uid'] = 'datos-personales';
    sample['task_response_id'] = 9871;
    sample['task_response_type'] = 'Origination::UserInputTaskResponse';
  }
  return sample;
}

type ModyoUid = ModyoTrigger[0];

const events = MODYO_TRIGGERS.map((trigger, index): EventSpec<ModyoUid, typeof modyoPayload> => {
  const [uid, context, en, es] = trigger;
  const category = trigger[4];
  return {
    type: uid,
    label: { en, es },
    description: MODYO_DESCRIPTIONS[uid],
    group: MODYO_CONTEXT_LABELS[context],
    important: MODYO_IMPORTANT.has(uid),
    schema: modyoPayload,
    sample: category ? compactSample(uid, category) : logSample(trigger, index),
  };
});

export const modyo = {
  id: 'modyo',
  name: 'Modyo',
  typeName: 'Modyo',
  description: 'Modyo app, space and realm activity-log webhooks. Modyo signs nothing: add a shared token as a custom header.',
  docs: ['../shared/seeds/003_021c589500c8880b.txt', 'https://docs.modyo.com/es/platform/core/webhooks.html'],
  events,
  anyEvent: defineEvent({
    type: '*',
    label: { en: 'Any event', es: 'Cualquier evento' },
    description: 'Any Modyo event, including log types not in the catalog yet.',
    important: false,
    schema: modyoPayload,
    sample: logSample(MODYO_TRIGGERS[31], 31),
  }),
  openEvents: false,
  eventType: [{ body: ['trigger_uid'] }, { bodyJoin: [['e_c'], ['e_a']], separator: '_' }],
  deliveryId: [{ body: ['id'] }],
  occurredAt: [{ body: ['created_at'] }],
  signature: sharedTokenScheme(),
  sendsUnsigned: false,
  serializer: 'json',
  staticHeaders: { 'Content-Type': 'application/json' },
  setup: {
    en: 'In Modyo: Settings → Webhooks (or Realm settings → Webhooks) → New Webhook ("+ Nuevo Webhook" in Spanish) → a name, this URL, the log types, and a header X-Hookline-Token with your token → Save.',
    es: 'En Modyo: Configuración → Webhooks (o Configuración del reino → Webhooks) → "+ Nuevo Webhook" → nombre y esta URL, los tipos de log, y un header X-Hookline-Token con tu token → Guardar.',
  },
} as const satisfies PlatformSpec;
