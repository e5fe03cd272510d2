// Browser test of 学习标兵 (/commendations) over the 2021 campaign: the org
// admin draws a list by rule (the 2021 competition's scores and the study
// log), sees the proposed names with their figures, takes one off with a
// reason and publishes; a member reads the published list with the figures
// behind each name at 1366×768, and on a phone at 390×844 as cards without
// horizontal overflow.
//
// Why the earlier version of this test never passed in the full run: the
// page works on the account's current campaign, which the server remembers
// per account, and tests/ui/campaigns.test.mjs (run before it) makes dangwei's
// current campaign a new one. The list was then drawn over that campaign and
// the member, still on 2021, never saw it. Both accounts now choose the 2021
// campaign in the header first.
// Against a real `duxing serve` with demo data (helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, field, login, newPage, screenshot, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

const isPath = (p, method) => (r) => new URL(r.url()).pathname === p && r.request().method() === method

/** Makes `campaign` the page's current campaign through the header selector. */
async function chooseCampaign(page, campaign) {
  const label = `${campaign.year} ${campaign.name}`
  const selector = page.getByTestId('campaign-selector')
  await selector.waitFor()
  if ((await selector.innerText()).includes(label)) return
  const saved = page.waitForResponse(isPath('/api/v1/account/current-campaign', 'PUT'))
  await selector.click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click()
  assert.equal((await saved).status(), 200)
  await selector.filter({ hasText: label }).waitFor()
}

/** Opens the published list `title` and returns its entries' test id scope. */
async function openList(page, title) {
  await page.getByTestId('commendation-select').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: title }).first().click()
  await page.getByTestId('commendation-title').filter({ hasText: title }).filter({ hasText: '已发布' }).waitFor()
  return page.getByTestId('commendation-entries')
}

describe('commendations over the 2021 campaign', () => {
  const browser = sharedBrowser()

  test('the org admin draws, reviews and publishes; a member reads the figures at 1366×768 and on a phone', async () => {
    const title = `学习标兵${uniqueSuffix()}`
    const api = await apiAs('dangwei')
    const campaign = (await api('GET', '/campaigns?limit=100')).json.items.find((c) => c.year === 2021)
    assert.ok(campaign, 'the demo 2021 campaign')
    const competition = (await api('GET', '/assessments/exams?limit=500')).json.items.find((e) => e.title === '2021年党史知识竞赛（闭卷）')
    assert.equal(competition.campaign_id, campaign.id, 'the demo competition belongs to 2021')

    let list
    const admin = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(admin.page, 'commendations-admin', async () => {
        const page = admin.page
        await login(page, 'dangwei')
        await page.goto(`${BASE_URL}/commendations`)
        await chooseCampaign(page, campaign)
        await page.getByTestId('commendation-new').click()
        await field(page, 'commendation-form-title').fill(title)
        // The competition's best score × 1 plus 1 per hour of the study log, the 5 best.
        await page.getByTestId('commendation-form-exams').click()
        await page.locator('.el-select-dropdown__item:visible', { hasText: competition.title }).first().click()
        await page.keyboard.press('Escape')
        await field(page, 'commendation-form-study-weight').fill('1')
        await field(page, 'commendation-form-top').fill('5')
        const created = page.waitForResponse(isPath('/api/v1/assessments/commendations', 'POST'))
        await page.getByTestId('commendation-form-save').click()
        const res = await created
        assert.equal(res.status(), 201, await res.text())
        list = await res.json()
        assert.equal(list.campaign_id, campaign.id, 'drawn over the 2021 campaign')
        assert.ok(list.entries.length >= 2, `names proposed from the 2021 records: ${list.entries.length}`)
        const first = list.entries[0]
        assert.ok(first.exam_points > 0, 'the competition score behind the first name')
        const table = page.getByTestId('commendation-entries')
        const firstRow = table.locator('.el-table__row').first()
        await firstRow.filter({ hasText: first.person_name }).waitFor()
        assert.match(await firstRow.innerText(), new RegExp(`${first.exam_points}[\\s\\S]*${(first.study_minutes / 60).toFixed(1)}[\\s\\S]*${first.total}`))
        // Take the first one off with a reason.
        await firstRow.getByRole('button', { name: '移出' }).click()
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
    const [taken, ...kept] = list.entries

    // A member at 1366×768: the published list with the figures, without the one taken off.
    const desk = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(desk.page, 'commendations-member-desktop', async () => {
        const page = desk.page
        await login(page, 'dangyuan1')
        await page.goto(`${BASE_URL}/commendations`)
        await chooseCampaign(page, campaign)
        const table = await openList(page, title)
        const rows = table.locator('.el-table__row')
        await rows.first().waitFor()
        assert.equal(await rows.count(), kept.length)
        const text = await table.innerText()
        assert.ok(!text.includes('已移出'), 'those taken off are not shown to members')
        assert.ok(!text.includes(`${taken.person_name}\t`), `${taken.person_name} taken off`)
        for (const e of kept) {
          assert.match(await rows.filter({ hasText: e.person_name }).first().innerText(),
            new RegExp(`${e.exam_points}[\\s\\S]*${(e.study_minutes / 60).toFixed(1)}[\\s\\S]*${e.total}`))
        }
        assert.equal(await page.getByTestId('commendation-publish').count(), 0, 'no publish button for a member')
      })
    } finally {
      await desk.context.close()
    }

    // The same list on a phone: one card a name with its figures, nothing wider than the screen.
    const phone = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(phone.page, 'commendations-member-phone', async () => {
        const page = phone.page
        await login(page, 'dangyuan1')
        await page.goto(`${BASE_URL}/commendations`)
        await chooseCampaign(page, campaign)
        const cards = (await openList(page, title)).getByTestId('commendation-card')
        await cards.first().waitFor()
        assert.equal(await cards.count(), kept.length)
        for (const e of kept) {
          const figures = await cards.filter({ hasText: e.person_name }).first().getByTestId('commendation-figures').innerText()
          assert.match(figures, new RegExp(`考试 ${e.exam_points} 分 · 自学 ${(e.study_minutes / 60).toFixed(1)} 小时`))
        }
        const overflow = await page.evaluate(() => {
          const wide = [...document.querySelectorAll('[data-testid="commendation-entries"], [data-testid="commendation-entries"] *')]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
          return { page: document.documentElement.scrollWidth - window.innerWidth, wide: wide.length }
        })
        assert.deepEqual(overflow, { page: 0, wide: 0 }, 'no horizontal overflow at 390 px')
        await screenshot(page, 'commendations-phone')
      })
    } finally {
      await phone.context.close()
    }
  })
})
