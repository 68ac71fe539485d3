import { useState } from 'preact/hooks';
import type { CatalogPlatform, CreateSourceBody } from '../../../shared';
import { isOperator, platformOf, useApp } from '../app-context';
import { CopyButton, errorText, Field, Loading, Notice, useLoad } from '../components/ui';
import { formatTime } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import { href } from '../router';

export function secretLabel(platform: CatalogPlatform | undefined): MessageKey {
  if (platform?.signature.kind === 'shared-token') return 'secretToken';
  if (platform?.signature.kind === 'standard-webhooks') return 'secretStandard';
  return 'secretHmac';
}

export function Sources() {
  const app = useApp();
  const { api, catalog } = app;
  const { t, lang } = useI18n();
  const sources = useLoad(() => api.sources(), []);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('sources')}</h1>
      {sources.error && <Notice kind="error">{sources.error}</Notice>}
      {!sources.data ? (
        <Loading />
      ) : sources.data.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('source')}</th>
                <th scope="col">{t('platform')}</th>
                <th scope="col">{t('ingestUrl')}</th>
                <th scope="col">{t('secrets')}</th>
              </tr>
            </thead>
            <tbody>
              {sources.data.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <a href={href('sources', s.id)}>{s.id}</a>
                  </th>
                  <td>{platformOf(catalog, s.platform)?.name ?? s.platform}</td>
                  <td>
                    <code class="break">{s.ingestUrl}</code> <CopyButton text={s.ingestUrl} label={`${t('ingestUrl')} ${s.id}`} />
                  </td>
                  <td>
                    {s.secrets ?? '—'}
                    {s.previousSecretsExpireAt && (
                      <span class="muted"> ({t('rotationUntil', formatTime(s.previousSecretsExpireAt, lang))})</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isOperator(app) && <NewSource onCreated={(id) => (location.hash = href('sources', id))} />}
    </section>
  );
}

function NewSource({ onCreated }: { onCreated: (id: string) => void }) {
  const { api, catalog } = useApp();
  const { t, lang } = useI18n();
  const [platformId, setPlatformId] = useState(catalog.platforms[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const platform = platformOf(catalog, platformId);

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const body: CreateSourceBody = {
      platform: platformId,
      ...(text('id') ? { id: text('id') } : {}),
      secrets: text('secrets')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
      ...(text('tokenHeader') ? { tokenHeader: text('tokenHeader') } : {}),
      ...(form.get('allowUnsigned') ? { allowUnsigned: true } : {}),
      ...(text('chatwootUrl')
        ? { chatwoot: { baseUrl: text('chatwootUrl'), accountId: text('chatwootAccount'), apiAccessToken: text('chatwootToken') } }
        : {}),
    };
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.createSource(body);
      if (form.get('registerAfter') && body.chatwoot) await api.registerChatwoot(created.id);
      onCreated(created.id);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={submit} method="post" aria-labelledby="new-source">
      <h2 id="new-source">{t('newSource')}</h2>
      <Field id="src-platform" label={t('platform')}>
        <select
          id="src-platform"
          name="platform"
          value={platformId}
          onChange={(e) => setPlatformId((e.currentTarget as HTMLSelectElement).value)}
        >
          {catalog.platforms.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      {platform && <p class="muted">{platform.setup[lang]}</p>}
      <Field id="src-id" label={t('sourceId')} help={t('sourceIdHelp')}>
        <input id="src-id" name="id" pattern="[A-Za-z0-9_\-]{1,64}" aria-describedby="src-id-help" autocomplete="off" />
      </Field>
      <Field id="src-secrets" label={t(secretLabel(platform))} help={t('secretsHelp')}>
        <textarea
          id="src-secrets"
          name="secrets"
          rows={2}
          class="mono"
          aria-describedby="src-secrets-help"
          autocomplete="off"
          spellcheck={false}
        />
      </Field>
      {platform?.signature.kind === 'shared-token' && (
        <Field id="src-token-header" label={t('tokenHeader')}>
          <input id="src-token-header" name="tokenHeader" placeholder={platform.signature.headers[0]} autocomplete="off" />
        </Field>
      )}
      {platform?.sendsUnsigned && (
        <label class="check">
          <input type="checkbox" name="allowUnsigned" /> {t('allowUnsigned')}
        </label>
      )}
      {platform?.registersItself && (
        <fieldset>
          <legend>{t('chatwootTitle')}</legend>
          <Field id="cw-url" label={t('chatwootUrl')}>
            <input id="cw-url" name="chatwootUrl" type="url" autocomplete="off" />
          </Field>
          <Field id="cw-account" label={t('chatwootAccount')}>
            <input id="cw-account" name="chatwootAccount" inputMode="numeric" autocomplete="off" />
          </Field>
          <Field id="cw-token" label={t('chatwootToken')}>
            <input id="cw-token" name="chatwootToken" type="password" autocomplete="off" />
          </Field>
          <label class="check">
            <input type="checkbox" name="registerAfter" defaultChecked /> {t('registerAfter')}
          </label>
        </fieldset>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('creating') : t('create')}
      </button>
    </form>
  );
}
