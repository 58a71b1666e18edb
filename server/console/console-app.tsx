import { type FormEvent, type ReactElement, useEffect, useMemo, useState } from 'react';
import { BatchPage } from './batch-page';
import { BatchesView } from './batches-view';
import { ApiError, call, setCsrfToken, whenSignedOut } from './console-api';
import { consoleLocale, translator } from './console-copy';
import { NewBatchView } from './new-batch-view';
import { RendersView } from './renders-view';
import { TemplatesView } from './templates-view';
import { CopyContext, useCopy } from './use-copy';

interface Session {
  tenant: string;
  csrfToken: string;
}

/** The view the address's hash names: #/templates, #/batches/new, #/batches/<id>, #/renders. */
const readRoute = () => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);

function useRoute(): string[] {
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const update = () => setRoute(readRoute());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function ConsoleApp() {
  const locale = useMemo(() => consoleLocale(navigator.languages ?? [navigator.language]), []);
  const t = useMemo(() => translator(locale), [locale]);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const route = useRoute();

  useEffect(() => {
    document.documentElement.lang = locale;
    whenSignedOut(() => setSession(null));
    call<Session>('/console/session').then(
      (found) => {
        setCsrfToken(found.csrfToken);
        setSession(found);
      },
      () => setSession(null),
    );
  }, [locale]);

  const signOut = async () => {
    await call('/console/session', { method: 'DELETE' }).catch(() => undefined);
    setSession(null);
    window.location.hash = '';
  };

  let view: ReactElement;
  const [section = 'templates', id] = route;
  if (section === 'batches' && id === 'new') view = <NewBatchView />;
  else if (section === 'batches' && id) view = <BatchPage id={id} />;
  else if (section === 'batches') view = <BatchesView />;
  else if (section === 'renders') view = <RendersView />;
  else view = <TemplatesView id={section === 'templates' ? id : undefined} />;
  const current = section === 'batches' && id === 'new' ? 'new' : section;

  return (
    <CopyContext.Provider value={t}>
      {session === undefined ? (
        <main>
          <p aria-live="polite">…</p>
        </main>
      ) : session === null ? (
        <SignIn
          onSignedIn={(signedIn) => {
            setCsrfToken(signedIn.csrfToken);
            setSession(signedIn);
          }}
        />
      ) : (
        <>
          <header>
            <span className="brand">reelpipe</span>
            <nav aria-label="reelpipe">
              {(
                [
                  ['templates', '#/templates', t('navTemplates')],
                  ['new', '#/batches/new', t('navNewBatch')],
                  ['batches', '#/batches', t('navBatches')],
                  ['renders', '#/renders', t('navRenders')],
                ] as const
              ).map(([key, href, label]) => (
                <a key={key} href={href} aria-current={current === key ? 'page' : undefined}>
                  {label}
                </a>
              ))}
            </nav>
            <span>{t('signedInAs', { tenant: session.tenant })}</span>
            <button type="button" className="link" onClick={signOut}>
              {t('signOut')}
            </button>
          </header>
          <main id="main">{view}</main>
        </>
      )}
    </CopyContext.Provider>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const t = useCopy();
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await call<Session>('/console/session', { method: 'POST', json: { key } }));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main>
      <h1>{t('signInTitle')}</h1>
      <form className="card" onSubmit={submit} aria-describedby="key-hint">
        <label htmlFor="api-key">{t('apiKey')}</label>
        <p id="key-hint" className="muted">
          {t('apiKeyHint')}
        </p>
        <input
          id="api-key"
          type="password"
          autoComplete="current-password"
          required
          value={key}
          onChange={(event) => setKey(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'sign-in-error' : undefined}
        />
        {error && (
          <p id="sign-in-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || !key}>
          {t('signIn')}
        </button>
      </form>
    </main>
  );
}
