// Browser test of the 专题组织生活会 page (/ledger/life-meetings/:id): the
// branch secretary records a problem and its rectification item and sees the
// page's checks turn (problems without items → every problem has one); a
// member at phone size writes their own speech outline and commitment and
// sees themself as having spoken. The meeting is a new event of 机关第一支部
// made over the API, so runs do not depend on each other.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, field, login, newPage, screenshot, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

const isPath = (p, method) => (r) => new URL(r.url()).pathname === p && r.request().method() === method

// The demo's member account dangyuan1 is 钱党员 of 机关第一支部.
const memberName = '钱党员'
let meetingId

before(async () => {
  const api = await apiAs('zhibu1')
  const orgs = (await api('GET', '/orgs')).json.items
  const branch = orgs.find((o) => o.name === '机关第一支部')
  const types = (await api('GET', '/event-types')).json.items
  const made = await api('POST', '/events', {
    org_id: branch.id,
    title: `专题组织生活会${uniqueSuffix()}`,
    type_id: types.find((t) => t.code === 'life_meeting').id,
    starts_at: '2026-02-20T07:00:00Z',
    ends_at: '2026-02-20T10:00:00Z',
    target_org_ids: [branch.id],
    target_categories: ['member', 'probationary'],
    status: 'published',
  })
  assert.equal(made.status, 201, JSON.stringify(made.json))
  meetingId = made.json.id
})

async function openMeeting(page) {
  const loaded = page.waitForResponse(isPath(`/api/v1/ledger/life-meetings/${meetingId}`, 'GET'))
  await page.goto(`${BASE_URL}/ledger/life-meetings/${meetingId}`)
  assert.equal((await loaded).status(), 200)
  await page.getByTestId('life-checks').waitFor()
}

async function choose(page, testid, text) {
  await page.getByTestId(testid).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

describe('专题组织生活会 page', () => {
  const browser = sharedBrowser()

  test('the secretary records a problem and its rectification item; the checks follow', async () => {
    const { context, page } = await newPage(browser(), { width: 1366, height: 860 })
    try {
      await withFailureShot(page, 'ledger-life-secretary', async () => {
        await login(page, 'zhibu1')
        await openMeeting(page)
        await page.getByTestId('life-all-spoke').filter({ hasText: '人未发言' }).waitFor()
        await page.getByTestId('life-add-problem').click()
        await choose(page, 'life-problem-person', memberName)
        await field(page, 'life-problem-input').fill('学习党史不够系统')
        const posted = page.waitForResponse(isPath(`/api/v1/ledger/life-meetings/${meetingId}/problems`, 'POST'))
        await page.getByTestId('life-problem-save').click()
        assert.equal((await posted).status(), 201)
        await page.getByTestId('life-all-items').filter({ hasText: '1 个问题未建立整改事项' }).waitFor()

        const problem = page.getByTestId('life-problems').locator('tr', { hasText: '学习党史不够系统' })
        await problem.getByRole('button', { name: '建立整改事项' }).click()
        await field(page, 'life-item-measures').fill('制定个人学习计划，每周学习党史一章')
        const date = page.locator('.el-dialog:visible .el-form-item', { hasText: '整改时限' }).locator('input')
        await date.fill('2026-10-31')
        await date.press('Enter')
        const item = page.waitForResponse((r) => /\/api\/v1\/ledger\/life-problems\/\d+\/items$/.test(new URL(r.url()).pathname))
        await page.getByTestId('life-item-save').click()
        assert.equal((await item).status(), 201)
        await page.getByTestId('life-all-items').filter({ hasText: '问题均已建立整改事项' }).waitFor()
        await problem.locator('a', { hasText: '学习党史不够系统' }).waitFor()
        assert.match(await problem.innerText(), /待受理/)
        await screenshot(page, 'ledger-life-secretary')
      })
    } finally {
      await context.close()
    }
  })

  test('a member on a phone writes their own speech outline and commitment', async () => {
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(page, 'ledger-life-member', async () => {
        await login(page, 'dangyuan1')
        await openMeeting(page)
        const rows = page.getByTestId('life-members').locator('tbody tr')
        const mine = rows.filter({ hasText: memberName })
        assert.match(await mine.innerText(), /未发言/)
        // Only their own row offers 填写.
        assert.equal(await page.getByTestId('life-members').getByRole('button', { name: '填写' }).count(), 1)
        await mine.getByRole('button', { name: '填写' }).click()
        await field(page, 'life-speech-input').fill('对照党史检视自身差距')
        await field(page, 'life-commitment-input').fill('每周学习党史一章')
        const saved = page.waitForResponse((r) => r.request().method() === 'PATCH')
        await page.getByTestId('life-member-save').click()
        assert.equal((await saved).status(), 200)
        await mine.filter({ hasText: '已发言' }).waitFor()
        assert.match(await mine.innerText(), /每周学习党史一章/)
        await screenshot(page, 'ledger-life-member-phone')
      })
    } finally {
      await context.close()
    }
  })
})
