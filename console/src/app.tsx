import type { ComponentType } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient } from './api/api-client';
import { type ApiError, asApiError } from './api/api-error';
import { Layout } from './components/layout';
import { EnvironmentsPage } from './pages/environments-page';
import { FlagEditorPage } from './pages/flag-editor-page';
import { FlagsPage } from './pages/flags-page';
import { HistoryPage } from './pages/history-page';
import { InsightsPage } from './pages/insights-page';
import { ScheduledPage } from './pages/scheduled-page';
import { SegmentEditorPage } from './pages/segment-editor-page';
import { SegmentsPage } from './pages/segments-page';
import { SignInPage } from './pages/sign-in-page';
import { TokensPage } from './pages/tokens-page';
import { TryContextPage } from './pages/try-context-page';
import { hrefOf, navigate, parseHash, useRoute } from './router';
import { ConsoleContext, type EnvironmentSummary } from './state/console-context';
import { EnvironmentDataStore } from './state/environment-data';
import { openSession, type Session, storedToken, storeToken } from './state/session';

/** The console: signs in (or finds an open dev-mode server), then shows the page of the URL. */
export function App() {
  const [session, setSession] = useState<Session | undefined>();
  const [starting, setStarting] = useState(true);
  const [signInError, setSignInError] = useState<ApiError | undefined>();

  const signIn = async (token: string | undefined) => {
    try {
      const opened = await openSession(token);
      storeToken(token);
      setSignInError(undefined);
      setSession(opened);
    } catch (error) {
      setSignInError(asApiError(error));
    }
  };

  useEffect(() => {
    // a token kept for this tab, else try without one (a dev-mode server is open)
    const token = storedToken();
    openSession(token)
      .then(setSession, (error) => {
        if (token) setSignInError(asApiError(error));
        storeToken(undefined);
      })
      .finally(() => setStarting(false));
  }, []);

  if (starting) return <p class="loading">Connecting to the flag server…</p>;
  if (!session) return <SignInPage onSignIn={signIn} error={signInError} />;
  return (
    <SignedIn
      session={session}
      onSignOut={(error) => {
        storeToken(undefined);
        setSignInError(error);
        setSession(undefined);
      }}
    />
  );
}

function SignedIn({ session, onSignOut }: { session: Session; onSignOut: (error?: ApiError) => void }) {
  const route = useRoute();
  const api = useMemo(() => new ApiClient(session.token, (error) => onSignOut(error)), [session]);
  const data = useMemo(() => new EnvironmentDataStore(api), [api]);
  const [environments, setEnvironments] = useState<readonly EnvironmentSummary[] | undefined>(() => (session.listed as { items?: EnvironmentSummary[] } | undefined)?.items);
  const [envError, setEnvError] = useState<ApiError | undefined>();

  const reloadEnvironments = async () => {
    try {
      const listed = await api.get<{ items: EnvironmentSummary[] }>('/api/environments');
      setEnvironments(listed.items);
      setEnvError(undefined);
    } catch (error) {
      setEnvError(asApiError(error));
    }
  };
  useEffect(() => {
    if (!environments) void reloadEnvironments();
    return () => data.close();
  }, [data]);

  // Before paint: the pages of a newly chosen environment never show the last one's items.
  useLayoutEffect(() => {
    if (!environments || environments.length === 0) return;
    if (!route.env || !environments.some((environment) => environment.key === route.env)) {
      // Read the address again: it may have changed (a link, the back button) since this render.
      const current = parseHash(location.hash);
      if (!current.env) navigate(hrefOf({ env: environments[0].key, page: current.page || 'flags' }));
      return;
    }
    data.open(route.env);
  }, [route.env, environments]);

  if (!environments) {
    return envError ? <ErrorPage message={envError.message} /> : <p class="loading">Loading environments…</p>;
  }
  const known = route.env !== undefined && environments.some((environment) => environment.key === route.env);
  const value = { api, session, environments, reloadEnvironments, data, route, signOut: () => onSignOut() };
  return (
    <ConsoleContext.Provider value={value}>
      <Layout>
        {!known && route.env ? (
          <ErrorPage message={`There is no environment "${route.env}" (or this token may not see it).`} />
        ) : environments.length === 0 ? (
          <ErrorPage message="This token sees no environment." />
        ) : (
          <Page />
        )}
      </Layout>
    </ConsoleContext.Provider>
  );
}

/** The pages without items, by their name in the address. */
const OTHER_PAGES: ReadonlyMap<string, ComponentType> = new Map<string, ComponentType>([
  ['insights', InsightsPage],
  ['try', TryContextPage],
  ['history', () => <HistoryPage />],
  ['scheduled', ScheduledPage],
  ['environments', EnvironmentsPage],
  ['tokens', TokensPage],
]);

function Page() {
  const route = useRoute();
  switch (route.page) {
    case 'flags':
    case 'segments': {
      // keyed by the item: another item's page starts afresh (no draft or history of the last one)
      const item = `${route.env}/${route.key}`;
      if (route.key && route.sub === 'history') return <HistoryPage key={item} kind={route.page} itemKey={route.key} />;
      if (route.page === 'flags') return route.key ? <FlagEditorPage key={item} flagKey={route.key} /> : <FlagsPage />;
      return route.key ? <SegmentEditorPage key={item} segmentKey={route.key} /> : <SegmentsPage />;
    }
    default: {
      const Other = OTHER_PAGES.get(route.page);
      return Other ? <Other /> : <ErrorPage message={`There is no page "${route.page}".`} />;
    }
  }
}

function ErrorPage({ message }: { message: string }) {
  return (
    <div class="error" role="alert">
      <p>{message}</p>
    </div>
  );
}
