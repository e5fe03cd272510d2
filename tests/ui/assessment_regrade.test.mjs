// Browser test of 重新评分 at 1366×768: after the results of an exam are
// published, the organizer finds a wrong answer key's victim from 考试成绩 →
// 重新评分, by taker; the page shows the answer and the key as text; a
// change without a reason is stopped on the page; with one it is saved, the
// attempt's total on the card and the ranking follow, and the member is
// told (成绩已更正).
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, field, login, newPage, screenshot, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

const iso = (offsetSeconds) => new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')

describe('regrading at 1366×768', () => {
  const browser = sharedBrowser()

  test('the organizer changes a published score with a reason; the total and ranking follow, the member is told', async () => {
    const organizer = await apiAs('dangwei')
    const suffix = uniqueSuffix()
    const committee = (await organizer('GET', '/orgs')).json.items.find((o) => o.name === '市统计局机关党委')
    const category = await organizer('POST', '/assessments/categories', { org_id: committee.id, name: `改分${suffix}` })
    assert.equal(category.status, 201, JSON.stringify(category.json))
    const question = async (body) => {
      const r = await organizer('POST', '/assessments/questions', { org_id: committee.id, category_id: category.json.id, difficulty: 2, ...body })
      assert.equal(r.status, 201, JSON.stringify(r.json))
      return r.json
    }
    const stem = `遵义会议召开于哪一年？（${suffix}）`
    const single = await question({ type: 'single', stem, options: ['1934年', '1935年', '1936年'], correct_options: [1] })
    const essay = await question({ type: 'short_answer', stem: `简述遵义会议的意义（${suffix}）`, reference_answer: '生死攸关的转折点' })
    const paper = await organizer('POST', '/assessments/papers', {
      org_id: committee.id, title: `改分试卷${suffix}`, kind: 'fixed',
      items: [{ question_id: single.id, points: 10 }, { question_id: essay.id, points: 10 }],
    })
    assert.equal(paper.status, 201, JSON.stringify(paper.json))
    const member = (await organizer('GET', '/people?q=钱党员')).json.items.find((p) => p.name === '钱党员')
    const created = await organizer('POST', '/assessments/exams', {
      org_id: committee.id, title: `改分测试${suffix}`, paper_id: paper.json.id, mode: 'closed_book',
      opens_at: iso(-60), closes_at: iso(7200), eligible_person_ids: [member.id], published: true,
    })
    assert.equal(created.status, 201, JSON.stringify(created.json))
    const exam = created.json
    // 钱党员 answers 1934年 (the key says 1935年) and an essay, graded 5; results published.
    const taker = await apiAs('dangyuan1')
    const attempt = (await taker('POST', `/assessments/exams/${exam.id}/attempts`)).json
    const key = attempt.questions.find((q) => q.question_id === single.id).options.find((o) => o.text === '1934年').key
    assert.equal((await taker('PUT', `/assessments/attempts/${attempt.id}/answers/${single.id}`, { value: [key], seq: 1 })).status, 200)
    assert.equal((await taker('PUT', `/assessments/attempts/${attempt.id}/answers/${essay.id}`, { value: ['转折点'], seq: 2 })).status, 200)
    assert.equal((await taker('POST', `/assessments/attempts/${attempt.id}/submit`)).status, 200)
    assert.equal((await organizer('PUT', `/assessments/attempts/${attempt.id}/answers/${essay.id}/grade`, { score: 5 })).status, 200)
    const fresh = (await organizer('GET', `/assessments/exams/${exam.id}`)).json
    assert.equal((await organizer('POST', `/assessments/exams/${exam.id}/publish-results`, { version: fresh.version })).status, 200)
    const told = async () => (await taker('GET', '/notifications?limit=100')).json.items.filter((n) => n.kind === 'exam_regraded')
    const toldBefore = (await told()).length

    const desk = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(desk.page, 'regrade', async () => {
        const page = desk.page
        await login(page, 'dangwei')
        await page.goto(`${BASE_URL}/exams/${exam.id}/results`)
        await page.getByTestId('results-regrade').click()
        await page.waitForURL((u) => u.pathname === `/exams/${exam.id}/regrade`)
        await page.getByTestId('regrade-note').filter({ hasText: '成绩已公布' }).waitFor()
        await page.getByTestId('regrade-by-taker').click()
        await page.getByTestId('regrade-taker').filter({ hasText: '钱党员' }).waitFor()
        const card = page.getByTestId('regrade-item').filter({ hasText: stem })
        await card.getByTestId('regrade-answer').filter({ hasText: /^1934年$/ }).waitFor()
        assert.equal(await card.getByTestId('regrade-reference').innerText(), '1935年')
        assert.equal(await card.getByTestId('regrade-attempt-score').innerText(), '5')
        const score = field(card, 'regrade-new-score')
        await score.fill('10')
        await score.blur()
        // No reason: stopped on the page, nothing sent.
        await card.getByTestId('regrade-save').click()
        await card.getByTestId('regrade-error').filter({ hasText: '请填写改分原因' }).waitFor()
        await field(card, 'regrade-reason').fill('答案键有误，按 1934年 作答亦给分')
        await card.getByTestId('regrade-save').click()
        // The list is read again: the card shows the new score and total.
        await page.getByTestId('regrade-item').filter({ hasText: stem }).getByTestId('regrade-attempt-score').filter({ hasText: /^15$/ }).waitFor()
        await page.getByTestId('regrade-item').filter({ hasText: stem }).getByTestId('regrade-score').filter({ hasText: /^10$/ }).waitFor()
        await screenshot(page, 'regrade')
      })
    } finally {
      await desk.context.close()
    }
    const ranking = (await organizer('GET', `/assessments/exams/${exam.id}/results`)).json.items
    assert.equal(ranking.find((r) => r.attempt_id === attempt.id).score, 15)
    const notes = await told()
    assert.equal(notes.length, toldBefore + 1, 'the member is told once')
    assert.match(notes[0].title, /成绩已更正/)
  })
})
