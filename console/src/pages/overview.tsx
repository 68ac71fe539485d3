import { useState } from 'preact/hooks';
import { useApp, useChanges } from '../app-context';
import { Chart } from '../components/chart';
import { Loading, Notice, useLoad } from '../components/ui';
import { localMidnight } from '../format';
import { useI18n } from '../i18n';

export function Overview() {
  const { api } = useApp();
  const { t } = useI18n();
  const [range, setRange] = useState('day');
  const [source, setSource] = useState('');
  const summary = useLoad(() => api.summary(localMidnight()), []);
  const series = useLoad(() => api.series(range, source || undefined), [range, source]);
  const sources = useLoad(() => api.sources(), []);
  useChanges(
    () => true,
    () => {
      summary.reload();
      series.reload();
    },
    1000,
  );
  const s = summary.data;
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('overview')}</h1>
      {summary.error && <Notice kind="error">{summary.error}</Notice>}
      <ul class="counters" aria-label={t('overview')}>
        <Counter label={t('eventsToday')} value={s?.eventsToday} href="#/events" />
        <Counter label={t('deliveriesPending')} value={s?.deliveriesPending} href="#/deliveries" />
        <Counter label={t('deliveriesFailed')} value={s?.deliveriesFailed} href="#/deliveries" warn={(s?.deliveriesFailed ?? 0) > 0} />
        <Counter label={t('hooksDisabled')} value={s?.hooksDisabled} href="#/hooks" warn={(s?.hooksDisabled ?? 0) > 0} />
      </ul>
      <h2>{t('chartTitle')}</h2>
      <div class="row filters">
        <label>
          {t('range')}{' '}
          <select value={range} onChange={(e) => setRange((e.currentTarget as HTMLSelectElement).value)}>
            <option value="hour">{t('hour')}</option>
            <option value="day">{t('day')}</option>
            <option value="week">{t('week')}</option>
          </select>
        </label>
        <label>
          {t('source')}{' '}
          <select value={source} onChange={(e) => setSource((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('allSources')}</option>
            {sources.data?.map((src) => (
              <option key={src.id} value={src.id}>
                {src.id}
              </option>
            ))}
          </select>
        </label>
      </div>
      {series.error && <Notice kind="error">{series.error}</Notice>}
      {series.data ? <Chart series={series.data} /> : <Loading />}
    </section>
  );
}

function Counter({ label, value, href, warn }: { label: string; value: number | undefined; href: string; warn?: boolean }) {
  return (
    <li class={`counter${warn ? ' warn' : ''}`}>
      <a href={href}>
        <span class="counter-value" data-counter={label}>
          {value ?? '…'}
        </span>
        <span class="counter-label">{label}</span>
      </a>
    </li>
  );
}
