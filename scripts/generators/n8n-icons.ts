/**
 * The n8n node icons: one drawing per platform (our own, no platform logos), each in a light and a dark
 * variant (n8n's `{ light, dark }` icons; the dark one is drawn for n8n's dark canvas). A platform added to
 * the catalog without a drawing here gets a generated badge with its initials, in a hue of its own.
 */
import { getPlatform, type PlatformId } from '../../shared';

export type Theme = 'light' | 'dark';

interface Palette {
  readonly main: string;
  readonly soft: string;
  readonly ink: string;
  readonly paper: string;
}

const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">${body}</svg>\n`;

/** Iris: an eye, for interaction events seen as they happen. */
function iris(p: Palette): string {
  const rays = Array.from({ length: 10 }, (_, i) => {
    const a = (i * Math.PI) / 5;
    const [x1, y1, x2, y2] = [32 + 7.5 * Math.cos(a), 32 + 7.5 * Math.sin(a), 32 + 11 * Math.cos(a), 32 + 11 * Math.sin(a)].map((n) =>
      n.toFixed(2),
    );
    return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${p.soft}" stroke-width="1.6" stroke-linecap="round"/>`;
  }).join('');
  return svg(
    `<path d="M4 32C13 18 23 11 32 11s19 7 28 21c-9 14-19 21-28 21S13 46 4 32Z" fill="${p.paper}" stroke="${p.ink}" stroke-width="4" stroke-linejoin="round"/>` +
      `<circle cx="32" cy="32" r="14" fill="${p.main}"/>${rays}<circle cx="32" cy="32" r="5.5" fill="#0f0a1f"/><circle cx="36.5" cy="27" r="2.6" fill="#ffffff"/>`,
  );
}

/** InboundFlow: a call coming in, as a voice waveform an arrow flows into. */
function inboundflow(p: Palette): string {
  const bars = [
    [30, 22, 20],
    [37, 14, 36],
    [44, 8, 48],
    [51, 16, 32],
    [58, 24, 16],
  ]
    .map(([x, y, h]) => `<rect x="${x! - 2.5}" y="${y}" width="5" height="${h}" rx="2.5" fill="${p.main}"/>`)
    .join('');
  return svg(
    `${bars}<path d="M4 32h15" stroke="${p.ink}" stroke-width="5" stroke-linecap="round"/><path d="M13 22l10 10-10 10" fill="none" stroke="${p.ink}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>`,
  );
}

/** Intertel Conversa: two speech bubbles in a conversation. */
function conversa(p: Palette): string {
  return svg(
    `<path d="M26 8h26a8 8 0 0 1 8 8v16a8 8 0 0 1-8 8h-2v8l-9-8H26a8 8 0 0 1-8-8V16a8 8 0 0 1 8-8Z" fill="${p.soft}"/>` +
      `<path d="M12 22h26a8 8 0 0 1 8 8v14a8 8 0 0 1-8 8H23l-10 9v-9h-1a8 8 0 0 1-8-8V30a8 8 0 0 1 8-8Z" fill="${p.main}" stroke="${p.paper}" stroke-width="2.5" stroke-linejoin="round"/>` +
      `<circle cx="16" cy="37" r="3" fill="${p.paper}"/><circle cx="25" cy="37" r="3" fill="${p.paper}"/><circle cx="34" cy="37" r="3" fill="${p.paper}"/>`,
  );
}

/** Modyo: stacked layers, for the apps, spaces and realms its events come from. */
function modyo(p: Palette): string {
  const layer = (y: number, fill: string, stroke: string) =>
    `<path d="M32 ${y}l26 12-26 12L6 ${y + 12}Z" fill="${fill}" stroke="${stroke}" stroke-width="3" stroke-linejoin="round"/>`;
  return svg(layer(32, p.paper, p.soft) + layer(22, p.soft, p.main) + layer(10, p.main, p.main));
}

/** Horneross: a hornero, the ovenbird, perched under a chat bubble. */
function horneross(p: Palette): string {
  return svg(
    `<path d="M40 4h16a6 6 0 0 1 6 6v8a6 6 0 0 1-6 6h-6l-6 5v-5h-4a6 6 0 0 1-6-6v-8a6 6 0 0 1 6-6Z" fill="${p.soft}"/>` +
      `<path d="M9 46c0-13 9-22 21-22 6 0 10-4 15-4 3 0 5 2 5 5 0 4-3 6-3 10 0 10-8 19-21 19H16L6 58l4-8c-1-1-1-2-1-4Z" fill="${p.main}"/>` +
      `<path d="M50 25l9 3-9 2Z" fill="${p.ink}"/><circle cx="44" cy="26" r="2.4" fill="${p.paper}"/><circle cx="44.5" cy="26" r="1.1" fill="${p.ink}"/>` +
      `<path d="M17 38c7-5 17-4 22 3-7 5-17 4-22-3Z" fill="${p.soft}"/>`,
  );
}

/** Standard Webhooks: a shield with a check, for "any sender that signs by the standard". */
function standard(p: Palette): string {
  return svg(
    `<path d="M32 4l22 8v16c0 15-9 26-22 32C19 54 10 43 10 28V12Z" fill="${p.main}" stroke="${p.ink}" stroke-width="3" stroke-linejoin="round"/>` +
      `<path d="M21 32l8 8 15-16" fill="none" stroke="${p.paper}" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>`,
  );
}

/** Hookline: a hook on a line. */
function hookline(p: Palette): string {
  return svg(
    `<path d="M32 2v8" stroke="${p.soft}" stroke-width="3" stroke-linecap="round" stroke-dasharray="0.1 5"/>` +
      `<circle cx="32" cy="15" r="5" fill="none" stroke="${p.ink}" stroke-width="4"/>` +
      `<path d="M32 20v22a10 10 0 0 1-20 0v-6" fill="none" stroke="${p.ink}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>` +
      `<path d="M12 30l-5 9h10Z" fill="${p.ink}" stroke="${p.ink}" stroke-width="2" stroke-linejoin="round"/>` +
      `<circle cx="46" cy="46" r="10" fill="${p.main}"/><path d="M41 46l4 4 7-8" fill="none" stroke="${p.paper}" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/>`,
  );
}

type Drawing = (p: Palette) => string;

/** Per drawing: its light palette, then its dark one (lighter tones that hold up on n8n's dark canvas). */
const DRAWINGS: Record<string, { draw: Drawing; light: Palette; dark: Palette }> = {
  iris: {
    draw: iris,
    light: { main: '#6d28d9', soft: '#ddd6fe', ink: '#1e1b4b', paper: '#ffffff' },
    dark: { main: '#a78bfa', soft: '#4c1d95', ink: '#ede9fe', paper: '#1f2937' },
  },
  inboundflow: {
    draw: inboundflow,
    light: { main: '#0d9488', soft: '#99f6e4', ink: '#134e4a', paper: '#ffffff' },
    dark: { main: '#2dd4bf', soft: '#115e59', ink: '#ccfbf1', paper: '#1f2937' },
  },
  conversa: {
    draw: conversa,
    light: { main: '#1f6feb', soft: '#9ec5fe', ink: '#0b2545', paper: '#ffffff' },
    dark: { main: '#60a5fa', soft: '#1e3a8a', ink: '#dbeafe', paper: '#111827' },
  },
  modyo: {
    draw: modyo,
    light: { main: '#ea580c', soft: '#fdba74', ink: '#431407', paper: '#fff7ed' },
    dark: { main: '#fb923c', soft: '#c2410c', ink: '#ffedd5', paper: '#431407' },
  },
  horneross: {
    draw: horneross,
    light: { main: '#a16207', soft: '#fde68a', ink: '#422006', paper: '#ffffff' },
    dark: { main: '#facc15', soft: '#854d0e', ink: '#1c1917', paper: '#fefce8' },
  },
  standard: {
    draw: standard,
    light: { main: '#15803d', soft: '#bbf7d0', ink: '#14532d', paper: '#ffffff' },
    dark: { main: '#4ade80', soft: '#166534', ink: '#dcfce7', paper: '#052e16' },
  },
  hookline: {
    draw: hookline,
    light: { main: '#2563eb', soft: '#94a3b8', ink: '#111827', paper: '#ffffff' },
    dark: { main: '#60a5fa', soft: '#64748b', ink: '#f3f4f6', paper: '#111827' },
  },
};

/** A badge with the platform's initials, for platforms nobody has drawn yet; the hue comes from the id. */
function badge(platform: string, theme: Theme): string {
  const hue = [...platform].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  const initials = getPlatform(platform as PlatformId)
    .name.split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const [fill, text] = theme === 'light' ? [`hsl(${hue} 65% 42%)`, '#ffffff'] : [`hsl(${hue} 70% 68%)`, '#111827'];
  return svg(
    `<path d="M32 3l25 14.5v29L32 61 7 46.5v-29Z" fill="${fill}"/><text x="32" y="40" font-family="Arial, Helvetica, sans-serif" font-size="20" font-weight="700" fill="${text}" text-anchor="middle">${initials}</text>`,
  );
}

/** The SVG of a platform's (or the Hookline node's) icon in a theme. */
export function iconSvg(id: PlatformId | 'hookline', theme: Theme): string {
  const drawing = DRAWINGS[id];
  return drawing ? drawing.draw(drawing[theme]) : badge(id, theme);
}

export const hasDrawnIcon = (id: string) => id in DRAWINGS;
