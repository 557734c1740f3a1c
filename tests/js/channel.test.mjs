// Pub/sub channels of the official JS SDK (Backendless.Messaging.subscribe): join and leave,
// user status, publishing through the channel, and every listener removal. Two SDK instances
// stand for two devices; every wait is bounded.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sdk, unique } from './helpers.mjs'
import { recorder, ready } from './rt-helpers.mjs'

test('join, leave and join again are announced to user status listeners', async () => {
  const watcherApp = sdk()
  const memberApp = sdk()
  const name = unique('room')
  const watcher = watcherApp.Messaging.subscribe(name)
  const statuses = recorder('statuses')
  watcher.addUserStatusListener(statuses)
  const listing = await statuses.next()
  assert.equal(listing.status, 'LISTING')
  const watcherId = await watcherApp.RT.getConnectionId()
  assert.deepEqual(listing.data.map(u => u.connectionId), [watcherId])
  const member = memberApp.Messaging.subscribe(name)
  const connected = recorder('connected')
  member.addConnectListener(connected)
  try {
    await connected.next()
    assert.equal(member.isJoined(), true)
    const memberId = await memberApp.RT.getConnectionId()
    assert.deepEqual(await statuses.next(), { status: 'CONNECTED', data: [{ connectionId: memberId, userId: null }] })
    member.leave()
    assert.equal(member.isJoined(), false)
    assert.equal((await statuses.next()).status, 'DISCONNECTED')
    member.join()
    await connected.next()
    assert.equal((await statuses.next()).status, 'CONNECTED')
    watcher.removeUserStatusListeners(statuses)
    member.removeConnectListeners(connected)
    member.leave()
    member.join()
    const again = recorder('again')
    member.addConnectListener(again)
    await again.next()
    assert.equal(connected.pending() + statuses.pending(), 0, 'removed listeners stay silent')
  } finally {
    watcherApp.RT.terminate()
    memberApp.RT.terminate()
  }
})

test('message and command listeners are removed by callback, selector or all at once', async () => {
  const app = sdk()
  const senderApp = sdk()
  const name = unique('chat')
  const channel = app.Messaging.subscribe(name)
  const sender = senderApp.Messaging.subscribe(name)
  const senderReady = recorder('sender')
  sender.addConnectListener(senderReady)
  // Listeners added before the channel is joined are queued by the SDK; removals are not, so
  // join first (the SDK's connectionRequired decorator).
  const joined = recorder('joined')
  channel.addConnectListener(joined)
  await joined.next()
  const silent = recorder('removed')
  const byCallback = () => silent('byCallback')
  channel.addMessageListener(byCallback)
  channel.removeMessageListener(byCallback)
  channel.addMessageListener('n > 1', () => silent('bySelector'))
  channel.removeMessageListeners('n > 1')
  const kept = recorder('kept')
  channel.addMessageListener(kept)
  const commandOff = () => silent('command')
  channel.addCommandListener(commandOff)
  channel.removeCommandListener(commandOff)
  channel.addCommandListener(() => silent('commands'))
  channel.removeCommandListeners()
  const commands = recorder('commands')
  channel.addCommandListener(commands)
  try {
    await senderReady.next()
    await ready(app)
    const published = await sender.publish({ text: 'hi' }, { headers: { n: 5 } })
    assert.equal(published.status, 'scheduled')
    const message = await kept.next()
    assert.deepEqual([message.message, message.headers.n], [{ text: 'hi' }, '5'])
    await sender.send('typing', { on: true })
    const command = await commands.next()
    assert.deepEqual([command.type, command.data], ['typing', { on: true }])

    channel.removeAllMessageListeners()
    const after = recorder('after removeAll')
    channel.addMessageListener(after)
    await ready(app)
    await sender.publish('second')
    assert.equal((await after.next()).message, 'second')
    assert.equal(kept.pending(), 0)

    channel.removeAllListeners()
    const last = app.Messaging.subscribe(name)
    const lastHeard = recorder('last')
    last.addMessageListener(lastHeard)
    await ready(app)
    await sender.publish('third')
    assert.equal((await lastHeard.next()).message, 'third')
    assert.deepEqual([after.pending(), commands.pending(), silent.pending()], [0, 0, 0])
  } finally {
    app.RT.terminate()
    senderApp.RT.terminate()
  }
})
