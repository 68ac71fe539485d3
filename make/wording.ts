import { anyEventDescription, eventPhrase, plural, titleCase, triggerDescription, type EventSpec, type PlatformSpec } from '../shared';

/**
 * Make's conventions for instant triggers (its "Names, labels & descriptions" best practices): a Title
 * Case label "Watch" + the items in the plural, no app name ("Watch New Conversations", "Watch Updated
 * Messages", "Watch Published Pages", "Watch Calls Transferred to a Human"), and a description that
 * starts with "Triggers when".
 */
export function watchLabel(event: EventSpec): string {
  const phrase = eventPhrase(event.label.en);
  const items = titleCase(plural(phrase.subject));
  const verb = phrase.verb;
  let label: string;
  if (verb === undefined) label = `Watch ${titleCase(phrase.subject)} Events`;
  else if (verb === 'created') label = `Watch New ${items}`;
  else if (verb === 'changed' && /status$/i.test(phrase.subject)) label = `Watch ${titleCase(phrase.subject)} Changes`;
  else if (!verb.includes(' ')) label = `Watch ${titleCase(verb)} ${items}`;
  else label = `Watch ${items} ${titleCase(verb)}`;
  return phrase.qualifier ? `${label} (${titleCase(phrase.qualifier)})` : label;
}

export const WATCH_EVENTS_LABEL = 'Watch Events';

export function watchDescription(platform: PlatformSpec, event: EventSpec): string {
  return triggerDescription(platform, event);
}

export function watchEventsDescription(platform: PlatformSpec): string {
  return anyEventDescription(platform);
}

export const UNIVERSAL_LABEL = 'Make an API Call';
export const UNIVERSAL_DESCRIPTION = 'Performs an arbitrary authorized API call to your Hookline relay.';
