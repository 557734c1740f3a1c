// How the UI talks to the emulator: the control plane (with its token, when one is set) and each
// app's client API (with the app's REST key, so answers and errors are exactly the API's).

const TOKEN_KEY = 'backendless-emulator-control-token';

// `?token=` in the UI's own URL: kept for this tab, then removed from the address bar.
const params = new URLSearchParams(location.search);
if (params.has('token')) {
  sessionStorage.setItem(TOKEN_KEY, params.get('token'));
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
}

export const getToken = () => sessionStorage.getItem(TOKEN_KEY) || '';
export const setToken = (token) => sessionStorage.setItem(TOKEN_KEY, token);

/** A non-2xx answer of the control plane: `status` and the JSON `body` (`{code, message}`). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

let unauthorized = () => {};
/** Called whenever the control plane refuses the token (401). */
export const whenUnauthorized = (f) => (unauthorized = f);

async function send(url, { method = 'GET', body, form, headers = {} } = {}) {
  const sent = { method, headers: { ...headers } };
  if (form) sent.body = form;
  else if (body !== undefined) {
    sent.headers['content-type'] = 'application/json';
    sent.body = JSON.stringify(body);
  }
  const res = await fetch(url, sent);
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, ok: res.ok, body: json };
}

const withQuery = (path, query) => {
  const pairs = Object.entries(query || {}).filter(([, v]) => v !== '' && v !== undefined && v !== null);
  return pairs.length ? `${path}?${new URLSearchParams(pairs)}` : path;
};

/** A control-plane call (`/_emulator{path}`): the JSON answer, or throws an ApiError. */
export async function control(method, path, body, query) {
  const token = getToken();
  const reply = await send(withQuery(`/_emulator${path}`, query), {
    method,
    body,
    headers: token ? { 'x-emulator-token': token } : {},
  });
  if (reply.status === 401) unauthorized();
  if (!reply.ok) throw new ApiError(reply.status, reply.body);
  return reply.body;
}

/** A client-API call of `app` (`/{appId}/{restKey}{path}`): `{status, ok, body}`, never throws
 *  on an API error, so pages show the error as the API gave it. */
export function client(app, method, path, { query, body, form } = {}) {
  return send(withQuery(`/${app.id}/${app.keys.REST}${path}`, query), { method, body, form });
}

/** The URL of a control-plane event stream; EventSource sends no headers, so the token rides in
 *  the query. */
export function streamUrl(path, query) {
  const token = getToken();
  return withQuery(`/_emulator${path}`, { ...query, token: token || undefined });
}
