// Browser tests of the new-user UI review's findings on the 测评 pages: the
// outside reviewer's home (评审任务), the exam pages an organizer and a
// member walk through (detail, publish, take, results) at 1366×768 and on a
// phone at 390×844.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, login, newPage, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

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
    // Closed a minute ago by the real clock (no earlier test file stops the server's;
    // stopping it here would stop it for every later file).
    const closed = await organizer('PUT', `/assessments/report-calls/${created.json.id}`, {
      version: created.json.version, title, rubric, awards: { first: 1 }, deadline_at: iso(Date.now() - 60_000),
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

describe('handing in on a phone at 390×844', () => {
  const browser = sharedBrowser()

  test('the styled confirmation counts the unanswered questions; after hand-in the result is at the top and the member\'s choice stands out; the sticky bar covers the page to its top', async () => {
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(page, 'hand-in-phone', async () => {
        await login(page, 'dangyuan1')
        const exams = await page.evaluate(async () => (await fetch('/api/v1/assessments/exams')).json())
        const practice = exams.items.find((e) => e.mode === 'practice')
        await page.goto(`${BASE_URL}/exams/${practice.id}/take`)
        const first = page.getByTestId('question-1').locator('.el-radio').first()
        await first.click()
        await page.getByTestId('save-state-1').filter({ hasText: '已保存' }).waitFor()
        const total = await page.locator('[data-testid^="question-"]').count()

        // The bar sticks flush with the top of the scrolling page, its text off the edge.
        await page.getByTestId(`question-${total}`).scrollIntoViewIfNeeded()
        const gap = await page.locator('.bar').evaluate((bar) => {
          const main = bar.closest('.el-main')
          return { top: bar.getBoundingClientRect().top - main.getBoundingClientRect().top,
            left: bar.querySelector('.title').getBoundingClientRect().left }
        })
        assert.equal(gap.top, 0, 'no gap above the sticky bar')
        assert.ok(gap.left >= 8, `the title is padded from the edge (${gap.left}px)`)

        await page.getByTestId('hand-in').click()
        const box = page.locator('.el-message-box')
        await box.waitFor()
        assert.equal(await page.locator('.el-overlay-message-box').evaluate((e) => getComputedStyle(e).position), 'fixed',
          'the message box has its CSS')
        // The practice attempt may hold answers from earlier tests: those saved count.
        const [, saved] = (await page.getByTestId('saved-count').innerText()).match(/已保存 (\d+)\//)
        assert.match(await box.innerText(), new RegExp(`还有 ${total - Number(saved)} 题未作答`))
        await box.locator('.el-message-box__btns .el-button--primary').click()
        const done = page.getByTestId('submitted')
        await done.waitFor()
        await page.waitForFunction(() => {
          const r = document.querySelector('[data-testid="submitted"]').getBoundingClientRect()
          return r.top >= 0 && r.bottom <= window.innerHeight
        })
        const chosen = page.getByTestId('question-1').locator('.el-radio.chosen')
        assert.equal(await chosen.count(), 1, 'the member\'s choice is marked')
        assert.equal(await chosen.locator('.el-radio__label').evaluate((e) => getComputedStyle(e).fontWeight), '600')
      })
    } finally {
      await context.close()
    }
  })
})
