// The console SDK builds a schema (typed columns, 1:1 and 1:N relations) that the app's
// client then uses through the JS SDK.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createClient } from 'backendless-console-sdk'
import { sdk, env, unique, codeOf } from './helpers.mjs'

async function console_() {
  const client = createClient(env.url)
  await client.user.login(env.devLogin, env.devPassword)
  return client
}

test('console builds tables, typed columns and relations the client uses', async () => {
  const c = await console_()
  const orders = `Order${unique()}`
  const customers = `Customer${unique()}`
  const lines = `Line${unique()}`
  const customer = await c.tables.create(env.appId, { name: customers })
  assert.equal(customer.name, customers)
  assert.ok(customer.tableId)
  assert.deepEqual(customer.relations, [])
  const order = await c.tables.create(env.appId, { name: orders })
  await c.tables.create(env.appId, { name: lines })
  const table = { name: orders }
  for (const [name, dataType, extra] of [
    ['title', 'STRING', { dataSize: 500 }], ['qty', 'INT', { defaultValue: 1 }], ['price', 'DOUBLE', {}],
    ['paid', 'BOOLEAN', {}], ['when', 'DATETIME', {}], ['notes', 'TEXT', {}], ['meta', 'JSON', {}],
  ]) {
    const col = await c.tables.createColumn(env.appId, table, { name, dataType, ...extra })
    assert.equal(col.dataType, dataType)
  }
  const one = await c.tables.createColumn(env.appId, table, { name: 'customer', dataType: 'DATA_REF', toTableName: customers, relationshipType: 'ONE_TO_ONE' })
  assert.equal(one.dataType, 'DATA_REF')
  await c.tables.createColumn(env.appId, table, { name: 'lines', dataType: 'DATA_REF', toTableName: lines, relationshipType: 'ONE_TO_MANY' })
  const { tables } = await c.tables.get(env.appId)
  const described = tables.find(t => t.name === orders)
  assert.equal(described.tableId, order.tableId)
  assert.equal(await sdk().Data.getTableNameById(order.tableId), orders)
  assert.deepEqual(described.relations.map(r => [r.name, r.toTableName, r.relationshipType, r.dataType]).sort(),
    [['customer', customers, 'ONE_TO_ONE', 'DATA_REF'], ['lines', lines, 'ONE_TO_MANY', 'DATA_REF']])
  assert.ok(described.columns.some(col => col.name === 'qty' && col.dataType === 'INT'))
  assert.ok(tables.find(t => t.name === customers).parentRelations.some(r => r.name === 'customer'))

  const app = sdk()
  const saved = await app.Data.of(orders).save({ title: 'first', price: 9.5, paid: true, when: new Date(0), meta: { a: 1 } })
  assert.equal(saved.qty, 1)
  assert.equal(await codeOf(app.Data.of(orders).save({ qty: 'many' })), 1007)
  const who = await app.Data.of(customers).save({ name: 'Ann' })
  const lineIds = await app.Data.of(lines).bulkCreate([{ n: 1 }, { n: 2 }])
  await app.Data.of(orders).setRelation(saved, 'customer', [who])
  await app.Data.of(orders).setRelation(saved, 'lines', lineIds)
  assert.equal(await codeOf(app.Data.of(orders).setRelation(saved, 'customer', lineIds)), 1000)
  const loaded = await app.Data.of(orders).findById(saved.objectId, app.Data.QueryBuilder.create().setRelated(['customer', 'lines']))
  assert.equal(loaded.customer.name, 'Ann')
  assert.equal(loaded.lines.length, 2)

  const renamed = await c.tables.updateColumn(env.appId, table, { name: 'notes', dataType: 'TEXT' }, { name: 'comment', dataType: 'TEXT' })
  assert.equal(renamed.name, 'comment')
  await c.tables.deleteColumn(env.appId, table, { name: 'paid', dataType: 'BOOLEAN' })
  await c.tables.deleteColumn(env.appId, table, { name: 'lines', dataType: 'DATA_REF' })
  const props = await app.Data.describe(orders)
  assert.ok(props.some(p => p.name === 'comment'))
  assert.ok(!props.some(p => p.name === 'paid' || p.name === 'lines'))
  const record = await c.tables.createRecord(env.appId, table, { title: 'from console' })
  assert.equal(record.title, 'from console')
  const edited = await c.tables.updateRecord(env.appId, table, { objectId: record.objectId, title: 'edited' })
  assert.equal(edited.title, 'edited')
  const created = await c.tables.bulkCreateRecords(env.appId, orders, [{ title: 'b1' }, { title: 'b2' }])
  assert.equal(created.length, 2)
  await c.tables.deleteRecords(env.appId, table, [record.objectId])
  assert.equal(await app.Data.of(orders).getObjectCount(), 3)
  const renamedTable = await c.tables.update(env.appId, { name: lines }, { name: `${lines}X` })
  assert.equal(renamedTable.name, `${lines}X`)
  await c.tables.remove(env.appId, { name: `${lines}X` })
  assert.equal(await codeOf(app.Data.of(`${lines}X`).find()), 1009)
})

test('data config switches dynamic schema', async () => {
  const c = await console_()
  const app = sdk()
  const store = app.Data.of(`Cfg${unique()}`)
  await store.save({ a: 1 })
  const before = await c.tables.loadConfigs(env.appId)
  assert.equal(before.dynamicSchema, true)
  await c.tables.setConfigs(env.appId, { ...before, dynamicSchema: false })
  try {
    const saved = await store.save({ a: 2, brandNew: 'x' })
    assert.equal(saved.brandNew, undefined)
    assert.equal(await codeOf(app.Data.of(`Fresh${unique()}`).save({ a: 1 })), 1009)
  } finally {
    await c.tables.setConfigs(env.appId, before)
  }
})
