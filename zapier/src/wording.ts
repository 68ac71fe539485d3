import { eventPhrase, nounOf, titleCase, triggerDescription, anyEventDescription, type EventSpec, type PlatformSpec } from '../../shared';

/**
 * Zapier's conventions for a trigger (its integration checks and style guide): a Title Case label that
 * names the item without the app's name ("New Conversation", "Updated Message", "Call Transferred to a
 * Human"), a noun of at most three words that completes "triggers on a new …", and a description that
 * starts with "Triggers when" and is written in full sentences.
 */
export function triggerWording(platform: PlatformSpec, event: EventSpec): { label: string; noun: string; description: string } {
  const phrase = eventPhrase(event.label.en);
  const subject = titleCase(phrase.subject);
  const base =
    phrase.verb === 'created' || phrase.verb === undefined
      ? `New ${subject}`
      : phrase.verb === 'updated'
        ? `Updated ${subject}`
        : `${subject} ${titleCase(phrase.verb)}`;
  const label = phrase.qualifier ? `${base} (${titleCase(phrase.qualifier)})` : base;
  return { label, noun: nounOf(phrase), description: clip(triggerDescription(platform, event), 1000) };
}

export function newEventWording(platform: PlatformSpec): { label: string; noun: string; description: string } {
  return { label: 'New Event', noun: 'Event', description: anyEventDescription(platform) };
}

/** Zapier's limits are hard: cut at the last sentence that fits. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const end = cut.lastIndexOf('. ');
  return end > 0 ? cut.slice(0, end + 1) : `${cut.slice(0, max - 1)}…`;
}
