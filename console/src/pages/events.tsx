import { useState } from 'preact/hooks';
import type { EventSummaries, RelayEvent } from '../../../shared';
import { platformOf, useApp, useChanges } from '../app-context';
import { DeliveryStatusFilter, errorText, Loading, Notice, SourceFilter, TimeRangeFilter, useLoad } from '../components/ui';
import { formatTime, localToIso } from '../format';
import { useI18n } from '../i18n';
import { href } from '../router';

interface Filters {
  platform: string;
  source: string;
  type: string;
  status: string;
  since: string;
  until: string;
  q: string;
}

const EMPTY: Filters = { platform: '', source: '', type: '', status: '', since: '', until: '', q: '' };
const PAGE = 50;

export function Events() {
  const { api, catalog } = useApp();
  const { t, lang } = useI18n();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [older, setOlder] = useState<{ events: RelayEvent[]; deliveries: EventSummaries; next: string | null }>();
  const [error, setError] = useState<string>();
  const sources = useLoad(() => api.sources(), []);
  const query = { ...filters, since: localToIso(filters.since), until: localToIso(filters.until), limit: PAGE };
  const page = useLoad(() => api.events(query), [JSON.stringify(filters)]);
  // New events and attempts change the first page: reload it (older pages stay as they are).
  useChanges((c) => c.kind === 'event' || c.kind === 'attempt', page.reload);

  const apply = (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    setOlder(undefined);
    setFilters(Object.fromEntries(Object.keys(EMPTY).map((k) => [k, String(data.get(k) ?? '').trim()])) as unknown as Filters);
  };
  const loadOlder = async () => {
    const before = older?.next ?? page.data?.next;
    if (!before) return;
    try {
      const more = await api.events({ ...query, before });
      setOlder((o) => ({
        events: [...(o?.events ?? []), ...more.events],
        deliveries: { ...o?.deliveries, ...more.deliveries },
        next: more.next ?? null,
      }));
    } catch (err) {
      setError(errorText(err));
    }
  };

  const events = [...(page.data?.events ?? []), ...(older?.events ?? [])];
  const summaries = { ...page.data?.deliveries, ...older?.deliveries };
  const next = older ? older.next : page.data?.next;
  const platform = filters.platform ? platformOf(catalog, filters.platform) : undefined;

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('events')}</h1>
      <form class="card filters" onSubmit={apply} method="post" aria-label={t('filters')}>
        <label>
          {t('platform')}
          <select name="platform" defaultValue={filters.platform}>
            <option value="">{t('all')}</option>
            {catalog.platforms.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <SourceFilter sources={sources.data} value={filters.source} />
        <label>
          {t('type')}
          <input name="type" list="event-types" defaultValue={filters.type} autocomplete="off" />
          <datalist id="event-types">
            {(platform ? [platform] : catalog.platforms).flatMap((p) =>
              p.events.map((e) => <option key={`${p.id}:${e.type}`} value={e.type} />),
            )}
          </datalist>
        </label>
        <DeliveryStatusFilter value={filters.status} />
        <TimeRangeFilter since={filters.since} until={filters.until} />
        <label class="grow">
          {t('search')}
          <input name="q" type="search" defaultValue={filters.q} autocomplete="off" />
        </label>
        <div class="row">
          <button type="submit" class="primary">
            {t('apply')}
          </button>
          <button type="reset" onClick={() => (setOlder(undefined), setFilters(EMPTY))}>
            {t('clear')}
          </button>
        </div>
      </form>
      {(page.error || error) && <Notice kind="error">{page.error ?? error}</Notice>}
      {!page.data ? (
        <Loading />
      ) : events.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="events" aria-live="polite" aria-relevant="additions">
            <thead>
              <tr>
                <th scope="col">{t('time')}</th>
                <th scope="col">{t('type')}</th>
                <th scope="col">{t('source')}</th>
                <th scope="col">{t('verified')}</th>
                <th scope="col">{t('hookDeliveries')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => {
                const s = summaries[e.id];
                return (
                  <tr key={e.id} data-event={e.id}>
                    <td>{formatTime(e.receivedAt, lang)}</td>
                    <th scope="row">
                      <a href={href('events', e.id)}>{e.type}</a>
                    </th>
                    <td>
                      {e.source} <span class="muted">({platformOf(catalog, e.platform)?.name ?? e.platform})</span>
                    </td>
                    <td>{e.verified ? t('verified') : <span class="badge badge-failed">{t('unverified')}</span>}</td>
                    <td>
                      {s && (s.delivered || s.failed || s.pending) ? (
                        <span class="summary">
                          {s.delivered > 0 && <span class="badge badge-delivered">{`${t('delivered')} ${s.delivered}`}</span>}
                          {s.pending > 0 && <span class="badge badge-pending">{`${t('pending')} ${s.pending}`}</span>}
                          {s.failed > 0 && <span class="badge badge-failed">{`${t('failed')} ${s.failed}`}</span>}
                        </span>
                      ) : (
                        <span class="muted">—</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" onClick={loadOlder}>
          {t('loadOlder')}
        </button>
      )}
    </section>
  );
}
