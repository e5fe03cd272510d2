// Browser tests of 活动, continued (issue 8): at 390×844 a member opens a QR
// link whose code has expired (the server's clock moved two 30-second slots
// on through the test hook) and sees the server's clear refusal; an
// organizer cancels an event with a reason at 1366×768 and the member sees
// it cancelled, struck through, with the reason in 我的活动; the event-type
// admin page: an org admin adds and renames a type, a branch secretary sees
// the list without the buttons.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs); the server runs
// with --test-hooks (scripts/test.sh).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, field, login, newPage, screenshot, settled, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

const isPath = (p, method) => (r) => new URL(r.url()).pathname === p && r.request().method() === method
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')

/** A published event of 第一支部 for its members, by zhibu1, starting `startIn` ms from now. */
async function publishedEvent(title, startIn) {
  const organizer = await apiAs('zhibu1')
  const orgs = await organizer('GET', '/orgs')
  const branch = orgs.json.items.find((o) => o.name.endsWith('第一支部'))
  const types = await organizer('GET', '/event-types')
  const start = Date.now() + startIn
  const made = await organizer('POST', '/events', {
    org_id: branch.id, title, type_id: types.json.items[0].id, starts_at: iso(start), ends_at: iso(start + 2 * 3600_000),
    target_org_ids: [branch.id], status: 'published',
  })
  assert.equal(made.status, 201, JSON.stringify(made.json))
  return { organizer, event: made.json }
}

describe('events: expired QR code, cancellation, type admin page', () => {
  const browser = sharedBrowser()

  test('a member at 390×844 with an expired QR code is refused with the clear message', async () => {
    // Started 10 minutes ago: the sign-in window is open.
    const { organizer, event } = await publishedEvent(`过期二维码${uniqueSuffix()}`, -10 * 60_000)
    const shown = await organizer('GET', `/events/${event.id}/sign-in-code`)
    assert.equal(shown.status, 200)
    // Two slots on, the code shown (or a photo of it) is no longer accepted.
    const moved = await fetch(`${BASE_URL}/api/v1/test-hooks/clock`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advance_seconds: 61 }),
    })
    assert.equal(moved.status, 200, 'the server runs with --test-hooks')
    const member = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(member.page, 'events-expired-code-phone', async () => {
        const m = member.page
        await login(m, 'dangyuan1')
        await m.goto(`${BASE_URL}${shown.json.path}`)
        await m.getByTestId('sign-in-title').filter({ hasText: event.title }).waitFor()
        const answered = m.waitForResponse(isPath(`/api/v1/events/${event.id}/sign-in`, 'POST'))
        await m.getByTestId('sign-in-confirm').click()
        assert.equal((await answered).status(), 422)
        const refusal = m.getByTestId('sign-in-refusal')
        await refusal.filter({ hasText: '签到码已过期，请扫描现场最新的二维码' }).waitFor()
        assert.equal(await m.getByTestId('sign-in-success').count(), 0)
        await screenshot(m, 'events-expired-code-phone')
      })
    } finally {
      await member.context.close()
    }
  })

  test('an ended event offers neither 扫码签到 nor 取消活动', async () => {
    // Three days ago, for two hours: its sign-in window has closed.
    const { event } = await publishedEvent(`已结束${uniqueSuffix()}`, -3 * 24 * 3600_000)
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(page, 'events-ended-desktop', async () => {
        await login(page, 'zhibu1')
        await page.goto(`${BASE_URL}/events/${event.id}`)
        await page.getByTestId('event-fields').waitFor()
        await page.getByTestId('attendance-table').waitFor()
        assert.equal(await page.getByTestId('event-open-qr').count(), 0, 'no 扫码签到 after the window')
        assert.equal(await page.getByTestId('event-cancel').count(), 0, 'no 取消活动 once started')
      })
    } finally {
      await context.close()
    }
  })

  test('an organizer cancels with a reason; the member sees it cancelled in 我的活动', async () => {
    const title = `取消的活动${uniqueSuffix()}`
    const { event } = await publishedEvent(title, 2 * 24 * 3600_000)
    const secretary = await newPage(browser(), { width: 1366, height: 768 })
    const member = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(secretary.page, 'events-cancel-desktop', async () => {
        const page = secretary.page
        await login(page, 'zhibu1')
        await page.goto(`${BASE_URL}/events/${event.id}`)
        await page.getByTestId('event-fields').waitFor()
        await page.getByTestId('event-cancel').click()
        const box = page.locator('.el-message-box')
        await box.waitFor()
        // Without a reason nothing is sent.
        await box.locator('.el-button--primary').click()
        await box.getByText('请填写').waitFor()
        await box.locator('input').fill('与全局大会冲突，另行通知')
        const cancelled = page.waitForResponse(isPath(`/api/v1/events/${event.id}/cancel`, 'POST'))
        await box.locator('.el-button--primary').click()
        assert.equal((await cancelled).status(), 200)
        await page.getByTestId('event-cancelled').filter({ hasText: '与全局大会冲突，另行通知' }).waitFor()
        await page.getByTestId('event-status-view').filter({ hasText: '已取消' }).waitFor()
        assert.equal(await page.getByTestId('event-cancel').count(), 0)
        await screenshot(page, 'events-cancelled-desktop')
      })
      await withFailureShot(member.page, 'events-cancelled-phone', async () => {
        const m = member.page
        await login(m, 'dangyuan1')
        const mine = m.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/my-attendance')
        await m.goto(`${BASE_URL}/my-events`)
        assert.equal((await mine).status(), 200)
        const item = m.getByTestId('my-event').filter({ hasText: title })
        await item.getByTestId('my-event-status').filter({ hasText: '已取消' }).waitFor()
        await item.getByTestId('my-event-cancel-reason').filter({ hasText: '与全局大会冲突，另行通知' }).waitFor()
        const decoration = await item.getByTestId('my-event-title').evaluate((el) => getComputedStyle(el).textDecorationLine)
        assert.equal(decoration, 'line-through')
        assert.equal(await item.getByTestId('my-event-leave').count(), 0, 'no leave for a cancelled event')
        await m.getByTestId('my-study-hours').waitFor()
        await screenshot(m, 'events-my-cancelled-phone')
      })
    } finally {
      await secretary.context.close()
      await member.context.close()
    }
  })

  test('the event-type admin page: an org admin adds and renames a type; a secretary only reads', async () => {
    const name = `读报会${uniqueSuffix()}`.slice(0, 20)
    const admin = await newPage(browser(), { width: 1366, height: 768 })
    const secretary = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(admin.page, 'events-types-admin', async () => {
        const page = admin.page
        await login(page, 'dangwei')
        const listed = page.waitForResponse(isPath('/api/v1/event-types', 'GET'))
        await page.goto(`${BASE_URL}/event-settings`)
        assert.equal((await listed).status(), 200)
        const table = page.getByTestId('event-types-table')
        await table.getByText('理论学习中心组学习').waitFor()
        await page.getByTestId('settings-add').click()
        const dialog = page.getByTestId('settings-dialog')
        await dialog.waitFor()
        let posted = 0
        page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/event-types' && r.method() === 'POST') posted++ })
        await page.getByTestId('settings-save').click()
        await dialog.locator('.el-form-item__error').first().waitFor()
        assert.equal(posted, 0, 'nothing sent without a name')
        await field(page, 'type-name').fill(name)
        const created = page.waitForResponse(isPath('/api/v1/event-types', 'POST'))
        await page.getByTestId('settings-save').click()
        assert.equal((await created).status(), 201)
        const row = table.locator('tbody tr', { hasText: name })
        await row.waitFor()
        await row.getByTestId('settings-edit').click()
        await field(page, 'type-name').fill(`${name}改`)
        const patched = page.waitForResponse((r) => /\/api\/v1\/event-types\/\d+$/.test(new URL(r.url()).pathname))
        await page.getByTestId('settings-save').click()
        assert.equal((await patched).status(), 200)
        await table.locator('tbody tr', { hasText: `${name}改` }).waitFor()
        // A duplicate name: the server's refusal shown, the dialog stays.
        await page.getByTestId('settings-add').click()
        await field(page, 'type-name').fill('党课')
        const refused = page.waitForResponse(isPath('/api/v1/event-types', 'POST'))
        await page.getByTestId('settings-save').click()
        assert.equal((await refused).status(), 409)
        await page.locator('.el-message, .el-notification').filter({ hasText: '已存在' }).first().waitFor()
        await settled(page)
        await screenshot(page, 'events-types-admin')
      })
      await withFailureShot(secretary.page, 'events-types-secretary', async () => {
        const page = secretary.page
        await login(page, 'zhibu1')
        await page.goto(`${BASE_URL}/event-settings`)
        await page.getByTestId('event-types-table').getByText('党小组会').waitFor()
        assert.equal(await page.getByTestId('settings-add').count(), 0)
        assert.equal(await page.getByTestId('settings-edit').count(), 0)
      })
    } finally {
      await admin.context.close()
      await secretary.context.close()
    }
  })
})
