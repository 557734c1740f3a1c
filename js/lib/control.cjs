'use strict'
// HTTP calls to the emulator's control plane (`/_emulator/...`), with the control token if any.

/** A control-plane call that failed: the emulator's `{code, message}` with the HTTP status. */
class EmulatorError extends Error {
  constructor(message, { code, status, method, path } = {}) {
    super(message)
    this.name = 'EmulatorError'
    this.code = code
    this.status = status
    this.method = method
    this.path = path
  }
}

/** Talks to one emulator's control plane. */
class ControlClient {
  /**
   * @param {string} baseURL the emulator's root URL, e.g. http://127.0.0.1:9000
   * @param {string} [token] sent as `x-emulator-token` on every call
   */
  constructor(baseURL, token) {
    this.baseURL = baseURL.replace(/\/+$/, '')
    this.token = token || undefined
  }

  /**
   * One call; answers the parsed JSON body, throws an EmulatorError for a non-2xx answer (or when
   * `signal` aborts it).
   */
  async request(method, path, body, { signal } = {}) {
    const headers = { accept: 'application/json' }
    if (this.token) headers['x-emulator-token'] = this.token
    if (body !== undefined) headers['content-type'] = 'application/json'
    let response
    try {
      response = await fetch(this.baseURL + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      })
    } catch (e) {
      throw new EmulatorError(`${method} ${path}: emulator at ${this.baseURL} unreachable (${e.cause?.code || e.name || e.message})`, {
        method,
        path,
      })
    }
    const text = await response.text()
    let value = null
    if (text) {
      try {
        value = JSON.parse(text)
      } catch {
        value = text
      }
    }
    if (!response.ok) {
      const code = value && typeof value === 'object' ? value.code : undefined
      const message = value && typeof value === 'object' && value.message ? value.message : String(text || response.statusText)
      throw new EmulatorError(`${method} ${path}: ${response.status}${code ? ` (code ${code})` : ''} ${message}`, {
        code,
        status: response.status,
        method,
        path,
      })
    }
    return value
  }

  get(path) {
    return this.request('GET', path)
  }

  post(path, body = {}) {
    return this.request('POST', path, body)
  }

  put(path, body) {
    return this.request('PUT', path, body)
  }

  delete(path) {
    return this.request('DELETE', path)
  }
}

/** `?a=1&b=2` from the defined values of an object ('' when there are none). */
function queryString(params = {}) {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) search.set(key, String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

module.exports = { ControlClient, EmulatorError, queryString }
