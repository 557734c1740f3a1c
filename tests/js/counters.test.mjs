// Backendless.Counters driven through the official JS SDK.
import assert from 'node:assert/strict'
import { test, sdk, unique } from './helpers.mjs'

test('every counter operation returns a bare number or boolean', async () => {
  const { Counters } = sdk()
  const name = unique('counter')
  assert.equal(await Counters.get(name), 0)
  assert.equal(await Counters.incrementAndGet(name), 1)
  assert.equal(await Counters.getAndIncrement(name), 1)
  assert.equal(await Counters.decrementAndGet(name), 1)
  assert.equal(await Counters.getAndDecrement(name), 1)
  assert.equal(await Counters.addAndGet(name, 10), 10)
  assert.equal(await Counters.getAndAdd(name, -3), 10)
  assert.equal(await Counters.get(name), 7)
  assert.equal(await Counters.compareAndSet(name, 1, 5), false)
  assert.equal(await Counters.compareAndSet(name, 7, 100), true)
  await Counters.reset(name)
  assert.equal(await Counters.get(name), 0)

  const counter = Counters.of(unique('of'))
  assert.equal(await counter.getAndIncrement(), 0)
  assert.equal(await counter.incrementAndGet(), 2)
  assert.equal(await counter.addAndGet(3), 5)
  assert.equal(await counter.get(), 5)
  assert.equal(await counter.getAndDecrement(), 5)
  assert.equal(await counter.decrementAndGet(), 3)
  assert.equal(await counter.getAndAdd(7), 3)
  assert.equal(await counter.compareAndSet(9, 1), false)
  assert.equal(await counter.compareAndSet(10, 1), true)
  await counter.reset()
  assert.equal(await counter.get(), 0)
})

test('a counter touched only by a failed compareAndSet reads 0', async () => {
  const { Counters } = sdk()
  const name = unique('cas')
  assert.equal(await Counters.compareAndSet(name, 5, 6), false)
  assert.equal(await Counters.get(name), 0)
  assert.ok((await Counters.list(`${name}*`)).includes(name))
})

test('list by glob, including the documented `?` form', async () => {
  const { Counters } = sdk()
  const prefix = unique('shop')
  for (const suffix of ['1', '2', '10']) {
    await Counters.incrementAndGet(`${prefix}${suffix}`)
  }
  assert.deepEqual(await Counters.list(`${prefix}*`), [`${prefix}1`, `${prefix}10`, `${prefix}2`])
  assert.deepEqual(await Counters.list(`${prefix}?`), [`${prefix}1`, `${prefix}2`])
  assert.ok((await Counters.list()).includes(`${prefix}10`))
})

test('parallel increments from many clients are exact', async () => {
  const name = unique('parallel')
  const clients = Array.from({ length: 8 }, () => sdk().Counters)
  const previous = await Promise.all(
    clients.flatMap(c => Array.from({ length: 25 }, () => c.getAndIncrement(name)))
  )
  assert.deepEqual([...previous].sort((a, b) => a - b), Array.from({ length: 200 }, (_, i) => i))
  assert.equal(await clients[0].get(name), 200)
})
