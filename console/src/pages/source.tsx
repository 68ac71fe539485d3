import { useState } from 'preact/hooks';
import type { RotatedSourceSecret, TestDeliveryResult } from '../../../shared';
import { isOperator, platformOf, useApp } from '../app-context';
import { Confirm, CopyButton, errorText, Field, GraceSelect, Loading, Notice, SecretOnce, useLoad } from '../components/ui';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { href } from '../router';
import { secretLabel } from './sources';

export function Source({ id }: { id: string }) {
  const app = useApp();
  const { api, catalog } = app;
  const { t, lang } = useI18n();
  const sources = useLoad(() => api.sources(), [id]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string }>();
  const source = sources.data?.find((s) => s.id === id);
  if (sources.error) return <Notice kind="error">{sources.error}</Notice>;
  if (!sources.data) return <Loading />;
  if (!source) return <Notice kind="error">{t('notFound')}</Notice>;
  const platform = platformOf(catalog, source.platform);

  const register = async () => {
    try {
      const r = await api.registerChatwoot(id);
      setMessage({ kind: 'success', text: t('registered', r.chatwootWebhookId) });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  };
  const remove = async () => {
    setConfirmDelete(false);
    try {
      await api.deleteSource(id);
      location.hash = href('sources');
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  };

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">
        {t('source')} <code>{source.id}</code>
      </h1>
      <p>
        {platform?.name ?? source.platform} · {t('secrets')}: {source.secrets ?? '—'}
        {source.previousSecretsExpireAt && (
          <span class="muted"> ({t('rotationUntil', formatTime(source.previousSecretsExpireAt, lang))})</span>
        )}
      </p>
      <div class="card">
        <h2>{t('ingestUrl')}</h2>
        <p class="row">
          <code class="break" data-ingest-url="">
            {source.ingestUrl}
          </code>
          <CopyButton text={source.ingestUrl} label={t('ingestUrl')} />
        </p>
        {platform && (
          <>
            <h3>{t('setup')}</h3>
            <p>{platform.setup[lang]}</p>
          </>
        )}
      </div>
      {isOperator(app) && (
        <>
          <TestDelivery
            id={id}
            events={platform?.events.map((e) => ({ type: e.type, label: e.label[lang] })) ?? []}
            open={platform?.openEvents ?? false}
          />
          <RotateSource id={id} label={t(secretLabel(platform))} />
        </>
      )}
      <div class="card row" hidden={!isOperator(app)}>
        {source.chatwoot && (
          <button type="button" onClick={register}>
            {t('registerChatwoot')}
          </button>
        )}
        <button type="button" class="danger" onClick={() => setConfirmDelete(true)}>
          {t('deleteSource')}
        </button>
      </div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {confirmDelete && (
        <Confirm
          message={t('confirmDeleteSource', id)}
          confirmLabel={t('delete')}
          onConfirm={remove}
          onCancel={() => setConfirmDelete(false)}
        />
      )}
    </section>
  );
}

function TestDelivery({ id, events, open }: { id: string; events: { type: string; label: string }[]; open: boolean }) {
  const { api } = useApp();
  const { t } = useI18n();
  const choices = events.length ? events : open ? [{ type: 'example.event', label: 'example.event' }] : [];
  const [type, setType] = useState(choices[0]?.type ?? '');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestDeliveryResult>();
  const [error, setError] = useState<string>();
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await api.testDelivery(id, type));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" onSubmit={send} method="post" aria-labelledby="test-title">
      <h2 id="test-title">{t('testDelivery')}</h2>
      <p class="muted">{t('testDeliveryHelp')}</p>
      <div class="row">
        <Field id="test-type" label={t('event')}>
          <select id="test-type" value={type} onChange={(e) => setType((e.currentTarget as HTMLSelectElement).value)}>
            {choices.map((c) => (
              <option key={c.type} value={c.type}>
                {c.label} ({c.type})
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="primary" disabled={busy || !type}>
          {busy ? t('sending') : t('testDelivery')}
        </button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {result &&
        (result.eventId ? (
          <Notice kind="success">
            {t('testAccepted', result.status, result.eventId)} <a href={href('events', result.eventId)}>{t('viewEvent')}</a>
          </Notice>
        ) : (
          <Notice kind="error">{t('testRefused', result.status, result.error?.code ?? '', result.error?.message ?? '')}</Notice>
        ))}
    </form>
  );
}

function RotateSource({ id, label }: { id: string; label: string }) {
  const { api } = useApp();
  const { t } = useI18n();
  const [mode, setMode] = useState<'generate' | 'enter'>('generate');
  const [grace, setGrace] = useState(86_400);
  const [secret, setSecret] = useState('');
  const [result, setResult] = useState<RotatedSourceSecret>();
  const [error, setError] = useState<string>();
  const rotate = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      setResult(await api.rotateSourceSecret(id, { graceSeconds: grace, ...(mode === 'enter' ? { secret } : {}) }));
      setSecret('');
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form class="card" onSubmit={rotate} method="post" aria-labelledby="rotate-title">
      <h2 id="rotate-title">{t('rotateSecret')}</h2>
      <p class="muted">{t('rotateSourceHelp')}</p>
      <fieldset>
        <legend>{label}</legend>
        <label class="check">
          <input type="radio" name="mode" checked={mode === 'generate'} onChange={() => setMode('generate')} /> {t('generate')}
        </label>
        <label class="check">
          <input type="radio" name="mode" checked={mode === 'enter'} onChange={() => setMode('enter')} /> {t('enterSecret')}
        </label>
      </fieldset>
      {mode === 'enter' && (
        <Field id="rotate-secret" label={t('newSecret')}>
          <input
            id="rotate-secret"
            class="mono"
            type="password"
            required
            value={secret}
            onInput={(e) => setSecret((e.currentTarget as HTMLInputElement).value)}
            autocomplete="off"
          />
        </Field>
      )}
      <Field id="rotate-grace" label={t('grace')}>
        <GraceSelect id="rotate-grace" value={grace} onChange={setGrace} />
      </Field>
      <button type="submit">{t('rotate')}</button>
      {error && <Notice kind="error">{error}</Notice>}
      {result &&
        (result.secret ? <SecretOnce secret={result.secret} label={t('newSecret')} /> : <Notice kind="success">{t('rotated')}</Notice>)}
    </form>
  );
}
