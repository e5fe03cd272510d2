// Browser test of 学习标兵 (/commendations): the org admin sets a rule in the
// current campaign, sees the proposed candidates with their figures, takes
// one off with a reason and publishes; a member then sees the published
// list with the figures (without the one taken off).
// Against a real `duxing serve` with demo data (helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, field, login, newPage, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

const isPath = (p, method) => (r) => new URL(r.url()).pathname === p && r.request().method() === method

describe('commendations', () => {
  const browser = sharedBrowser()

  test('the org admin proposes, reviews and publishes; a member sees the list', async () => {
    const title = `学习标兵${uniqueSuffix()}`
    const admin = await newPage(browser(), { width: 1366, height: 860 })
    try {
      await withFailureShot(admin.page, 'commendations-admin', async () => {
        const page = admin.page
        await login(page, 'dangwei')
        await page.goto(`${BASE_URL}/commendations`)
        await page.getByTestId('commendation-new').click()
        await field(page, 'commendation-form-title').fill(title)
        // Exam weight 1 by default; add the study log: 2 per hour, the 3 best.
        const form = page.getByTestId('commendation-form')
        await form.locator('.el-input-number').nth(1).locator('input').fill('2')
        await form.locator('.el-input-number').nth(0).locator('input').fill('0')
        await page.getByTestId('commendation-form-top').locator('input').fill('3')
        const created = page.waitForResponse(isPath('/api/v1/assessments/commendations', 'POST'))
        await page.getByTestId('commendation-form-save').click()
        const res = await created
        assert.equal(res.status(), 201, await res.text())
        const list = await res.json()
        assert.ok(list.entries.length >= 1, 'candidates proposed from the demo study log')
        const first = list.entries[0]
        const table = page.getByTestId('commendation-entries')
        await table.getByText(first.person_name).first().waitFor()
        assert.match(await table.innerText(), new RegExp((first.study_minutes / 60).toFixed(1).replace('.', '\\.')))
        // Take the first one off with a reason.
        await table.locator('.el-table__row').first().getByRole('button', { name: '移出' }).click()
        await page.locator('.el-message-box input').fill('本人谦让')
        const removed = page.waitForResponse((r) => /\/entries\/\d+\/remove$/.test(r.url()))
        await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
        assert.equal((await removed).status(), 200)
        await table.getByText('已移出：本人谦让').waitFor()
        const published = page.waitForResponse((r) => /\/commendations\/\d+\/publish$/.test(r.url()))
        await page.getByTestId('commendation-publish').click()
        assert.equal((await published).status(), 200)
        await page.getByTestId('commendation-title').filter({ hasText: '已发布' }).waitFor()
      })
    } finally {
      await admin.context.close()
    }

    const member = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(member.page, 'commendations-member', async () => {
        const page = member.page
        await login(page, 'dangyuan1')
        await page.goto(`${BASE_URL}/commendations`)
        await page.getByTestId('commendation-select').click()
        await page.locator('.el-select-dropdown__item:visible', { hasText: title }).first().click()
        await page.getByTestId('commendation-title').filter({ hasText: title }).waitFor()
        const text = await page.getByTestId('commendation-entries').innerText()
        assert.doesNotMatch(text, /已移出/, 'those taken off are not shown to members')
        assert.equal(await page.getByTestId('commendation-publish').count(), 0, 'no publish button for a member')
      })
    } finally {
      await member.context.close()
    }
  })
})
