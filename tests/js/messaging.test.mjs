// Messaging driven through the official JS SDK: publish, status, cancel, emails and devices.
import assert from 'node:assert/strict'
import { test, sdk, env, unique, codeOf } from './helpers.mjs'

const control = path => `${env.url}/_emulator/apps/${env.appId}${path}`

async function outbox() {
  const res = await fetch(control('/outbox'))
  assert.equal(res.status, 200)
  return res.json()
}

test('publish answers scheduled, then the status is published', async () => {
  const app = sdk()
  const result = await app.Messaging.publish('default', { text: 'hello' }, { headers: { n: 1 }, publisherId: 'js' })
  assert.equal(result.status, 'scheduled')
  assert.equal(result.errorMessage, null)
  assert.match(result.messageId, /^message:/)
  const status = await app.Messaging.getMessageStatus(result.messageId)
  assert.deepEqual(status, { status: 'published', messageId: result.messageId, errorMessage: null })
})

test('a message scheduled with publishAt can be cancelled once', async () => {
  const app = sdk()
  const delivery = new app.Messaging.DeliveryOptions({ publishAt: Date.now() + 3600000, repeatEvery: 60 })
  const result = await app.Messaging.publish(unique('ch'), 'later', null, delivery)
  assert.equal((await app.Messaging.getMessageStatus(result.messageId)).status, 'scheduled')
  const cancelled = await app.Messaging.cancel(result.messageId)
  assert.deepEqual(cancelled, { status: 'canceled', messageId: result.messageId })
  assert.equal((await app.Messaging.getMessageStatus(result.messageId)).status, 'cancelled')
  try {
    await app.Messaging.cancel(result.messageId)
    assert.fail('second cancel must fail')
  } catch (e) {
    assert.equal(e.code, 5040)
    assert.equal(e.message, 'Message has already been canceled or does not exist.')
  }
})

test('sendEmail records the email in the outbox', async () => {
  const app = sdk()
  const subject = unique('subject')
  const bodyParts = new app.Messaging.Bodyparts({ textmessage: 'plain text', htmlmessage: '<b>html</b>' })
  const status = await app.Messaging.sendEmail(subject, bodyParts, ['to@example.com'])
  assert.equal(status.status, 'scheduled')
  const sent = (await outbox()).filter(m => m.subject === subject)
  assert.equal(sent.length, 1)
  assert.equal(sent[0].kind, 'email')
  assert.deepEqual(sent[0].to, ['to@example.com'])
  assert.equal(sent[0].body, 'plain text')
})

test('sendEmailFromTemplate with an unknown template is 24002 with the exact message', async () => {
  const app = sdk()
  const envelope = app.Messaging.EmailEnvelope.create({ addresses: ['to@example.com'] })
  try {
    await app.Messaging.sendEmailFromTemplate('no-such-template', envelope, { name: 'x' })
    assert.fail('unknown template must fail')
  } catch (e) {
    assert.equal(e.code, 24002)
    assert.equal(e.message, "Email Template with name 'no-such-template' doesn't exist.")
  }
})

test('sendEmailFromTemplate fills a template set through the control plane', async () => {
  const app = sdk()
  const name = unique('tpl')
  const subject = unique('Welcome')
  const put = await fetch(control(`/email-templates/${name}`), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ subject: `${subject} {name}`, textmessage: 'Hi {name}' }),
  })
  assert.equal(put.status, 200)
  const envelope = app.Messaging.EmailEnvelope.create({ addresses: ['ann@example.com'], ccAddresses: ['boss@example.com'] })
  await app.Messaging.sendEmailFromTemplate(name, envelope, { name: 'Ann' })
  const sent = (await outbox()).filter(m => m.subject === `${subject} Ann`)
  assert.equal(sent.length, 1)
  assert.equal(sent[0].body, 'Hi Ann')
  assert.deepEqual(sent[0].data.cc, ['boss@example.com'])
})

test('registerDevice, getRegistrations, unregisterDevice', async () => {
  const app = sdk()
  const uuid = unique('device')
  app.setupDevice({ uuid, platform: 'android', version: '14' })
  const registered = await app.Messaging.registerDevice('push-token', ['default', 'news'], new Date(Date.now() + 86400000))
  assert.ok(registered.registrationId)
  const registrations = await app.Messaging.getRegistrations()
  assert.equal(registrations.length, 1)
  assert.equal(registrations[0].deviceId, uuid)
  assert.equal(registrations[0].os, 'ANDROID')
  assert.deepEqual(registrations[0].channels, ['default', 'news'])
  assert.deepEqual(await app.Messaging.unregisterDevice(), { result: true })
  assert.deepEqual(await app.Messaging.getRegistrations(), [])
})

test('bad requests reach the SDK as Backendless codes', async () => {
  const app = sdk()
  assert.equal(await codeOf(app.Messaging.publish('default', 'x', { publishPolicy: 'FAX' })), 8002)
  assert.equal(await codeOf(app.Messaging.pushWithTemplate(unique('missing'))), 99021)
  assert.equal(await codeOf(app.Messaging.sendEmail('s', { textmessage: 't' }, [42])), 8002)
})

test('push templates: getPushTemplates by device type, pushWithTemplate fills the headers', async () => {
  const app = sdk()
  const name = unique('push')
  const put = await fetch(control(`/push-templates/${name}`), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ headers: { 'android-ticker-text': 'Hi {user}' }, deviceTypes: ['ANDROID'] }),
  })
  assert.equal(put.status, 200)
  const android = await app.Messaging.getPushTemplates('ANDROID')
  assert.deepEqual(android[name].headers, { 'android-ticker-text': 'Hi {user}' })
  assert.equal((await app.Messaging.getPushTemplates('IOS'))[name], undefined)
  const sent = await app.Messaging.pushWithTemplate(name, { user: 'Ann' })
  assert.equal(sent.status, 'scheduled')
  assert.match(sent.messageId, /^message:/)
  const pushed = (await outbox()).filter(m => m.kind === 'push' && m.data.messageId === sent.messageId)
  assert.equal(pushed.length, 1)
  assert.deepEqual(pushed[0].data.headers, { 'android-ticker-text': 'Hi Ann' })
  assert.equal((await app.Messaging.getMessageStatus(sent.messageId)).status, 'published')
})

test('deleteChannel cancels what is scheduled on it', async () => {
  const app = sdk()
  const channel = unique('gone')
  const later = new app.Messaging.DeliveryOptions({ publishAt: Date.now() + 3600000 })
  const { messageId } = await app.Messaging.publish(channel, 'later', null, later)
  assert.deepEqual(await app.Messaging.deleteChannel(channel), { result: true })
  assert.equal((await app.Messaging.getMessageStatus(messageId)).status, 'cancelled')
  assert.deepEqual(await app.Messaging.deleteChannel(channel), { result: false }, 'nothing left')
  await assert.rejects(app.Messaging.deleteChannel('a/b'), /Channel Name can not contain/)
})

test('EmailEnvelope.setQuery: the template goes to the users the where clause selects', async () => {
  const app = sdk()
  const tag = unique('crit')
  for (const name of ['ann', 'bob', 'cid']) await app.UserService.register({ email: `${name}-${tag}@example.com`, password: 'pw', name })
  const template = unique('tpl')
  const put = await fetch(control(`/email-templates/${template}`), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ subject: `${tag} {topic}`, textmessage: 'News' }),
  })
  assert.equal(put.status, 200)
  const envelope = app.Messaging.EmailEnvelope.create({ addresses: ['ignored@example.com'] })
  envelope.setQuery(`email LIKE '%-${tag}@example.com' AND name != 'cid'`)
  const status = await app.Messaging.sendEmailFromTemplate(template, envelope, { topic: 'weekly' })
  assert.equal(status.status, 'scheduled')
  const sent = (await outbox()).filter(m => m.subject === `${tag} weekly`)
  assert.deepEqual(sent.map(m => m.to), [[`ann-${tag}@example.com`, `bob-${tag}@example.com`]])
  envelope.setQuery('nickname = 1')
  assert.equal(await codeOf(app.Messaging.sendEmailFromTemplate(template, envelope)), 1017)
})
