// Real-time helpers shared by the RT suites: bounded waits for listener calls and subscription
// confirmations, and event injection through the control plane.
import assert from 'node:assert/strict'
import { env } from './helpers.mjs'

export const WAIT_MS = 5000

/** Put an event on the app's bus; returns how many subscriptions it was queued for. */
export async function inject(event) {
  const res = await fetch(`${env.url}/_emulator/apps/${env.appId}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
  })
  const body = await res.json()
  assert.equal(res.status, 200, JSON.stringify(body))
  return body.queued
}

/** A listener that records what it is called with; `next()` waits (bounded) for the next call. */
export function recorder(name) {
  const seen = []
  const waiting = []
  const callback = value => {
    const waiter = waiting.shift()
    if (waiter) waiter(value)
    else seen.push(value)
  }
  callback.next = () => {
    if (seen.length) return Promise.resolve(seen.shift())
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: nothing within ${WAIT_MS} ms`)), WAIT_MS)
      waiting.push(value => {
        clearTimeout(timer)
        resolve(value)
      })
    })
  }
  callback.pending = () => seen.length
  return callback
}

/**
 * Wait until the server has confirmed (SUB_READY) every subscription this SDK instance made.
 * The SDK has no public readiness hook for data listeners, so this reads backendless-rt-client's
 * subscription table (pinned by package-lock.json); the wait is bounded.
 */
export async function ready(app) {
  const deadline = Date.now() + WAIT_MS
  for (;;) {
    const subs = Object.values(app.RT.subscriptions.subscriptions)
    if (subs.length && subs.every(s => s.ready)) return
    if (Date.now() > deadline) throw new Error('RT subscriptions not confirmed in time')
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

