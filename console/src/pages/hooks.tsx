import { useState } from 'preact/hooks';
import type { CreatedRelayHook, CreateHookBody, RelayHook } from '../../../shared';
import { platformOf, useApp, useChanges } from '../app-context';
import { Confirm, errorText, Field, GraceSelect, Loading, Notice, SecretOnce, StatusBadge, useLoad } from '../components/ui';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { href } from '../router';

type Pending = { kind: 'delete' | 'rotate' | 'bulk'; hook: RelayHook; count?: { matched: number; skipped: number } };

export function Hooks() {
  const { api } = useApp();
  const { t, lang } = useI18n();
  const hooks = useLoad(() => api.hooks(), []);
  const [pending, setPending] = useState<Pending>();
  const [grace, setGrace] = useState(86_400);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string }>();
  const [secret, setSecret] = useState<{ hook: string; secret: string; token: string }>();
  useChanges((c) => c.kind === 'attempt', hooks.reload, 1000);

  const act = async (work: () => Promise<unknown>, success?: string) => {
    setMessage(undefined);
    try {
      await work();
      if (success) setMessage({ kind: 'success', text: success });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
    hooks.reload();
  };
  const confirm = async () => {
    const p = pending;
    setPending(undefined);
    if (!p) return;
    if (p.kind === 'delete') await act(() => api.deleteHook(p.hook.id));
    if (p.kind === 'rotate')
      await act(async () => {
        const rotated = await api.rotateHookSecret(p.hook.id, grace);
        setSecret({ hook: p.hook.id, secret: rotated.secret, token: rotated.token });
      });
    if (p.kind === 'bulk')
      await act(async () => {
        const r = await api.retryDeliveries({ hook: p.hook.id });
        setMessage({ kind: 'success', text: t('bulkDone', r.retried) });
      });
  };
  const askBulk = async (hook: RelayHook) => {
    try {
      const count = await api.retryDeliveries({ hook: hook.id, dryRun: true });
      if (count.matched === 0) setMessage({ kind: 'success', text: t('nothingToRetry') });
      else setPending({ kind: 'bulk', hook, count });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  };

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('hooks')}</h1>
      {hooks.error && <Notice kind="error">{hooks.error}</Notice>}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {secret && (
        <>
          <SecretOnce secret={secret.secret} label={`${t('newSecret')} (${secret.hook})`} />
          <SecretOnce secret={secret.token} label={t('hookTokenRotated')} />
        </>
      )}
      {!hooks.data ? (
        <Loading />
      ) : hooks.data.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="hooks">
            <thead>
              <tr>
                <th scope="col">{t('hookUrl')}</th>
                <th scope="col">{t('scope')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('failures')}</th>
                <th scope="col">{t('lastSuccess')}</th>
                <th scope="col">{t('lastFailure')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {hooks.data.map((h) => (
                <tr key={h.id} data-hook={h.id}>
                  <th scope="row">
                    <code class="break">{h.url}</code>
                    <div class="muted small-text">{h.id}</div>
                  </th>
                  <td>
                    {h.source ? <a href={href('sources', h.source)}>{h.source}</a> : h.platform}
                    <div class="muted small-text">{h.events.length ? h.events.join(', ') : t('allEvents')}</div>
                  </td>
                  <td>
                    <StatusBadge status={h.status} />
                    {h.disabledReason && <div class="muted small-text">{h.disabledReason}</div>}
                    {h.previousSecretExpiresAt && (
                      <div class="muted small-text">{t('signingUntil', formatTime(h.previousSecretExpiresAt, lang))}</div>
                    )}
                  </td>
                  <td>{h.consecutiveFailures ?? 0}</td>
                  <td>{h.lastSuccessAt ? formatTime(h.lastSuccessAt, lang) : t('never')}</td>
                  <td>{h.lastFailureAt ? formatTime(h.lastFailureAt, lang) : t('never')}</td>
                  <td class="actions">
                    {h.status === 'active' ? (
                      <button type="button" class="small" onClick={() => act(() => api.disableHook(h.id))}>
                        {t('disable')}
                      </button>
                    ) : (
                      <button type="button" class="small" onClick={() => act(() => api.enableHook(h.id))}>
                        {t('enable')}
                      </button>
                    )}
                    <button type="button" class="small" onClick={() => askBulk(h)}>
                      {t('retryFailed')}
                    </button>
                    <button type="button" class="small" onClick={() => setPending({ kind: 'rotate', hook: h })}>
                      {t('rotateSecret')}
                    </button>
                    <button type="button" class="small danger" onClick={() => setPending({ kind: 'delete', hook: h })}>
                      {t('delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="row">
        <Field id="hook-grace" label={`${t('rotateSecret')}: ${t('grace')}`}>
          <GraceSelect id="hook-grace" value={grace} onChange={setGrace} />
        </Field>
      </div>
      {/* Keyed: the list before it switches element type (none / table), which must not remount the form and lose the secret it shows once. */}
      <NewHook key="new-hook" onCreated={hooks.reload} />
      {pending && (
        <Confirm
          message={
            pending.kind === 'delete'
              ? t('confirmDeleteHook', pending.hook.url)
              : pending.kind === 'rotate'
                ? t('confirmRotateHook', pending.hook.url)
                : t('confirmBulk', pending.count!.matched - pending.count!.skipped, pending.count!.skipped)
          }
          confirmLabel={pending.kind === 'delete' ? t('delete') : pending.kind === 'rotate' ? t('rotate') : t('retry')}
          onConfirm={confirm}
          onCancel={() => setPending(undefined)}
        />
      )}
    </section>
  );
}

function NewHook({ onCreated }: { onCreated: () => void }) {
  const { api, catalog } = useApp();
  const { t, lang } = useI18n();
  const sources = useLoad(() => api.sources(), []);
  const [scope, setScope] = useState<'source' | 'platform'>('source');
  const [target, setTarget] = useState('');
  const [created, setCreated] = useState<CreatedRelayHook>();
  const [error, setError] = useState<string>();
  // The select shows its first option until one is picked; the state follows what it shows.
  const chosen = target || (scope === 'source' ? sources.data?.[0]?.id : catalog.platforms[0]?.id) || '';
  const platformId = scope === 'platform' ? chosen : sources.data?.find((s) => s.id === chosen)?.platform;
  const platform = platformId ? platformOf(catalog, platformId) : undefined;

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const picked = String(data.get('target') ?? '');
    const events = data.getAll('events').map(String);
    const body: CreateHookBody = {
      url: String(data.get('url') ?? '').trim(),
      ...(scope === 'source' ? { source: picked } : { platform: picked }),
      events,
    };
    setError(undefined);
    try {
      setCreated(await api.createHook(body));
      form.reset();
      onCreated();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <form class="card" onSubmit={submit} method="post" aria-labelledby="new-hook">
      <h2 id="new-hook">{t('newHook')}</h2>
      <Field id="hook-url" label={t('hookUrl')}>
        <input id="hook-url" name="url" type="url" required placeholder="https://" autocomplete="off" />
      </Field>
      <fieldset>
        <legend>{t('scope')}</legend>
        <label class="check">
          <input type="radio" name="scope" checked={scope === 'source'} onChange={() => (setScope('source'), setTarget(''))} />{' '}
          {t('bySource')}
        </label>
        <label class="check">
          <input type="radio" name="scope" checked={scope === 'platform'} onChange={() => (setScope('platform'), setTarget(''))} />{' '}
          {t('byPlatform')}
        </label>
      </fieldset>
      <Field id="hook-target" label={scope === 'source' ? t('source') : t('platform')}>
        <select
          id="hook-target"
          name="target"
          required
          value={chosen}
          onChange={(e) => setTarget((e.currentTarget as HTMLSelectElement).value)}
        >
          {scope === 'source'
            ? sources.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.id} ({s.platform})
                </option>
              ))
            : catalog.platforms.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
        </select>
      </Field>
      {platform && platform.events.length > 0 && (
        <Field id="hook-events" label={t('eventTypes')} help={t('eventTypesHelp')}>
          <select id="hook-events" name="events" multiple size={Math.min(8, platform.events.length)} aria-describedby="hook-events-help">
            {platform.events.map((e) => (
              <option key={e.type} value={e.type}>
                {e.label[lang]} ({e.type})
              </option>
            ))}
          </select>
        </Field>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      <button type="submit" class="primary">
        {t('create')}
      </button>
      {created && (
        <>
          <SecretOnce secret={created.secret} label={t('hookCreated')} />
          <SecretOnce secret={created.token} label={t('hookToken')} />
        </>
      )}
    </form>
  );
}
