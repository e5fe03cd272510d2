// Browser test of the research-report competition (/report-calls/<id>): a
// member at 390×844 submits a report with its PDF; the organizer closes the
// call early (deadline moved back, over the API), assigns a reviewer and
// opens the review; the reviewer scores the report on the blind page, which
// names no author or organization; the organizer assigns the awards and
// publishes, and the ranking shows the authors to the member too.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, field, login, newPage, screenshot, settled, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

const iso = (offsetSeconds) => new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 'x'), Buffer.from('\n%%EOF\n')])

async function openCall(page, id) {
  await page.goto(`${BASE_URL}/report-calls/${id}`)
  await page.getByTestId('report-call-title').waitFor()
  await settled(page)
}

describe('research-report competition: submit, blind review, publish', () => {
  const browser = sharedBrowser()

  test('a member submits; a reviewer scores without seeing the author; the organizer publishes and the ranking names the authors', async () => {
    const organizer = await apiAs('dangwei')
    const orgs = await organizer('GET', '/orgs')
    const committee = orgs.json.items.find((o) => o.name === '市统计局机关党委')
    const title = `调研报告竞赛${uniqueSuffix()}`
    const rubric = [{ name: '选题价值', max_score: 50 }, { name: '分析深度', max_score: 50 }]
    const created = await organizer('POST', '/assessments/report-calls', {
      org_id: committee.id, title, deadline_at: iso(86400), rubric, awards: { first: 1 },
    })
    assert.equal(created.status, 201, JSON.stringify(created.json))
    let call = created.json
    const reportTitle = `我市服务业营业收入季节调整研究${uniqueSuffix()}`

    const member = await newPage(browser(), { width: 390, height: 844, mobile: true })
    await withFailureShot(member.page, 'report-submit-phone', async () => {
      const page = member.page
      await login(page, 'dangyuan1')
      await openCall(page, call.id)
      assert.equal(await page.getByTestId('report-stage-label').textContent(), '征集')
      await field(page, 'report-title').fill(reportTitle)
      await field(page, 'report-abstract').fill('采用X-13方法做季节调整。')
      await field(page, 'report-authors').fill('外单位作者乙')
      await page.getByTestId('report-file').setInputFiles({ name: '钱党员-季节调整.pdf', mimeType: 'application/pdf', buffer: PDF })
      const uploaded = page.waitForResponse((r) => /\/report-submissions\/\d+\/file$/.test(new URL(r.url()).pathname) && r.request().method() === 'PUT')
      await page.getByTestId('report-submit-btn').click()
      assert.equal((await uploaded).status(), 200)
      await page.getByTestId('my-report').filter({ hasText: reportTitle }).filter({ hasText: '钱党员-季节调整.pdf' }).waitFor()
      await screenshot(page, 'report-submit-phone')
    })

    // The organizer closes the call early and assigns the reviewer.
    const accounts = await organizer('GET', '/accounts?q=pingwei1')
    const reviewerId = accounts.json.items.find((a) => a.username === 'pingwei1').id
    // The deadline a minute before the server's clock, which an earlier test
    // may have stopped (test hooks): read it by moving it on a second.
    const clock = await fetch(`${BASE_URL}/api/v1/test-hooks/clock`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advance_seconds: 1 }),
    })
    assert.equal(clock.status, 200, 'the server runs with --test-hooks')
    const serverNow = Date.parse((await clock.json()).now)
    const closed = await organizer('PUT', `/assessments/report-calls/${call.id}`, {
      version: call.version, title, rubric, awards: { first: 1 },
      deadline_at: new Date(serverNow - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    })
    assert.equal(closed.status, 200, JSON.stringify(closed.json))
    const assigned = await organizer('POST', `/assessments/report-calls/${call.id}/assignments`, { account_ids: [reviewerId] })
    assert.equal(assigned.status, 200, JSON.stringify(assigned.json))

    const desk = await newPage(browser(), { width: 1366, height: 860 })
    await withFailureShot(desk.page, 'report-organize', async () => {
      const page = desk.page
      await login(page, 'dangwei')
      await openCall(page, call.id)
      await page.getByTestId('stage-reviewing').click()
      await page.getByTestId('report-stage-label').filter({ hasText: '评审' }).waitFor()
    })

    const rev = await newPage(browser(), { width: 1366, height: 860 })
    await withFailureShot(rev.page, 'report-review', async () => {
      const page = rev.page
      await login(page, 'pingwei1')
      await openCall(page, call.id)
      const task = page.getByTestId('review-task').filter({ hasText: reportTitle })
      await task.waitFor()
      const text = await page.getByTestId('report-review').textContent()
      for (const word of ['钱党员', '外单位作者乙', '机关第一支部', '季节调整.pdf']) {
        assert.ok(!text.includes(word), `the reviewer's page does not name ${word}`)
      }
      const inputs = task.locator('.el-input-number input')
      await inputs.nth(0).fill('45')
      await inputs.nth(1).fill('40')
      await inputs.nth(1).blur()
      const saved = page.waitForResponse((r) => /\/review$/.test(new URL(r.url()).pathname) && r.request().method() === 'PUT')
      await task.getByRole('button', { name: '保存评分' }).click()
      assert.equal((await saved).status(), 200)
      await task.getByTestId('review-saved').filter({ hasText: '85' }).waitFor()
      await screenshot(page, 'report-review-blind')
    })

    await withFailureShot(desk.page, 'report-publish', async () => {
      const page = desk.page
      await openCall(page, call.id)
      const awarded = page.waitForResponse((r) => /\/awards$/.test(new URL(r.url()).pathname))
      await page.getByTestId('assign-awards').click()
      assert.equal((await awarded).status(), 200)
      await settled(page)
      await page.getByTestId('stage-published').click()
      await page.getByTestId('report-stage-label').filter({ hasText: '公布' }).waitFor()
      await page.getByTestId('ranking-authors').filter({ hasText: '钱党员、外单位作者乙' }).waitFor()
      await screenshot(page, 'report-ranking-published')
    })

    await withFailureShot(member.page, 'report-results-phone', async () => {
      const page = member.page
      await openCall(page, call.id)
      await page.getByTestId('ranking-authors').filter({ hasText: '钱党员' }).waitFor()
      assert.match(await page.getByTestId('report-ranking').textContent(), /一等奖/)
    })
    await Promise.all([member, desk, rev].map((p) => p.context.close()))
  })
})
