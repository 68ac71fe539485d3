import { useState } from 'preact/hooks';
import { useI18n } from '../i18n';

/**
 * A payload as collapsible, pretty JSON. Every value is rendered as text (Preact text nodes), never as
 * HTML: a payload holding <script> or <img onerror> shows those characters and runs nothing.
 */
export function JsonTree({ value, label }: { value: unknown; label: string }) {
  const { t } = useI18n();
  // Changing the key remounts the tree with every node open or closed.
  const [mode, setMode] = useState<{ open: boolean | undefined; key: number }>({ open: undefined, key: 0 });
  return (
    <div class="json">
      <div class="row">
        <button type="button" class="small" onClick={() => setMode((m) => ({ open: true, key: m.key + 1 }))}>
          {t('expandAll')}
        </button>
        <button type="button" class="small" onClick={() => setMode((m) => ({ open: false, key: m.key + 1 }))}>
          {t('collapseAll')}
        </button>
      </div>
      <div class="json-tree mono" role="region" aria-label={label} key={mode.key}>
        <Node value={value} depth={0} forced={mode.open} />
      </div>
    </div>
  );
}

function Node({ name, value, depth, forced }: { name?: string; value: unknown; depth: number; forced: boolean | undefined }) {
  const key = name === undefined ? null : <span class="json-key">{JSON.stringify(name)}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div class="json-leaf">
        {key}
        <span class={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value) ?? String(value)}</span>
      </div>
    );
  }
  const entries: [string | undefined, unknown][] = Array.isArray(value) ? value.map((v) => [undefined, v]) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return (
      <div class="json-leaf">
        {key}
        {open}
        {close}
      </div>
    );
  }
  return (
    <details open={forced ?? depth < 2}>
      <summary>
        {key}
        {open}
        <span class="muted"> {entries.length} </span>
      </summary>
      <div class="json-children">
        {entries.map(([k, v], i) => (
          <Node key={k ?? i} name={k} value={v} depth={depth + 1} forced={forced} />
        ))}
      </div>
      <div>{close}</div>
    </details>
  );
}
