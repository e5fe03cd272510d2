// Browser tests of the compliance module (合规看板, 覆盖情况, 志愿服务时长):
// a branch secretary's board of 2021-Q1 shows their branch only, each missed
// item (as the API counts them) in red as 未达标, and its export downloads an
// .xlsx of the same verdicts; on a phone the board is cards, not a wide
// table. An admin opens a coverage figure of the 2021 campaign and the people
// list behind it has the same count. An organizer confirms a participant's
// volunteer hours on a 志愿服务 event, and a save on a row someone else changed
// meanwhile is refused with 已被他人修改. An admin changes a rule's event types
// and whom it judges in the rules page's form and the board follows; a secretary
// sees no 编辑 there. A linked community lists the services and events held there. Screenshots go to test-output/ui.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import fs from 'node:fs'
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readXlsxRows } from '../api/xlsx.mjs'
import { BASE_URL, apiAs, field, login, newPage, screenshot, settled, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

/** An instant as the API takes it (whole seconds, UTC). */
const iso = (d) => d.toISOString().replace(/\.\d+Z$/, 'Z')
const isPath = (p, method = 'GET') => (r) => new URL(r.url()).pathname === p && r.request().method() === method

/** The secretary's branch and the verdicts of its 2021-Q1 board, as the API answers them. */
async function boardAsApi(api) {
  const orgs = await api('GET', '/orgs')
  const branch = orgs.json.items.find((o) => o.kind === 'branch')
  const board = await api('GET', `/compliance/board?org_id=${branch.id}&period=2021-Q1`)
  assert.equal(board.status, 200)
  const cells = [...board.json.branches, ...board.json.people].flatMap((r) => r.cells)
  // People none of whose rules apply are folded away until asked for.
  const applies = (r) => r.cells.some((c) => c.verdict !== 'not_applicable')
  const shown = [...board.json.branches, ...board.json.people.filter(applies)].flatMap((r) => r.cells)
  return {
    branch,
    board: board.json,
    missed: cells.filter((c) => c.verdict === 'missed').length,
    cells: cells.length,
    shownCells: shown.length,
    foldedPeople: board.json.people.length - board.json.people.filter(applies).length,
  }
}

async function openBoard(page, branchId) {
  const answered = page.waitForResponse(isPath('/api/v1/compliance/board'))
  await page.goto(`${BASE_URL}/compliance?org_id=${branchId}&period=2021-Q1`)
  assert.equal((await answered).status(), 200)
  await settled(page)
}

describe('compliance: board, coverage, volunteer hours', () => {
  const browser = sharedBrowser()

  test('a secretary sees their branch only, missed items as missed, and exports the board', async () => {
    const expected = await boardAsApi(await apiAs('zhibu1'))
    assert.ok(expected.missed > 0, 'the demo has missed items in 2021-Q1')
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(page, 'compliance-board-desktop', async () => {
        await login(page, 'zhibu1')
        await openBoard(page, expected.branch.id)
        const branches = page.getByTestId('board-branches-table')
        assert.deepEqual((await branches.locator('tbody tr td:first-child').allInnerTexts()).map((t) => t.trim()),
          [expected.branch.name])
        const missed = page.locator('[data-testid="verdict-cell"][data-verdict="missed"]')
        assert.equal(await missed.count(), expected.missed)
        assert.match(await missed.first().innerText(), /未达标/)
        assert.match(await missed.first().getAttribute('class'), /el-tag--danger/)
        assert.equal(await page.locator('[data-testid="verdict-cell"]').count(), expected.shownCells)
        if (expected.foldedPeople > 0) {
          assert.match(await page.getByTestId('board-show-na').innerText(), new RegExp(`${expected.foldedPeople} 人`))
          await page.getByTestId('board-show-na').click()
          await page.waitForFunction((n) => document.querySelectorAll('[data-testid="verdict-cell"]').length === n, expected.cells)
          await page.getByTestId('board-show-na').click()
        }
        // A monthly rule on a quarter's board: one tag per month, its month named (10月, not "10 0/1").
        for (const part of await page.getByTestId('verdict-part').allInnerTexts()) {
          assert.match(part.trim(), /^(\d{1,2}月|第[1-4]季度)$/)
        }
        assert.match(await page.getByTestId('board-count-missed').innerText(), new RegExp(`未达标 ${expected.missed}$`))
        await screenshot(page, 'compliance-board-desktop')

        // Only missed: every row shown has a missed item.
        await page.getByTestId('board-verdict-filter').click()
        await page.locator('.el-select-dropdown__item:visible', { hasText: '未达标' }).first().click()
        const people = page.getByTestId('board-people-table').locator('tbody tr')
        const shown = await people.count()
        for (let i = 0; i < shown; i++) {
          assert.ok(await people.nth(i).locator('[data-verdict="missed"]').count() > 0, `row ${i} has a missed item`)
        }

        const download = page.waitForEvent('download')
        await page.getByTestId('board-export').click()
        const file = await download
        assert.match(file.suggestedFilename(), /\.xlsx$/)
        const rows = readXlsxRows(fs.readFileSync(await file.path()))
        assert.equal(rows.length - 1, expected.cells, 'one row per verdict')
        assert.equal(rows.filter((r) => r[7] === '未达标').length, expected.missed)
      })
    } finally {
      await context.close()
    }
  })

  test('the board opens on the header campaign\'s last quarter, not today\'s', async () => {
    const admin = await apiAs('dangwei')
    const { campaign } = (await admin('GET', '/account/current-campaign')).json
    const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
    // The campaign's last day once ended (the demo's 2021 one), its first before it begins, else today.
    const anchor = [today, campaign.start_date, campaign.end_date].sort()[1]
    const [y, m] = anchor.split('-').map(Number)
    const quarter = `${y}-Q${Math.floor((m - 1) / 3) + 1}`
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(page, 'compliance-board-campaign', async () => {
        await login(page, 'dangwei')
        const answered = page.waitForResponse(isPath('/api/v1/compliance/board'))
        await page.goto(`${BASE_URL}/compliance`)
        const res = await answered
        assert.equal(new URL(res.url()).searchParams.get('period'), quarter)
        await page.waitForURL((u) => u.searchParams.get('period') === quarter)
        // Its months are named on every tag of a monthly rule.
        await settled(page)
        const parts = (await page.getByTestId('verdict-part').allInnerTexts()).map((t) => t.trim())
        for (const part of parts) assert.match(part, /^\d{1,2}月$/)
        await screenshot(page, 'compliance-board-campaign')
      })
    } finally {
      await context.close()
    }
  })

  test('on a phone the board is cards', async () => {
    const expected = await boardAsApi(await apiAs('zhibu1'))
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(page, 'compliance-board-phone', async () => {
        await login(page, 'zhibu1')
        await openBoard(page, expected.branch.id)
        await page.getByTestId('board-branches-cards').waitFor()
        assert.equal(await page.getByTestId('board-branches-table').count(), 0, 'no wide table on a phone')
        assert.equal(await page.getByTestId('board-branches-cards').getByTestId('list-card').count(), 1)
        assert.equal(await page.locator('[data-testid="verdict-cell"][data-verdict="missed"]').count(), expected.missed)
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
        assert.ok(overflow <= 1, `no horizontal page scroll (overflow ${overflow}px)`)
        await screenshot(page, 'compliance-board-phone')
      })
    } finally {
      await context.close()
    }
  })

  test('a coverage figure opens the people behind it, with the same count', async () => {
    const admin = await apiAs('dangwei')
    const campaign = (await admin('GET', '/campaigns')).json.items[0]
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(page, 'coverage-desktop', async () => {
        await login(page, 'dangwei')
        const answered = page.waitForResponse(isPath(`/api/v1/campaigns/${campaign.id}/coverage`))
        await page.goto(`${BASE_URL}/campaigns/${campaign.id}`)
        await page.getByTestId('campaign-coverage-link').click()
        assert.equal((await answered).status(), 200)
        await settled(page)
        await screenshot(page, 'coverage-desktop')
        const figures = page.getByTestId('coverage-figure')
        let opened = 0
        for (const which of ['[data-figure="reached"][data-key=""]', '[data-figure="never"]']) {
          const link = page.locator(`[data-testid="coverage-figure"]${which}`).first()
          const count = Number((await link.innerText()).trim())
          const people = page.waitForResponse(isPath(`/api/v1/campaigns/${campaign.id}/coverage/people`))
          await link.click()
          assert.equal((await people).status(), 200)
          const dialog = page.getByTestId('coverage-people-dialog')
          await dialog.waitFor()
          await settled(page)
          assert.equal(Number((await dialog.getByTestId('coverage-people-total').innerText()).trim()), count, which)
          await page.keyboard.press('Escape')
          await dialog.waitFor({ state: 'hidden' })
          opened++
        }
        assert.equal(opened, 2)
        assert.ok(await figures.count() >= 15, 'three figures for the total, four categories and each branch')
      })
    } finally {
      await context.close()
    }
  })

  test('an admin edits a rule\'s event types and applies-to and the board follows; a secretary cannot edit', async () => {
    const admin = await apiAs('dangwei')
    const rule = (await admin('GET', '/compliance/rules')).json.items.find((r) => r.code === 'group_meeting_monthly')
    const committee = (await admin('GET', '/orgs')).json.items.find((o) => o.kind === 'party_committee')
    const boardPath = `/compliance/board?org_id=${committee.id}&period=2021-Q1`
    const before = (await admin('GET', boardPath)).json
    assert.ok(!before.branches.some((b) => b.org_id === committee.id), 'the committee is not judged yet')
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(page, 'compliance-rule-edit', async () => {
        await login(page, 'dangwei')
        const listed = page.waitForResponse(isPath('/api/v1/compliance/rules'))
        await page.goto(`${BASE_URL}/compliance/rules`)
        await listed
        await settled(page)
        const row = page.getByTestId('compliance-rules-table').locator('tbody tr', { hasText: rule.name })
        assert.match(await row.innerText(), /党支部/)
        await row.getByTestId('rule-edit').click()
        const dialog = page.getByTestId('rule-dialog')
        await dialog.waitFor()
        // Count 支委会 as well, and judge the party committee too.
        await dialog.getByTestId('rule-types').click()
        await page.locator('.el-select-dropdown__item:visible', { hasText: /^支委会$/ }).first().click()
        await dialog.locator('.el-dialog__title').click()
        await dialog.getByTestId('rule-org-kinds').locator('label', { hasText: /^党委$/ }).click()
        const saved = page.waitForResponse(isPath(`/api/v1/compliance/rules/${rule.id}`, 'PATCH'))
        const reloaded = page.waitForResponse(isPath('/api/v1/compliance/rules'))
        await page.getByTestId('rule-save').click()
        const res = await saved
        assert.equal(res.status(), 200, await res.text())
        await reloaded
        await dialog.waitFor({ state: 'hidden' })
        await settled(page)
        assert.match(await row.innerText(), /支委会/)
        assert.match(await row.innerText(), /党支部、党委|党委、党支部/)
        await screenshot(page, 'compliance-rule-edit')

        const after = (await admin('GET', boardPath)).json
        const judged = after.branches.find((b) => b.org_id === committee.id)
        assert.ok(judged, 'the API judges the committee now')
        await openBoard(page, committee.id)
        const committeeRow = page.getByTestId('board-branches-table').locator('tbody tr', { hasText: committee.name })
        assert.equal(await committeeRow.count(), 1, 'the board shows the committee')
        const cells = committeeRow.locator('[data-testid="verdict-cell"]')
        assert.equal(await cells.count(), judged.cells.length)
        assert.deepEqual(await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict'))),
          judged.cells.map((c) => c.verdict))
        // The other org rules judge branches only: 不适用 for the committee.
        assert.equal(await committeeRow.getByTestId('verdict-none').count(),
          after.rules.filter((r) => r.subject === 'org' && r.id !== rule.id).length)
        await screenshot(page, 'compliance-board-committee')
      })
    } finally {
      await context.close()
      // As seeded again, for the other tests on this server.
      const now = (await admin('GET', '/compliance/rules')).json.items.find((r) => r.id === rule.id)
      const back = await admin('PATCH', `/compliance/rules/${rule.id}`,
        { version: now.version, type_ids: rule.type_ids, org_kinds: rule.org_kinds })
      assert.equal(back.status, 200, JSON.stringify(back.json))
    }

    const { context: other, page: secretary } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(secretary, 'compliance-rules-secretary', async () => {
        await login(secretary, 'zhibu1')
        const listed = secretary.waitForResponse(isPath('/api/v1/compliance/rules'))
        await secretary.goto(`${BASE_URL}/compliance/rules`)
        assert.equal((await listed).status(), 200)
        await settled(secretary)
        const rows = secretary.getByTestId('compliance-rules-table').locator('tbody tr')
        assert.equal(await rows.count(), 5)
        assert.equal(await secretary.getByTestId('rule-edit').count(), 0, 'no 编辑 for a secretary')
      })
    } finally {
      await other.close()
    }
  })

  test('a linked community shows the services and events held there, with their hours', async () => {
    const admin = await apiAs('dangwei')
    const community = (await admin('GET', '/communities')).json.items.find((c) => c.name === 'X路社区')
    const held = (await admin('GET', `/communities/${community.id}/events`)).json.items
    const services = held.filter((e) => e.category === 'volunteer')
    assert.ok(services.length >= 4 && held.length > services.length, 'services and other events (《1921》, a 宣讲)')
    const minutes = held.reduce((n, e) => n + e.service_minutes, 0)
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(page, 'community-events', async () => {
        await login(page, 'dangwei')
        const listed = page.waitForResponse(isPath('/api/v1/communities'))
        await page.goto(`${BASE_URL}/communities`)
        await listed
        await settled(page)
        const row = page.getByTestId('communities-table').locator('tbody tr', { hasText: 'X路社区' }).first()
        const answered = page.waitForResponse(isPath(`/api/v1/communities/${community.id}/events`))
        await row.getByTestId('community-events').click()
        assert.equal((await answered).status(), 200)
        const dialog = page.getByTestId('community-events-dialog')
        await dialog.waitFor()
        await settled(page)
        assert.equal(await dialog.getByTestId('community-events-table').locator('tbody tr').count(), held.length)
        assert.equal(await dialog.getByTestId('community-service-hours').innerText(), String(Math.round((minutes / 60) * 10) / 10))
        for (const e of held.slice(0, 3)) await dialog.getByText(e.title).first().waitFor()
        await screenshot(page, 'community-events')
      })
    } finally {
      await context.close()
    }
  })

  test('an organizer confirms volunteer hours; a stale save is refused', async () => {
    const secretary = await apiAs('zhibu1')
    const branch = (await secretary('GET', '/orgs')).json.items.find((o) => o.kind === 'branch')
    const type = (await secretary('GET', '/event-types')).json.items.find((t) => t.code === 'volunteer_service')
    const start = new Date(Date.now() - 10 * 60_000)
    const made = await secretary('POST', '/events', {
      org_id: branch.id, title: `社区志愿服务${uniqueSuffix()}`, type_id: type.id,
      starts_at: iso(start), ends_at: iso(new Date(start.getTime() + 3 * 3600_000)),
      place: '社区服务站', target_org_ids: [branch.id], status: 'published',
    })
    assert.equal(made.status, 201, JSON.stringify(made.json))
    const ev = made.json
    const invitee = (await secretary('GET', `/events/${ev.id}/attendance?limit=1`)).json.items[0]
    const signed = await secretary('POST', `/events/${ev.id}/attendance/${invitee.person_id}/sign-in`, {})
    assert.equal(signed.status, 200, JSON.stringify(signed.json))

    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(page, 'volunteer-hours-desktop', async () => {
        await login(page, 'zhibu1')
        const list = page.waitForResponse(isPath(`/api/v1/events/${ev.id}/attendance`))
        await page.goto(`${BASE_URL}/events/${ev.id}`)
        await list
        await settled(page)
        const row = page.getByTestId('attendance-table').locator('tbody tr', { hasText: invitee.person_name })
        assert.match(await row.getByTestId('attendance-service-hours').innerText(), /未确认/)
        await row.getByTestId('attendance-confirm-hours').click()
        await page.getByTestId('hours-dialog').waitFor()
        await field(page, 'hours-input').fill('1.5')
        const saved = page.waitForResponse(isPath(`/api/v1/events/${ev.id}/attendance/${invitee.person_id}/service-minutes`, 'PUT'))
        const reloaded = page.waitForResponse(isPath(`/api/v1/events/${ev.id}/attendance`))
        await page.getByTestId('hours-save').click()
        assert.equal((await saved).status(), 200)
        await reloaded
        await settled(page)
        assert.match(await row.getByTestId('attendance-service-hours').innerText(), /1\.5 小时/)
        await screenshot(page, 'volunteer-hours-desktop')

        // Another organizer saves meanwhile: this page's row is now stale.
        const current = (await secretary('GET', `/events/${ev.id}/attendance`)).json.items
          .find((a) => a.person_id === invitee.person_id)
        const other = await secretary('PUT', `/events/${ev.id}/attendance/${invitee.person_id}/service-minutes`,
          { version: current.version, minutes: 120 })
        assert.equal(other.status, 200)
        await row.getByTestId('attendance-confirm-hours').click()
        await field(page, 'hours-input').fill('3')
        const refused = page.waitForResponse(isPath(`/api/v1/events/${ev.id}/attendance/${invitee.person_id}/service-minutes`, 'PUT'))
        await page.getByTestId('hours-save').click()
        assert.equal((await refused).status(), 409)
        await page.locator('.el-message', { hasText: '已被他人修改' }).first().waitFor()
        const after = (await secretary('GET', `/events/${ev.id}/attendance`)).json.items
          .find((a) => a.person_id === invitee.person_id)
        assert.equal(after.service_minutes, 120, 'the stale save wrote nothing')
      })
    } finally {
      await context.close()
    }
  })
})
