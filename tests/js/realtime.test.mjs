// The Real-Time API of the official JS SDK (socket.io client, Engine.IO 4) against the emulator.
// Events are injected through the control plane (POST /_emulator/apps/{id}/events) until the data
// and messaging services publish them. Every wait is bounded: a missing event fails the test.
import assert from 'node:assert/strict'
import { test, sdk, env, unique } from './helpers.mjs'
import { inject, recorder, ready } from './rt-helpers.mjs'

test('data listeners: create, update with a where clause, delete, connect event', async () => {
  const app = sdk()
  const table = unique('Person')
  const connected = recorder('connect')
  app.RT.addConnectEventListener(connected)
  const rt = app.Data.of(table).rt()
  const created = recorder('created')
  const updated = recorder('updated')
  const deleted = recorder('deleted')
  rt.addCreateListener(created)
  rt.addUpdateListener("firstName = 'bar' and age > 20", updated)
  rt.addDeleteListener('age > 20', deleted)
  try {
    await connected.next()
    await ready(app)

    const object = { objectId: 'p1', ___class: table, firstName: 'bar', age: 30 }
    assert.equal(await inject({ type: 'object', table, event: 'created', object }), 1)
    const got = await created.next()
    assert.equal(got.objectId, 'p1')
    assert.equal(got.firstName, 'bar')

    await inject({ type: 'object', table, event: 'updated', object: { ...object, age: 10 } })
    await inject({ type: 'object', table, event: 'updated', object: { ...object, age: 42 } })
    assert.equal((await updated.next()).age, 42, 'the non-matching update was filtered out')

    await inject({ type: 'object', table, event: 'deleted', object: { ...object, objectId: 'young', age: 1 } })
    await inject({ type: 'object', table, event: 'deleted', object })
    const gone = await deleted.next()
    assert.equal(gone.objectId, 'p1')
    assert.equal(gone.firstName, undefined, 'deleted events carry only the identity')
    assert.equal(updated.pending() + created.pending() + deleted.pending(), 0)
  } finally {
    app.RT.terminate()
  }
})

test('removing a listener stops it; bulk listeners get ids', async () => {
  const app = sdk()
  const table = unique('T')
  const rt = app.Data.of(table).rt()
  const first = recorder('first')
  const bulk = recorder('bulk')
  rt.addCreateListener(first)
  rt.addBulkCreateListener(bulk)
  try {
    await ready(app)
    rt.removeCreateListener(first)
    const second = recorder('second')
    rt.addCreateListener(second)
    await ready(app)
    assert.equal(await inject({ type: 'object', table, event: 'created', object: { objectId: 'x' } }), 1)
    assert.equal((await second.next()).objectId, 'x')
    assert.equal(first.pending(), 0)

    await inject({ type: 'bulk', table, event: 'bulk-created', objectIds: ['a', 'b'] })
    assert.deepEqual(await bulk.next(), ['a', 'b'])
  } finally {
    app.RT.terminate()
  }
})

test('a bad where clause reaches the error callback', async () => {
  const app = sdk()
  const onError = recorder('error')
  app.Data.of(unique('T')).rt().addCreateListener('age >', () => {}, onError)
  try {
    const error = await onError.next()
    assert.equal(error.code, 1017)
  } finally {
    app.RT.terminate()
  }
})

test('channel: connect listener, message selector, commands', async () => {
  const app = sdk()
  const name = unique('chan')
  const channel = app.Messaging.subscribe(name)
  const joined = recorder('joined')
  const messages = recorder('messages')
  const commands = recorder('commands')
  channel.addConnectListener(joined)
  channel.addMessageListener('foo > 10', messages)
  channel.addCommandListener(commands)
  try {
    await joined.next()
    assert.equal(channel.isJoined(), true)
    await ready(app)

    for (const foo of [20, 10, 50, 5]) {
      await inject({ type: 'message', channel: name, message: { n: foo }, headers: { foo } })
    }
    await inject({ type: 'message', channel: name, message: 'no headers' })
    const m20 = await messages.next()
    assert.deepEqual(m20.message, { n: 20 })
    assert.equal(m20.headers.foo, '20', 'header values arrive as strings')
    assert.equal(m20.publisherId, null)
    assert.equal((await messages.next()).message.n, 50)

    await channel.send('typing', { on: true })
    const command = await commands.next()
    assert.equal(command.type, 'typing')
    assert.deepEqual(command.data, { on: true })
    assert.equal(command.connectionId, await app.RT.getConnectionId())
    assert.equal(messages.pending(), 0)
  } finally {
    app.RT.terminate()
  }
})

test('logging in while connected updates the RT session', async () => {
  const app = sdk()
  const table = unique('T')
  const created = recorder('created')
  app.Data.of(table).rt().addCreateListener(created)
  try {
    await ready(app)
    const email = `${unique()}@example.com`
    await app.UserService.register({ email, password: 'pw' })
    await app.UserService.login(email, 'pw', true)
    await app.UserService.logout()
    // SET_USER_TOKEN answers are handled before later events: the listener still works.
    await inject({ type: 'object', table, event: 'created', object: { objectId: 'after-login' } })
    assert.equal((await created.next()).objectId, 'after-login')
  } finally {
    app.RT.terminate()
  }
})

test('Messaging.publish reaches channel listeners, with the selector applied (e2e: foo > 10)', async () => {
  const app = sdk()
  const publisher = sdk()
  const name = unique('pub')
  const channel = app.Messaging.subscribe(name)
  const joined = recorder('joined')
  const messages = recorder('messages')
  channel.addConnectListener(joined)
  channel.addMessageListener('foo > 10', messages)
  try {
    await joined.next()
    await ready(app)
    for (const foo of [20, 10, 50, 5]) {
      const status = await publisher.Messaging.publish(name, { n: foo }, { headers: { foo } })
      assert.equal(status.status, 'scheduled')
    }
    await publisher.Messaging.publish(name, 'no headers')
    const first = await messages.next()
    assert.deepEqual(first.message, { n: 20 })
    assert.equal(first.headers.foo, '20')
    assert.match(first.messageId, /^message:/)
    // messaging.md §2.2 (JS e2e): what a plain publish did not set arrives as null / 0.
    assert.equal(first.publishPolicy, null)
    assert.equal(first.publishAt, 0)
    assert.equal(first.repeatEvery, 0)
    assert.equal(first.subtopic, null)
    assert.equal((await messages.next()).message.n, 50)
    assert.equal(messages.pending(), 0)
  } finally {
    app.RT.terminate()
  }
})

test('REST writes through the SDK reach data listeners exactly once, after commit', async () => {
  const writer = sdk()
  const app = sdk()
  const table = unique('Rt')
  // The table must exist before a listener can name it in a where clause on a real app too.
  const seed = await writer.Data.of(table).save({ firstName: 'seed', age: 1 })
  const rt = app.Data.of(table).rt()
  const created = recorder('created')
  const updated = recorder('updated')
  const deleted = recorder('deleted')
  const bulkCreated = recorder('bulk-created')
  const bulkDeleted = recorder('bulk-deleted')
  rt.addCreateListener(created)
  rt.addUpdateListener('age > 20', updated)
  rt.addDeleteListener(deleted)
  rt.addBulkCreateListener(bulkCreated)
  rt.addBulkDeleteListener(bulkDeleted)
  try {
    await ready(app)
    const saved = await writer.Data.of(table).save({ firstName: 'ann', age: 30 })
    const got = await created.next()
    assert.equal(got.objectId, saved.objectId)
    assert.equal(got.firstName, 'ann')
    assert.equal(got.___class, table)

    await writer.Data.of(table).save({ objectId: saved.objectId, age: 10 })
    await writer.Data.of(table).save({ objectId: saved.objectId, age: 40 })
    assert.equal((await updated.next()).age, 40, 'the update to 10 does not match age > 20')

    await writer.Data.of(table).remove(saved.objectId)
    assert.equal((await deleted.next()).objectId, saved.objectId)

    const ids = await writer.Data.of(table).bulkCreate([{ age: 1 }, { age: 2 }])
    assert.deepEqual(await bulkCreated.next(), ids)

    const removed = await writer.Data.of(table).bulkDelete('age < 3')
    assert.equal(removed, 3)
    const bulk = await bulkDeleted.next()
    assert.equal(bulk.count, 3)

    // A failed write publishes nothing.
    await assert.rejects(writer.Data.of(table).save({ objectId: seed.objectId, age: 'not a number' }))
    assert.equal(created.pending() + updated.pending() + deleted.pending() + bulkCreated.pending(), 0)
  } finally {
    app.RT.terminate()
  }
})

test('a unit of work publishes its bulk events once it commits', async () => {
  const writer = sdk()
  const app = sdk()
  const table = unique('Uow')
  await writer.Data.of(table).save({ n: 0 })
  const bulkCreated = recorder('bulk-created')
  app.Data.of(table).rt().addBulkCreateListener(bulkCreated)
  try {
    await ready(app)
    const uow = new writer.UnitOfWork()
    const created = uow.bulkCreate(table, [{ n: 1 }, { n: 2 }])
    const result = await uow.execute()
    assert.equal(result.isSuccess(), true)
    assert.deepEqual(await bulkCreated.next(), result.getResults()[created.opResultId].result)
  } finally {
    app.RT.terminate()
  }
})

test('registering and updating users reaches Users listeners', async () => {
  const app = sdk()
  const writer = sdk()
  const rt = app.Data.of('Users').rt()
  const created = recorder('created')
  const updated = recorder('updated')
  rt.addCreateListener(created)
  rt.addUpdateListener(updated)
  try {
    await ready(app)
    const email = `${unique()}@example.com`
    const user = await writer.UserService.register({ email, password: 'pw' })
    const got = await created.next()
    assert.equal(got.objectId, user.objectId)
    assert.equal(got.password, undefined)
    await writer.UserService.login(email, 'pw', true)
    const current = await writer.UserService.getCurrentUser()
    current.nickname = 'neo'
    await writer.UserService.update(current)
    assert.equal((await updated.next()).nickname, 'neo')
  } finally {
    app.RT.terminate()
  }
})
