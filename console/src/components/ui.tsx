import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useI18n } from '../i18n';

/** Loads data on mount and on `reload()`; keeps the last value while reloading. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): { data: T | undefined; error: string | undefined; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (err: unknown) => live && setState((s) => ({ ...s, error: errorText(err), loading: false })),
    );
    return () => {
      live = false;
    };
    // The caller names what the load depends on (deps), as useEffect does.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return `${err.message} (${err.code})`;
  return err instanceof Error ? err.message : String(err);
}

/** A polite live region for outcomes, an assertive one for errors. */
export function Notice({ kind = 'info', children }: { kind?: 'info' | 'error' | 'success'; children: ComponentChildren }) {
  return (
    <p class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="muted" role="status">
      {t('loading')}
    </p>
  );
}

export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useI18n();
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone(true);
      setTimeout(() => setDone(false), 1500);
    } catch {
      setDone(false);
    }
  };
  return (
    <button type="button" class="small" onClick={copy} aria-label={label ? `${t('copy')}: ${label}` : t('copy')}>
      {done ? t('copied') : t('copy')}
    </button>
  );
}

/** A secret shown once, in a read-only field the user can select, with a copy button. */
export function SecretOnce({ secret, label }: { secret: string; label: string }) {
  const { t } = useI18n();
  return (
    <div class="secret-once" role="status">
      <label>
        {label}
        <input class="mono" readOnly value={secret} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} data-secret="" />
      </label>
      <CopyButton text={secret} label={label} />
      <p class="muted">{t('secretShownOnce')}</p>
    </div>
  );
}

/** A confirmation in a native modal dialog: focus moves into it, Escape cancels. */
export function Confirm({
  message,
  onConfirm,
  onCancel,
  confirmLabel,
}: {
  message: string;
  onConfirm: () => void;
  onCancel: () => void;
  confirmLabel?: string;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} class="confirm" aria-labelledby="confirm-message" onCancel={(e) => (e.preventDefault(), onCancel())}>
      <p id="confirm-message">{message}</p>
      <div class="row">
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
        <button type="button" class="primary" onClick={onConfirm}>
          {confirmLabel ?? t('confirm')}
        </button>
      </div>
    </dialog>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const labels: Record<string, string> = {
    active: t('active'),
    disabled: t('disabled'),
    pending: t('pending'),
    delivered: t('delivered'),
    failed: t('failed'),
  };
  return <span class={`badge badge-${status}`}>{labels[status] ?? status}</span>;
}

export function Field({ label, help, children, id }: { label: string; help?: string; children: ComponentChildren; id: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {help && (
        <small id={`${id}-help`} class="muted">
          {help}
        </small>
      )}
    </div>
  );
}

const GRACE_CHOICES = [
  ['graceNone', 0],
  ['grace1h', 3600],
  ['grace24h', 86_400],
  ['grace7d', 604_800],
] as const;

/** How long a rotated secret stays accepted: a select of GRACE_CHOICES, in seconds. */
export function GraceSelect({ id, value, onChange }: { id: string; value: number; onChange: (seconds: number) => void }) {
  const { t } = useI18n();
  return (
    <select id={id} value={value} onChange={(e) => onChange(Number((e.currentTarget as HTMLSelectElement).value))}>
      {GRACE_CHOICES.map(([key, seconds]) => (
        <option key={key} value={seconds}>
          {t(key)}
        </option>
      ))}
    </select>
  );
}

/** A listing's delivery-status filter, a form field named `status`: any, pending, delivered or failed. */
export function DeliveryStatusFilter({ value }: { value: string | undefined }) {
  const { t } = useI18n();
  return (
    <label>
      {t('deliveryStatus')}
      <select name="status" defaultValue={value}>
        <option value="">{t('any')}</option>
        <option value="pending">{t('pending')}</option>
        <option value="delivered">{t('delivered')}</option>
        <option value="failed">{t('failed')}</option>
      </select>
    </label>
  );
}

/** A listing's time range, form fields named `since` and `until` (local date and time). */
export function TimeRangeFilter({ since, until }: { since: string | undefined; until: string | undefined }) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('from')}
        <input name="since" type="datetime-local" defaultValue={since} />
      </label>
      <label>
        {t('to')}
        <input name="until" type="datetime-local" defaultValue={until} />
      </label>
    </>
  );
}

/** A listing's Source filter, a form field named `source`: every source, or one. */
export function SourceFilter({ sources, value }: { sources: readonly { id: string }[] | undefined; value: string | undefined }) {
  const { t } = useI18n();
  return (
    <label>
      {t('source')}
      <select name="source" defaultValue={value}>
        <option value="">{t('allSources')}</option>
        {sources?.map((s) => (
          <option key={s.id} value={s.id}>
            {s.id}
          </option>
        ))}
      </select>
    </label>
  );
}
