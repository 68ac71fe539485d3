import { readFileSync } from 'node:fs';
import { ANY_EVENT, eventSpecOf, getPlatform, isPlatformId, type EventSpec, type PlatformId } from '../shared';

export class UsageError extends Error {}

export function platformArg(value: string): PlatformId {
  if (!isPlatformId(value)) throw new UsageError(`Unknown platform "${value}". Run "hookline events" for the list.`);
  return value;
}

export function eventArg(platform: PlatformId, type: string): EventSpec {
  const event = eventSpecOf(platform, type === 'any' ? ANY_EVENT : type);
  if (!event)
    throw new UsageError(`Unknown ${getPlatform(platform).name} event "${type}". Run "hookline events ${platform}" for the list.`);
  return event;
}

/** Reads headers from a JSON object file or from "Name: value" lines (as curl -D writes them). */
export function readHeadersFile(path: string): Record<string, string> {
  const text = readFileSync(path, 'utf8');
  try {
    const json = JSON.parse(text) as unknown;
    if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, string>;
  } catch {
    // not JSON: header lines
  }
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('HTTP/')) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

export function collect(value: string, previous: string[] = []): string[] {
  return previous.concat(value);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
