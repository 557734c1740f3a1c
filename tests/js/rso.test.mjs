// Remote shared objects through the official JS SDK (Backendless.SharedObject.connect): two SDK
// instances stand for two devices sharing one object: data with change and clear listeners,
// commands, user status, invocations of each other's methods, listener removal, disconnect.
import assert from 'node:assert/strict'
import { test, sdk, unique } from './helpers.mjs'
import { recorder, ready } from './rt-helpers.mjs'

/** An SDK instance connected to the shared object `name`, and its connection id. */
async function device(name) {
  const app = sdk()
  const rso = app.SharedObject.connect(name)
  const connected = recorder(`connect ${name}`)
  rso.addConnectListener(connected)
  await connected.next()
  assert.equal(rso.isConnected(), true)
  return { app, rso, id: await app.RT.getConnectionId() }
}

test('data, changes and clear between two devices', async () => {
  const name = unique('game')
  const a = await device(name)
  const b = await device(name)
  const changes = recorder('changes')
  const cleared = recorder('cleared')
  a.rso.addChangesListener(changes)
  a.rso.addClearListener(cleared)
  try {
    await ready(a.app)
    assert.equal(await b.rso.set('board', { cells: [1, 2, 3] }), null)
    assert.deepEqual(await changes.next(), { key: 'board', data: { cells: [1, 2, 3] }, connectionId: b.id, userId: null })
    await b.rso.set('turn', 'a')
    assert.equal((await changes.next()).key, 'turn')
    assert.deepEqual(await a.rso.get('board'), { cells: [1, 2, 3] })
    assert.equal(await a.rso.get('nothing'), null)
    assert.deepEqual(await a.rso.get(), { board: { cells: [1, 2, 3] }, turn: 'a' }, 'no key: the whole object')
    assert.equal(await b.rso.clear(), null)
    assert.deepEqual(await cleared.next(), { connectionId: b.id, userId: null })
    assert.deepEqual(await a.rso.get(), {})
  } finally {
    a.app.RT.terminate()
    b.app.RT.terminate()
  }
})

test('commands, user status and invocations reach the other device', async () => {
  const name = unique('room')
  const a = await device(name)
  const statuses = recorder('status')
  a.rso.addUserStatusListener(statuses)
  const listing = await statuses.next()
  assert.deepEqual([listing.status, listing.data.map(u => u.connectionId)], ['LISTING', [a.id]])
  const b = await device(name)
  assert.deepEqual(await statuses.next(), { status: 'CONNECTED', data: [{ connectionId: b.id, userId: null }] })
  const commands = recorder('commands')
  a.rso.addCommandListener(commands)
  const calls = recorder('calls')
  a.rso.setInvocationTarget({ redraw: (...args) => calls(['a', ...args]) })
  b.rso.setInvocationTarget({ redraw: (...args) => calls(['b', ...args]) })
  try {
    await ready(a.app)
    await ready(b.app)
    assert.equal(await b.rso.send('move', { x: 1 }), null)
    assert.deepEqual(await commands.next(), { type: 'move', connectionId: b.id, userId: null, data: { x: 1 } })
    assert.equal(await b.rso.invokeOn('redraw', [a.id], { full: true }, 2), null)
    assert.deepEqual(await calls.next(), ['a', { full: true }, 2], 'only the target ran it')
    await b.rso.invoke('redraw', 'all')
    const ran = [await calls.next(), await calls.next()].map(c => c[0]).sort()
    assert.deepEqual(ran, ['a', 'b'], 'invoke without targets runs on every device, the caller too')
    await assert.rejects(b.rso.invoke('missing'), /Method "missing" of invocationTarget is not function/)
    b.rso.disconnect()
    assert.equal(b.rso.isConnected(), false)
    assert.deepEqual(await statuses.next(), { status: 'DISCONNECTED', data: [{ connectionId: b.id, userId: null }] })
    b.rso.connect()
    assert.equal((await statuses.next()).status, 'CONNECTED')
    assert.equal(calls.pending(), 0)
  } finally {
    a.app.RT.terminate()
    b.app.RT.terminate()
  }
})

test('removed shared object listeners stay silent', async () => {
  const name = unique('quiet')
  const a = await device(name)
  const b = await device(name)
  const silent = recorder('removed')
  const change = () => silent('change')
  const clear = () => silent('clear')
  const command = () => silent('command')
  const status = () => silent('status')
  const connect = () => silent('connect')
  a.rso.addChangesListener(change)
  a.rso.removeChangesListeners(change)
  a.rso.addClearListener(clear)
  a.rso.removeClearListeners(clear)
  a.rso.addCommandListener(command)
  a.rso.removeCommandListener(command)
  a.rso.addCommandListener(() => silent('commands'))
  a.rso.removeCommandListeners()
  a.rso.addUserStatusListener(status)
  a.rso.removeUserStatusListeners(status)
  a.rso.addConnectListener(connect)
  a.rso.removeConnectListeners(connect)
  a.rso.addChangesListener(() => silent('before removeAll'))
  a.rso.removeAllListeners()
  const sentinel = recorder('sentinel')
  a.rso.addCommandListener(sentinel)
  try {
    await ready(a.app)
    await b.rso.set('k', 1)
    await b.rso.clear()
    await b.rso.send('last', null)
    assert.equal((await sentinel.next()).type, 'last')
    assert.equal(silent.pending(), 0)
  } finally {
    a.app.RT.terminate()
    b.app.RT.terminate()
  }
})
