// Backendless.Cache driven through the official JS SDK.
import assert from 'node:assert/strict'
import { test, sdk, env, unique, codeOf } from './helpers.mjs'

const clockUrl = () => `${env.url}/_emulator/apps/${env.appId}/clock`

async function advanceClock(ms) {
  const res = await fetch(clockUrl(), {
    method : 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body   : JSON.stringify({ advance: ms }),
  })
  assert.equal(res.status, 200)
}

async function emulatorNow() {
  const res = await fetch(clockUrl())
  return (await res.json()).now
}

test('put, get, contains, remove values of every type', async () => {
  const { Cache } = sdk()
  const values = ['text', 42, true, [1, 'two'], { a: { b: 1 } }]
  for (const value of values) {
    const key = unique('cache')
    await Cache.put(key, value)
    assert.deepEqual(await Cache.get(key), value)
    assert.equal(await Cache.contains(key), true)
    await Cache.remove(key)
    assert.equal(await Cache.contains(key), false)
  }
  assert.equal(await Cache.get('SOME_UNEXISTING_KEY'), null)
})

test('a stored null exists and reads as null', async () => {
  const { Cache } = sdk()
  const key = unique('null')
  await Cache.put(key, null)
  assert.equal(await Cache.contains(key), true)
  assert.equal(await Cache.get(key), null)
})

test('custom classes keep ___class and can be re-hydrated', async () => {
  const { Cache } = sdk()
  class Person {
    constructor(data = {}) {
      Object.assign(this, data)
    }
  }
  const key = unique('person')
  await Cache.put(key, new Person({ name: 'Bob' }))
  const plain = await Cache.get(key)
  assert.equal(plain.___class, 'Person')
  Cache.setObjectFactory('Person', Person)
  const person = await Cache.get(key)
  assert.ok(person instanceof Person)
  assert.equal(person.name, 'Bob')
})

test('lifetimes follow the emulator clock', async () => {
  const { Cache } = sdk()
  const a = unique('ttl')
  await Cache.put(a, 'a', 10)
  await Cache.expireIn(a, 2)
  assert.equal(await Cache.get(a), 'a')
  await advanceClock(2000)
  assert.equal(await Cache.get(a), null)

  const b = unique('at')
  await Cache.put(b, 'b')
  await Cache.expireAt(b, new Date((await emulatorNow()) + 5000))
  await advanceClock(1000)
  assert.equal(await Cache.get(b), 'b')
  await advanceClock(5000)
  assert.equal(await Cache.get(b), null)
})

test('documented limits reach the SDK as error codes', async () => {
  const { Cache } = sdk()
  assert.equal(await codeOf(Cache.put(unique('big'), 'x'.repeat(10240))), 1026)
  assert.equal(await codeOf(Cache.put(unique('long'), 1, 7201)), 1028)
  const key = unique('k')
  await Cache.put(key, 1)
  assert.equal(await codeOf(Cache.expireIn(key, 7201)), 1028)
  assert.equal(await codeOf(Cache.expireAt(key, (await emulatorNow()) - 1000)), 1031)
})
