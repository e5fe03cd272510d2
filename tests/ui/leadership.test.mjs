// Browser tests of 领导小组 (/leadership) and 文件 (/documents): the org
// chart of a campaign's groups on a chosen day, a hand-over made in the
// dialog and shown in the history timeline, the demo's 5号文 with its
// planned activities against what was held, at 1366×768 and 390×844.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, field, login, newPage, screenshot, sharedBrowser, uniqueSuffix, withFailureShot, clickMenu } from './helpers.mjs'

const isPath = (p, method) => (r) => new URL(r.url()).pathname === p && r.request().method() === method

/** Checks that nothing is wider than the phone's screen. */
async function fitsWidth(page, width) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(scroll <= width, `page is ${scroll}px wide on a ${width}px screen`)
}

describe('leadership at 1366×768', () => {
  const browser = sharedBrowser()

  test('the org chart on a day, a hand-over in the dialog, the history timeline', async () => {
    // A campaign of its own with a leading group and its leader, chosen as
    // the admin's current campaign.
    const admin = await apiAs('admin')
    const orgs = await admin('GET', '/orgs')
    const committee = orgs.json.items.find((o) => o.name === '市统计局机关党委')
    const branch = orgs.json.items.find((o) => o.name === '机关第二支部')
    const made = await admin('POST', '/campaigns', {
      org_id: committee.id, name: `领导小组界面${uniqueSuffix()}`, year: 2026,
      start_date: '2026-01-01', end_date: '2026-12-31', status: 'active',
    })
    assert.equal(made.status, 201)
    const group = await admin('POST', `/campaigns/${made.json.id}/leadership-groups`,
      { kind: 'leading_group', name: '学习教育领导小组', duties: '统筹部署' })
    assert.equal(group.status, 201)
    const people = (await admin('GET', `/people?org_id=${branch.id}&limit=3`)).json.items
    const leader = await admin('POST', `/leadership-groups/${group.json.id}/members`, {
      person_id: people[0].id, role: 'leader', title: '党组书记', responsibility: 'first', start_date: '2026-01-01',
    })
    assert.equal(leader.status, 201)
    assert.equal((await admin('PUT', '/account/current-campaign', { campaign_id: made.json.id })).status, 200)

    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(page, 'leadership-hand-over-desktop', async () => {
        await login(page, 'admin')
        await clickMenu(page, 'leadership')
        const chart = page.getByTestId('leadership-chart')
        await chart.waitFor()
        await chart.getByText(people[0].name).waitFor()
        assert.match(await page.getByTestId('leadership-responsibilities').innerText(), /第一责任人/)

        await page.getByTestId('leadership-hand-over').first().click()
        const dialog = page.getByTestId('member-dialog')
        await dialog.waitFor()
        await page.getByTestId('account-person').locator('input').fill(people[1].name)
        await page.locator('.account-person-popper .el-select-dropdown__item:visible', { hasText: people[1].name }).first().click()
        const date = dialog.locator('.el-form-item', { hasText: '交接日期' }).locator('input')
        await date.fill('2026-01-01')
        await date.press('Enter')
        // The server refuses a hand-over on the leader's first day: shown at the field.
        const refused = page.waitForResponse(isPath(`/api/v1/leadership-members/${leader.json.id}/hand-over`, 'POST'))
        await page.getByTestId('member-save').click()
        assert.equal((await refused).status(), 400)
        await dialog.locator('.el-form-item__error', { hasText: '交接日期须晚于' }).waitFor()
        await date.fill('2026-09-24')
        await date.press('Enter')
        const saved = page.waitForResponse(isPath(`/api/v1/leadership-members/${leader.json.id}/hand-over`, 'POST'))
        await page.getByTestId('member-save').click()
        assert.equal((await saved).status(), 201)
        await dialog.waitFor({ state: 'hidden' })
        const history = page.getByTestId('leadership-history')
        await history.getByText(`交接：${people[0].name} → ${people[1].name}`).waitFor()
        await screenshot(page, 'leadership-desktop')

        // Who was responsible the day before the hand-over.
        const day = field(page, 'leadership-day')
        const reloaded = page.waitForResponse((r) => isPath(`/api/v1/campaigns/${made.json.id}/leadership`, 'GET')(r) &&
          new URL(r.url()).searchParams.get('on') === '2026-09-23')
        await day.fill('2026-09-23')
        await day.press('Enter')
        await page.getByTestId('leadership-title').click()  // the picker closes and reports the change
        await reloaded
        await chart.getByText(people[0].name).waitFor()
        assert.equal(await chart.getByText(people[1].name).count(), 0)

        // A document with one planned activity: checked before sending, the
        // server's refusal shown at the list, then saved and shown as not held.
        await clickMenu(page, 'documents')
        await page.getByTestId('documents-add').click()
        const form = page.getByTestId('document-dialog')
        await form.waitFor()
        let posted = 0
        page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/documents' && r.method() === 'POST') posted++ })
        await page.getByTestId('document-save').click()
        await form.locator('.el-form-item__error').first().waitFor()
        assert.equal(posted, 0, 'nothing sent before the form is valid')
        await field(page, 'document-title').fill('庆祝建党105周年活动安排')
        await field(page, 'document-number').fill('3号文')
        await field(page, 'document-issuer').fill('中共市统计局党组')
        const issued = field(page, 'document-issued-on')
        await issued.fill('2026-03-01')
        await issued.press('Enter')
        await page.getByTestId('document-add-activity').click()
        const row = page.getByTestId('document-activity').first()
        await row.locator('input').nth(0).fill('专题学习会')
        await row.locator('input').nth(1).fill('2026-06-30')
        await row.locator('input').nth(1).press('Enter')
        await row.locator('input').nth(2).fill('2026-04-01')
        await row.locator('input').nth(2).press('Enter')
        const refusedDoc = page.waitForResponse(isPath('/api/v1/documents', 'POST'))
        await page.getByTestId('document-save').click()
        assert.equal((await refusedDoc).status(), 400)
        await form.locator('.el-form-item__error', { hasText: '计划结束日期不能早于开始日期' }).waitFor()
        await row.locator('input').nth(1).fill('2026-04-01')
        await row.locator('input').nth(1).press('Enter')
        await row.locator('input').nth(2).fill('2026-06-30')
        await row.locator('input').nth(2).press('Enter')
        const savedDoc = page.waitForResponse(isPath('/api/v1/documents', 'POST'))
        await page.getByTestId('document-save').click()
        assert.equal((await savedDoc).status(), 201)
        await page.getByTestId('document-activities').waitFor()
        await page.getByTestId('activity-not-held').waitFor()
        await screenshot(page, 'document-desktop')
      })
    } finally {
      await context.close()
    }
  })
})

describe('leadership and documents at 390×844', () => {
  const browser = sharedBrowser()

  test('a leader reads the demo leading group and 5号文 with planned against held on a phone', async () => {
    const lingdao = await apiAs('lingdao')
    const demo = (await lingdao('GET', '/campaigns?year=2021')).json.items.find((c) => c.name === '党史学习教育')
    assert.ok(demo)
    assert.equal((await lingdao('PUT', '/account/current-campaign', { campaign_id: demo.id })).status, 200)
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(page, 'leadership-phone', async () => {
        await login(page, 'lingdao')
        await page.goto(`${BASE_URL}/leadership`)
        const chart = page.getByTestId('leadership-chart')
        await chart.waitFor()
        assert.equal(await page.getByTestId('leadership-group').count(), 6)
        assert.equal(await page.getByTestId('leadership-hand-over').count(), 0, 'read-only for a leader')
        await page.getByTestId('leadership-history').getByText(/领导小组组长交接/).waitFor()
        await fitsWidth(page, 390)
        await screenshot(page, 'leadership-phone')

        const list = page.waitForResponse(isPath('/api/v1/documents', 'GET'))
        await page.goto(`${BASE_URL}/documents`)
        assert.equal((await list).status(), 200)
        await page.getByTestId('document-link').filter({ hasText: '庆祝中国共产党成立100周年活动安排' }).click()
        const activities = page.getByTestId('document-activities')
        await activities.waitFor()
        assert.equal(await activities.locator('.card').count(), 16)
        const held = await page.getByTestId('activity-held').count()
        const notHeld = await page.getByTestId('activity-not-held').count()
        assert.equal(held + notHeld, 16)
        assert.match(await page.getByTestId('document-progress').innerText(), new RegExp(`未开展 ${notHeld} 项`))
        await fitsWidth(page, 390)
        await screenshot(page, 'document-phone')
      })
    } finally {
      await context.close()
    }
  })
})
