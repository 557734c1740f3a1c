// The Data Service driven through the official JS SDK: CRUD, DataQueryBuilder with every
// option, relations, bulk operations, JSON updates and expressions.
import assert from 'node:assert/strict'
import Backendless from 'backendless'
import { createClient } from 'backendless-console-sdk'
import { test, sdk, env, unique, codeOf } from './helpers.mjs'

const people = [
  { name: 'Ann', age: 31, city: 'Paris' },
  { name: 'Bob', age: 25, city: 'Rome' },
  { name: 'Cid', age: 40, city: 'Paris' },
  { name: 'Dee', age: 25, city: 'Oslo' },
]

async function seed(app) {
  const table = `Person${unique()}`
  const store = app.Data.of(table)
  for (const p of people) await store.save(p)
  return store
}

test('save, find by id, update, remove', async () => {
  const app = sdk()
  const store = app.Data.of(`Movie${unique()}`)
  const saved = await store.save({ title: 'Up', year: 2009, released: new Date(1243468800000) })
  assert.ok(saved.objectId)
  assert.equal(saved.updated, null)
  assert.equal(saved.released, 1243468800000)
  saved.year = 2010
  const updated = await store.save(saved)
  assert.equal(updated.year, 2010)
  assert.ok(updated.updated > 0)
  const found = await store.findById(saved.objectId)
  assert.equal(found.title, 'Up')
  const upserted = await store.save({ objectId: 'custom-id', title: 'New' }, true)
  assert.equal(upserted.objectId, 'custom-id')
  const removed = await store.remove(saved)
  assert.ok(removed.deletionTime > 0)
  assert.equal(await codeOf(store.findById(saved.objectId)), 1000)
  assert.equal(await codeOf(app.Data.of('NoSuchTable').findFirst()), 1009)
  const props = await app.Data.describe(store.className)
  assert.ok(props.some(p => p.name === 'title' && p.type === 'STRING'))
})

test('DataQueryBuilder: where, props, exclude, sort, paging, group, having, distinct', async () => {
  const app = sdk()
  const store = await seed(app)
  const Q = () => app.Data.QueryBuilder.create()
  const paris = await store.find(Q().setWhereClause("city = 'Paris'").setSortBy(['age desc']))
  assert.deepEqual(paris.map(p => p.name), ['Cid', 'Ann'])
  const paged = await store.find(Q().setSortBy('name').setPageSize(2).setOffset(1))
  assert.deepEqual(paged.map(p => p.name), ['Bob', 'Cid'])
  const next = await store.find(Q().setSortBy('name').setPageSize(2).setOffset(1).prepareNextPage())
  assert.deepEqual(next.map(p => p.name), ['Dee'])
  const props = await store.find(Q().setProperties(['name', 'age as years']).setWhereClause('age > 30').setSortBy('age'))
  assert.deepEqual(props.map(p => [p.name, p.years]), [['Ann', 31], ['Cid', 40]])
  assert.deepEqual(Object.keys(props[0]).sort(), ['___class', 'name', 'years'], 'objectId only when listed')
  const excluded = await store.find(Q().excludeProperties('city').setPageSize(1))
  assert.equal(excluded[0].city, undefined)
  assert.ok(excluded[0].created)
  const all = await store.find(Q().addAllProperties().addProperty('age * 2 as double').setWhereClause("name = 'Bob'"))
  assert.equal(all[0].double, 50)
  assert.equal(all[0].city, 'Rome')
  const groups = await store.find(
    Q().setProperties(['city', 'Count(objectId) as n', 'Avg(age) as avgAge']).setGroupBy('city')
      .setHavingClause('n > 1').setSortBy('city'),
  )
  assert.deepEqual(groups.map(g => [g.city, g.n, g.avgAge]), [['Paris', 2, 35.5]])
  const distinct = await store.find(Q().setProperties('age').setDistinct(true).setSortBy('age'))
  assert.deepEqual(distinct.map(d => d.age), [25, 31, 40])
  assert.equal(await store.getObjectCount(), 4)
  assert.equal(await store.getObjectCount('age = 25'), 2)
  assert.equal(await store.getObjectCount(Q().setWhereClause('age > 26')), 2)
  const first = await store.findFirst()
  const last = await store.findLast()
  assert.equal(first.name, 'Ann')
  assert.equal(last.name, 'Dee')
  const byId = await store.findById(first.objectId, Q().setProperties(['name']))
  assert.deepEqual(Object.keys(byId).sort(), ['___class', 'name'])
  const withId = await store.findById(first.objectId, Q().setProperties(['name', 'objectId']))
  assert.equal(withId.objectId, first.objectId)
  assert.equal(await codeOf(store.find(Q().setWhereClause('age >'))), 1017)
  assert.equal(await codeOf(store.find(Q().setHavingClause('x >').setGroupBy('city'))), 19001)
})

test('relations: set, add, delete, load with builder, depth and page size', async () => {
  const app = sdk()
  const parents = app.Data.of(`Parent${unique()}`)
  const childTable = `Child${unique()}`
  const children = app.Data.of(childTable)
  const parent = await parents.save({ name: 'P' })
  const ids = await children.bulkCreate(Array.from({ length: 12 }, (_, i) => ({ n: i })))
  assert.equal(ids.length, 12)
  assert.equal(await parents.setRelation(parent, `kids:${childTable}:n`, ids.slice(0, 2)), 2)
  assert.equal(await parents.addRelation(parent, 'kids', 'n >= 10'), 2)
  assert.equal(await parents.deleteRelation(parent, 'kids', [ids[0]]), 1)
  const L = app.Data.LoadRelationsQueryBuilder.create().setRelationName('kids').setSortBy('n desc').setPageSize(2)
  const page = await parents.loadRelations(parent, L)
  assert.deepEqual(page.map(k => k.n), [11, 10])
  const loaded = await parents.findById(parent.objectId, app.Data.QueryBuilder.create().setRelated(['kids']))
  assert.equal(loaded.kids.length, 3)
  const deep = await parents.find(app.Data.QueryBuilder.create().setRelationsDepth(1).setRelationsPageSize(1))
  assert.equal(deep[0].kids.length, 1)
  const viaChild = await children.find(app.Data.QueryBuilder.create().setWhereClause(`${parents.className}[kids].objectId = '${parent.objectId}'`))
  assert.equal(viaChild.length, 3)
  const withKid = await parents.find(app.Data.QueryBuilder.create().setWhereClause('kids.n = 11'))
  assert.equal(withKid.length, 1)
})

test('bulk create, update, upsert, delete and deep save', async () => {
  const app = sdk()
  const store = app.Data.of(`Item${unique()}`)
  const ids = await store.bulkCreate([{ n: 1 }, { n: 2 }, { n: 3 }, {}])
  assert.equal(ids.length, 4)
  assert.equal(await store.bulkUpdate('n > 1', { tag: 'big' }), 2)
  const upserted = await store.bulkUpsert([{ objectId: ids[0], n: 10 }, { objectId: 'brand-new', n: 5 }])
  assert.deepEqual(upserted, [ids[0], 'brand-new'])
  assert.equal(await store.bulkDelete([ids[1], ids[2]]), 2)
  assert.equal(await store.bulkDelete('n = 10'), 1)
  assert.equal(await store.getObjectCount(), 2)
  const saved = await store.deepSave({ n: 7 })
  assert.equal(saved.n, 7)
})

test('JSON update builder and expressions', async () => {
  const app = sdk()
  const store = app.Data.of(`Doc${unique()}`)
  const doc = await store.save({ data: { letter: 'a', colours: ['red', 'green'] }, counter: 1 })
  const J = app.Data.JSONUpdateBuilder
  const set = await store.save({ objectId: doc.objectId, data: J.SET().addArgument('$.letter', 'b').addArgument('$.state', 'on') })
  assert.deepEqual(set.data, { letter: 'b', colours: ['red', 'green'], state: 'on' })
  const appended = await store.save({ objectId: doc.objectId, data: J.ARRAY_APPEND().addArgument('$.colours', 'blue') })
  assert.deepEqual(appended.data.colours, ['red', 'green', 'blue'])
  const removed = await store.save({ objectId: doc.objectId, data: J.REMOVE().addArgument('$.state') })
  assert.equal(removed.data.state, undefined)
  const inc = await store.save({ objectId: doc.objectId, counter: new Backendless.Expression('counter + 41') })
  assert.equal(inc.counter, 42)
  const found = await store.find(app.Data.QueryBuilder.create().setWhereClause("data->'$.letter' = 'b'"))
  assert.equal(found.length, 1)
})

test('group and countInGroup answer the grouped tree and the size of a group', async () => {
  const app = sdk()
  const store = app.Data.of(`Product${unique()}`)
  await store.bulkCreate([
    { name: 'tv', category: 'video', rating: 5 },
    { name: 'camera', category: 'video', rating: 5 },
    { name: 'projector', category: 'video', rating: 4 },
    { name: 'speaker', category: 'audio', rating: 3 },
  ])
  const G = () => app.Data.GroupQueryBuilder.create()
  const tree = await store.group(G().setGroupBy(['category', 'rating']).setProperties(['name']).setSortBy('name'))
  assert.equal(tree.hasNextPage, false)
  const summary = level => level.items.map(i => (i.groupBy ? [i.groupBy.value, summary(i)] : i.name))
  assert.deepEqual(summary(tree), [['audio', [[3, ['speaker']]]], ['video', [[4, ['projector']], [5, ['camera', 'tv']]]]])
  assert.deepEqual(tree.items[1].groupBy, { column: 'category', value: 'video' })
  const first = await store.group(G().setGroupBy('category').setPageSize(1))
  assert.equal(first.hasNextPage, true, 'two groups, one per page')
  const second = await store.group(G().setGroupBy('category').setPageSize(1).setOffset(1).setRecordsPageSize(1))
  assert.equal(second.hasNextPage, false)
  assert.deepEqual(second.items[0].groupBy.value, 'video')
  assert.equal(second.items[0].items.length, 1)
  assert.equal(second.items[0].hasNextPage, true, 'three objects, one per page')
  const video = G().setGroupBy(['category', 'rating']).setGroupPath({ column: 'category', value: 'video' })
  assert.deepEqual(summary(await store.group(video.setProperties('name').setSortBy('name'))), [[4, ['projector']], [5, ['camera', 'tv']]])
  assert.equal(await store.countInGroup(video), 3)
  const five = G().setGroupBy(['category', 'rating']).addGroupPath({ column: 'category', value: 'video' })
    .addGroupPath({ column: 'rating', value: 5 })
  assert.equal(await store.countInGroup(five), 2)
  await assert.rejects(store.countInGroup(G().setGroupBy('category')), /Group Path must be provided/)
  assert.equal(await codeOf(store.group(G())), 8010)
})

test('mapTableToClass makes finds return instances of the class', async () => {
  const app = sdk()
  const table = `Mapped${unique()}`
  // The SDK names a class's table after the class: give the class the table's name.
  const Pet = {
    [table]: class {
      describe() {
        return `${this.name} (${this.kind})`
      }
    },
  }[table]
  app.Data.mapTableToClass(table, Pet)
  await app.Data.of(table).save({ name: 'Rex', kind: 'dog' })
  const [pet] = await app.Data.of(table).find()
  assert.ok(pet instanceof Pet)
  assert.equal(pet.describe(), 'Rex (dog)')
  const byClass = await app.Data.of(Pet).findFirst()
  assert.ok(byClass instanceof Pet)
  assert.throws(() => app.Data.mapTableToClass(table, 'not a class'), /Class must be provided/)
})

test('getTableNameById answers the name of the table the console lists under that id', async () => {
  const app = sdk()
  const table = unique('Named')
  await app.Data.of(table).save({ n: 1 })
  const c = createClient(env.url)
  await c.user.login(env.devLogin, env.devPassword)
  const { tables } = await c.tables.get(env.appId)
  const { tableId } = tables.find(t => t.name === table)
  assert.equal(typeof tableId, 'string')
  assert.equal(await app.Data.getTableNameById(tableId), table)
})
