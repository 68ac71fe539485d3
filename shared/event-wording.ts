import type { EventSpec, PlatformSpec } from './spec';
import { SENDER_LABELS } from './spec';

/**
 * How an event is named in the automation tools' editors, from its English catalog label: one parse of
 * "Conversation created" / "Automation rule: conversation created" / "New message" / "Login", which the
 * Zapier app and the Make apps turn into their own label styles ("New Conversation", "Watch New
 * Conversations") and the "Triggers when …" sentence both tools ask for. Adding an event means writing
 * its label in the catalog; nothing here lists events.
 */
export interface EventPhrase {
  /** What sends it, when the label says (`Automation rule: …`), lower-case after the first letter. */
  readonly qualifier?: string;
  /** The thing the event is about, as written in the label ("conversation status", "Templates"). */
  readonly subject: string;
  /** The past participle and its complement ("created", "transferred to a human"); absent for "Login". */
  readonly verb?: string;
}

/** Past participles that do not end in -ed. */
const IRREGULAR = new Set([
  'sent',
  'set',
  'reset',
  'done',
  'made',
  'begun',
  'shown',
  'run',
  'paid',
  'sold',
  'read',
  'won',
  'lost',
  'held',
  'built',
  'left',
  'met',
  'put',
  'found',
  'given',
  'taken',
  'hidden',
  'written',
  'chosen',
  'broken',
  'seen',
  'cut',
  'shut',
  'split',
]);
/** Verbs whose "Triggers when" form is intransitive ("a login attempt fails", not "is failed"). */
const INTRANSITIVE: Readonly<Record<string, string>> = { changed: 'changes', failed: 'fails', expired: 'expires', ended: 'ends' };
/** Words title case keeps lower-case unless first or last (Chicago-style short words). */
const SMALL = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'nor',
  'but',
  'of',
  'to',
  'in',
  'on',
  'at',
  'by',
  'for',
  'with',
  'from',
  'as',
  'via',
  'per',
  'into',
]);
const ACRONYMS = new Set(['id', 'url', 'api', 'otp', 'sms', 'csat', 'sla', 'ai']);
/** Trailing words a noun drops ("Conversation typing on" → "Conversation Typing"). */
const PARTICLES = new Set([...SMALL, 'off', 'up', 'out', 'down']);

const isParticiple = (word: string) => /^[a-z]{2,}ed$/.test(word) || IRREGULAR.has(word);

export function eventPhrase(label: string): EventPhrase {
  let text = label.trim().replace(/\.$/, '');
  let qualifier: string | undefined;
  const colon = /^([^:]{2,40}):\s+(.+)$/.exec(text);
  if (colon) {
    qualifier = colon[1]!;
    text = colon[2]!;
  }
  const q = qualifier ? { qualifier } : {};
  const newOf = /^new\s+(.+)$/i.exec(text);
  if (newOf) return { ...q, subject: newOf[1]!, verb: 'created' };
  const words = text.split(/\s+/);
  const at = words.findIndex((w, i) => i > 0 && isParticiple(w.toLowerCase()));
  if (at < 0) return { ...q, subject: text };
  return { ...q, subject: words.slice(0, at).join(' '), verb: words.slice(at).join(' ').toLowerCase() };
}

/** "call transferred to a human" → "Call Transferred to a Human" (first and last words always capitalised). */
export function titleCase(text: string): string {
  const words = text.trim().split(/\s+/);
  return words
    .map((w, i) => {
      const lower = w.toLowerCase();
      if (ACRONYMS.has(lower)) return lower.toUpperCase();
      if (w !== lower && w !== w[0]! + w.slice(1).toLowerCase()) return w; // keeps "iOS", "WhatsApp"
      if (i > 0 && i < words.length - 1 && SMALL.has(lower)) return lower;
      return lower.replace(/[a-z]/, (c) => c.toUpperCase());
    })
    .join(' ');
}

const looksPlural = (word: string) => /[^su]s$/i.test(word);

function pluralWord(word: string): string {
  if (looksPlural(word)) return word;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** "conversation" → "conversations", "reindex of type" → "reindexes of type", "templates" stays. */
export function plural(phrase: string): string {
  const words = phrase.split(/\s+/);
  const of = words.findIndex((w, i) => i > 0 && w.toLowerCase() === 'of');
  const head = of > 0 ? of - 1 : words.length - 1;
  return words.map((w, i) => (i === head ? pluralWord(w) : w)).join(' ');
}

/** "Templates" → "Template": for nouns, which name one item. */
export function singular(phrase: string): string {
  const words = phrase.split(/\s+/);
  const last = words.length - 1;
  const w = words[last]!;
  if (!looksPlural(w)) return phrase;
  words[last] = /[^aeiou]ies$/i.test(w) ? `${w.slice(0, -3)}y` : /(ss|x|z|ch|sh)es$/i.test(w) ? w.slice(0, -2) : w.slice(0, -1);
  return words.join(' ');
}

/** The item an event is about, in at most three words: "Login with code attempt" → "Login Attempt". */
export function nounOf(phrase: EventPhrase): string {
  let words = singular(phrase.subject).split(/\s+/);
  if (words.length > 3) {
    const prep = words.findIndex((w, i) => i > 0 && SMALL.has(w.toLowerCase()));
    if (prep > 0) words = [...words.slice(0, prep), ...words.slice(prep + 2)];
  }
  if (words.length > 1 && PARTICLES.has(words[words.length - 1]!.toLowerCase())) words = words.slice(0, -1);
  return titleCase(words.slice(-3).join(' '));
}

function withArticle(phrase: string): string {
  const lower = phrase[0]!.toLowerCase() + phrase.slice(1);
  if (looksPlural(phrase.split(/\s+/).pop()!)) return lower;
  return /^[aeio]/i.test(lower) || (/^u/i.test(lower) && !/^u(s|ni|ti)/i.test(lower)) ? `an ${lower}` : `a ${lower}`;
}

const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text);
const sentence = (text: string) => {
  const t = text.trim().replace(/`([^`]+)`/g, '"$1"');
  return /[.!?]$/.test(t) ? t : `${t}.`;
};

/** The clause after "Triggers when": "a conversation is created", "an interaction's custom status changes". */
export function whenClause(platform: PlatformSpec, phrase: EventPhrase): string {
  if (!phrase.verb) return `${platform.name} reports ${withArticle(phrase.subject)}`;
  const plural = looksPlural(phrase.subject.split(/\s+/).pop()!);
  const status = /^(.+?)\s+((?:custom\s+)?status)$/i.exec(phrase.subject);
  const intransitive = INTRANSITIVE[phrase.verb];
  if (status && intransitive) return `${withArticle(status[1]!)}'s ${status[2]!.toLowerCase()} ${intransitive}`;
  const subject = withArticle(phrase.subject);
  if (intransitive) return `${subject} ${plural ? intransitive.replace(/s$/, '') : intransitive}`;
  return `${subject} ${plural ? 'are' : 'is'} ${phrase.verb}`;
}

/**
 * Zapier's and Make's description of a trigger: "Triggers when …." then what the catalog adds (its
 * description when it says more than the label, the webhook group, the senders).
 */
export function triggerDescription(platform: PlatformSpec, event: EventSpec): string {
  const phrase = eventPhrase(event.label.en);
  const by = phrase.qualifier ? ` (sent by ${withArticle(phrase.qualifier)})` : '';
  const parts = [`Triggers when ${whenClause(platform, phrase)}${by}.`];
  const restates = event.description.toLowerCase().startsWith(event.label.en.toLowerCase());
  if (!restates) parts.push(sentence(event.description));
  if (event.group) parts.push(`Sent by ${platform.name}'s ${event.group} webhooks.`);
  if (event.senders?.length && !phrase.qualifier)
    parts.push(`Sent by: ${event.senders.map((s) => lowerFirst(SENDER_LABELS[s].en)).join(', ')}.`);
  return parts.join(' ');
}

/** The description of the trigger that takes every event (or the ones the user picks). */
export function anyEventDescription(platform: PlatformSpec): string {
  return platform.openEvents
    ? `Triggers when ${platform.name} sends an event, of any type or of the types you enter.`
    : `Triggers when ${platform.name} sends one of the events you pick, or any event if you pick none.`;
}
