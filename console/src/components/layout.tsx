import type { ComponentChildren } from 'preact';
import { hrefOf, inEnvironment, navigate } from '../router';
import { useConsole } from '../state/console-context';
import { useStore } from '../util/store';

const ENV_PAGES: readonly { page: string; label: string }[] = [
  { page: 'flags', label: 'Flags' },
  { page: 'segments', label: 'Segments' },
  { page: 'insights', label: 'Insights' },
  { page: 'try', label: 'Try a context' },
  { page: 'history', label: 'History' },
  { page: 'scheduled', label: 'Scheduled' },
];

/** Header (environment switcher, who is signed in), navigation, and the page. */
export function Layout({ children }: { children: ComponentChildren }) {
  const { environments, route, session, signOut, data } = useConsole();
  const live = useStore(data).live;
  const env = route.env;
  return (
    <div class="layout">
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <a class="brand" href={hrefOf({ env, page: 'flags' })}>flagstream</a>
        <label class="env-switch">
          <span>Environment</span>
          <select value={env ?? ''} onChange={(e) => navigate(inEnvironment(route, (e.target as HTMLSelectElement).value))}>
            {env === undefined && <option value="">choose…</option>}
            {environments.map((environment) => (
              <option key={environment.key} value={environment.key}>
                {environment.name === environment.key ? environment.key : `${environment.name} (${environment.key})`}
              </option>
            ))}
          </select>
        </label>
        {env && (
          <span class={`live live-${live}`} role="status" aria-live="polite">
            {live === 'live' ? 'live' : live === 'retrying' ? 'reconnecting…' : live === 'connecting' ? 'connecting…' : 'offline'}
          </span>
        )}
        <span class="who">
          {session.name} · <span class="role">{session.role}</span>
          {session.open && <span class="badge warn" title="The server runs in dev mode without a token"> open dev mode</span>}
        </span>
        {!session.open && (
          <button type="button" class="link" onClick={signOut}>
            Sign out
          </button>
        )}
      </header>
      <nav class="side" aria-label="Pages">
        <ul>
          {env &&
            ENV_PAGES.map((item) => (
              <li key={item.page}>
                <a href={hrefOf({ env, page: item.page })} aria-current={route.page === item.page ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          <li>
            <a href={hrefOf({ page: 'environments', env })} aria-current={route.page === 'environments' ? 'page' : undefined}>
              Environments &amp; SDK keys
            </a>
          </li>
          <li>
            <a href={hrefOf({ page: 'tokens', env })} aria-current={route.page === 'tokens' ? 'page' : undefined}>
              Tokens
            </a>
          </li>
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
