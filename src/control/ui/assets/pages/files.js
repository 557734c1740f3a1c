// Files: the app's file tree; upload, download, delete (through the app's Files API).
import { useEffect, useState } from '../vendor/hooks.mjs';
import { client, control } from '../api.js';
import { ErrorBox, html, when } from '../components.js';

const encodePath = (path) => path.split('/').filter(Boolean).map(encodeURIComponent).join('/');

/** The Files page. */
export function Files({ app, params, go }) {
  const dir = (params.path || '').replace(/^\/+|\/+$/g, '');
  const [listing, setListing] = useState(null);
  const [error, setError] = useState(null);
  const [file, setFile] = useState(null);
  const [folder, setFolder] = useState('');
  const load = () => control('GET', `/apps/${app.id}/files`, undefined, { path: dir }).then(setListing, setError);
  useEffect(() => void load(), [app.id, dir]);
  const open = (path) => go('files', { app: app.id, path });
  const within = (name) => encodePath(dir ? `${dir}/${name}` : name);

  const answer = (reply) => {
    setError(reply.ok ? null : reply);
    load();
  };
  const upload = async (e) => {
    e.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append('file', file, file.name);
    answer(await client(app, 'POST', `/files/${within(file.name)}`, { form, query: { overwrite: true } }));
  };
  const mkdir = async (e) => {
    e.preventDefault();
    if (folder.trim()) answer(await client(app, 'POST', `/files/${within(folder.trim())}`));
    setFolder('');
  };
  const remove = async (item) => {
    if (confirm(`Delete /${item.url}?`)) answer(await client(app, 'DELETE', `/files/${encodePath(item.url)}`));
  };

  const crumbs = dir ? dir.split('/') : [];
  return html`<div class="page" data-testid="files-page">
    <h2>Files</h2>
    <p class="crumbs"><a href="#" onClick=${(e) => { e.preventDefault(); open(''); }}>/</a>
      ${crumbs.map((c, i) => html` <a href="#" onClick=${(e) => { e.preventDefault(); open(crumbs.slice(0, i + 1).join('/')); }}>${c}</a> /`)}</p>
    <${ErrorBox} error=${error} />
    ${listing && (listing.items.length === 0 ? html`<p class="empty">This directory is empty.</p>` : html`
      <table class="grid" data-testid="files">
        <thead><tr><th>name</th><th>size</th><th>updated</th><th></th></tr></thead>
        <tbody>${listing.items.map((item) => html`<tr data-path=${item.url}>
          <td>${item.directory
            ? html`📁 <a href="#" onClick=${(e) => { e.preventDefault(); open(item.url); }}>${item.name}/</a>`
            : html`<a href=${item.publicUrl} download=${item.name}>${item.name}</a>`}</td>
          <td>${item.size}</td><td>${when(item.updatedOn || item.createdOn)}</td>
          <td>${!item.directory && html`<a class="button" href=${item.publicUrl} download=${item.name}>download</a> `}
            <button class="danger" onClick=${() => remove(item)}>delete</button></td>
        </tr>`)}</tbody>
      </table>`)}
    <form class="inline card" onSubmit=${upload}>
      <label>upload to /${dir} <input type="file" name="file" onChange=${(e) => setFile(e.target.files[0])} /></label>
      <button type="submit">Upload</button>
    </form>
    <form class="inline card" onSubmit=${mkdir}>
      <label>new directory <input name="folder" value=${folder} onInput=${(e) => setFolder(e.target.value)} /></label>
      <button type="submit">Create</button>
    </form>
  </div>`;
}
