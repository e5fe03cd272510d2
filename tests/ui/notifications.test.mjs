// Browser tests of the notification bell (header) at 1366×768 and 390×844,
// against a real `duxing serve` with demo data. Notifications are made by
// their real producer: the system admin resets an account's password (API).
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, field, newPage, screenshot, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

const NEW_PASSWORD = 'Bell-reset-2026'
// The owner's own password: one set by an administrator must be changed first.
const OWN_PASSWORD = 'Bell-own-choice-2026'

/** A new member account whose password the admin has reset `resets` times (each notifies it). */
async function notifiedAccount(resets) {
  const admin = await apiAs('admin')
  const orgs = (await admin('GET', '/orgs')).json.items
  const branch = orgs.find((o) => o.name === '机关第一支部')
  const username = `bell${uniqueSuffix()}`.slice(0, 30)
  const made = await admin('POST', '/accounts', {
    username, display_name: `铃${uniqueSuffix()}`.slice(0, 20), password: NEW_PASSWORD,
    roles: [{ role: 'member', org_id: branch.id }],
  })
  assert.equal(made.status, 201, JSON.stringify(made.json))
  for (let i = 0; i < resets; i++) {
    const r = await admin('POST', `/accounts/${made.json.id}/password`, { password: NEW_PASSWORD })
    assert.equal(r.status, 204)
  }
  // The owner's first sign-in: the administrator's password is changed for its own.
  const owner = await apiAs(username, NEW_PASSWORD)
  const changed = await owner('POST', '/auth/password', { old_password: NEW_PASSWORD, new_password: OWN_PASSWORD })
  assert.equal(changed.status, 204, JSON.stringify(changed.json))
  return username
}

async function loginAs(page, username) {
  await page.goto(`${BASE_URL}/login`)
  await field(page, 'login-username').fill(username)
  await field(page, 'login-password').fill(OWN_PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.getByTestId('current-user').waitFor()
}

const badge = (page) => page.locator('[data-testid="notification-badge"] .el-badge__content')

for (const size of [{ name: 'desktop', width: 1366, height: 768 }, { name: 'phone', width: 390, height: 844, mobile: true }]) {
  describe(`notification bell at ${size.width}×${size.height}`, () => {
    const browser = sharedBrowser()

    test('the badge counts unread notifications; opening one marks it read and follows its link', async () => {
      const username = await notifiedAccount(1)
      const { context, page } = await newPage(browser(), size)
      try {
        await withFailureShot(page, `notifications-open-${size.name}`, async () => {
          await loginAs(page, username)
          await assert.doesNotReject(badge(page).filter({ hasText: '1' }).waitFor())
          const bell = page.getByTestId('notification-bell')
          const box = await bell.boundingBox()
          assert.ok(box && box.x + box.width <= size.width, 'the bell is inside the viewport')
          await screenshot(page, `notifications-badge-${size.name}`)
          await bell.click()
          const item = page.getByTestId('notification-item')
          await item.first().waitFor()
          assert.equal(await item.count(), 1)
          assert.match(await item.first().innerText(), /您的密码已被管理员重设/)
          await screenshot(page, `notifications-list-${size.name}`)
          const read = page.waitForResponse((r) => /\/api\/v1\/notifications\/\d+\/read$/.test(new URL(r.url()).pathname))
          await item.first().click()
          assert.equal((await read).status(), 200)
          await page.waitForURL((u) => u.pathname === '/account')
          await badge(page).waitFor({ state: 'hidden' })
        })
      } finally {
        await context.close()
      }
    })

    test('全部已读 marks every notification read', async () => {
      const username = await notifiedAccount(3)
      const { context, page } = await newPage(browser(), size)
      try {
        await withFailureShot(page, `notifications-read-all-${size.name}`, async () => {
          await loginAs(page, username)
          await badge(page).filter({ hasText: '3' }).waitFor()
          await page.getByTestId('notification-bell').click()
          await page.getByTestId('notification-item').nth(2).waitFor()
          const all = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/notifications/read-all')
          await page.getByTestId('notification-read-all').click()
          assert.equal((await all).status(), 200)
          await badge(page).waitFor({ state: 'hidden' })
          await page.locator('[data-testid="notification-item"].unread').first().waitFor({ state: 'detached' })
          assert.ok(await page.getByTestId('notification-read-all').isDisabled())
          await screenshot(page, `notifications-read-all-${size.name}`)
        })
      } finally {
        await context.close()
      }
    })
  })
}

describe('unread-count polling', () => {
  const browser = sharedBrowser()

  test('polls every 30 s while the tab is visible, not while it is hidden, and at once when it shows again', async () => {
    const username = await notifiedAccount(1)
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(page, 'notifications-polling', async () => {
        // The page's timers run on a clock the test moves: no waiting for real time.
        await page.clock.install()
        let polls = 0
        page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/notifications/unread-count') polls++ })
        const answered = () => page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/notifications/unread-count')
        let next = answered()
        await loginAs(page, username)
        await next
        await badge(page).filter({ hasText: '1' }).waitFor()
        assert.equal(polls, 1)
        next = answered()
        await page.clock.runFor(30_000)
        await next
        assert.equal(polls, 2, 'one poll per 30 s while visible')

        const setVisibility = (state) => page.evaluate((s) => {
          Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s })
          document.dispatchEvent(new Event('visibilitychange'))
        }, state)
        await setVisibility('hidden')
        await page.clock.runFor(120_000)
        // A request would have been started synchronously by the timer: none was.
        assert.equal(polls, 2, 'no poll while hidden')
        next = answered()
        await setVisibility('visible')
        await next
        assert.equal(polls, 3, 'polled at once when shown again')
      })
    } finally {
      await context.close()
    }
  })
})
