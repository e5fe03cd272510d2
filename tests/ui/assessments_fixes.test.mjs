// Browser tests of the new-user UI review's findings on the 测评 pages: the
// outside reviewer's home (评审任务), the exam pages an organizer and a
// member walk through (detail, publish, take, results) at 1366×768 and on a
// phone at 390×844.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, login, newPage, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** The server's clock (test hooks), which an earlier test may have stopped. */
async function serverNow() {
  const clock = await fetch(`${BASE_URL}/api/v1/test-hooks/clock`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advance_seconds: 1 }),
  })
  assert.equal(clock.status, 200, 'the server runs with --test-hooks')
  return Date.parse((await clock.json()).now)
}

describe('the outside reviewer (评委) at 1366×768', () => {
  const browser = sharedBrowser()

  test('signs in to 评审任务 (menu entry and home), sees the call with its progress, and a task without a file says so', async () => {
    const organizer = await apiAs('dangwei')
    const committee = (await organizer('GET', '/orgs')).json.items.find((o) => o.name === '市统计局机关党委')
    const title = `评审任务${uniqueSuffix()}`
    const rubric = [{ name: '选题价值', max_score: 100 }]
    const created = await organizer('POST', '/assessments/report-calls', {
      org_id: committee.id, title, deadline_at: iso(Date.now() + 86400_000), rubric, awards: { first: 1 },
    })
    assert.equal(created.status, 201, JSON.stringify(created.json))
    const member = await apiAs('dangyuan1')
    const sub = await member('POST', `/assessments/report-calls/${created.json.id}/submissions`, {
      title: `没有文件的报告${uniqueSuffix()}`, authors: [{ name: '外单位作者' }],
    })
    assert.equal(sub.status, 201, JSON.stringify(sub.json))
    const closed = await organizer('PUT', `/assessments/report-calls/${created.json.id}`, {
      version: created.json.version, title, rubric, awards: { first: 1 }, deadline_at: iso(await serverNow() - 60_000),
    })
    assert.equal(closed.status, 200, JSON.stringify(closed.json))
    const reviewer = (await organizer('GET', '/accounts?q=pingwei1')).json.items.find((a) => a.username === 'pingwei1')
    assert.equal((await organizer('POST', `/assessments/report-calls/${created.json.id}/assignments`, { account_ids: [reviewer.id] })).status, 200)
    const moved = await organizer('POST', `/assessments/report-calls/${created.json.id}/stage`, { stage: 'reviewing', version: closed.json.version })
    assert.equal(moved.status, 200, JSON.stringify(moved.json))

    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(page, 'review-tasks-home', async () => {
        await login(page, 'pingwei1')
        await page.waitForURL((u) => u.pathname === '/review-tasks')
        await page.getByTestId('menu-review-tasks').waitFor()
        const row = page.getByTestId('review-tasks-row').filter({ hasText: title })
        await row.getByTestId('review-tasks-progress').filter({ hasText: '已评 0 / 1 篇' }).waitFor()
        await row.getByRole('link', { name: title }).click()
        await page.getByTestId('review-task').getByTestId('review-no-file').filter({ hasText: '未上传文件' }).waitFor()
      })
    } finally {
      await context.close()
    }
  })
})
