// Data real-time listeners of the official JS SDK (Backendless.Data.of(T).rt()): every add and
// remove method, fed by REST writes the same SDK makes. Removed listeners are proven silent by a
// listener added after them that does hear the event (one socket delivers in order).
import assert from 'node:assert/strict'
import { test, sdk, unique } from './helpers.mjs'
import { recorder, ready } from './rt-helpers.mjs'

test('upsert and bulk listeners hear saves, bulk upserts, updates and deletes', async () => {
  const writer = sdk()
  const app = sdk()
  const table = unique('RtBulk')
  const store = writer.Data.of(table)
  await store.save({ name: 'seed', age: 1 })
  const rt = app.Data.of(table).rt()
  const upserted = recorder('upserted')
  const bulkUpserted = recorder('bulk-upserted')
  const bulkUpdated = recorder('bulk-updated')
  const bulkDeleted = recorder('bulk-deleted')
  rt.addUpsertListener('age > 10', upserted)
  rt.addBulkUpsertListener(bulkUpserted)
  rt.addBulkUpdateListener('age > 100', bulkUpdated)
  rt.addBulkDeleteListener(bulkDeleted)
  try {
    await ready(app)
    await store.save({ objectId: 'up-1', name: 'young', age: 5 }, true)
    const saved = await store.save({ objectId: 'up-2', name: 'old', age: 50 }, true)
    assert.equal(saved.objectId, 'up-2')
    const heard = await upserted.next()
    assert.deepEqual([heard.objectId, heard.name, heard.___class], ['up-2', 'old', table])

    const ids = await store.bulkUpsert([{ objectId: 'b-1', age: 200 }, { objectId: 'b-2', age: 300 }])
    assert.deepEqual(ids, ['b-1', 'b-2'])
    assert.deepEqual(await bulkUpserted.next(), ['b-1', 'b-2'])

    assert.equal(await store.bulkUpdate('age > 100', { name: 'big' }), 2)
    assert.deepEqual(await bulkUpdated.next(), { whereClause: 'age > 100', count: 2 })
    assert.equal(await store.bulkDelete('age > 100'), 2)
    assert.deepEqual(await bulkDeleted.next(), { whereClause: 'age > 100', count: 2 })
    assert.equal(upserted.pending() + bulkUpserted.pending(), 0, 'the young upsert did not match')
  } finally {
    app.RT.terminate()
  }
})

test('relation listeners hear set, add and delete for their column and parents', async () => {
  const writer = sdk()
  const app = sdk()
  const parents = writer.Data.of(unique('RtParent'))
  const children = writer.Data.of(unique('RtChild'))
  const [p1, p2] = [await parents.save({ n: 1 }), await parents.save({ n: 2 })]
  const [c1, c2] = [await children.save({ n: 1 }), await children.save({ n: 2 })]
  await parents.setRelation(p1, `kids:${children.className}:n`, [c1])
  const rt = app.Data.of(parents.className).rt()
  const set = recorder('set')
  const added = recorder('add')
  const deleted = recorder('delete')
  rt.addSetRelationListener('kids', [p2], set)
  rt.addAddRelationListener('kids', added)
  rt.addDeleteRelationListener('kids', [p1.objectId], deleted)
  try {
    await ready(app)
    await parents.setRelation(p1, 'kids', [c2])
    assert.equal(await parents.setRelation(p2, 'kids', [c1, c2]), 2)
    const change = await set.next()
    assert.equal(change.parentObjectId, p2.objectId, 'only the listed parent')
    assert.deepEqual([...change.children].sort(), [c1.objectId, c2.objectId].sort())

    assert.equal(await parents.addRelation(p1, 'kids', [c1.objectId]), 1)
    const add = await added.next()
    assert.deepEqual([add.parentObjectId, add.children], [p1.objectId, [c1.objectId]])

    assert.equal(await parents.deleteRelation(p1, 'kids', 'n = 1'), 1)
    const del = await deleted.next()
    assert.equal(del.parentObjectId, p1.objectId)
    assert.equal(del.whereClause, 'n = 1')
    assert.equal(set.pending(), 0)
  } finally {
    app.RT.terminate()
  }
})

test('every remove method silences its listeners', async () => {
  const writer = sdk()
  const app = sdk()
  const table = unique('RtOff')
  const store = writer.Data.of(table)
  const childTable = unique('RtOffChild')
  const child = await writer.Data.of(childTable).save({ n: 1 })
  const parent = await store.save({ n: 0 })
  await store.setRelation(parent, `kids:${childTable}:n`, [])
  const rt = app.Data.of(table).rt()
  const silent = recorder('removed listeners')
  const pairs = [
    ['addCreateListener', 'removeCreateListener'],
    ['addUpsertListener', 'removeUpsertListener'],
    ['addUpdateListener', 'removeUpdateListener'],
    ['addDeleteListener', 'removeDeleteListener'],
    ['addBulkCreateListener', 'removeBulkCreateListener'],
    ['addBulkUpsertListener', 'removeBulkUpsertListener'],
    ['addBulkUpdateListener', 'removeBulkUpdateListener'],
    ['addBulkDeleteListener', 'removeBulkDeleteListener'],
  ]
  for (const [add, remove] of pairs) {
    const one = () => silent(add)
    rt[add](one)
    rt[remove](one)
  }
  for (const add of ['addCreateListener', 'addUpsertListener', 'addUpdateListener', 'addDeleteListener']) {
    rt[add](() => silent(add))
  }
  rt.removeCreateListeners()
  rt.removeUpsertListeners()
  rt.removeUpdateListeners()
  rt.removeDeleteListeners()
  for (const add of ['addBulkCreateListener', 'addBulkUpsertListener', 'addBulkUpdateListener', 'addBulkDeleteListener']) {
    rt[add](() => silent(add))
  }
  rt.removeBulkCreateListeners()
  rt.removeBulkUpsertListeners()
  rt.removeBulkUpdateListeners()
  rt.removeBulkDeleteListeners()
  for (const kind of ['Set', 'Add', 'Delete']) {
    const one = () => silent(kind)
    rt[`add${kind}RelationListener`]('kids', one)
    rt[`remove${kind}RelationListener`](one)
    rt[`add${kind}RelationListener`]('kids', () => silent(kind))
    rt[`remove${kind}RelationListeners`]('kids')
  }
  rt.addCreateListener(() => silent('before removeAll'))
  rt.removeAllListeners()
  const sentinel = recorder('sentinel')
  app.Data.of(table).rt().addBulkDeleteListener(sentinel)
  try {
    await ready(app)
    const saved = await store.save({ n: 1 })
    await store.save({ objectId: saved.objectId, n: 2 })
    await store.save({ objectId: 'u1', n: 3 }, true)
    await store.bulkCreate([{ n: 4 }])
    await store.bulkUpsert([{ objectId: 'u2', n: 5 }])
    await store.bulkUpdate('n > 0', { n: 6 })
    await store.setRelation(parent, 'kids', [child])
    await store.addRelation(parent, 'kids', [child])
    await store.deleteRelation(parent, 'kids', [child])
    await store.remove(saved)
    await store.bulkDelete('n > 0')
    assert.ok(await sentinel.next(), 'the last event arrived')
    assert.equal(silent.pending(), 0, 'no removed listener was called')
  } finally {
    app.RT.terminate()
  }
})

test('the generic listener forms take the event name: addChangesListener, addRelationsChangesListener', async () => {
  const writer = sdk()
  const app = sdk()
  const parents = writer.Data.of(unique('RtGenParent'))
  const children = writer.Data.of(unique('RtGenChild'))
  const p = await parents.save({ n: 1 })
  const c = await children.save({ n: 1 })
  await parents.setRelation(p, `kids:${children.className}:n`, [])
  const rt = app.Data.of(parents.className).rt()
  const created = recorder('created')
  const silenced = recorder('silenced')
  const added = recorder('add')
  rt.addChangesListener('created', 'n > 5', created)
  rt.addChangesListener('updated', silenced)
  rt.removeChangesListeners('updated', silenced)
  rt.addRelationsChangesListener('add', 'kids', [p], added)
  rt.addRelationsChangesListener('set', 'kids', silenced)
  rt.removeRelationsChangesListeners('set', 'kids')
  try {
    await ready(app)
    await parents.save({ n: 1 })
    const big = await parents.save({ n: 9 })
    assert.equal((await created.next()).objectId, big.objectId, 'the where clause applies')
    await parents.save({ ...big, n: 10 })
    await parents.setRelation(p, 'kids', [c])
    assert.equal(await parents.addRelation(p, 'kids', [c]), 1)
    assert.deepEqual((await added.next()).children, [c.objectId])
    assert.equal(created.pending() + silenced.pending(), 0)
  } finally {
    app.RT.terminate()
  }
})
