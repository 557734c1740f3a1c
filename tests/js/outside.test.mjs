// Commerce (Google Play checks) and Automations (FlowRunner) need servers outside the emulator:
// every SDK call reaches the emulator and is answered 99000, naming the feature.
import assert from 'node:assert/strict'
import { test, sdk } from './helpers.mjs'

async function unsupported(call, feature) {
  try {
    await call
  } catch (e) {
    assert.equal(e.code, 99000, e.message)
    assert.match(e.message, new RegExp(`^${feature} .*not supported by the emulator$`))
    return
  }
  assert.fail('expected 99000')
}

test('Commerce: purchase validation and subscriptions answer 99000', async () => {
  const { Commerce } = sdk()
  await unsupported(Commerce.validatePlayPurchase('com.example', 'gold', 'token'), 'Commerce')
  await unsupported(Commerce.getPlaySubscriptionStatus('com.example', 'monthly', 'token'), 'Commerce')
  await unsupported(Commerce.cancelPlaySubscription('com.example', 'monthly', 'token'), 'Commerce')
})

test('Automations: flows and triggers by name and id, execution context answer 99000', async () => {
  const { Automations } = sdk()
  await unsupported(Automations.activateFlow('Onboarding', { user: 1 }), 'Automations')
  await unsupported(Automations.activateFlowById('F1', {}), 'Automations')
  await unsupported(Automations.activateFlowTrigger('Onboarding', 'Signed up', {}), 'Automations')
  await unsupported(Automations.activateFlowTriggerById('F1', 'T1', {}, 'E1'), 'Automations')
  await unsupported(Automations.loadFlowExecutionContext('E1'), 'Automations')
})
