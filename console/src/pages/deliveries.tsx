import { useState } from 'preact/hooks';
import { useApp, useChanges } from '../app-context';
import {
  Confirm,
  DeliveryStatusFilter,
  errorText,
  Loading,
  Notice,
  SourceFilter,
  StatusBadge,
  TimeRangeFilter,
  useLoad,
} from '../components/ui';
import { formatTime, localToIso } from '../format';
import { useI18n } from '../i18n';
import { href } from '../router';

interface Filters {
  status: string;
  hook: string;
  source: string;
  since: string;
  until: string;
}

/** Recovery: failed (or any) deliveries, a retry per delivery, and a bulk retry of a hook or a time range. */
export function Deliveries() {
  const { api } = useApp();
  const { t, lang } = useI18n();
  const [filters, setFilters] = useState<Filters>({ status: 'failed', hook: '', source: '', since: '', until: '' });
  const hooks = useLoad(() => api.hooks(), []);
  const sources = useLoad(() => api.sources(), []);
  const list = useLoad(
    () => api.deliveries({ ...filters, since: localToIso(filters.since), until: localToIso(filters.until), limit: 100 }),
    [JSON.stringify(filters)],
  );
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string }>();
  const [plan, setPlan] = useState<{ matched: number; skipped: number }>();
  useChanges((c) => c.kind === 'attempt', list.reload, 1000);

  const bulkBody = () => ({
    ...(filters.hook ? { hook: filters.hook } : {}),
    ...(filters.source ? { source: filters.source } : {}),
    ...(localToIso(filters.since) ? { since: localToIso(filters.since) } : {}),
    ...(localToIso(filters.until) ? { until: localToIso(filters.until) } : {}),
  });
  const count = async () => {
    setMessage(undefined);
    if (!filters.hook && !filters.since) return setMessage({ kind: 'error', text: t('needHookOrRange') });
    try {
      const r = await api.retryDeliveries({ ...bulkBody(), dryRun: true });
      if (r.matched === 0) setMessage({ kind: 'success', text: t('nothingToRetry') });
      else setPlan(r);
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  };
  const bulk = async () => {
    setPlan(undefined);
    try {
      const r = await api.retryDeliveries(bulkBody());
      setMessage({ kind: 'success', text: t('bulkDone', r.retried) });
      list.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  };
  const retry = async (id: string) => {
    try {
      await api.retryDelivery(id);
      setMessage({ kind: 'success', text: t('retryQueued') });
      list.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  };
  const apply = (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    setFilters(
      Object.fromEntries(['status', 'hook', 'source', 'since', 'until'].map((k) => [k, String(data.get(k) ?? '')])) as unknown as Filters,
    );
  };

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('recoveryTitle')}</h1>
      <form class="card filters" onSubmit={apply} method="post" aria-label={t('filters')}>
        <DeliveryStatusFilter value={filters.status} />
        <label>
          {t('hook')}
          <select name="hook" defaultValue={filters.hook}>
            <option value="">{t('anyHook')}</option>
            {hooks.data?.map((h) => (
              <option key={h.id} value={h.id}>
                {h.url}
              </option>
            ))}
          </select>
        </label>
        <SourceFilter sources={sources.data} value={filters.source} />
        <TimeRangeFilter since={filters.since} until={filters.until} />
        <div class="row">
          <button type="submit" class="primary">
            {t('apply')}
          </button>
        </div>
      </form>
      <div class="card">
        <h2>{t('bulkTitle')}</h2>
        <p class="muted">{t('bulkHelp')}</p>
        <button type="button" onClick={count}>
          {t('countThem')}
        </button>
      </div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {list.error && <Notice kind="error">{list.error}</Notice>}
      {!list.data ? (
        <Loading />
      ) : list.data.deliveries.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('event')}</th>
                <th scope="col">{t('hook')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('attempts')}</th>
                <th scope="col">{t('response')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.deliveries.map((d) => (
                <tr key={d.id} data-delivery={d.id}>
                  <th scope="row">
                    <a href={href('events', d.eventId)}>{d.event.type}</a>
                    <div class="muted small-text">
                      {d.event.source} · {formatTime(d.event.receivedAt, lang)}
                    </div>
                  </th>
                  <td>
                    <code class="break">{d.hookUrl ?? d.hookId}</code>
                  </td>
                  <td>
                    <StatusBadge status={d.status} />
                    {d.nextAttemptAt && <div class="muted small-text">{`${t('nextRetry')}: ${formatTime(d.nextAttemptAt, lang)}`}</div>}
                  </td>
                  <td>{d.attempts}</td>
                  <td class="mono small-text">{d.lastStatus ?? d.lastError ?? ''}</td>
                  <td>
                    <button type="button" class="small" onClick={() => retry(d.id)}>
                      {t('retry')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {plan && (
        <Confirm
          message={t('confirmBulk', plan.matched - plan.skipped, plan.skipped)}
          confirmLabel={t('retry')}
          onConfirm={bulk}
          onCancel={() => setPlan(undefined)}
        />
      )}
    </section>
  );
}
