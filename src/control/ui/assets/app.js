// The emulator UI: a hash router over the pages, the app picker and the token prompt.
import { render } from './vendor/preact.mjs';
import { useEffect, useState } from './vendor/hooks.mjs';
import { control, getToken, setToken, whenUnauthorized } from './api.js';
import { ErrorBox, html } from './components.js';
import { Apps } from './pages/apps.js';
import { Data } from './pages/data.js';
import { Users } from './pages/users.js';
import { Files } from './pages/files.js';
import { Stores, Messaging, Timers, Logs } from './pages/stores.js';
import { Requests } from './pages/requests.js';

const PAGES = [
  ['apps', 'Apps', Apps],
  ['data', 'Data', Data],
  ['users', 'Users', Users],
  ['files', 'Files', Files],
  ['stores', 'Hive · Counters · Cache', Stores],
  ['messaging', 'Messaging', Messaging],
  ['timers', 'Timers', Timers],
  ['logs', 'Logs', Logs],
  ['requests', 'Requests', Requests],
];

/** `#/page?app=..&k=v` → {page, params}. */
function parseHash() {
  const [page, query] = location.hash.replace(/^#\/?/, '').split('?');
  return { page: page || 'apps', params: Object.fromEntries(new URLSearchParams(query || '')) };
}

/** Navigate to a page with parameters (empty ones dropped). */
export function go(page, params = {}) {
  const kept = Object.entries(params).filter(([, v]) => v !== '' && v !== undefined && v !== null);
  location.hash = `#/${page}${kept.length ? `?${new URLSearchParams(kept)}` : ''}`;
}

function TokenPrompt({ onSet }) {
  const [value, setValue] = useState(getToken());
  const submit = (e) => {
    e.preventDefault();
    setToken(value.trim());
    onSet();
  };
  // A token already kept when the control plane answers 401 is one it refused.
  const refused = getToken() !== '';
  return html`<form class="token" onSubmit=${submit}>
    <p>This emulator's control plane needs its token (<code>--control-token</code>${' '}or${' '}
    <code>BACKENDLESS_EMULATOR_CONTROL_TOKEN</code>). Open the UI as${' '}
    <code>/_emulator/ui/?token=…</code> or enter it here; it is kept for this tab only.</p>
    ${refused && html`<p class="refused">The control plane refused the token given (401, code 99100).</p>`}
    <input type="password" name="token" placeholder="control token" value=${value}
      onInput=${(e) => setValue(e.target.value)} />
    <button type="submit">Use token</button>
  </form>`;
}

function Root() {
  const [route, setRoute] = useState(parseHash());
  const [apps, setApps] = useState(null);
  const [error, setError] = useState(null);
  const [needsToken, setNeedsToken] = useState(false);

  const loadApps = async () => {
    try {
      setApps(await control('GET', '/apps'));
      setError(null);
      setNeedsToken(false);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    whenUnauthorized(() => setNeedsToken(true));
    const onHash = () => setRoute(parseHash());
    addEventListener('hashchange', onHash);
    loadApps();
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const list = apps || [];
  const app = list.find((a) => a.id === route.params.app) || list.find((a) => a.default) || list[0];
  const [, , Page] = PAGES.find(([id]) => id === route.page) || PAGES[0];
  const pick = (id) => go(route.page, { app: id });

  return html`
    <header>
      <h1><a href="#/apps">Backendless emulator</a></h1>
      <nav>${PAGES.map(
        ([id, label]) => html`<a href=${`#/${id}${app ? `?app=${app.id}` : ''}`}
          class=${id === route.page ? 'active' : ''} data-page=${id}>${label}</a>`,
      )}</nav>
      ${list.length > 0 &&
      html`<label class="picker">app
        <select name="app" value=${app && app.id} onChange=${(e) => pick(e.target.value)}>
          ${list.map((a) => html`<option value=${a.id}>${a.name} (${a.id.slice(0, 8)}…)</option>`)}
        </select></label>`}
    </header>
    <main>
      ${needsToken && html`<${TokenPrompt} onSet=${loadApps} />`}
      ${!needsToken && html`<${ErrorBox} error=${error} />`}
      ${apps && !needsToken &&
      html`<${Page} key=${`${route.page}:${app && app.id}`} app=${app} apps=${list}
        params=${route.params} go=${go} refreshApps=${loadApps} />`}
    </main>`;
}

render(html`<${Root} />`, document.getElementById('root'));
