// The RT connection events of the official JS SDK (Backendless.RT): connect, connect error,
// reconnect attempts and disconnect listeners, their removal, and the SDK's local cache (the
// store the SDK keeps the user token in, which the RT handshake reads).
import assert from 'node:assert/strict'
import { test, sdk, env, unique } from './helpers.mjs'
import Backendless from 'backendless'
import { recorder, ready } from './rt-helpers.mjs'

test('connect and disconnect listeners, and their removal', async () => {
  const app = sdk()
  const connected = recorder('connect')
  const disconnected = recorder('disconnect')
  const removedConnect = recorder('removed connect')
  const removedDisconnect = recorder('removed disconnect')
  app.RT.addConnectEventListener(connected)
  app.RT.addDisconnectEventListener(disconnected)
  app.RT.addConnectEventListener(removedConnect)
  app.RT.removeConnectEventListener(removedConnect)
  app.RT.addDisconnectEventListener(removedDisconnect)
  app.RT.removeDisconnectEventListener(removedDisconnect)
  app.Data.of(unique('T')).rt().addCreateListener(() => {})
  try {
    await connected.next()
    assert.ok(await app.RT.getConnectionId())
    app.RT.disconnect('test over')
    assert.equal(await disconnected.next(), 'test over')
    assert.equal(removedConnect.pending() + removedDisconnect.pending(), 0)
  } finally {
    app.RT.terminate()
  }
})

test('a refused handshake reaches connect error and reconnect attempt listeners', async () => {
  const app = sdk('NOT-A-KEY-OF-THIS-APP')
  const errors = recorder('connect error')
  const attempts = recorder('reconnect attempt')
  const removed = recorder('removed')
  app.RT.addConnectErrorEventListener(errors)
  app.RT.addReconnectAttemptEventListener(attempts)
  app.RT.addConnectErrorEventListener(removed)
  app.RT.removeConnectErrorEventListener(removed)
  app.RT.addReconnectAttemptEventListener(removed)
  app.RT.removeReconnectAttemptEventListener(removed)
  app.Data.of(unique('T')).rt().addCreateListener(() => {})
  try {
    const error = await errors.next()
    assert.match(String(error.message || error), /wrong application info/)
    assert.equal(await attempts.next(), 1, 'the first reconnect attempt')
    app.RT.removeConnectionListeners()
    assert.equal(removed.pending(), 0)
  } finally {
    app.RT.terminate()
  }
})

test('the local cache keeps values per app', () => {
  const app = sdk()
  const other = sdk()
  const key = unique('k')
  assert.equal(app.LocalCache.get(key), undefined)
  app.LocalCache.set(key, { n: 1 })
  assert.deepEqual(app.LocalCache.get(key), { n: 1 })
  app.LocalCache.remove(key)
  assert.equal(app.LocalCache.get(key), undefined)
  other.LocalCache.set(key, 'x')
  assert.equal(other.LocalCache.get(key), 'x')
  other.LocalCache.remove(key)
})


test('RT.connect opens the connection on demand, announced to connecting listeners', async () => {
  const app = sdk()
  const connecting = recorder('connecting')
  const removed = recorder('removed connecting')
  const connected = recorder('connect')
  app.RT.addConnectingEventListener(connecting)
  app.RT.addConnectingEventListener(removed)
  app.RT.removeConnectingEventListener(removed)
  app.RT.addConnectEventListener(connected)
  try {
    assert.equal(await app.RT.getConnectionId(), null, 'no connection before anything asks for one')
    app.RT.connect()
    await connecting.next()
    await connected.next()
    assert.ok(await app.RT.getConnectionId())
    assert.equal(removed.pending(), 0)
  } finally {
    app.RT.terminate()
  }
})

test('initApp with a custom domain: REST under /api, RT found through the app info', async () => {
  const app = Backendless.initApp({ domain: env.url, standalone: true, logging: { loadLevels: false } })
  assert.equal(app.appPath, `${env.url}/api`)
  const info = await app.appInfoPromise()
  assert.equal(info.appId, env.appId, 'the socket joins the app the info names')
  const table = unique('Domain')
  const created = recorder('created')
  app.Data.of(table).rt().addCreateListener(created)
  try {
    await ready(app)
    const saved = await app.Data.of(table).save({ n: 1 })
    assert.equal(saved.___class, table)
    assert.equal((await created.next()).objectId, saved.objectId)
  } finally {
    app.RT.terminate()
  }
})
