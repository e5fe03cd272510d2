// Browser test of the research-report competition (/report-calls/<id>): a
// member at 390×844 submits a report with its PDF; the organizer closes the
// call early (deadline moved back, over the API), assigns a reviewer and
// opens the review; the reviewer scores the report on the blind page, which
// names no author or organization; the organizer assigns the awards and
// publishes, and the ranking shows the authors to the member too. And at
// 1366×768 the organizer creates a call in the form (a bad rubric answered
// under its field), edits it, removes a reviewer (refused once a reviewer
// has scored) and opens the review, which notifies the submitter and the
// reviewers.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { apiAs, BASE_URL, field, login, newPage, screenshot, serverNow, settled, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

const iso = (offsetSeconds) => new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 'x'), Buffer.from('\n%%EOF\n')])

/** `ms` (UTC) as the date picker takes it, in Asia/Shanghai. */
const pickerTime = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')

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
      await page.getByTestId('report-file').locator('input[type=file]').setInputFiles({ name: '钱党员-季节调整.pdf', mimeType: 'application/pdf', buffer: PDF })
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
    const serverMs = Date.parse((await clock.json()).now)
    const closed = await organizer('PUT', `/assessments/report-calls/${call.id}`, {
      version: call.version, title, rubric, awards: { first: 1 },
      deadline_at: new Date(serverMs - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
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

  test('the organizer creates, edits and opens a call in the web at 1366×768; a reviewer is removed until they score', async () => {
    const title = `发起的调研报告征集${uniqueSuffix()}`
    const desk = await newPage(browser(), { width: 1366, height: 768 })
    let callId
    await withFailureShot(desk.page, 'report-call-form', async () => {
      const page = desk.page
      await login(page, 'dangwei')
      await page.goto(`${BASE_URL}/report-calls`)
      await page.getByTestId('report-call-new').click()
      const dialog = page.getByTestId('report-call-dialog')
      await field(dialog, 'report-call-title-input').fill(title)
      await field(dialog, 'report-call-deadline').fill(pickerTime((await serverNow()) + 86400_000))
      await field(dialog, 'report-call-deadline').press('Enter')
      await field(dialog, 'rubric-max-0').fill('0')
      await field(dialog, 'rubric-max-0').blur()
      const refused = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/report-calls') && r.request().method() === 'POST')
      await dialog.getByTestId('report-call-save').click()
      assert.equal((await refused).status(), 400)
      // The refusal stands under the criterion's full marks.
      await dialog.getByTestId('rubric-row').nth(0).locator('.el-form-item.is-error .el-form-item__error').waitFor()
      await field(dialog, 'rubric-max-0').fill('35')
      await field(dialog, 'rubric-max-0').blur()
      await dialog.getByTestId('rubric-add').click()
      await field(dialog, 'rubric-name-3').fill('数据质量')
      await field(dialog, 'award-excellence').fill('2')
      await field(dialog, 'award-excellence').blur()
      const created = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/report-calls') && r.request().method() === 'POST')
      await dialog.getByTestId('report-call-save').click()
      const answer = await created
      assert.equal(answer.status(), 201)
      callId = (await answer.json()).id
      await page.getByTestId('report-call-title').filter({ hasText: title }).waitFor()
      await screenshot(page, 'report-call-created')
    })

    const organizer = await apiAs('dangwei')
    let call = (await organizer('GET', `/assessments/report-calls/${callId}`)).json
    assert.deepEqual(call.rubric.map((k) => [k.name, k.max_score]), [['选题价值', 35], ['分析深度', 40], ['对策建议', 30], ['数据质量', 10]])
    assert.equal(call.awards.excellence, 2)
    // A member submits, two reviewers are assigned (over the API: the page's
    // own assignment is the first test's).
    const member = await apiAs('dangyuan1')
    const sub = await member('POST', `/assessments/report-calls/${callId}/submissions`,
      { title: '社区党员报到情况调查', authors: [{ name: '钱党员' }] })
    assert.equal(sub.status, 201, JSON.stringify(sub.json))
    const accounts = (await organizer('GET', '/accounts?q=pingwei&limit=50')).json.items
    const idOf = (name) => accounts.find((a) => a.username === name).id
    const assigned = await organizer('POST', `/assessments/report-calls/${callId}/assignments`,
      { account_ids: [idOf('pingwei2'), idOf('pingwei3')] })
    assert.equal(assigned.status, 200, JSON.stringify(assigned.json))

    await withFailureShot(desk.page, 'report-call-edit', async () => {
      const page = desk.page
      await openCall(page, callId)
      await page.getByTestId('report-call-edit').click()
      const dialog = page.getByTestId('report-call-dialog')
      await field(dialog, 'report-call-title-input').fill(`${title}（修订）`)
      // Close the call: its deadline a minute before the server's clock.
      await field(dialog, 'report-call-deadline').fill(pickerTime((await serverNow()) - 60_000))
      await field(dialog, 'report-call-deadline').press('Enter')
      const saved = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith(`/report-calls/${callId}`) && r.request().method() === 'PUT')
      await dialog.getByTestId('report-call-save').click()
      assert.equal((await saved).status(), 200)
      await page.getByTestId('report-call-title').filter({ hasText: '（修订）' }).waitFor()

      // pingwei3 has not scored: removed after a confirm.
      await page.getByTestId(`reviewer-remove-${idOf('pingwei3')}`).click()
      const removed = page.waitForResponse((r) => r.request().method() === 'DELETE')
      await page.locator('.el-message-box').getByRole('button', { name: '移除' }).click()
      assert.equal((await removed).status(), 200)
      await page.getByTestId(`reviewer-remove-${idOf('pingwei3')}`).waitFor({ state: 'detached' })

      await page.getByTestId('stage-reviewing').click()
      await page.getByTestId('report-stage-label').filter({ hasText: '评审' }).waitFor()
      await screenshot(page, 'report-call-reviewing')
    })

    // The stage change told the submitter and the remaining reviewer, not the removed one.
    const told = async (client) => (await client('GET', '/notifications?order=newest&limit=100')).json.items
      .filter((n) => n.kind === 'report_stage' && n.text.includes('（修订）'))
    const p2 = await apiAs('pingwei2')
    assert.deepEqual((await told(member)).map((n) => n.title), ['调研报告竞赛进入评审'])
    assert.deepEqual((await told(p2)).map((n) => n.title), ['请对调研报告进行盲审评分'])
    assert.deepEqual(await told(await apiAs('pingwei3')), [])

    // Once pingwei2 has scored, removing them is refused with the reason shown.
    const scored = await p2('PUT', `/assessments/report-submissions/${sub.json.id}/review`, { scores: [30, 30, 20, 8] })
    assert.equal(scored.status, 200, JSON.stringify(scored.json))
    await withFailureShot(desk.page, 'report-reviewer-refused', async () => {
      const page = desk.page
      await openCall(page, callId)
      await page.getByTestId(`reviewer-remove-${idOf('pingwei2')}`).click()
      const refused = page.waitForResponse((r) => r.request().method() === 'DELETE')
      await page.locator('.el-message-box').getByRole('button', { name: '移除' }).click()
      assert.equal((await refused).status(), 422)
      await page.locator('.el-message, .el-notification').filter({ hasText: '已评分 1 份作品，不能移除' }).first().waitFor()
      assert.ok(await page.getByTestId(`reviewer-remove-${idOf('pingwei2')}`).isVisible(), 'the reviewer stays')
    })
    await desk.context.close()
  })
})
