// Apps: ids and keys with copy buttons; create, fork, reset, delete; in-memory snapshots; the
// app's clock.
import { useEffect, useState } from '../vendor/hooks.mjs';
import { control } from '../api.js';
import { Copy, ErrorBox, html, useAction, when } from '../components.js';

function AppCard({ app, selected, go, refreshApps }) {
  const { error, run } = useAction(refreshApps);
  const fork = () => run(async () => {
    const copy = await control('POST', `/apps/${app.id}/fork`, {});
    go('apps', { app: copy.id });
  });
  const reset = () => confirm(`Empty every table, user, file and store of ${app.name}?`) &&
    run(() => control('POST', `/apps/${app.id}/reset`));
  const remove = () => confirm(`Delete app ${app.name} (${app.id})?`) &&
    run(async () => {
      await control('DELETE', `/apps/${app.id}`);
      go('apps');
    });
  return html`<section class=${`card app${selected ? ' selected' : ''}`} data-app=${app.id}>
    <h3><a href=${`#/apps?app=${app.id}`}>${app.name}</a> ${app.default && html`<span class="badge">default</span>`}</h3>
    <dl class="keys">
      <dt>app id</dt><dd><code>${app.id}</code> <${Copy} text=${app.id} /></dd>
      ${Object.entries(app.keys).map(([kind, key]) => html`
        <dt>${kind} key${kind === 'JS' ? ' (JS SDK apiKey)' : ''}</dt>
        <dd><code>${key}</code> <${Copy} text=${key} /></dd>`)}
      <dt>client API</dt><dd><code>${app.baseUrl}</code> <${Copy} text=${app.baseUrl} /></dd>
    </dl>
    <div class="actions">
      <button onClick=${fork}>Fork</button>
      <button onClick=${reset}>Reset</button>
      <button class="danger" onClick=${remove}>Delete</button>
    </div>
    <${ErrorBox} error=${error} />
  </section>`;
}

function CreateApp({ go, refreshApps }) {
  const [form, setForm] = useState({ name: '', id: '', apiKey: '' });
  const { error, run } = useAction(refreshApps);
  const field = (name, label) => html`<label>${label}
    <input name=${name} value=${form[name]} onInput=${(e) => setForm({ ...form, [name]: e.target.value })} /></label>`;
  const submit = (e) => {
    e.preventDefault();
    const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== ''));
    run(async () => {
      const created = await control('POST', '/apps', body);
      setForm({ name: '', id: '', apiKey: '' });
      go('apps', { app: created.id });
    });
  };
  return html`<form class="card inline" onSubmit=${submit} data-testid="create-app">
    <h3>New app</h3>
    ${field('name', 'name')} ${field('id', 'id (optional)')} ${field('apiKey', 'REST/JS key (optional)')}
    <button type="submit">Create</button>
    <${ErrorBox} error=${error} />
  </form>`;
}

function Snapshots({ app }) {
  const [ids, setIds] = useState([]);
  const [deletable, setDeletable] = useState(false);
  const load = async () => setIds(await control('GET', `/apps/${app.id}/snapshots`));
  const { error, run } = useAction(load);
  useEffect(() => {
    run(load);
    // Snapshot deletion is a newer route: offer it only when this emulator answers it (an
    // unknown snapshot, not an unknown route: 99001, or 2002 when the path fell through to the
    // client-API router).
    control('DELETE', `/apps/${app.id}/snapshots/-`).then(
      () => setDeletable(true),
      (e) => setDeletable(!(e.body && [99001, 2002].includes(e.body.code))),
    );
  }, [app.id]);
  return html`<section class="card" data-testid="snapshots">
    <h3>In-memory snapshots of ${app.name}</h3>
    <button onClick=${() => run(() => control('POST', `/apps/${app.id}/snapshots`))}>Take snapshot</button>
    ${ids.length === 0 ? html`<p class="empty">No snapshots.</p>` : html`<ul>${ids.map((sid) => html`<li>
      snapshot <code>${sid}</code>
      <button onClick=${() => confirm(`Replace ${app.name}'s state with snapshot ${sid}?`) &&
        run(() => control('POST', `/apps/${app.id}/snapshots/${sid}/restore`))}>Restore</button>
      ${deletable && html`<button class="danger" onClick=${() => run(() => control('DELETE', `/apps/${app.id}/snapshots/${sid}`))}>Delete</button>`}
    </li>`)}</ul>`}
    <${ErrorBox} error=${error} />
  </section>`;
}

function Clock({ app }) {
  const [clock, setClock] = useState(null);
  const [advance, setAdvance] = useState('60000');
  const [at, setAt] = useState('');
  const load = async () => setClock(await control('GET', `/apps/${app.id}/clock`));
  const { error, run } = useAction(load);
  useEffect(() => void run(load), [app.id]);
  const set = (body) => run(() => control('PUT', `/apps/${app.id}/clock`, body));
  return html`<section class="card" data-testid="clock">
    <h3>Clock of ${app.name}</h3>
    ${clock && html`<p>now: <strong data-testid="clock-now">${new Date(clock.now).toISOString()}</strong>
      (<code>${clock.now}</code> ms) · ${clock.virtual ? 'virtual (moves only when set or advanced)' : 'system time'}</p>`}
    <div class="inline">
      <label>advance by (ms) <input name="advance" value=${advance} onInput=${(e) => setAdvance(e.target.value)} /></label>
      <button onClick=${() => set({ advance: Number(advance) })}>Advance</button>
      ${[['+1 min', 60e3], ['+1 h', 3600e3], ['+1 day', 86400e3]].map(
        ([label, ms]) => html`<button onClick=${() => set({ advance: ms })}>${label}</button>`,
      )}
    </div>
    <div class="inline">
      <label>set to (UTC) <input name="at" type="datetime-local" step="1" value=${at} onInput=${(e) => setAt(e.target.value)} /></label>
      <button onClick=${() => at && set({ now: Date.parse(`${at}Z`) })}>Set</button>
    </div>
    <${ErrorBox} error=${error} />
  </section>`;
}

/** The Apps page. */
export function Apps({ app, apps, go, refreshApps }) {
  return html`<div class="page" data-testid="apps-page">
    <h2>Apps</h2>
    <div class="cards">${apps.map((a) => html`<${AppCard} key=${a.id} app=${a} selected=${app && a.id === app.id}
      go=${go} refreshApps=${refreshApps} />`)}</div>
    <${CreateApp} go=${go} refreshApps=${refreshApps} />
    ${app && html`<${Snapshots} key=${`s${app.id}`} app=${app} />`}
    ${app && html`<${Clock} key=${`c${app.id}`} app=${app} />`}
    <p class="hint">Created ${app ? when(app.created) : ''}. Everything lives in memory unless the emulator runs with <code>--data-dir</code>.</p>
  </div>`;
}
