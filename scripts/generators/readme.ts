/** The catalog tables in README.md between the GENERATED markers, from the catalog. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeLocator, getPlatform, PLATFORM_IDS, SENDER_LABELS, type EventSpec } from '../../shared';
import type { Generator } from './types';

const START = '<!-- GENERATED:catalog (npm run generate; do not edit by hand) -->';
const END = '<!-- /GENERATED:catalog -->';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
const sentBy = (e: EventSpec) => (e.senders ?? []).map((s) => SENDER_LABELS[s].en).join(', ');

export function catalogMarkdown(): string {
  const lines: string[] = [];
  lines.push('| Platform | Events | Event type | Delivery id | Event time | Signature |', '|---|---|---|---|---|---|');
  for (const id of PLATFORM_IDS) {
    const p = getPlatform(id);
    const count = p.openEvents ? 'any' : String(p.events.length);
    const ids = p.deliveryId.length
      ? `${p.deliveryId.map(describeLocator).join(', ')}, else SHA-256 of the body`
      : 'SHA-256 of the raw body';
    const times = `${p.occurredAt.map(describeLocator).join(', ')}, else receipt time`;
    const optional = p.sendsUnsigned
      ? ' (optional: Chatwoot signs account webhooks from 4.12, agent bots and API channel inboxes from 4.13, automation rules and macros never)'
      : '';
    lines.push(
      `| ${p.name} (\`${id}\`) | ${count} | ${p.eventType.map(describeLocator).join(', then ')} | ${ids} | ${times} | ${cell(p.signature.summary)}${optional} |`,
    );
  }
  for (const id of PLATFORM_IDS) {
    const p = getPlatform(id);
    if (p.openEvents) continue;
    lines.push('', `<details><summary><b>${p.name}</b>: ${p.events.length} events</summary>`, '');
    const grouped = p.events.some((e) => e.group);
    const senders = p.events.some((e) => e.senders);
    lines.push(
      `| Event | English | Español |${grouped ? ' Context |' : ''}${senders ? ' Sent by |' : ''}`,
      `|---|---|---|${grouped ? '---|' : ''}${senders ? '---|' : ''}`,
    );
    for (const e of p.events) {
      lines.push(
        `| \`${e.type}\` | ${cell(e.label.en)} | ${cell(e.label.es)} |${grouped ? ` ${e.group} |` : ''}${senders ? ` ${sentBy(e)} |` : ''}`,
      );
    }
    lines.push('', '</details>');
  }
  return lines.join('\n');
}

export function renderReadme(current: string): string {
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error('README.md has no GENERATED:catalog markers');
  return `${current.slice(0, start + START.length)}\n${catalogMarkdown()}\n${current.slice(end)}`;
}

export const readmeGenerator: Generator = {
  name: 'README catalog tables',
  files: (root) => new Map([['README.md', renderReadme(readFileSync(join(root, 'README.md'), 'utf8'))]]),
};
