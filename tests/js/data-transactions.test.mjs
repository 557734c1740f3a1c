// Transactions (Unit of Work) through the JS SDK: operations chained by op results, success
// and failure results, rollback.
import assert from 'node:assert/strict'
import { test, sdk, unique } from './helpers.mjs'

async function tables(app) {
  const people = `Person${unique()}`
  const pets = `Pet${unique()}`
  const p = await app.Data.of(people).save({ name: 'seed', age: 1 })
  await app.Data.of(pets).save({ name: 'seed' })
  await app.Data.of(people).setRelation(p, `pets:${pets}:n`, [])
  await app.Data.of(people).remove(p)
  return { people, pets }
}

test('a unit of work chains creates, updates, relations, finds and deletes', async () => {
  const app = sdk()
  const { people, pets } = await tables(app)
  const uow = new app.UnitOfWork('REPEATABLE_READ')
  const joe = uow.create(people, { name: 'Joe', age: 20 })
  const petIds = uow.bulkCreate(pets, [{ name: 'a' }, { name: 'b' }])
  uow.update(joe, 'age', 21)
  uow.setRelation(joe, 'pets', petIds)
  const found = uow.find(pets, app.Data.QueryBuilder.create().setWhereClause("name = 'a'"))
  uow.deleteRelation(joe, 'pets', [found.resolveTo(0)])
  uow.bulkUpdate(pets, "name = 'b'", { name: 'B' })
  const up = uow.upsert(people, { objectId: 'fixed', name: 'Up' })
  uow.bulkUpsert(people, [{ objectId: 'fixed', age: 5 }])
  uow.delete(found.resolveTo(0))
  const result = await uow.execute()
  assert.equal(result.isSuccess(), true, JSON.stringify(result.getError()))
  assert.equal(joe.getResult().name, 'Joe')
  assert.equal(petIds.getResult().length, 2)
  assert.equal(up.getResult().objectId, 'fixed')
  const stored = await app.Data.of(people).findById(joe.getResult().objectId, app.Data.QueryBuilder.create().setRelated(['pets']))
  assert.equal(stored.age, 21)
  assert.deepEqual(stored.pets.map(p => p.name), ['B'])
  assert.equal(await app.Data.of(pets).getObjectCount(), 2)
})

test('a failing operation fails the unit and rolls back', async () => {
  const app = sdk()
  const { people } = await tables(app)
  const uow = new app.UnitOfWork()
  for (let i = 1; i < 20; i++) uow.create(people, { name: `p-${i}` })
  const bad = uow.create(people, { name: 'p-20', missedColumn: 'x' })
  const result = await uow.execute()
  assert.equal(result.isSuccess(), false)
  assert.match(result.getError().message, /Column 'missedColumn' in table/)
  assert.equal(result.getError().operation.opResultId, 'createPerson20'.replace('Person', people))
  assert.ok(bad.getError())
  assert.equal(await app.Data.of(people).getObjectCount(), 0)
})

test('isolation level, addToRelation and bulkDelete', async () => {
  const app = sdk()
  const { people, pets } = await tables(app)
  const uow = new app.UnitOfWork()
  uow.setIsolationLevel(app.UnitOfWork.IsolationLevelEnum.SERIALIZABLE)
  const ann = uow.create(people, { name: 'Ann', age: 40 })
  const rex = uow.create(pets, { name: 'rex' })
  const tom = uow.create(pets, { name: 'tom' })
  const added = uow.addToRelation(ann, 'pets', [rex, tom])
  const deleted = uow.bulkDelete(pets, "name = 'tom'")
  const result = await uow.execute()
  assert.equal(result.isSuccess(), true, JSON.stringify(result.getError()))
  assert.equal(added.getResult(), 2)
  assert.equal(deleted.getResult(), 1)
  const stored = await app.Data.of(people).findById(ann.getResult().objectId, app.Data.QueryBuilder.create().setRelated(['pets']))
  assert.deepEqual(stored.pets.map(p => p.name), ['rex'], 'tom was added, then deleted')
})

test('initFromJSON rebuilds a unit from its JSON form, keeping the op result ids', async () => {
  const app = sdk()
  const { people } = await tables(app)
  const uow = app.UnitOfWork.initFromJSON({
    transactionIsolation: 'READ_COMMITTED',
    operations: [
      { operationType: 'CREATE', table: people, opResultId: 'ann', payload: { name: 'Ann', age: 1 } },
      { operationType: 'CREATE', table: people, opResultId: 'bob', payload: { name: 'Bob', age: 2 } },
      { operationType: 'UPDATE_BULK', table: people, opResultId: 'older', payload: { conditional: 'age < 10', changes: { age: 30 } } },
    ],
  })
  const result = await uow.execute()
  assert.equal(result.isSuccess(), true, JSON.stringify(result.getError()))
  const results = result.getResults()
  assert.deepEqual(Object.keys(results).sort(), ['ann', 'bob', 'older'])
  assert.equal(results.ann.result.name, 'Ann')
  assert.equal(results.older.result, 2)
  assert.equal(uow.getOpResultById('ann').getResult().name, 'Ann', 'an op result is found by its id')
  assert.equal(uow.getOpResultById('older').getResult(), 2)
  assert.equal(await app.Data.of(people).getObjectCount('age = 30'), 2)
})
