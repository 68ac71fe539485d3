import { useState } from 'preact/hooks';
import type { RelayDeliveryWithAttempts } from '../../../shared';
import { platformOf, useApp, useChanges } from '../app-context';
import { JsonTree } from '../components/json-tree';
import { errorText, Loading, Notice, StatusBadge, useLoad } from '../components/ui';
import { formatMs, formatTime } from '../format';
import { useI18n } from '../i18n';
import { href } from '../router';

export function EventPage({ id }: { id: string }) {
  const { api, catalog } = useApp();
  const { t, lang } = useI18n();
  const detail = useLoad(() => api.event(id), [id]);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string }>();
  useChanges((c) => c.kind === 'attempt' && c.eventId === id, detail.reload, 200);

  if (detail.error && !detail.data) return <Notice kind="error">{detail.error}</Notice>;
  if (!detail.data) return <Loading />;
  const { event, headers, deliveries } = detail.data;

  const replay = async () => {
    try {
      const r = await api.replay(id);
      setMessage({ kind: 'success', text: t('replayed', r.deliveries) });
      detail.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  };
  const retry = async (deliveryId: string) => {
    try {
      await api.retryDelivery(deliveryId);
      setMessage({ kind: 'success', text: t('retryQueued') });
      detail.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  };

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">
        {event.type} <small class="muted mono">{event.id}</small>
      </h1>
      <dl class="facts">
        <dt>{t('source')}</dt>
        <dd>
          <a href={href('sources', event.source)}>{event.source}</a> ({platformOf(catalog, event.platform)?.name ?? event.platform})
        </dd>
        <dt>{t('received')}</dt>
        <dd>{formatTime(event.receivedAt, lang)}</dd>
        <dt>{t('occurred')}</dt>
        <dd>{formatTime(event.occurredAt, lang)}</dd>
        <dt>{t('deliveryId')}</dt>
        <dd class="mono break">{event.deliveryId}</dd>
        <dt>{t('signatureForm')}</dt>
        <dd>
          {event.verified ? t('verified') : t('unverified')} ({event.signatureForm})
        </dd>
        <dt>{t('known')}</dt>
        <dd>{event.known ? t('yes') : t('no')}</dd>
      </dl>
      {event.issues.length > 0 && (
        <>
          <h2>{t('issues')}</h2>
          <ul>
            {event.issues.map((i) => (
              <li key={i.path}>
                <code>{i.path}</code>: {i.message}
              </li>
            ))}
          </ul>
        </>
      )}
      <div class="row">
        <button type="button" class="primary" onClick={replay}>
          {t('replay')}
        </button>
      </div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}

      <h2>{t('hookDeliveries')}</h2>
      {deliveries.length === 0 ? (
        <p class="muted">{t('noDeliveries')}</p>
      ) : (
        deliveries.map((d) => <Delivery key={d.id} delivery={d} onRetry={() => retry(d.id)} />)
      )}

      <h2 id="payload-title">{t('payload')}</h2>
      <JsonTree value={event.data} label={t('payload')} />

      <h2>{t('headers')}</h2>
      <p class="muted">{t('headersHelp')}</p>
      {headers ? (
        <div class="table-wrap">
          <table class="headers">
            <tbody>
              {Object.entries(headers).map(([name, value]) => (
                <tr key={name}>
                  <th scope="row" class="mono">
                    {name}
                  </th>
                  <td class="mono break">{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">{t('noHeaders')}</p>
      )}
    </section>
  );
}

function Delivery({ delivery: d, onRetry }: { delivery: RelayDeliveryWithAttempts; onRetry: () => void }) {
  const { t, lang } = useI18n();
  return (
    <article class="card delivery" data-delivery={d.id} aria-label={`${t('hook')} ${d.hookUrl ?? d.hookId}`}>
      <header class="row">
        <StatusBadge status={d.status} />
        <code class="break">{d.hookUrl ?? d.hookId}</code>
        <span class="muted">
          {t('attempts')}: {d.attempts}
        </span>
        {d.nextAttemptAt && (
          <span>
            {t('nextRetry')}: {formatTime(d.nextAttemptAt, lang)}
          </span>
        )}
        <button type="button" class="small" onClick={onRetry}>
          {t('retry')}
        </button>
      </header>
      {d.attemptHistory.length > 0 && (
        <div class="table-wrap">
          <table class="attempts">
            <caption class="visually-hidden">{t('attempts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('attempt')}</th>
                <th scope="col">{t('time')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('latency')}</th>
                <th scope="col">{t('response')}</th>
              </tr>
            </thead>
            <tbody>
              {d.attemptHistory.map((a) => (
                <tr key={a.attempt} class={a.status !== null && a.status >= 200 && a.status < 300 ? 'ok' : 'bad'}>
                  <td>{a.attempt}</td>
                  <td>{formatTime(a.at, lang)}</td>
                  <td>{a.status ?? a.error}</td>
                  <td>{formatMs(a.durationMs)}</td>
                  <td>
                    <pre class="excerpt">{a.responseExcerpt ?? ''}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
