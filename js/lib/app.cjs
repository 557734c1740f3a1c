'use strict'
// One app of a running emulator: its id and keys, and the control-plane helpers scoped to it
// (clock, outbox, journal, faults, login-as, reset, fork, export/import, settings).

const { queryString } = require('./control.cjs')

function toMs(time) {
  if (time instanceof Date) return time.getTime()
  if (typeof time === 'string') {
    const ms = Date.parse(time)
    if (Number.isNaN(ms)) throw new TypeError(`clock.set: not a date: ${time}`)
    return ms
  }
  if (!Number.isFinite(time)) throw new TypeError('clock.set: expected epoch ms, a Date or an ISO date string')
  return Math.trunc(time)
}

/** An app of a running emulator (made by createApp, forkApp, app(id) or useApp). */
class EmulatorApp {
  /**
   * @param {import('./control.cjs').ControlClient} control
   * @param {object} description the control plane's app object (`GET /_emulator/apps/{id}`)
   */
  constructor(control, description) {
    this.control = control
    this.id = description.id
    this.appId = description.id
    this.name = description.name
    this.keys = { ...description.keys }
    this.apiKey = description.keys.JS || description.keys.REST
    this.baseURL = control.baseURL
    this.url = description.baseUrl
    this.sdk = null
    const base = `/_emulator/apps/${encodeURIComponent(this.id)}`
    this.path = base
    this.clock = {
      /** The app's current time, epoch ms. */
      now: async () => (await control.get(`${base}/clock`)).now,
      /** Set the app's time (epoch ms, Date or ISO string); answers the new time. */
      set: async (time) => (await control.put(`${base}/clock`, { now: toMs(time) })).now,
      /** Move the app's time by `ms` (negative goes back); answers the new time. */
      advance: async (ms) => {
        if (!Number.isFinite(ms)) throw new TypeError('clock.advance: expected a number of ms')
        return (await control.put(`${base}/clock`, { advance: Math.trunc(ms) })).now
      },
    }
    this.faults = {
      /** Add a fault rule for this app's requests (see the README's fault injection). */
      add: (rule) => control.post('/_emulator/faults', { appId: this.id, ...rule }),
      /** The fault rules that apply to this app only. */
      list: async () => (await control.get('/_emulator/faults')).filter((r) => r.appId === this.id),
      /** Remove this app's fault rules; answers how many were removed. */
      clear: async () => {
        const mine = await this.faults.list()
        for (const rule of mine) await control.delete(`/_emulator/faults/${rule.id}`)
        return mine.length
      },
    }
  }

  /** Emails and pushes the app would have sent (`{clear: true}` empties the outbox afterwards). */
  async outbox({ clear = false } = {}) {
    const items = await this.control.get(`${this.path}/outbox`)
    if (clear) await this.clearOutbox()
    return items
  }

  /** Empty the outbox. */
  async clearOutbox() {
    await this.control.delete(`${this.path}/outbox`)
  }

  /** This app's recent requests, newest last: `{path, status, limit}` filter them. */
  async journal(filter = {}) {
    const answer = await this.control.get(`/_emulator/journal${queryString({ ...filter, app: this.id })}`)
    return answer.entries
  }

  /**
   * A session for an existing user, without a password: `loginAs('ann@example.com')` or
   * `loginAs({ objectId })` / `loginAs({ login })`. Answers what `/users/login` answers (the user
   * with its `user-token`). When an SDK is bound (useApp or initBackendless), it becomes the
   * SDK's current user unless `{ setCurrentUser: false }`.
   */
  async loginAs(who, { setCurrentUser = true } = {}) {
    const body = typeof who === 'string' ? { email: who } : who
    if (!body || typeof body !== 'object') throw new TypeError('loginAs: expected an email or {email|login|objectId}')
    const user = await this.control.post(`${this.path}/login-as`, body)
    if (setCurrentUser && this.sdk && this.sdk.UserService) {
      return this.sdk.UserService.setCurrentUser(user)
    }
    return user
  }

  /** Empty the app (users, data, files, ...), keeping its id and keys. */
  async reset() {
    await this.control.post(`${this.path}/reset`)
  }

  /** A new app holding a copy of this one (`{id, apiKey, name}` optional). */
  async fork(options = {}) {
    return new EmulatorApp(this.control, await this.control.post(`${this.path}/fork`, options))
  }

  /** Delete the app. */
  async delete() {
    await this.control.delete(this.path)
  }

  /** The app's whole state as JSON. */
  export() {
    return this.control.get(`${this.path}/export`)
  }

  /** Replace the app's state with an export. */
  async import(state) {
    await this.control.post(`${this.path}/import`, state)
  }

  /** The app's settings; with a patch (`{registration, login, data}`), merges it first. */
  settings(patch) {
    return patch === undefined
      ? this.control.get(`${this.path}/settings`)
      : this.control.put(`${this.path}/settings`, patch)
  }

  /** Options for `Backendless.initApp` that point the SDK at this app. */
  initOptions(extra = {}) {
    return { appId: this.id, apiKey: this.apiKey, serverURL: this.baseURL, ...extra }
  }

  /**
   * Point an SDK at this app: `Backendless.initApp(app.initOptions(extra))`. Answers the SDK
   * instance initApp returned (a new one with `{standalone: true}`), which loginAs then updates.
   */
  async initBackendless(Backendless, extra = {}) {
    if (!Backendless || typeof Backendless.initApp !== 'function') {
      throw new TypeError('initBackendless: expected the Backendless SDK (the default export of "backendless")')
    }
    const sdk = Backendless.initApp(this.initOptions(extra)) || Backendless
    this.sdk = sdk
    if (typeof sdk.appInfoPromise === 'function') {
      // initApp loads the app's info in the background: let it finish while the app exists.
      await sdk.appInfoPromise().catch(() => {})
    }
    return sdk
  }
}

module.exports = { EmulatorApp }
