import { render } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Catalog, RelayChange, RelayPrincipal } from '../../shared';
import { ApiError, relayApi } from './api';
import { App, type AppState } from './app-context';
import { followChanges, type FeedState } from './changes';
import { errorText, Loading, Notice } from './components/ui';
import { I18n, initialLang, translator, useI18n, type Lang } from './i18n';
import { Deliveries } from './pages/deliveries';
import { EventPage } from './pages/event';
import { Events } from './pages/events';
import { Hooks } from './pages/hooks';
import { Overview } from './pages/overview';
import { Rejections } from './pages/rejections';
import { Source } from './pages/source';
import { Sources } from './pages/sources';
import { useRoute, type Route } from './router';

/** The key lives in this tab's sessionStorage only: never localStorage, a cookie or a URL. */
const KEY_SLOT = 'hookline.console.key';
/** The language switch is a preference, not a secret: it is remembered across tabs. */
const LANG_SLOT = 'hookline.console.lang';

function Root() {
  const [lang, setLang] = useState<Lang>(() => initialLang(localStorage.getItem(LANG_SLOT), navigator.languages ?? [navigator.language]));
  const i18n = useMemo(() => ({ lang, t: translator(lang) }), [lang]);
  const [key, setKey] = useState<string | null>(() => sessionStorage.getItem(KEY_SLOT));
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${i18n.t('appName')} · console`;
  }, [lang, i18n]);
  const switchLang = () => {
    const next = lang === 'en' ? 'es' : 'en';
    localStorage.setItem(LANG_SLOT, next);
    setLang(next);
  };
  const logout = useCallback(() => {
    sessionStorage.removeItem(KEY_SLOT);
    setKey(null);
  }, []);
  const signIn = (k: string) => {
    sessionStorage.setItem(KEY_SLOT, k);
    setKey(k);
  };
  return (
    <I18n.Provider value={i18n}>
      {key ? (
        <SignedIn key={key} apiKey={key} onLogout={logout} onSwitchLang={switchLang} />
      ) : (
        <SignIn onSignIn={signIn} onSwitchLang={switchLang} />
      )}
    </I18n.Provider>
  );
}

function LangSwitch({ onSwitch }: { onSwitch: () => void }) {
  const { t, lang } = useI18n();
  return (
    <button type="button" class="small" onClick={onSwitch} aria-label={t('language')} lang={lang === 'en' ? 'es' : 'en'}>
      {lang === 'en' ? 'ES' : 'EN'}
    </button>
  );
}

function SignIn({ onSignIn, onSwitchLang }: { onSignIn: (key: string) => void; onSwitchLang: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('key') as HTMLInputElement;
    const key = input.value.trim();
    if (!key) return;
    setBusy(true);
    setError(undefined);
    try {
      await relayApi(key, () => undefined).me();
      input.value = '';
      onSignIn(key);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('badKey') : errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <div class="row end">
        <LangSwitch onSwitch={onSwitchLang} />
      </div>
      <form class="card" onSubmit={submit} method="post" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{t('signInTitle')}</h1>
        <p class="muted" id="sign-in-help">
          {t('signInHelp')}
        </p>
        <label for="key">{t('apiKey')}</label>
        <input id="key" name="key" type="password" required autocomplete="off" spellcheck={false} aria-describedby="sign-in-help" />
        {error && <Notice kind="error">{error}</Notice>}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
    </main>
  );
}

function SignedIn({ apiKey, onLogout, onSwitchLang }: { apiKey: string; onLogout: () => void; onSwitchLang: () => void }) {
  const { t } = useI18n();
  const api = useMemo(() => relayApi(apiKey, onLogout), [apiKey, onLogout]);
  const [catalog, setCatalog] = useState<Catalog>();
  const [principal, setPrincipal] = useState<RelayPrincipal>();
  const [error, setError] = useState<string>();
  const [feed, setFeed] = useState<FeedState>('connecting');
  const listeners = useRef(new Set<(c: RelayChange) => void>());
  useEffect(() => {
    Promise.all([api.me(), api.catalog()]).then(
      ([me, c]) => (setPrincipal(me), setCatalog(c)),
      (err: unknown) => setError(errorText(err)),
    );
    return followChanges(apiKey, (change) => listeners.current.forEach((l) => l(change)), setFeed, onLogout);
  }, [api, apiKey, onLogout]);
  const onChange = useCallback((listener: (c: RelayChange) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  useEffect(() => main.current?.focus(), [route.page, route.id]);
  const state: AppState | undefined = useMemo(
    () => (catalog && principal ? { api, catalog, principal, feed, onChange } : undefined),
    [api, catalog, principal, feed, onChange],
  );
  const pages: [Route['page'][], string, string][] = [
    [['overview'], '#/', t('overview')],
    [['sources', 'source'], '#/sources', t('sources')],
    [['hooks'], '#/hooks', t('hooks')],
    [['events', 'event'], '#/events', t('events')],
    [['deliveries'], '#/deliveries', t('deliveries')],
    ...(principal?.kind === 'admin' ? [[['rejections'], '#/rejections', t('rejections')] as [Route['page'][], string, string]] : []),
  ];
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        {t('skip')}
      </a>
      <header class="top">
        <span class="brand">{t('appName')}</span>
        <nav aria-label={t('nav')}>
          <ul>
            {pages.map(([match, link, label]) => (
              <li key={link}>
                <a href={link} aria-current={match.includes(route.page) ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {principal && (
          <span class="who" data-principal={principal.kind}>
            {principal.kind === 'admin' ? t('signedInAdmin') : t('signedInAs', principal.name)}
          </span>
        )}
        <span class={`feed feed-${feed}`} role="status" aria-live="polite">
          {feed === 'live' ? t('live') : feed === 'connecting' ? t('connecting') : t('offline')}
        </span>
        <LangSwitch onSwitch={onSwitchLang} />
        <button type="button" class="small" onClick={onLogout}>
          {t('logout')}
        </button>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {error && <Notice kind="error">{error}</Notice>}
        {state ? (
          <App.Provider value={state}>
            <Page route={route} />
          </App.Provider>
        ) : (
          !error && <Loading />
        )}
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  const { t } = useI18n();
  switch (route.page) {
    case 'overview':
      return <Overview />;
    case 'sources':
      return <Sources />;
    case 'source':
      return <Source id={route.id!} />;
    case 'hooks':
      return <Hooks />;
    case 'events':
      return <Events />;
    case 'event':
      return <EventPage id={route.id!} />;
    case 'deliveries':
      return <Deliveries />;
    case 'rejections':
      return <Rejections />;
    default:
      return <Notice kind="error">{t('notFound')}</Notice>;
  }
}

render(<Root />, document.getElementById('app')!);
