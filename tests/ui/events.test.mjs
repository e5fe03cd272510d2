// Browser tests of 活动 (/events, /my-events, /m/sign-in/<id>): a branch
// secretary creates an event at 1366×768; a member at 390×844 opens the QR
// sign-in link (the code read from the API as the organizer's panel reads it),
// signs in on the way, confirms and sees 签到成功, then the server's refusals
// for a second sign-in and a foreign code; the organizer's QR panel reads the
// code again as the slot ends; the secretary's attendance shows the member
// signed and signs another invitee in by hand; the calendar shows the event on
// its day. A member asks for leave in 我的活动 and the secretary approves it;
// a sign-in days before the window is refused by the server, in Chinese.
// The calendar also shows a week (Sunday to Saturday) and moves by weeks.
// Screenshots of the list, calendar, detail and sign-in page at both sizes go
// to test-output/ui.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, field, login, newPage, screenshot, settled, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

const isPath = (p, method) => (r) => new URL(r.url()).pathname === p && r.request().method() === method

/** A Date as China wall time 'YYYY-MM-DD HH:mm:ss' (what the pickers show and take). */
function chinaTime(d) {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}

async function chooseOption(page, selectTestId, text) {
  await page.getByTestId(selectTestId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

async function openEvents(page) {
  const list = page.waitForResponse(isPath('/api/v1/events', 'GET'))
  await page.goto(`${BASE_URL}/events`)
  assert.equal((await list).status(), 200)
  await page.locator('[data-testid="events-table"], [data-testid="events-cards"]').first().waitFor()
  await settled(page)
}

describe('events: create, QR sign-in on a phone, attendance, calendar', () => {
  const browser = sharedBrowser()

  test('a secretary creates an event; a member signs in by its QR link; the secretary sees it; the calendar shows it', async () => {
    const title = `专题党课${uniqueSuffix()}`
    // Started 10 minutes ago, for two hours: the sign-in window is open.
    const start = new Date(Date.now() - 10 * 60_000)
    const end = new Date(start.getTime() + 2 * 3600_000)
    const secretary = await newPage(browser(), { width: 1366, height: 768 })
    const member = await newPage(browser(), { width: 390, height: 844, mobile: true })
    const page = secretary.page
    try {
      let eventId
      await withFailureShot(page, 'events-create-desktop', async () => {
        await login(page, 'zhibu1')
        await openEvents(page)
        await screenshot(page, 'events-list-desktop')
        await page.getByTestId('btn-add-event').first().click()
        const dialog = page.getByTestId('event-dialog')
        await dialog.waitFor()
        let posted = 0
        page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/events' && r.method() === 'POST') posted++ })
        await page.getByTestId('event-save').click()
        await dialog.locator('.el-form-item__error').first().waitFor()
        assert.equal(posted, 0, 'nothing sent before the required fields are filled')

        // A secretary of one branch hosts for it; the event belongs to the campaign chosen in the header.
        await dialog.getByTestId('event-org').filter({ hasText: '第一支部' }).waitFor()
        const header = (await page.getByTestId('campaign-selector').innerText()).trim()
        assert.ok(header.length > 0, 'a campaign is chosen in the header')
        await dialog.getByTestId('event-campaign').filter({ hasText: header }).waitFor()
        await chooseOption(page, 'event-org', '第一支部')
        await field(page, 'event-title').fill(title)
        await chooseOption(page, 'event-type', '党课')
        const times = dialog.locator('.el-form-item', { hasText: '活动时间' }).locator('input')
        await times.nth(0).fill(chinaTime(start))
        await times.nth(0).press('Enter')
        await times.nth(1).fill(chinaTime(end))
        await times.nth(1).press('Enter')
        await field(page, 'event-place').fill('机关三楼会议室')
        await chooseOption(page, 'event-targets', '第一支部')
        await page.keyboard.press('Escape')
        await field(page, 'event-summary').fill('学习党史，交流心得')
        await screenshot(page, 'events-form-desktop')
        const created = page.waitForResponse(isPath('/api/v1/events', 'POST'))
        await page.getByTestId('event-save').click()
        const res = await created
        assert.equal(res.status(), 201, await res.text())
        eventId = (await res.json()).id
        await dialog.waitFor({ state: 'hidden' })
        await page.getByTestId('event-title-cell').filter({ hasText: title }).waitFor()

        // The detail: its fields, the invited list, the organizer's QR panel.
        await page.getByTestId('event-title-cell').filter({ hasText: title }).click()
        await page.waitForURL((u) => u.pathname === `/events/${eventId}`)
        await page.getByTestId('event-fields').waitFor()
        await page.getByTestId('attendance-table').locator('tbody tr').first().waitFor()
        // Started: it can no longer be cancelled; its sign-in window is open.
        assert.equal(await page.getByTestId('event-cancel').count(), 0, 'no 取消活动 once started')
        await page.getByTestId('event-open-qr').click()
        const qr = page.getByTestId('event-qr-image')
        await qr.waitFor()
        await page.waitForFunction(() => {
          const img = document.querySelector('[data-testid="event-qr-image"]')
          return img?.complete && img.naturalWidth > 0
        })
        assert.match(await page.getByTestId('event-qr-code').innerText(), /^[0-9a-f]{16}$/)
        assert.match(await page.getByTestId('event-qr-link').innerText(), new RegExp(`/m/sign-in/${eventId}\\?code=[0-9a-f]{16}$`))
        await screenshot(page, 'events-detail-qr-desktop')
      })

      // The member: the link the QR code holds, not signed in yet.
      const organizer = await apiAs('zhibu1')
      const current = await organizer('GET', `/events/${eventId}/sign-in-code`)
      assert.equal(current.status, 200)
      const m = member.page
      let memberName
      await withFailureShot(m, 'events-sign-in-phone', async () => {
        // A hall of phones opens this page at once: it loads no menu or header (AppLayout).
        const layout = []
        m.on('response', (r) => { if (/\/assets\/AppLayout-/.test(new URL(r.url()).pathname)) layout.push(r.url()) })
        await m.goto(`${BASE_URL}${current.json.path}`)
        await m.waitForURL((u) => u.pathname === '/login')
        await field(m, 'login-username').fill('dangyuan1')
        await field(m, 'login-password').fill(process.env.DUXING_DEMO_PASSWORD)
        await m.getByTestId('login-submit').click()
        await m.waitForURL((u) => u.pathname === `/m/sign-in/${eventId}`)
        await m.getByTestId('sign-in-title').filter({ hasText: title }).waitFor()
        await screenshot(m, 'events-sign-in-phone')
        // A code of no slot of this event.
        await m.goto(`${BASE_URL}/m/sign-in/${eventId}?code=0123456789abcdef`)
        await m.getByTestId('sign-in-confirm').click()
        await m.getByTestId('sign-in-refusal').waitFor()
        assert.match(await m.getByTestId('sign-in-refusal').innerText(), /不是本次活动的签到码/)
        await screenshot(m, 'events-sign-in-refused-phone')
        await m.goto(`${BASE_URL}${current.json.path}`)
        await m.getByTestId('sign-in-title').filter({ hasText: title }).waitFor()
        await m.getByTestId('sign-in-confirm').click()
        const ok = m.getByTestId('sign-in-success')
        await ok.waitFor()
        memberName = (await ok.innerText()).match(/\n?([^\n，]+)，签到时间/)[1].trim()
        await screenshot(m, 'events-sign-in-success-phone')

        // A second scan: already signed in, with the time, and nothing to confirm.
        await m.reload()
        await m.getByTestId('sign-in-already').waitFor()
        assert.match(await m.getByTestId('sign-in-already').innerText(), /您已签到（\d{4}-\d\d-\d\d \d\d:\d\d/)
        assert.equal(await m.getByTestId('sign-in-confirm').count(), 0, 'no 确认签到 again')
        assert.match(await m.getByTestId('sign-in-home').getAttribute('class'), /el-button/, '返回首页 is a button')

        assert.deepEqual(layout, [], 'the sign-in pages load no signed-in layout')
        // 我的活动 lists the event as signed.
        await m.goto(`${BASE_URL}/my-events`)
        await m.getByTestId('my-events-tabs').getByText('参加记录').click()
        const mine = m.getByTestId('my-event').filter({ hasText: title })
        await mine.getByTestId('my-event-status').filter({ hasText: '已签到' }).waitFor()
        await screenshot(m, 'events-mine-phone')
      })

      // The secretary sees the member signed (the dialog's close reloads the list).
      await withFailureShot(page, 'events-attendance-desktop', async () => {
        // The open panel reads the code again when the server's 30 s slot ends
        // (waits for that request, at most a slot and a margin) and shows the new code.
        const next = await page.waitForResponse(isPath(`/api/v1/events/${eventId}/sign-in-code`, 'GET'), { timeout: 45_000 })
        assert.equal(next.status(), 200)
        const fresh = (await next.json()).code
        await page.getByTestId('event-qr-code').filter({ hasText: fresh }).waitFor()
        await page.waitForFunction((c) => {
          const img = document.querySelector('[data-testid="event-qr-image"]')
          return img?.src.endsWith(`c=${c}`) && img.complete && img.naturalWidth > 0
        }, fresh)
        await page.locator('[data-testid="event-qr-dialog"] .el-dialog__headerbtn').click()
        const row = page.getByTestId('attendance-table').locator('tbody tr', { hasText: memberName })
        await row.getByTestId('attendance-status').filter({ hasText: '已签到' }).waitFor()
        assert.equal(await page.getByTestId('rate-signed').innerText(), '1')
        // 代签到 for the first invitee still to sign in.
        const other = page.getByTestId('attendance-table').locator('tbody tr', { has: page.getByTestId('attendance-hand-sign-in') }).first()
        const otherName = (await other.locator('td').first().innerText()).trim()
        // During the event nobody is offered 补学: only those absent once it has ended.
        assert.equal(await page.getByTestId('attendance-makeup').count(), 0, 'no 补学 during the event')
        // The search box finds the row by name.
        await field(page, 'attendance-search').fill(otherName)
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="attendance-table"] tbody tr').length === 1)
        const found = page.getByTestId('attendance-table').locator('tbody tr').first()
        assert.match(await found.innerText(), new RegExp(otherName))
        // 代签到 is audited and cannot be undone: it asks first, and 取消 sends nothing.
        let handSent = 0
        page.on('request', (r) => { if (/\/attendance\/\d+\/sign-in$/.test(new URL(r.url()).pathname)) handSent++ })
        await found.getByTestId('attendance-hand-sign-in').click()
        const box = page.locator('.el-message-box')
        await box.filter({ hasText: '不能撤销' }).waitFor()
        await box.getByRole('button', { name: '取消' }).click()
        await box.waitFor({ state: 'hidden' })
        assert.equal(handSent, 0, 'nothing sent when 取消')
        const hand = page.waitForResponse((r) => /\/attendance\/\d+\/sign-in$/.test(new URL(r.url()).pathname))
        await found.getByTestId('attendance-hand-sign-in').click()
        await box.getByRole('button', { name: '确认代签到' }).click()
        assert.equal((await hand).status(), 200)
        await field(page, 'attendance-search').fill('')
        await page.getByTestId('rate-signed').filter({ hasText: /^2$/ }).waitFor()
        const handRow = page.getByTestId('attendance-table').locator('tbody tr', { hasText: otherName })
        await handRow.getByText('（代签）').waitFor()
        await screenshot(page, 'events-detail-desktop')

        // The calendar shows the event on its day.
        await openEvents(page)
        const month = page.waitForResponse(isPath('/api/v1/events/calendar', 'GET'))
        await page.getByTestId('events-view-calendar').click()
        assert.equal((await month).status(), 200)
        const day = chinaTime(start).slice(0, 10)
        const cell = page.getByTestId(`calendar-day-${day}`)
        await cell.getByTestId('calendar-event').first().waitFor()
        await screenshot(page, 'events-calendar-desktop')
        // A day shows three events; more (a database the tests ran on before) are behind 另有 N 项,
        // which lists that day.
        if (await cell.getByTestId('calendar-more').count()) {
          const dayList = page.waitForResponse(isPath('/api/v1/events', 'GET'))
          await cell.getByTestId('calendar-more').click()
          assert.equal(new URL((await dayList).url()).searchParams.get('from'), day)
          await page.getByTestId('event-title-cell').filter({ hasText: title }).waitFor()
        } else {
          await cell.getByTestId('calendar-event').filter({ hasText: title }).waitFor()
        }
      })
    } finally {
      await secretary.context.close()
      await member.context.close()
    }
  })

  test('a member asks for leave in 我的活动 at 390×844; the secretary approves it', async () => {
    const organizer = await apiAs('zhibu1')
    const orgs = await organizer('GET', '/orgs')
    const branch = orgs.json.items.find((o) => o.name.endsWith('第一支部'))
    const types = await organizer('GET', '/event-types')
    const title = `组织生活会${uniqueSuffix()}`
    const start = new Date(Date.now() + 3 * 24 * 3600_000)
    const made = await organizer('POST', '/events', {
      org_id: branch.id, title, type_id: types.json.items[0].id, starts_at: start.toISOString().replace(/\.\d+Z$/, 'Z'),
      ends_at: new Date(start.getTime() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      target_org_ids: [branch.id], status: 'published',
    })
    assert.equal(made.status, 201, JSON.stringify(made.json))
    const member = await newPage(browser(), { width: 390, height: 844, mobile: true })
    const secretary = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(member.page, 'events-leave-phone', async () => {
        const m = member.page
        await login(m, 'dangyuan1')
        await m.goto(`${BASE_URL}/my-events`)
        const item = m.getByTestId('my-event').filter({ hasText: title })
        await item.getByTestId('my-event-leave').click()
        await m.locator('.el-message-box input').fill('出差')
        const asked = m.waitForResponse(isPath(`/api/v1/events/${made.json.id}/leave`, 'POST'))
        await m.locator('.el-message-box .el-button--primary').click()
        assert.equal((await asked).status(), 200)
        await item.getByText('请假待审批：出差').waitFor()
        await screenshot(m, 'events-leave-phone')
        // The member's view of the event: its fields and only their own row, no organizer's actions.
        await m.goto(`${BASE_URL}/events/${made.json.id}`)
        await m.getByTestId('event-fields').waitFor()
        await m.getByTestId('attendance-cards').getByTestId('list-card').first().waitFor()
        assert.equal(await m.getByTestId('attendance-cards').getByTestId('list-card').count(), 1)
        assert.equal(await m.getByTestId('event-open-qr').count(), 0)
        assert.equal(await m.getByTestId('attendance-hand-sign-in').count(), 0)
        await m.getByTestId('event-status-view').filter({ hasText: '已发布' }).waitFor()
        assert.doesNotMatch(await m.getByTestId('event-fields').innerText(), /#\d/, 'no bare org ids')
        await screenshot(m, 'events-detail-member-phone')
        // Three days early, the sign-in page shows the server's refusal: outside the window.
        await m.goto(`${BASE_URL}/m/sign-in/${made.json.id}?code=0123456789abcdef`)
        await m.getByTestId('sign-in-confirm').click()
        await m.getByTestId('sign-in-refusal').filter({ hasText: '签到尚未开始' }).waitFor()
      })
      await withFailureShot(secretary.page, 'events-leave-decision-desktop', async () => {
        const page = secretary.page
        await login(page, 'zhibu1')
        await page.goto(`${BASE_URL}/events/${made.json.id}`)
        const row = page.getByTestId('attendance-table').locator('tbody tr', { has: page.getByTestId('attendance-leave-approve') })
        await row.getByText('待审批：出差').waitFor()
        await row.getByTestId('attendance-leave-approve').click()
        const decided = page.waitForResponse((r) => /\/leave-decision$/.test(new URL(r.url()).pathname))
        await page.locator('.el-message-box .el-button--primary').click()
        assert.equal((await decided).status(), 200)
        await page.getByTestId('attendance-table').getByText('已批准：出差').waitFor()
        await page.getByTestId('attendance-table').getByTestId('attendance-status').filter({ hasText: '请假' }).first().waitFor()
      })
    } finally {
      await member.context.close()
      await secretary.context.close()
    }
  })

  test('the calendar shows a week, Sunday to Saturday as the month view, and moves by weeks', async () => {
    const secretary = await apiAs('zhibu1')
    const branch = (await secretary('GET', '/orgs')).json.items.find((o) => o.kind === 'branch')
    const type = (await secretary('GET', '/event-types')).json.items.find((t) => t.code === 'topic_study')
    // Today (China date) 09:00-10:00: in this week whatever the weekday.
    const today = chinaTime(new Date()).slice(0, 10)
    const title = `周视图活动${uniqueSuffix()}`
    const made = await secretary('POST', '/events', {
      org_id: branch.id, title, type_id: type.id, starts_at: `${today}T01:00:00Z`, ends_at: `${today}T02:00:00Z`,
      place: '局三楼会议室', target_org_ids: [branch.id], status: 'published',
    })
    assert.equal(made.status, 201, JSON.stringify(made.json))
    const dayOf = (d) => new Date(`${d}T00:00:00Z`)
    const shift = (d, n) => new Date(dayOf(d).getTime() + n * 86400_000).toISOString().slice(0, 10)
    const sunday = shift(today, -dayOf(today).getUTCDay())  // the week's Sunday
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(page, 'events-calendar-week', async () => {
        await login(page, 'zhibu1')
        await openEvents(page)
        await page.getByTestId('events-view-calendar').click()
        await page.getByTestId('events-calendar').waitFor()
        const week = page.waitForResponse(isPath('/api/v1/events/calendar', 'GET'))
        await page.getByTestId('calendar-mode-week').click()
        const asked = new URL((await week).url()).searchParams
        assert.deepEqual([asked.get('from'), asked.get('to')], [sunday, shift(sunday, 7)])
        await settled(page)
        const days = await page.locator('[data-testid^="calendar-day-"]').evaluateAll(
          (els) => els.map((e) => e.getAttribute('data-testid').slice('calendar-day-'.length)))
        assert.deepEqual(days, Array.from({ length: 7 }, (_, i) => shift(sunday, i)), 'one row: Sunday to Saturday')
        assert.equal(await page.getByTestId('calendar-week-title').innerText(), `${sunday} 至 ${shift(sunday, 6)}`)
        const cell = page.getByTestId(`calendar-day-${today}`)
        const mine = cell.getByTestId('calendar-event').filter({ hasText: title })
        if (!(await cell.getByTestId('calendar-more').count())) await mine.waitFor()
        await screenshot(page, 'events-calendar-week')
        // 下一周 and back: each loads its own week.
        let next = page.waitForResponse(isPath('/api/v1/events/calendar', 'GET'))
        await page.getByTestId('calendar-week-next').click()
        assert.equal(new URL((await next).url()).searchParams.get('from'), shift(sunday, 7))
        await page.getByTestId(`calendar-day-${shift(sunday, 7)}`).waitFor()
        assert.equal(await page.getByTestId(`calendar-day-${today}`).count(), 0)
        next = page.waitForResponse(isPath('/api/v1/events/calendar', 'GET'))
        await page.getByTestId('calendar-week-prev').click()
        assert.equal(new URL((await next).url()).searchParams.get('from'), sunday)
        await page.getByTestId(`calendar-day-${today}`).waitFor()
        // Back to the month: the month's range again.
        const month = page.waitForResponse(isPath('/api/v1/events/calendar', 'GET'))
        await page.getByTestId('calendar-mode-month').click()
        assert.equal(new URL((await month).url()).searchParams.get('from'), `${today.slice(0, 8)}01`)
      })
    } finally {
      await context.close()
    }
  })

  test('at 390×844 the list, calendar and detail fit the phone', async () => {
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(page, 'events-phone', async () => {
        await login(page, 'zhibu1')
        await openEvents(page)
        await screenshot(page, 'events-list-phone')
        // The create form fits the phone (no field cut off at the right).
        await page.getByTestId('btn-add-event').click()
        const dialog = page.getByTestId('event-dialog')
        await dialog.waitFor()
        await settled(page)
        const cut = await dialog.evaluate((d) => [...d.querySelectorAll('.el-form-item__content > *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1).map((el) => el.className))
        assert.deepEqual(cut, [], 'no form field reaches past the screen')
        await screenshot(page, 'events-form-phone')
        await dialog.locator('.el-dialog__headerbtn').click()
        await dialog.waitFor({ state: 'hidden' })
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        assert.ok(overflow <= 0, `the list does not scroll sideways (${overflow}px)`)
        const month = page.waitForResponse(isPath('/api/v1/events/calendar', 'GET'))
        await page.getByTestId('events-view-calendar').click()
        await month
        await page.getByTestId('calendar-day-list').waitFor()
        await settled(page)
        const calendarOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        assert.ok(calendarOverflow <= 0, `the calendar does not scroll sideways (${calendarOverflow}px)`)
        await screenshot(page, 'events-calendar-phone')
        await page.getByTestId('events-view-list').click()
        await page.getByTestId('list-card').first().waitFor()
        await page.getByTestId('list-card').first().getByTestId('event-title-cell').click()
        await page.getByTestId('event-fields').waitFor()
        await settled(page)
        await screenshot(page, 'events-detail-phone')
      })
    } finally {
      await context.close()
    }
  })
})
