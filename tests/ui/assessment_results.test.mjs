// Browser tests of exam results (issue 10): the organizer opens 考试成绩 and
// sees the distribution chart and the ranking; a member sees their own score
// only once the closed-book exam has closed and its results are published.
// Against a real `duxing serve` with demo data. Env: DUXING_URL,
// DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, login, newPage, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

function iso(offsetSeconds) {
  return new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** A closed-book exam of the 机关党委 with one single-choice question, taken and handed in by dangyuan1. */
async function examTakenByMember(suffix) {
  const dangwei = await apiAs('dangwei')
  const orgs = await dangwei('GET', '/orgs')
  const committee = orgs.json.items.find((o) => o.name === '市统计局机关党委')
  const cat = await dangwei('POST', '/assessments/categories', { org_id: committee.id, name: `界面成绩${suffix}` })
  assert.equal(cat.status, 201, JSON.stringify(cat.json))
  const q = await dangwei('POST', '/assessments/questions', {
    org_id: committee.id, category_id: cat.json.id, difficulty: 1, type: 'single',
    stem: '中国共产党成立于哪一年？', options: ['1919年', '1921年'], correct_options: [1],
  })
  assert.equal(q.status, 201, JSON.stringify(q.json))
  const paper = await dangwei('POST', '/assessments/papers', {
    org_id: committee.id, title: `界面成绩卷${suffix}`, kind: 'fixed', items: [{ question_id: q.json.id, points: 5 }],
  })
  assert.equal(paper.status, 201, JSON.stringify(paper.json))
  const exam = await dangwei('POST', '/assessments/exams', {
    org_id: committee.id, title: `界面成绩测试${suffix}`, paper_id: paper.json.id, mode: 'closed_book',
    opens_at: iso(-7200), closes_at: iso(3600), pass_points: 3, published: true,
  })
  assert.equal(exam.status, 201, JSON.stringify(exam.json))
  const member = await apiAs('dangyuan1')
  const a = await member('POST', `/assessments/exams/${exam.json.id}/attempts`, {})
  assert.equal(a.status, 200, JSON.stringify(a.json))
  assert.equal((await member('PUT', `/assessments/attempts/${a.json.id}/answers/${q.json.id}`, { value: [a.json.questions[0].options.find((o) => o.text === '1921年').key], seq: 1 })).status, 200)
  assert.equal((await member('POST', `/assessments/attempts/${a.json.id}/submit`, {})).status, 200)
  return { dangwei, exam: exam.json, paper: paper.json }
}

describe('exam results', () => {
  const browser = sharedBrowser()

  test('a member sees their own score only after the exam has closed and its results are published', async () => {
    const suffix = uniqueSuffix()
    const { dangwei, exam, paper } = await examTakenByMember(suffix)
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(page, 'exam-my-result', async () => {
        await login(page, 'dangyuan1')
        // The old address of 我的成绩 leads to the one page of the member's exam.
        await page.goto(`${BASE_URL}/exams/${exam.id}/my-result`)
        await page.waitForURL((u) => u.pathname === `/my-exams/${exam.id}`)
        await page.getByTestId('my-result-hidden').filter({ hasText: /成绩将在考试结束（\d{4}-\d\d-\d\d \d\d:\d\d）且组织者公布成绩后显示/ }).waitFor()
        assert.equal(await page.getByTestId('my-score').count(), 0, 'no score before publication')
        assert.equal(await page.getByTestId('my-review').count(), 0, 'no review before publication')

        // The organizer closes the exam and publishes its results.
        const closed = await dangwei('PUT', `/assessments/exams/${exam.id}`, {
          version: exam.version, title: exam.title, paper_id: paper.id, mode: 'closed_book',
          opens_at: exam.opens_at, closes_at: iso(-1), pass_points: 3, published: true,
        })
        assert.equal(closed.status, 200, JSON.stringify(closed.json))
        const published = await dangwei('POST', `/assessments/exams/${exam.id}/publish-results`, { version: closed.json.version })
        assert.equal(published.status, 200, JSON.stringify(published.json))

        await page.reload()
        await page.getByTestId('my-score').waitFor()
        assert.match(await page.getByTestId('my-score').innerText(), /^5/)
        assert.equal(await page.getByTestId('my-rank').innerText(), '1')
        // The review stands below the result, without a click.
        const review = page.getByTestId('my-review')
        await review.getByTestId('answer-key').filter({ hasText: '得 5 分' }).waitFor()
        // Options are shuffled per taker: the letters differ, the member's choice was the key.
        const [, key] = (await review.getByTestId('answer-key').innerText()).match(/正确答案：([A-Z])/)
        const chosen = review.locator('.el-radio.is-checked')
        assert.equal(await chosen.count(), 1)
        assert.match(await chosen.innerText(), new RegExp(`^${key}\\.`))
        assert.match(await chosen.getAttribute('class'), /mark-right/)
        assert.equal(await page.getByTestId('my-result').boundingBox().then((b) => b.y) < await review.boundingBox().then((b) => b.y), true, 'the result on top')
      })
      assert.deepEqual(page.problems.filter((p) => p.startsWith('pageerror')), [])
    } finally {
      await context.close()
    }
  })

  test('the organizer opens the results: the distribution chart and the ranking', async () => {
    const dangwei = await apiAs('dangwei')
    const exams = await dangwei('GET', '/assessments/exams?limit=500')
    const demo = exams.json.items.find((e) => e.title === '2021年党史知识竞赛（闭卷）')
    assert.ok(demo, 'the demo competition')
    const ranking = await dangwei('GET', `/assessments/exams/${demo.id}/results?limit=1`)
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(page, 'exam-results', async () => {
        await login(page, 'dangwei')
        await page.goto(`${BASE_URL}/exams/${demo.id}/results`)
        await page.getByTestId('exam-results').waitFor()
        await page.getByTestId('results-chart').locator('canvas').waitFor()
        const first = page.getByTestId('results-ranking').locator('tbody tr').first()
        await first.waitFor()
        const text = await first.innerText()
        assert.match(text, /^1\s/, 'the first row holds rank 1')
        assert.ok(text.includes(ranking.json.items[0].person_name), text)
        await page.getByTestId('results-branches').locator('tbody tr').first().waitFor()
        assert.match(await page.getByTestId('results-overall').innerText(), /平均分/)
      })
      assert.deepEqual(page.problems.filter((p) => p.startsWith('pageerror')), [])
    } finally {
      await context.close()
    }
  })
})
