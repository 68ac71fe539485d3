import { useApp, useChanges } from '../app-context';
import { Loading, Notice, useLoad } from '../components/ui';
import { formatTime } from '../format';
import { useI18n } from '../i18n';

/** What the relay refused and why: a misconfigured platform shows up here first. */
export function Rejections() {
  const { api } = useApp();
  const { t, lang } = useI18n();
  const list = useLoad(() => api.rejections(200), []);
  useChanges((c) => c.kind === 'rejection', list.reload, 300);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('rejectionsTitle')}</h1>
      <p class="muted">{t('rejectionsHelp')}</p>
      {list.error && <Notice kind="error">{list.error}</Notice>}
      {!list.data ? (
        <Loading />
      ) : list.data.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('time')}</th>
                <th scope="col">{t('source')}</th>
                <th scope="col">{t('code')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('message')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((r, i) => (
                <tr key={`${r.at}-${i}`}>
                  <td>{formatTime(r.at, lang)}</td>
                  <td>{r.source}</td>
                  <th scope="row">
                    <code>{r.code}</code>
                  </th>
                  <td>{r.status}</td>
                  <td>{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
