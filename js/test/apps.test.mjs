// Per-test isolation and the control-plane helpers, driven through the official SDK.
import assert from 'node:assert/strict'
import { after, afterEach, before, beforeEach, describe, it } from 'node:test'

import { startEmulator, useApp } from '../index.mjs'
import { officialSdk, post } from './helpers.mjs'

const Backendless = officialSdk()
const emulator = await startEmulator({ seed: 3 })
after(() => emulator.stop())

const register = (app, email) => post(`${app.url}/users/register`, { email, password: 'secret' })

describe('apps', () => {
  it('createApp makes an empty app with its own keys', async () => {
    const app = await emulator.createApp({ name: 'empty' })
    assert.notEqual(app.id, emulator.appId)
    assert.equal(app.name, 'empty')
    assert.equal(app.url, `${emulator.baseURL}/${app.id}/${app.keys.REST}`)
    const [status] = await register(app, 'a@example.com')
    assert.equal(status, 200)
    await app.delete()
    const [gone, body] = await register(app, 'b@example.com')
    assert.deepEqual([gone, body.code], [400, 2002])
  })

  it('forkApp copies an app; writes to the fork stay in the fork', async () => {
    const template = await emulator.createApp()
    await register(template, 'ann@example.com')
    const fork = await emulator.forkApp(template.id)
    await register(fork, 'bob@example.com')
    assert.equal(await count(fork), 2)
    assert.equal(await count(template), 1)
    await fork.delete()
    await template.delete()
  })

  it('reset empties one app and keeps its id and keys', async () => {
    const app = await emulator.createApp()
    await register(app, 'ann@example.com')
    await emulator.reset(app.id)
    assert.equal(await count(app), 0)
    assert.equal((await emulator.getApp(app.id)).keys.REST, app.keys.REST)
    await app.delete()
  })
})

describe('helpers of one app', () => {
  let app
  beforeEach(async () => {
    app = await emulator.createApp()
  })
  afterEach(() => app.delete())

  it('clock.now, set and advance move the app clock', async () => {
    assert.equal(await app.clock.set(Date.UTC(2030, 0, 1)), Date.UTC(2030, 0, 1))
    assert.equal(await app.clock.advance(60_000), Date.UTC(2030, 0, 1, 0, 1))
    assert.ok((await app.clock.now()) >= Date.UTC(2030, 0, 1, 0, 1))
    assert.equal(await app.clock.set('2031-05-06T00:00:00Z'), Date.UTC(2031, 4, 6))
    await assert.rejects(app.clock.set('not a date'), TypeError)
  })

  it('outbox lists the emails the app would have sent, and clears them', async () => {
    await register(app, 'ann@example.com')
    await fetch(`${app.url}/users/restorepassword/ann@example.com`)
    const [mail] = await app.outbox({ clear: true })
    assert.deepEqual([mail.kind, mail.to], ['password-recovery', ['ann@example.com']])
    assert.deepEqual(await app.outbox(), [])
  })

  it('journal lists this app\'s requests only', async () => {
    await register(app, 'ann@example.com')
    await register(emulator.app, 'someone-else@example.com')
    const entries = await app.journal({ path: '/users/register' })
    assert.equal(entries.length, 1)
    assert.equal(entries[0].app, app.id)
    assert.equal(entries[0].status, 200)
  })

  it('faults.add fails this app\'s requests only; faults.clear removes only its rules', async () => {
    const other = await emulator.createApp()
    const global = await emulator.faults.add({ operation: 'GET /never/called', error: { code: 3003 } })
    const rule = await app.faults.add({ operation: 'POST /users/register', error: { code: 3033 } })
    assert.equal(rule.appId, app.id)
    assert.equal((await register(app, 'ann@example.com'))[1].code, 3033)
    assert.equal((await register(other, 'ann@example.com'))[0], 200)
    assert.equal(await app.faults.clear(), 1)
    assert.deepEqual((await emulator.faults.list()).map((r) => r.id), [global.id])
    assert.equal((await register(app, 'ann@example.com'))[0], 200)
    await emulator.faults.clear()
    assert.deepEqual(await emulator.faults.list(), [])
    await other.delete()
  })

  it('loginAs answers the user with a working user-token', async () => {
    const [, ann] = await register(app, 'ann@example.com')
    const user = await app.loginAs('ann@example.com')
    assert.equal(user.objectId, ann.objectId)
    const valid = await fetch(`${app.url}/users/isvalidusertoken/${user['user-token']}`)
    assert.equal(await valid.json(), true)
    assert.equal((await app.loginAs({ objectId: ann.objectId })).email, 'ann@example.com')
    await assert.rejects(app.loginAs('nobody@example.com'), { code: 99221, status: 404 })
  })

  it('initBackendless points the SDK at the app and loginAs makes the user current', async () => {
    const sdk = await app.initBackendless(Backendless, { standalone: true })
    await sdk.UserService.register({ email: 'ann@example.com', password: 'secret' })
    const user = await app.loginAs('ann@example.com')
    assert.equal((await sdk.UserService.getCurrentUser()).objectId, user.objectId)
    const saved = await sdk.Data.of('Note').save({ text: 'hi' })
    assert.equal(saved.ownerId, user.objectId)
  })
})

describe('useApp with node:test hooks', () => {
  before(async () => {
    await emulator.initBackendless(Backendless)
    await Backendless.Data.of('Task').save({ title: 'seeded' })
  })
  const app = useApp(emulator, { Backendless, hooks: { beforeEach, afterEach } })
  const seen = []

  it('gives the test a fork of the default app, with the SDK pointed at it', async () => {
    seen.push(app.id)
    assert.notEqual(app.id, emulator.appId)
    assert.equal(Backendless.appId, app.id)
    assert.equal(await Backendless.Data.of('Task').getObjectCount(), 1)
    await Backendless.Data.of('Task').save({ title: 'only here' })
    assert.equal(await Backendless.Data.of('Task').getObjectCount(), 2)
  })

  it('gives the next test a fresh fork', async () => {
    seen.push(app.id)
    assert.notEqual(seen[0], seen[1])
    assert.equal(await Backendless.Data.of('Task').getObjectCount(), 1)
    const ids = (await emulator.apps()).map((a) => a.id)
    assert.ok(!ids.includes(seen[0]), 'the first fork was deleted')
  })

  it('refuses to be used outside a test', async () => {
    const handle = useApp(emulator, { hooks: { beforeEach: () => {}, afterEach: () => {} } })
    assert.equal(handle.current, null)
    assert.throws(() => handle.id, /outside a test/)
  })
})

describe('useApp without hooks', () => {
  it('names the hooks it needs', () => {
    assert.throws(() => useApp(emulator), /beforeEach\/afterEach/)
  })
})

async function count(app) {
  const response = await fetch(`${app.url}/data/Users/count`)
  return response.json()
}
