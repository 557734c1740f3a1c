// Users: every user with roles, status and sessions; the outbox (emails, push) whose
// confirmation and password-reset links work when clicked.
import { useEffect, useState } from '../vendor/hooks.mjs';
import { control } from '../api.js';
import { ErrorBox, html, when } from '../components.js';

/** The control-plane path of an emailed link (`http://host/_emulator/apps/...` → `/apps/...`). */
const controlPath = (link) => new URL(link, location.href).pathname.replace(/^\/_emulator/, '');

function Link({ message, after }) {
  const [password, setPassword] = useState('');
  const [asking, setAsking] = useState(false);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const reset = message.link.includes('/password-reset/');
  const click = async (e) => {
    e.preventDefault();
    if (reset) return setAsking(true);
    try {
      const answer = await control('GET', controlPath(message.link));
      setResult(`Email confirmed: ${answer.user.email || answer.user.objectId} is now ${answer.user.userStatus}.`);
      after();
    } catch (err) {
      setError(err);
    }
  };
  const submit = async (e) => {
    e.preventDefault();
    try {
      await control('POST', controlPath(message.link), { password });
      setAsking(false);
      setResult('Password changed: log in with the new one.');
    } catch (err) {
      setError(err);
    }
  };
  return html`<div class="link">
    <a href=${message.link} onClick=${click} data-testid="email-link">${message.link}</a>
    ${asking && html`<form class="inline" onSubmit=${submit}>
      <label>new password <input type="password" name="new-password" value=${password}
        onInput=${(e) => setPassword(e.target.value)} /></label>
      <button type="submit">Set password</button></form>`}
    ${result && html`<p class="ok" data-testid="link-result">${result}</p>`}
    <${ErrorBox} error=${error} />
  </div>`;
}

function Outbox({ app, after }) {
  const [messages, setMessages] = useState([]);
  const [error, setError] = useState(null);
  const load = () => control('GET', `/apps/${app.id}/outbox`).then((m) => setMessages(m.reverse()), setError);
  useEffect(() => void load(), [app.id]);
  const clear = () => control('DELETE', `/apps/${app.id}/outbox`).then(load, setError);
  return html`<section data-testid="outbox">
    <h2>Outbox <button onClick=${load}>refresh</button> <button onClick=${clear}>clear</button></h2>
    <p class="hint">Emails and push notifications the app would have sent; nothing leaves the emulator.</p>
    <${ErrorBox} error=${error} />
    ${messages.length === 0 ? html`<p class="empty">The outbox is empty.</p>` : messages.map((m) => html`
      <article class="card message" data-kind=${m.kind}>
        <header><span class="badge">${m.kind}</span> <strong>${m.subject}</strong>
          <span class="when">${when(m.created)}</span></header>
        <p>to: ${m.to.join(', ')}</p>
        <pre class="body">${m.body}</pre>
        ${m.link && html`<${Link} message=${m} after=${after} />`}
        ${m.kind === 'push' && m.data && html`<pre>${JSON.stringify(m.data, null, 2)}</pre>`}
      </article>`)}
  </section>`;
}

/** The Users page. */
export function Users({ app }) {
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const [offset, setOffset] = useState(0);
  const load = () => control('GET', `/apps/${app.id}/users`, undefined, { offset, pageSize: 50 }).then(setPage, setError);
  useEffect(() => void load(), [app.id, offset]);
  return html`<div class="page" data-testid="users-page">
    <h2>Users ${page && html`<span class="count">${page.total}</span>`}</h2>
    <${ErrorBox} error=${error} />
    ${page && (page.users.length === 0 ? html`<p class="empty">No users yet.</p>` : html`
      <table class="grid" data-testid="users">
        <thead><tr><th>identity</th><th>objectId</th><th>status</th><th>roles</th><th>sessions</th><th>last login</th></tr></thead>
        <tbody>${page.users.map(({ user, roles, sessions }) => html`<tr data-id=${user.objectId}>
          <td>${user.email || user.name || ''}</td><td><code>${user.objectId}</code></td>
          <td class="status">${user.userStatus}</td>
          <td>${roles.map((r) => html`<span class="badge">${r}</span> `)}</td>
          <td>${sessions.length === 0 ? 'none' : sessions.map((s) => html`<div><code>${s.token}</code>
            ${s.guest ? ' guest' : ''} · last seen ${when(s.lastSeen)}</div>`)}</td>
          <td>${when(user.lastLogin)}</td></tr>`)}</tbody>
      </table>
      <div class="actions">
        <button disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - 50))}>‹ previous</button>
        <button disabled=${offset + 50 >= page.total} onClick=${() => setOffset(offset + 50)}>next ›</button>
      </div>`)}
    <${Outbox} app=${app} after=${load} />
  </div>`;
}
