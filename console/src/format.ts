import type { Lang } from './i18n';

const formats = new Map<string, Intl.DateTimeFormat>();

export function formatTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const key = lang;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(lang === 'es' ? 'es' : 'en', { dateStyle: 'short', timeStyle: 'medium' })));
  return f.format(new Date(iso));
}

export const formatMs = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** A `datetime-local` input's value as ISO 8601 (UTC); undefined when empty or unreadable. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The start of today in the browser's time zone. */
export function localMidnight(now = new Date()): string {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}
