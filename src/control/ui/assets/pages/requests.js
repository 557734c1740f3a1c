// Requests: the journal as a live log (server-sent events), with the reason of every refusal:
// the error message and, for a permission refusal, which permission and which rule refused.
import { useEffect, useState } from '../vendor/hooks.mjs';
import { control, streamUrl } from '../api.js';
import { ErrorBox, html } from '../components.js';

const KEEP = 500;
const time = (ms) => new Date(ms).toISOString().slice(11, 23);
/** The service path of a client-API URL (`/{appId}/{key}/data/T` → `/data/T`). */
const servicePath = (e) => (e.app && e.path.startsWith(`/${e.app}/`) ? e.path.replace(/^\/[^/]+\/[^/]+/, '') : e.path);

/** The Requests page. */
export function Requests({ apps, params, go }) {
  const filter = { app: params.filterApp || '', path: params.path || '', status: params.status || '' };
  const [form, setForm] = useState(filter);
  const [entries, setEntries] = useState([]);
  const [live, setLive] = useState('connecting');
  const [error, setError] = useState(null);
  const key = JSON.stringify(filter);

  useEffect(() => {
    let open = true;
    const add = (list) => setEntries((old) => {
      const seen = new Set(old.map((e) => e.seq));
      return [...list.filter((e) => !seen.has(e.seq)).reverse(), ...old].sort((a, b) => b.seq - a.seq).slice(0, KEEP);
    });
    setEntries([]);
    // The stream replays the held entries first, then follows; a reconnecting EventSource
    // resumes after the last entry it saw (Last-Event-ID).
    const source = new EventSource(streamUrl('/journal/stream', { ...filter, since: 0, limit: 200 }));
    source.addEventListener('open', () => open && setLive('live'));
    source.addEventListener('error', () => open && setLive('reconnecting'));
    source.addEventListener('entry', (e) => add([JSON.parse(e.data)]));
    return () => {
      open = false;
      source.close();
    };
  }, [key]);

  const apply = (e) => {
    e.preventDefault();
    go('requests', { app: params.app, filterApp: form.app, path: form.path, status: form.status });
  };
  const clear = () => control('DELETE', '/journal').then(() => setEntries([]), setError);
  const appName = (id) => (apps.find((a) => a.id === id) || {}).name || (id ? `${id.slice(0, 8)}…` : '');
  return html`<div class="page" data-testid="requests-page">
    <h2>Requests <span class=${`live ${live}`} data-testid="live">${live}</span></h2>
    <form class="inline" onSubmit=${apply} data-testid="journal-filter">
      <label>app <select name="filterApp" value=${form.app} onChange=${(e) => setForm({ ...form, app: e.target.value })}>
        <option value="">every app</option>
        ${apps.map((a) => html`<option value=${a.id}>${a.name}</option>`)}</select></label>
      <label>path contains <input name="path" value=${form.path} onInput=${(e) => setForm({ ...form, path: e.target.value })} /></label>
      <label>status <input name="status" size="4" placeholder="4xx" value=${form.status}
        onInput=${(e) => setForm({ ...form, status: e.target.value })} /></label>
      <button type="submit">Filter</button> <button type="button" onClick=${clear}>Clear journal</button>
    </form>
    <p class="hint">Every client-API and console request, newest first (the control plane's own are not recorded).
      A refused request says why: the error it answered and, when a permission refused it, which permission and rule.</p>
    <${ErrorBox} error=${error} />
    ${entries.length === 0 ? html`<p class="empty">No requests yet.</p>` : html`
      <table class="grid journal" data-testid="journal">
        <thead><tr><th>time</th><th>app</th><th>method</th><th>path</th><th>status</th><th>ms</th><th>why refused</th></tr></thead>
        <tbody>${entries.map((e) => html`<tr data-seq=${e.seq} class=${e.status >= 400 ? 'refused' : ''}>
          <td>${time(e.time)}</td><td>${appName(e.app)}</td><td>${e.method}</td><td class="path" title=${e.path}>${servicePath(e)}</td>
          <td class=${`status s${Math.floor(e.status / 100)}`}>${e.status}</td><td>${(e.micros / 1000).toFixed(1)}</td>
          <td class="reason">${e.reason || ''}${e.rule && html`<div class="rule" data-testid="rule">${e.rule}</div>`}</td>
        </tr>`)}</tbody>
      </table>`}
  </div>`;
}
