import { findEvent, getPlatform, type PlatformId } from './catalog';
import type { EventSpec } from './spec';

/**
 * The event selection that matches every event of a platform: n8n's "All Events", the Zapier and Make
 * "any event" triggers, a relay hook subscribed to everything.
 */
export const ANY_EVENT = '*';

/** What a list of selected event types means once resolved. */
export interface EventSelection {
  /** Every event matches (the list was empty or held ANY_EVENT). */
  readonly all: boolean;
  /** The exact types selected, without duplicates, in the order given. */
  readonly types: readonly string[];
  /** Types with a `*` wildcard (open platforms, e.g. `invoice.*`). */
  readonly patterns: readonly RegExp[];
}

const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** Resolves a selection: empty or ANY_EVENT = all; `*` inside a type matches any characters. */
export function eventSelection(selected: readonly string[] | undefined): EventSelection {
  const list = (selected ?? []).map((s) => s.trim()).filter(Boolean);
  if (list.length === 0 || list.includes(ANY_EVENT)) return { all: true, types: [], patterns: [] };
  const types = [...new Set(list.filter((s) => !s.includes('*')))];
  const patterns = [...new Set(list.filter((s) => s.includes('*')))].map((p) => new RegExp(`^${p.split('*').map(escape).join('.*')}$`));
  return { all: false, types, patterns };
}

export function selects(selection: EventSelection, type: string): boolean {
  return selection.all || selection.types.includes(type) || selection.patterns.some((p) => p.test(type));
}

/** The selection as the relay stores it: [] for every event, else the distinct types and patterns. */
export function storedSelection(selected: readonly string[] | undefined): string[] {
  const list = (selected ?? []).map((s) => s.trim()).filter(Boolean);
  return list.length === 0 || list.includes(ANY_EVENT) ? [] : [...new Set(list)];
}

/** The catalog entry of a type, or the platform's any-event entry for ANY_EVENT; undefined when unknown. */
export function eventSpecOf(platform: PlatformId, type: string): EventSpec | undefined {
  return type === ANY_EVENT ? getPlatform(platform).anyEvent : findEvent(platform, type);
}
