import { eventPhrase, plural, titleCase, type EventSpec } from '../shared';

/** Make's groups: how the module list is split in the scenario editor, for apps with many modules. */
export interface MakeGroup {
  readonly label: string;
  readonly modules: readonly string[];
}

/** Make asks for groups once an app has more than this many modules. */
export const GROUPS_FROM = 10;

/** Words that qualify an item rather than name it ("Conversation status" is about conversations). */
const QUALIFIERS = /\s+(custom\s+)?(status|typing(\s+(on|off))?)$/i;

/** The group of an event: the catalog's own group (Modyo's App, Space, Realm), else its sender or its item. */
export function groupOf(event: EventSpec): string {
  if (event.group) return titleCase(event.group);
  const phrase = eventPhrase(event.label.en);
  if (phrase.qualifier) return titleCase(plural(phrase.qualifier));
  return titleCase(plural(phrase.subject.replace(QUALIFIERS, '')));
}

/**
 * "All Events" (the Watch Events module) first, then the event groups in catalog order, then "Other"
 * (the universal module); `null` when the app is small enough to need none.
 */
export function moduleGroups(
  watchAll: string,
  events: readonly { event: EventSpec; module: string }[],
  other: readonly string[],
): MakeGroup[] | null {
  if (1 + events.length + other.length <= GROUPS_FROM) return null;
  const byGroup = new Map<string, string[]>();
  for (const { event, module } of events) {
    const label = groupOf(event);
    byGroup.set(label, [...(byGroup.get(label) ?? []), module]);
  }
  return [
    { label: 'All Events', modules: [watchAll] },
    ...[...byGroup].map(([label, modules]) => ({ label, modules })),
    { label: 'Other', modules: other },
  ];
}
