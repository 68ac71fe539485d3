import { words } from '../shared';

/** Make's naming rules (vscode-apps-sdk validate-id.ts / Validator.js). */
export const APP_NAME_RE = /^[a-z][0-9a-z-]+[0-9a-z]$/;
export const COMPONENT_NAME_RE = /^[a-zA-Z][0-9a-zA-Z]{2,63}$/;

export function pascal(text: string): string {
  return words(text)
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join('');
}

export function camel(text: string): string {
  const p = pascal(text);
  return p ? p[0]!.toLowerCase() + p.slice(1) : p;
}

export function kebab(text: string): string {
  return words(text)
    .map((w) => w.toLowerCase())
    .join('-');
}

export function appName(platform: string): string {
  const name = `hookline-${kebab(platform)}`;
  if (!APP_NAME_RE.test(name) || name.length > 30) throw new Error(`Cannot derive a valid Make app name from "${platform}"`);
  return name;
}

/** A Make module/webhook name; over-long names keep a stable hash-free prefix trimmed to 64 characters. */
export function componentName(...parts: string[]): string {
  const name = camel(parts.join(' ')).slice(0, 64);
  if (!COMPONENT_NAME_RE.test(name)) throw new Error(`Cannot derive a valid Make component name from "${parts.join(' ')}"`);
  return name;
}
