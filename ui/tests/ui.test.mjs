// The emulator UI in a real browser (headless Chromium from the system, driven by
// playwright-core): data made through the REST API, then every page opened and checked, with a
// screenshot of each in $SCREENSHOTS. Started by tests/ui.rs, which passes the emulator's URL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.EMULATOR_URL;
const appId = process.env.EMULATOR_APP_ID;
const key = process.env.EMULATOR_REST_KEY;
const token = process.env.EMULATOR_CONTROL_TOKEN || '';
const shots = process.env.SCREENSHOTS;
const api = `${base}/${appId}/${key}`;
const controlHeaders = token ? { 'x-emulator-token': token } : {};

async function call(method, url, body, headers = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const rest = (method, path, body) => call(method, `${api}${path}`, body);
const control = (method, path, body) => call(method, `${base}/_emulator${path}`, body, controlHeaders);

let browser;
let page;
const seen = { ann: null, user: null };

before(async () => {
  mkdirSync(shots, { recursive: true });
  // The data every page shows, made the way an app makes it.
  seen.ann = (await rest('POST', '/data/Person', { name: 'Ann', age: 31 })).body;
  await rest('POST', '/data/Person', { name: 'Bob', age: 22 });
  const oslo = (await rest('POST', '/data/Address', { city: 'Oslo' })).body;
  const linked = await rest('POST', `/data/Person/${seen.ann.objectId}/home:Address:1`, [oslo.objectId]);
  assert.equal(linked.status, 200, JSON.stringify(linked.body));
  await control('PUT', `/apps/${appId}/settings`, { registration: { emailConfirmationRequired: true } });
  seen.user = (await rest('POST', '/users/register', { email: 'zoe@example.com', password: 'secret-1' })).body;
  assert.equal(seen.user.userStatus, 'EMAIL_CONFIRMATION_PENDING');
  await rest('POST', '/data/Secret', { note: 'hidden' });
  const denied = await rest('PUT', '/data/Secret/permissions/DENY', { permission: 'FIND', role: 'RestUser' });
  assert.equal(denied.status, 200, JSON.stringify(denied.body));
  const refused = await rest('GET', '/data/Secret');
  assert.equal(refused.body.code, 1013);
  await rest('PUT', '/counters/visits/incrementby/get?value=41');
  await rest('PUT', '/cache/greeting', 'hello from the cache');
  await rest('PUT', '/hive/capitals/key-value/USA', { value: 'Washington' });
  const form = new FormData();
  form.append('file', new Blob(['hello, file']), 'hello.txt');
  const uploaded = await fetch(`${api}/files/docs/hello.txt`, { method: 'POST', body: form });
  assert.equal(uploaded.status, 200);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    // playwright gives every launch a fresh, temporary --user-data-dir.
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('dialog', (d) => d.accept());
  page.on('pageerror', (e) => console.error('page error:', e.message));
  // The token rides in the UI's own URL once; the UI keeps it for the tab.
  await page.goto(`${base}/_emulator/ui${token ? `?token=${encodeURIComponent(token)}` : ''}`);
});

after(async () => {
  await browser?.close();
});

const open = async (hash) => {
  await page.evaluate((h) => (location.hash = h), hash);
};
const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

test('without the control token the UI asks for it instead of showing broken pages', { skip: !token }, async () => {
  // A tab of its own: nothing in its session storage, no ?token= in its URL.
  const context = await browser.newContext({ viewport: { width: 1280, height: 600 } });
  const bare = await context.newPage();
  try {
    await bare.goto(`${base}/_emulator/ui/#/data?app=${appId}`);
    const prompt = bare.locator('form.token');
    await prompt.waitFor();
    assert.match(await prompt.innerText(), /needs its token \(--control-token or BACKENDLESS_EMULATOR_CONTROL_TOKEN\)/);
    assert.equal(await prompt.getByText('refused the token').count(), 0, 'no token was given yet');
    assert.equal(await bare.locator('.error').count(), 0, 'no error box beside the prompt');
    assert.equal(await bare.locator(`[data-app="${appId}"]`).count(), 0, 'no page behind the prompt');
    await bare.screenshot({ path: join(shots, 'token-prompt.png'), fullPage: true });
    await prompt.locator('input[name="token"]').fill('not-the-token');
    await Promise.all([
      bare.waitForResponse((r) => r.url().endsWith('/_emulator/apps') && r.status() === 401),
      prompt.getByRole('button', { name: 'Use token' }).click(),
    ]);
    await prompt.getByText('refused the token').waitFor();
    await prompt.locator('input[name="token"]').fill(token);
    await prompt.getByRole('button', { name: 'Use token' }).click();
    await bare.evaluate(() => (location.hash = '#/apps'));
    await bare.locator(`[data-app="${appId}"]`).waitFor();
    assert.equal(await prompt.count(), 0, 'the prompt is gone once the token is right');
    assert.equal(
      await bare.evaluate(() => sessionStorage.getItem('backendless-emulator-control-token')),
      token,
      'kept for the session',
    );
    // A token that stops working (the emulator restarted with another one): the prompt again,
    // in place of the page.
    await bare.evaluate(() => sessionStorage.setItem('backendless-emulator-control-token', 'stale'));
    await bare.evaluate((id) => (location.hash = `#/data?app=${id}`), appId);
    await prompt.getByText('refused the token').waitFor();
    assert.equal(await bare.locator('main table').count(), 0, 'no half-loaded page behind the prompt');
  } finally {
    await context.close();
  }
});

test('apps page shows the default app with its id and keys', async () => {
  await open(`#/apps?app=${appId}`);
  const card = page.locator(`[data-app="${appId}"]`);
  await card.waitFor();
  assert.match(await card.innerText(), new RegExp(key));
  assert.equal(page.url().includes('token='), false, 'the token leaves the address bar');
  await page.getByRole('button', { name: 'Take snapshot' }).click();
  await page.locator('[data-testid="snapshots"] li').first().waitFor();
  await page.getByRole('button', { name: '+1 day' }).click();
  await shot('apps');
});

test('data page lists rows, filters with a where clause, shows API errors and follows a relation', async () => {
  await open(`#/data?app=${appId}&table=Person`);
  const rows = page.locator('[data-testid="data-rows"]');
  await rows.getByText('Ann').waitFor();
  assert.match(await page.locator('[data-testid="schema"]').innerText(), /home[\s\S]*Address/);
  await page.fill('input[name="where"]', 'age > 30');
  await page.click('form.query button[type="submit"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="data-rows"]')?.innerText.includes('Bob'));
  assert.match(await rows.innerText(), /Ann/);
  await shot('data');
  await page.fill('input[name="where"]', 'age >');
  await page.click('form.query button[type="submit"]');
  const error = page.locator('.error').first();
  await error.waitFor();
  assert.match(await error.innerText(), /code 1017/);
  await shot('data-error');
  await page.fill('input[name="where"]', "name = 'Ann'");
  await page.click('form.query button[type="submit"]');
  await page.locator(`tr[data-id="${seen.ann.objectId}"] button.follow`).click();
  await page.locator('[data-testid="data-rows"]').getByText('Oslo').waitFor();
  assert.match(page.url(), /table=Address/);
  await shot('data-relation');
});

test('data page creates, edits and deletes a row', async () => {
  await open(`#/data?app=${appId}&table=Person`);
  await page.locator('[data-testid="data-rows"]').getByText('Ann').waitFor();
  await page.getByRole('button', { name: 'New row' }).click();
  await page.fill('textarea[name="row"]', '{"name": "Dee", "age": 40}');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('[data-testid="data-rows"]').getByText('Dee').waitFor();
  const dee = page.locator('tr', { hasText: 'Dee' });
  await dee.getByRole('button', { name: 'edit' }).click();
  await page.fill('textarea[name="row"]', '{"name": "Dee", "age": 41}');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('tr', { hasText: 'Dee' }).getByRole('cell', { name: '41', exact: true }).waitFor();
  await page.locator('tr', { hasText: 'Dee' }).getByRole('button', { name: 'delete' }).click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="data-rows"]')?.innerText.includes('Dee'));
  const left = await rest('GET', "/data/Person?where=name%3D'Dee'");
  assert.deepEqual(left.body, []);
});

test('users page shows the user and the outbox link confirms the email when clicked', async () => {
  await open(`#/users?app=${appId}`);
  const row = page.locator(`tr[data-id="${seen.user.objectId}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /zoe@example\.com[\s\S]*EMAIL_CONFIRMATION_PENDING/);
  const message = page.locator('[data-kind="email-confirmation"]');
  assert.match(await message.innerText(), /zoe@example\.com/);
  await shot('users');
  await message.locator('[data-testid="email-link"]').click();
  await page.locator('[data-testid="link-result"]').waitFor();
  await row.locator('.status', { hasText: 'ENABLED' }).waitFor();
  const login = await rest('POST', '/users/login', { login: 'zoe@example.com', password: 'secret-1' });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  await shot('users-confirmed');
  // The password-reset link asks for the new password and sets it.
  await rest('GET', '/users/restorepassword/zoe@example.com');
  await page.locator('[data-testid="outbox"]').getByRole('button', { name: 'refresh' }).click();
  const reset = page.locator('[data-kind="password-recovery"]');
  await reset.locator('[data-testid="email-link"]').click();
  await reset.locator('input[name="new-password"]').fill('secret-2');
  await reset.getByRole('button', { name: 'Set password' }).click();
  await reset.locator('[data-testid="link-result"]').waitFor();
  const relogin = await rest('POST', '/users/login', { login: 'zoe@example.com', password: 'secret-2' });
  assert.equal(relogin.status, 200, JSON.stringify(relogin.body));
});

test('files page shows the tree and the uploaded file', async () => {
  await open(`#/files?app=${appId}`);
  await page.locator('tr[data-path="docs"] a').click();
  const file = page.locator('tr[data-path="docs/hello.txt"]');
  await file.waitFor();
  assert.match(await file.innerText(), /hello\.txt/);
  await shot('files');
});

test('stores, messaging, timers and logs pages show what each holds', async () => {
  await open(`#/stores?app=${appId}`);
  await page.locator('[data-testid="counters"]').getByText('visits').waitFor();
  assert.match(await page.locator('[data-testid="counters"]').innerText(), /41/);
  assert.match(await page.locator('[data-testid="cache"]').innerText(), /hello from the cache/);
  assert.match(await page.locator('[data-hive="capitals"]').innerText(), /Washington/);
  await shot('stores');
  for (const name of ['messaging', 'timers', 'logs']) {
    await open(`#/${name}?app=${appId}`);
    await page.locator(`[data-testid="${name}-page"]`).waitFor();
    await shot(name);
  }
});

test('requests page streams the journal and says why a request was refused', async () => {
  await open(`#/requests?app=${appId}`);
  await page.locator('[data-testid="live"]', { hasText: 'live' }).waitFor();
  const refusal = page.locator('tr.refused', { hasText: '/data/Secret' }).first();
  await refusal.waitFor();
  const why = await refusal.locator('[data-testid="rule"]').innerText();
  assert.match(why, /FIND denied on table Secret by the table permission DENY FIND for role RestUser/);
  // A request made now arrives through the live stream.
  await rest('GET', '/data/Person/no-such-id');
  await page.locator('tr', { hasText: '/data/Person/no-such-id' }).waitFor();
  await page.fill('input[name="status"]', '4xx');
  await page.click('[data-testid="journal-filter"] button[type="submit"]');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="journal"] tbody tr')]
    .every((tr) => tr.classList.contains('refused')));
  await shot('requests');
});
