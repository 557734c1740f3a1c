// Cloud Code entry points of the official JS SDK: Backendless.CustomServices.invoke and
// Backendless.Events.dispatch. The emulator runs no server code: without a webhook they answer the
// honest 99000; with one (control plane PUT /webhooks) the call reaches a small HTTP server this
// suite starts, and its answer or Backendless error comes back through the SDK.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { test, sdk, env, codeOf } from './helpers.mjs'

async function webhooks(config) {
  const res = await fetch(`${env.url}/_emulator/apps/${env.appId}/webhooks`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(config),
  })
  assert.equal(res.status, 200, await res.text())
}

/** A server answering every request with `answer(method, url, headers, body)` → [status, json]. */
async function serve(answer) {
  const seen = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', chunk => (body += chunk))
    req.on('end', () => {
      const parsed = body ? JSON.parse(body) : null
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: parsed })
      const [status, json] = answer(req.url, parsed)
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(json))
    })
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => server.close() }
}

test('without a webhook, services and events answer 99000', async () => {
  const app = sdk()
  await webhooks({})
  assert.equal(await codeOf(app.CustomServices.invoke('Shop', 'checkout', { cart: 1 })), 99000)
  assert.equal(await codeOf(app.Events.dispatch('orderPlaced', { id: 1 })), 99000)
  assert.equal(await codeOf(app.BL.CustomServices.invoke('Shop', 'checkout')), 99000)
})

test('services and events reach their webhook, with arguments and execution type', async () => {
  const app = sdk()
  const hook = await serve((url, body) => {
    if (url.startsWith('/svc/sum')) return [200, { sum: body.a + body.b }]
    if (url.startsWith('/svc/deny')) return [400, { code: 777, message: 'not yours' }]
    if (url.startsWith('/svc/crash')) return [500, 'stack trace']
    return [200, { handled: url, args: body }]
  })
  try {
    await webhooks({ services: { Calc: `${hook.url}/svc` }, events: { '*': `${hook.url}/events` } })
    assert.deepEqual(await app.CustomServices.invoke('Calc', 'sum', { a: 2, b: 3 }), { sum: 5 })
    const denied = await app.CustomServices.invoke('Calc', 'deny', {}).catch(e => e)
    assert.deepEqual([denied.code, denied.message], [777, 'not yours'])
    // backendless-request reads a 502 as "No connection with server" and drops the body, so a
    // failing webhook must not answer 502 for the code to reach the app.
    const crashed = await app.CustomServices.invoke('Calc', 'crash', {}).catch(e => e)
    assert.equal(crashed.code, 99024)
    assert.match(crashed.message, /^Webhook .* failed: it answered 500/)
    await app.APIServices.invoke('Calc', 'sum', { a: 1, b: 1 }, app.BL.ExecutionTypes.ASYNC)
    assert.equal(hook.seen.at(-1).headers['bl-execution-type'], 'async')
    const dispatched = await app.Events.dispatch('orderPlaced', { id: 7 })
    assert.deepEqual(dispatched, { handled: '/events', args: { id: 7 } })
    await app.BL.Events.dispatch('audit', 'async-low-priority')
    assert.equal(hook.seen.at(-1).headers['bl-execution-type'], 'async-low-priority')
    assert.deepEqual(hook.seen.at(-1).body, {})
  } finally {
    await webhooks({})
    hook.close()
  }
})
