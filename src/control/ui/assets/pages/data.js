// Data: tables with their schema; rows through the app's REST API (where, sortBy, props, paging
// exactly as the API takes them, errors as it gives them); create, edit, delete; follow a relation.
import { useEffect, useState } from '../vendor/hooks.mjs';
import { client, control } from '../api.js';
import { ErrorBox, html, short } from '../components.js';

const SYSTEM = new Set(['objectId', 'ownerId', 'created', 'updated', '___class']);

function Schema({ table, app, go }) {
  return html`<details class="schema" open data-testid="schema">
    <summary>Schema of ${table.name}: ${table.columns.length} columns, ${table.relations.length} relations</summary>
    <table class="grid">
      <thead><tr><th>column</th><th>type</th><th>required</th><th>unique</th><th>default</th></tr></thead>
      <tbody>
        ${table.columns.map((c) => html`<tr><td>${c.name}</td><td>${c.dataType}</td><td>${c.required ? 'yes' : ''}</td>
          <td>${c.unique ? 'yes' : ''}</td><td>${short(c.defaultValue)}</td></tr>`)}
        ${table.relations.map((r) => html`<tr class="relation"><td>${r.name}</td>
          <td>→ <a href="#" onClick=${(e) => { e.preventDefault(); go('data', { app: app.id, table: r.toTableName }); }}>${r.toTableName}</a>
          (${r.relationshipType === 'ONE_TO_MANY' ? '1:N' : '1:1'})</td><td>${r.required ? 'yes' : ''}</td><td></td><td></td></tr>`)}
      </tbody>
    </table>
  </details>`;
}

/** JSON editor of one row: a new one (POST) or an existing one (PUT). */
function Editor({ app, table, row, done }) {
  const editable = row ? Object.fromEntries(Object.entries(row).filter(([k]) => !SYSTEM.has(k))) : {};
  const [text, setText] = useState(JSON.stringify(editable, null, 2));
  const [error, setError] = useState(null);
  const save = async () => {
    let body;
    try {
      body = JSON.parse(text);
    } catch (e) {
      setError({ body: { message: `Not JSON: ${e.message}` } });
      return;
    }
    const reply = row
      ? await client(app, 'PUT', `/data/${encodeURIComponent(table)}/${row.objectId}`, { body })
      : await client(app, 'POST', `/data/${encodeURIComponent(table)}`, { body });
    if (reply.ok) done();
    else setError(reply);
  };
  return html`<div class="card editor" data-testid="row-editor">
    <h3>${row ? `Edit ${row.objectId}` : `New row in ${table}`}</h3>
    <textarea name="row" rows="10" value=${text} onInput=${(e) => setText(e.target.value)}></textarea>
    <div class="actions"><button onClick=${save}>Save</button> <button onClick=${() => done(true)}>Cancel</button></div>
    <${ErrorBox} error=${error} />
  </div>`;
}

function Rows({ app, table, params, go }) {
  const initial = { where: params.where || '', sortBy: params.sortBy || '', props: params.props || '',
    pageSize: params.pageSize || '20', offset: params.offset || '0' };
  const [query, setQuery] = useState(initial);
  const [result, setResult] = useState(null);
  const [count, setCount] = useState(null);
  const [editing, setEditing] = useState(null);
  const [error, setError] = useState(null);
  const path = `/data/${encodeURIComponent(table.name)}`;
  const relations = new Set(table.relations.map((r) => r.name));

  const load = async (q = query) => {
    const reply = await client(app, 'GET', path, { query: q });
    setResult(reply);
    const counted = await client(app, 'GET', `${path}/count`, { query: { where: q.where } });
    setCount(counted.ok ? counted.body : null);
  };
  useEffect(() => void load(), [table.name, params.where]);

  const run = (e) => {
    e && e.preventDefault();
    load();
  };
  const page = (delta) => {
    const size = Number(query.pageSize) || 20;
    const next = { ...query, offset: String(Math.max(0, (Number(query.offset) || 0) + delta * size)) };
    setQuery(next);
    load(next);
  };
  const remove = async (row) => {
    if (!confirm(`Delete ${row.objectId} from ${table.name}?`)) return;
    const reply = await client(app, 'DELETE', `${path}/${row.objectId}`);
    setError(reply.ok ? null : reply);
    load();
  };
  const follow = async (row, relation) => {
    const target = table.relations.find((r) => r.name === relation).toTableName;
    const reply = await client(app, 'GET', `${path}/${row.objectId}/${relation}`, { query: { pageSize: 100 } });
    if (!reply.ok) return setError(reply);
    const related = (Array.isArray(reply.body) ? reply.body : [reply.body]).filter(Boolean);
    const ids = related.map((o) => `'${o.objectId}'`).join(', ');
    go('data', { app: app.id, table: target, where: ids ? `objectId in (${ids})` : "objectId = ''" });
  };

  const rows = result && result.ok && Array.isArray(result.body) ? result.body : [];
  // Relation columns come from the schema: the API leaves them out unless they are loaded.
  const columns = [...new Set([...rows.flatMap((r) => Object.keys(r)), ...relations])].filter((c) => c !== '___class');
  const field = (name, label, size) => html`<label>${label}
    <input name=${name} size=${size} value=${query[name]} onInput=${(e) => setQuery({ ...query, [name]: e.target.value })} /></label>`;
  return html`<div data-testid="rows">
    <form class="query inline" onSubmit=${run}>
      ${field('where', 'where', 40)} ${field('sortBy', 'sortBy', 14)} ${field('props', 'props', 14)}
      ${field('pageSize', 'pageSize', 3)} ${field('offset', 'offset', 3)}
      <button type="submit">Run</button>
      <button type="button" onClick=${() => setEditing({})}>New row</button>
    </form>
    <p class="hint">GET ${path}${count !== null ? ` · ${count} matching` : ''}</p>
    ${result && !result.ok && html`<${ErrorBox} error=${result} />`}
    <${ErrorBox} error=${error} />
    ${editing && html`<${Editor} app=${app} table=${table.name} row=${editing.objectId ? editing : null}
      done=${(cancelled) => { setEditing(null); if (!cancelled) load(); }} />`}
    ${result && result.ok && (rows.length === 0 ? html`<p class="empty">No rows.</p>` : html`
      <table class="grid rows" data-testid="data-rows">
        <thead><tr><th></th>${columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
        <tbody>${rows.map((row) => html`<tr data-id=${row.objectId}>
          <td class="row-actions"><button onClick=${() => setEditing(row)}>edit</button>
            <button class="danger" onClick=${() => remove(row)}>delete</button></td>
          ${columns.map((c) => html`<td>${short(row[c])}
            ${relations.has(c) && html` <button class="follow" onClick=${() => follow(row, c)}>follow →</button>`}</td>`)}
        </tr>`)}</tbody>
      </table>
      <div class="actions"><button onClick=${() => page(-1)}>‹ previous</button> <button onClick=${() => page(1)}>next ›</button></div>`)}
  </div>`;
}

/** The Data page. */
export function Data({ app, params, go }) {
  const [tables, setTables] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    control('GET', `/apps/${app.id}/tables`).then(setTables, setError);
  }, [app.id]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!tables) return html`<p>Loading…</p>`;
  const table = tables.find((t) => t.name === params.table);
  return html`<div class="page split" data-testid="data-page">
    <aside><h2>Tables</h2><ul class="tables">${tables.map((t) => html`<li>
      <a href="#" class=${t.name === params.table ? 'active' : ''} data-table=${t.name}
        onClick=${(e) => { e.preventDefault(); go('data', { app: app.id, table: t.name }); }}>${t.name}</a>
      <span class="count">${t.count}</span></li>`)}</ul></aside>
    <section>${table ? html`<h2>${table.name}</h2>
      <${Schema} table=${table} app=${app} go=${go} />
      <${Rows} key=${`${table.name}?${params.where || ''}`} app=${app} table=${table} params=${params} go=${go} />`
      : html`<p class="empty">Pick a table.</p>`}</section>
  </div>`;
}
