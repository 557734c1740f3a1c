// Small shared pieces: the `html` template tag, copy buttons, error boxes, generic tables.
import { h } from './vendor/preact.mjs';
import { useState } from './vendor/hooks.mjs';
import htm from './vendor/htm.mjs';

export const html = htm.bind(h);

/** Copies `text` to the clipboard; says so for a moment. */
export function Copy({ text, label = 'copy' }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setDone(true);
    setTimeout(() => setDone(false), 1200);
  };
  return html`<button class="copy" title=${`Copy ${text}`} onClick=${copy}>${done ? 'copied' : label}</button>`;
}

/** An error as the API answered it: status, code and message, and the whole body. */
export function ErrorBox({ error }) {
  if (!error) return null;
  const body = error.body ?? error;
  const code = body && typeof body === 'object' ? body.code : undefined;
  const message = body && typeof body === 'object' ? body.message : String(body);
  return html`<div class="error" role="alert">
    <strong>${error.status ? `HTTP ${error.status}` : 'Error'}${code !== undefined ? ` · code ${code}` : ''}</strong>
    <span class="message">${message}</span>
    ${body && typeof body === 'object' ? html`<pre>${JSON.stringify(body, null, 2)}</pre>` : null}
  </div>`;
}

/** A value in one table cell: text as is, anything else as compact JSON. */
export function short(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** Epoch ms as local date and time. */
export const when = (ms) => (typeof ms === 'number' && ms > 0 ? new Date(ms).toLocaleString() : '');

/** A table of objects: one column per key found in any of them. */
export function Rows({ rows, empty = 'Nothing here yet.', testid }) {
  if (!rows || rows.length === 0) return html`<p class="empty">${empty}</p>`;
  const columns = [...new Set(rows.flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : ['value'])))];
  return html`<table class="grid" data-testid=${testid}>
    <thead><tr>${columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr>${columns.map((c) => html`<td>${short(r && typeof r === 'object' ? r[c] : r)}</td>`)}</tr>`,
    )}</tbody>
  </table>`;
}

/** A key → value map as a two-column table. */
export function Pairs({ map, keyName = 'key', valueName = 'value', testid }) {
  const entries = Object.entries(map || {});
  if (entries.length === 0) return html`<p class="empty">Nothing here yet.</p>`;
  return html`<table class="grid" data-testid=${testid}>
    <thead><tr><th>${keyName}</th><th>${valueName}</th></tr></thead>
    <tbody>${entries.map(([k, v]) => html`<tr><td>${k}</td><td><code>${short(v)}</code></td></tr>`)}</tbody>
  </table>`;
}

/** Runs an async action, keeping its error for display. */
export function useAction(after) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const run = async (f) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      if (after) await after();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run, setError };
}
