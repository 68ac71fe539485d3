import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { ANY_EVENT, getPlatform, type EventSpec, type PlatformId } from '../../shared';
import { eventsSentBy, sendersOf } from './senders';
import { n8nTitleCase as titleCase } from './title-case';

/**
 * The trigger's event pickers, from the catalog. "All Events" is a switch of its own, so it cannot be
 * picked together with a specific event; the list appears when it is off. n8n's multiOptions has no
 * option groups, so grouped catalogs (Modyo's App / Space / Realm admin / Realm contexts) get what n8n's
 * own Webex and Bitbucket triggers do: a parameter choosing the group, then that group's events,
 * alphabetical; "All Contexts" lists every event named "<Group>: <Event>", so the chips still say where
 * each comes from. Catalogs with several senders (Chatwoot) get one list per sender, chosen by the
 * trigger's Sender parameter.
 */

export const GROUP_PARAMETER = 'group';
export const ALL_EVENTS_PARAMETER = 'allEvents';
export const ALL_GROUPS = 'all';

/** The name n8n shows for an event: the catalog's English label in Title Case. */
export const eventName = (e: EventSpec) => titleCase(e.label.en);

export const groupValue = (group: string) =>
  group
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name, 'en');

function option(e: EventSpec, prefix = ''): INodePropertyOptions {
  return { name: `${prefix}${eventName(e)}`, value: e.type, description: e.description };
}

function allEventsProperty(description: string, show?: Record<string, string[]>): INodeProperties {
  return {
    displayName: 'All Events',
    name: ALL_EVENTS_PARAMETER,
    type: 'boolean',
    default: true,
    description: `Whether to start the workflow on ${description}; turn off to pick events`,
    ...(show ? { displayOptions: { show } } : {}),
  };
}

function eventsProperty(options: INodePropertyOptions[], show: Record<string, Array<string | boolean>> = {}): INodeProperties {
  return {
    displayName: 'Events',
    name: 'events',
    type: 'multiOptions',
    options,
    default: [],
    required: true,
    description: 'Deliveries of other events are answered 200 and start nothing',
    displayOptions: { show: { ...show, [ALL_EVENTS_PARAMETER]: [false] } },
  };
}

/** The groups of a platform's events, in catalog order; empty when its events are not grouped. */
export function groupsOf(platform: PlatformId): string[] {
  return [...new Set(getPlatform(platform).events.flatMap((e) => (e.group ? [e.group] : [])))];
}

/** The event types a scope (a group or a sender) stands for when "All Events" is picked; undefined = every event. */
export function scopeTypes(platform: PlatformId, scope: { group?: string; sender?: string }): readonly string[] | undefined {
  const spec = getPlatform(platform);
  if (scope.sender && sendersOf(platform).length) return eventsSentBy(platform, scope.sender as never).map((e) => e.type);
  if (scope.group && scope.group !== ALL_GROUPS && groupsOf(platform).length)
    return spec.events.filter((e) => e.group && groupValue(e.group) === scope.group).map((e) => e.type);
  return undefined;
}

/** The event-picking parameters of a platform's trigger (the group parameter, then the events lists). */
export function eventPickerProperties(platform: PlatformId): INodeProperties[] {
  const spec = getPlatform(platform);
  if (spec.openEvents) {
    return [
      {
        displayName: 'Event Types',
        name: 'events',
        type: 'string',
        default: ANY_EVENT,
        required: true,
        placeholder: 'invoice.paid, invoice.*',
        description:
          'The event types to start the workflow on, separated by commas. A * matches any characters (invoice.* is every invoice event); * alone is every event.',
      },
    ];
  }

  const senders = sendersOf(platform);
  if (senders.length) {
    return [
      allEventsProperty(`every event of the chosen sender`),
      ...senders.map((s) =>
        eventsProperty(
          eventsSentBy(platform, s.sender)
            .map((e) => option(e))
            .sort(byName),
          { sender: [s.sender] },
        ),
      ),
    ];
  }

  const groups = groupsOf(platform);
  if (groups.length) {
    const groupProperty: INodeProperties = {
      displayName: 'Context',
      name: GROUP_PARAMETER,
      type: 'options',
      noDataExpression: true,
      options: [
        { name: 'All Contexts', value: ALL_GROUPS, description: `Events from every ${spec.name} webhook` },
        ...groups.map((g) => ({ name: titleCase(g), value: groupValue(g), description: `The events a ${spec.name} ${g} webhook sends` })),
      ],
      default: ALL_GROUPS,
      description: `Each part of ${spec.name} has its own webhook settings and its own events`,
    };
    const inGroup = (g: string) => spec.events.filter((e) => e.group === g);
    const everything = groups.flatMap((g) =>
      inGroup(g)
        .map((e) => option(e, `${titleCase(g)}: `))
        .sort(byName),
    );
    return [
      groupProperty,
      allEventsProperty(`every event of the chosen context`),
      eventsProperty(everything, { [GROUP_PARAMETER]: [ALL_GROUPS] }),
      ...groups.map((g) =>
        eventsProperty(
          inGroup(g)
            .map((e) => option(e))
            .sort(byName),
          { [GROUP_PARAMETER]: [groupValue(g)] },
        ),
      ),
    ];
  }

  return [allEventsProperty(`every ${spec.name} event`), eventsProperty(spec.events.map((e) => option(e)).sort(byName))];
}

/** Display names of a platform's events by type, for subtitles. */
export function eventNames(platform: PlatformId): Record<string, string> {
  return Object.fromEntries(getPlatform(platform).events.map((e) => [e.type, eventName(e)]));
}

export interface PickerValues {
  readonly allEvents?: unknown;
  readonly events?: unknown;
  readonly group?: unknown;
  readonly sender?: unknown;
}

const listOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[\s,]+/) : []).map((s) => s.trim()).filter(Boolean);

/**
 * The event types (and `*` patterns) a trigger listens to, [] meaning every event. With "All Events" on,
 * the group's or sender's events ("*" in a list, as workflows saved before the switch had it, means the
 * same); with it off, the picked list. Open platforms take the typed list, where "*" alone is everything.
 */
export function selectedEvents(platform: PlatformId, values: PickerValues): string[] {
  const picked = listOf(values.events);
  if (getPlatform(platform).openEvents) return picked.includes(ANY_EVENT) ? [] : picked;
  return values.allEvents === false && picked.length && !picked.includes(ANY_EVENT) ? picked : scoped(platform, values);
}

function scoped(platform: PlatformId, values: PickerValues): string[] {
  const group = typeof values.group === 'string' ? values.group : undefined;
  const sender = typeof values.sender === 'string' ? values.sender : undefined;
  return [...(scopeTypes(platform, { group, sender }) ?? [])];
}
