// Browser tests of grading by several graders (评阅人) at 1366×768: the
// organizer assigns a grader on the exam's page through the picker of the
// exam's grader candidates (which never offers a taker); the grader, a branch secretary outside the
// exam's org, finds the exam under 评审任务, grades blind (no name, no
// organization), claims the answers of a taker and grades one; the organizer
// sees the other answer held by the grader and until when, and cannot grade it.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, clickMenu, field, login, newPage, pageApi, screenshot, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

const iso = (offsetSeconds) => new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** Picks the account whose display name is `name` in the graders' picker and adds it. */
async function addGrader(page, name) {
  const picker = page.getByTestId('exam-grader-picker')
  await picker.click()
  await picker.locator('input').fill(name)
  await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
  await page.getByTestId('exam-grader-add').click()
  await page.getByTestId('exam-graders-table').locator('tbody tr', { hasText: name }).waitFor()
}

describe('graders of an exam at 1366×768', () => {
  const browser = sharedBrowser()

  test('the organizer assigns a grader; the grader claims and grades blind; the organizer sees the claim and cannot grade it', async () => {
    const organizer = await apiAs('dangwei')
    const suffix = uniqueSuffix()
    const orgs = (await organizer('GET', '/orgs')).json.items
    const committee = orgs.find((o) => o.name === '市统计局机关党委')
    const branch2 = orgs.find((o) => o.name === '机关第二支部')
    const essays = (await organizer('GET', `/assessments/questions?org_id=${committee.id}&type=short_answer&limit=2`)).json.items
    assert.equal(essays.length, 2, 'two short answers in the demo bank')
    const paper = await organizer('POST', '/assessments/papers', {
      org_id: committee.id, title: `阅卷试卷${suffix}`, kind: 'fixed',
      items: essays.map((q) => ({ question_id: q.id, points: 10 })),
    })
    assert.equal(paper.status, 201, JSON.stringify(paper.json))
    // The takers: the second branch and 钱党员 by name; 赵书记 (first branch) may not take it.
    const member = (await organizer('GET', '/people?q=钱党员')).json.items.find((p) => p.name === '钱党员')
    const created = await organizer('POST', '/assessments/exams', {
      org_id: committee.id, title: `多人阅卷${suffix}`, paper_id: paper.json.id, mode: 'closed_book',
      opens_at: iso(-60), closes_at: iso(7200), eligible_org_ids: [branch2.id], eligible_person_ids: [member.id], published: true,
    })
    assert.equal(created.status, 201, JSON.stringify(created.json))
    const exam = created.json
    const taker = await apiAs('dangyuan1')
    const attempt = (await taker('POST', `/assessments/exams/${exam.id}/attempts`)).json
    const answers = [`第一问的作答${suffix}`, `第二问的作答${suffix}`]
    for (let i = 0; i < 2; i++) {
      const saved = await taker('PUT', `/assessments/attempts/${attempt.id}/answers/${essays[i].id}`, { value: [answers[i]], seq: i + 1 })
      assert.equal(saved.status, 200, JSON.stringify(saved.json))
    }
    assert.equal((await taker('POST', `/assessments/attempts/${attempt.id}/submit`)).status, 200)

    // The organizer assigns 赵书记; 钱党员, who took the exam, is refused under their row.
    const desk = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(desk.page, 'graders-assign', async () => {
        const page = desk.page
        await login(page, 'dangwei')
        await page.goto(`${BASE_URL}/exams/${exam.id}`)
        await page.getByTestId('exam-graders').waitFor()
        await page.getByTestId('exam-graders-table').filter({ hasText: '未指定评阅人' }).waitFor()
        // The picker offers the exam's grader candidates: 钱党员 took the exam, so is not offered.
        const picker = page.getByTestId('exam-grader-picker')
        await picker.click()
        const answered = page.waitForResponse((r) => r.url().includes('/grader-candidates') && decodeURIComponent(r.url()).includes('q=钱党员'))
        await picker.locator('input').fill('钱党员')
        const offered = await (await answered).json()
        assert.equal((await answered).status(), 200)
        assert.deepEqual(offered.items, [], 'a taker is no candidate')
        await page.locator('.el-select-dropdown__empty:visible').waitFor()
        assert.equal(await page.locator('.el-select-dropdown__item:visible', { hasText: '钱党员' }).count(), 0)
        await picker.locator('input').fill('')
        await addGrader(page, '赵书记')
        await page.getByTestId('exam-graders-save').click()
        await page.getByTestId('exam-graders-save').and(page.locator('[disabled]')).waitFor()
        const saved = (await organizer('GET', `/assessments/exams/${exam.id}/graders`)).json
        assert.deepEqual(saved.items.map((g) => g.display_name), ['赵书记'])
        assert.equal(saved.version, exam.version + 1, 'saved with the exam\'s version')
        // The page read the exam again: its edit form is not stale.
        await page.getByTestId('exam-facts').waitFor()
        await screenshot(page, 'exam-graders')
      })
    } finally {
      await desk.context.close()
    }

    // The grader: 评审任务 in the menu, the exam there, grading blind by taker.
    const grader = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(grader.page, 'graders-grade-blind', async () => {
        const page = grader.page
        await login(page, 'zhibu1')
        await clickMenu(page, 'review-tasks')
        const row = page.getByTestId('grading-task-row').filter({ hasText: exam.title })
        await row.getByTestId('grading-task-progress').filter({ hasText: '待评简答 2 份' }).waitFor()
        await row.getByRole('link', { name: exam.title }).click()
        await page.waitForURL((u) => u.pathname === `/exams/${exam.id}/grading`)
        await page.getByTestId('grading-blind').waitFor()
        await page.getByTestId('grading-total').filter({ hasText: /^2$/ }).waitFor()
        const body = await page.locator('main').innerText()
        for (const name of ['钱党员', '机关第一支部']) assert.ok(!body.includes(name), `blind: no ${name} on the page`)
        await page.getByTestId('grading-taker-name').first().filter({ hasText: `答卷 ${attempt.id}` }).waitFor()

        await page.getByTestId('grading-by-taker').click()
        await page.getByTestId('grading-taker').filter({ hasText: `答卷 ${attempt.id}` }).waitFor()
        await page.getByTestId('grading-claim').click()
        const items = page.getByTestId('grading-item')
        await items.getByTestId('grading-claim-state').filter({ hasText: '我已领取' }).nth(1).waitFor()
        const first = items.filter({ hasText: answers[0] })
        const score = field(first, 'grading-score')
        await score.fill('8')
        await score.blur()
        await first.getByTestId('grading-save').click()
        await page.getByTestId('grading-total').filter({ hasText: /^1$/ }).waitFor()
        await items.filter({ hasText: answers[1] }).getByTestId('grading-claim-state').filter({ hasText: '我已领取' }).waitFor()
        await screenshot(page, 'grading-blind')
      })
    } finally {
      await grader.context.close()
    }

    // The organizer: the other answer is held by 赵书记, until a time; no grading it meanwhile.
    const back = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(back.page, 'graders-organizer-sees-claim', async () => {
        const page = back.page
        await login(page, 'dangwei')
        await page.goto(`${BASE_URL}/exams/${exam.id}/grading`)
        const held = page.getByTestId('grading-item').filter({ hasText: answers[1] })
        await held.getByTestId('grading-claim-state').filter({ hasText: /赵书记 领取中\s*至 \d{4}-\d\d-\d\d \d\d:\d\d/ }).waitFor()
        assert.match(await held.getByTestId('grading-taker-name').innerText(), /钱党员/, 'the organizer sees the name')
        assert.equal(await held.getByTestId('grading-save').isDisabled(), true)
        await held.getByTestId('grading-held').waitFor()
        assert.equal(await page.getByTestId('publish-results').isDisabled(), true, 'not while an answer waits')
        await screenshot(page, 'grading-claim-held')
        const refused = await pageApi(page, 'PUT', `/assessments/attempts/${attempt.id}/answers/${essays[1].id}/grade`, { score: 5 })
        assert.equal(refused.status, 409, JSON.stringify(refused.json))
        const stored = await organizer('GET', `/assessments/exams/${exam.id}/grading`)
        assert.equal(stored.json.items.find((i) => i.question_id === essays[1].id).score, null, 'not graded')
      })
    } finally {
      await back.context.close()
    }
  })
})
