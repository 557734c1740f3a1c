// Read-only views of what Hive, Counters, Cache, Messaging, Timers and the app log hold.
import { useEffect, useState } from '../vendor/hooks.mjs';
import { control } from '../api.js';
import { ErrorBox, html, Pairs, Rows, short, when } from '../components.js';

/** Loads a control-plane path for the page, with a refresh button. */
function useLoad(path, query) {
  const [value, setValue] = useState(null);
  const [error, setError] = useState(null);
  const load = () => control('GET', path, undefined, query).then(setValue, setError);
  useEffect(() => void load(), [path]);
  return { value, error, load };
}

/** Any JSON value as sections: arrays as tables, objects as key/value tables. */
function Sections({ value, testid }) {
  if (value === null || typeof value !== 'object') return html`<pre>${short(value)}</pre>`;
  return html`<div data-testid=${testid}>${Object.entries(value).map(([name, part]) => html`
    <section class="card"><h3>${name} ${Array.isArray(part) ? html`<span class="count">${part.length}</span>` : ''}</h3>
      ${Array.isArray(part) ? html`<${Rows} rows=${part} />` : part && typeof part === 'object'
        ? html`<${Pairs} map=${part} />` : html`<pre>${short(part)}</pre>`}</section>`)}</div>`;
}

function Hive({ hives }) {
  const names = Object.keys(hives || {});
  if (names.length === 0) return html`<p class="empty">No hive holds anything.</p>`;
  // Each store type that holds something, key by key (a key-value entry shows its value).
  const stores = (hive) => Object.entries(hive || {}).filter(([, store]) => store && Object.keys(store).length > 0);
  const values = (store) => Object.fromEntries(Object.entries(store).map(
    ([k, v]) => [k, v && typeof v === 'object' && 'value' in v ? v.value : v]));
  return names.map((name) => html`<section class="card" data-hive=${name}>
    <h3>hive ${name}</h3>
    ${stores(hives[name]).map(([type, store]) => html`<h4>${type}</h4><${Pairs} map=${values(store)} />`)}
  </section>`);
}

/** The Hive · Counters · Cache page. */
export function Stores({ app }) {
  const { value, error, load } = useLoad(`/apps/${app.id}/stores`);
  return html`<div class="page" data-testid="stores-page">
    <h2>Hive · Counters · Cache <button onClick=${load}>refresh</button></h2>
    <${ErrorBox} error=${error} />
    ${value && html`
      <h2>Counters</h2><${Pairs} map=${value.counters} keyName="counter" testid="counters" />
      <h2>Cache</h2>${Object.keys(value.cache || {}).length === 0 ? html`<p class="empty">The cache is empty.</p>` : html`
        <table class="grid" data-testid="cache"><thead><tr><th>key</th><th>value</th><th>expires (app clock)</th></tr></thead>
        <tbody>${Object.entries(value.cache).map(([k, e]) => html`<tr><td>${k}</td><td><code>${short(e.value)}</code></td>
          <td>${when(e.expiresAt)}</td></tr>`)}</tbody></table>`}
      <h2>Hive</h2><${Hive} hives=${value.hive} />`}
  </div>`;
}

/** The Messaging page: published messages, deliveries, subscriptions, devices. */
export function Messaging({ app }) {
  const { value, error, load } = useLoad(`/apps/${app.id}/messaging`);
  return html`<div class="page" data-testid="messaging-page">
    <h2>Messaging <button onClick=${load}>refresh</button></h2>
    <p class="hint">Emails and push notifications are on the Users page's outbox.</p>
    <${ErrorBox} error=${error} />
    ${value && html`<${Sections} value=${value} testid="messaging" />`}
  </div>`;
}

/** The Timers page: timers and their firings. */
export function Timers({ app }) {
  const timers = useLoad(`/apps/${app.id}/timers`);
  const logs = useLoad(`/apps/${app.id}/timers/logs`);
  return html`<div class="page" data-testid="timers-page">
    <h2>Timers <button onClick=${() => { timers.load(); logs.load(); }}>refresh</button></h2>
    <${ErrorBox} error=${timers.error || logs.error} />
    ${timers.value && html`<${Rows} rows=${timers.value} empty="No timers (they are created through the console API)." testid="timers" />`}
    <h2>Firings</h2>
    ${logs.value && (Array.isArray(logs.value) ? html`<${Rows} rows=${logs.value} empty="No firings yet." />` : html`<${Sections} value=${logs.value} />`)}
  </div>`;
}

/** The Logs page: what Backendless.Logging flushed. */
export function Logs({ app }) {
  const log = useLoad(`/apps/${app.id}/log`);
  const levels = useLoad(`/apps/${app.id}/log/levels`);
  return html`<div class="page" data-testid="logs-page">
    <h2>Logs <button onClick=${log.load}>refresh</button></h2>
    <${ErrorBox} error=${log.error || levels.error} />
    ${log.value && (Array.isArray(log.value) ? html`<${Rows} rows=${log.value} empty="Nothing logged yet." testid="log" />` : html`<${Sections} value=${log.value} />`)}
    <h2>Logger levels</h2>
    ${levels.value && html`<${Pairs} map=${levels.value} keyName="logger" valueName="level" />`}
  </div>`;
}
