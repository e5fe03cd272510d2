// Regrading (重新评分, issue 10): the organizer of an exam lists its graded
// answers (any type, by question or by taker) and changes a score with a
// required reason and the grade version read. The attempt's total and the
// ranking follow, the change is audited, a requested item analysis is
// requested again, and after publication the taker is notified. Every
// refusal writes nothing; a grade already given is never changed by the
// grading route.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { advanceClock } from './events_helpers.mjs'
import { API, assertError, demoIds, loginAll, optionKeys, request, startServer } from './harness.mjs'

const srv = await startServer('assessments-regrade', { args: ['--test-hooks'] })
after(() => srv.stop())

let u, ids, exam, single, essay, attempt
before(async () => {
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
  const cat = await u.dangwei.post('/assessments/categories', { org_id: ids.committee.id, name: `改分${process.pid}` })
  assert.equal(cat.status, 201, cat.text)
  const mk = async (body) => {
    const r = await u.dangwei.post('/assessments/questions', { org_id: ids.committee.id, category_id: cat.json.id, difficulty: 2, ...body })
    assert.equal(r.status, 201, r.text)
    return r.json
  }
  single = await mk({ type: 'single', stem: '遵义会议召开于哪一年？', options: ['1934年', '1935年', '1936年'], correct_options: [1] })
  essay = await mk({ type: 'short_answer', stem: '简述遵义会议的历史意义。', reference_answer: '生死攸关的转折点' })
  const paper = await u.dangwei.post('/assessments/papers', {
    org_id: ids.committee.id, title: '改分测试卷', kind: 'fixed',
    items: [{ question_id: single.id, points: 10 }, { question_id: essay.id, points: 10 }],
  })
  assert.equal(paper.status, 201, paper.text)
  const iso = (s) => new Date(Date.now() + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const e = await u.dangwei.post('/assessments/exams', {
    org_id: ids.committee.id, title: `改分测试${process.pid}`, paper_id: paper.json.id, mode: 'closed_book',
    opens_at: iso(-3600), closes_at: iso(7 * 86400), published: true,
  })
  assert.equal(e.status, 201, e.text)
  exam = e.json
  // 钱党员 picks 1934年 (the key says 1935年) and writes an essay, graded 5.
  const a = await u.dangyuan1.post(`/assessments/exams/${exam.id}/attempts`)
  assert.equal(a.status, 200, a.text)
  attempt = a.json
  assert.equal((await u.dangyuan1.put(`/assessments/attempts/${attempt.id}/answers/${single.id}`, { value: optionKeys(attempt, single.id, '1934年'), seq: 1 })).status, 200)
  assert.equal((await u.dangyuan1.put(`/assessments/attempts/${attempt.id}/answers/${essay.id}`, { value: ['转折点'], seq: 2 })).status, 200)
  assert.equal((await u.dangyuan1.post(`/assessments/attempts/${attempt.id}/submit`)).status, 200)
  const graded = await u.dangwei.put(`/assessments/attempts/${attempt.id}/answers/${essay.id}/grade`, { score: 5 })
  assert.equal(graded.status, 200, graded.text)
})

const graded = async (query = '') => {
  const r = await u.dangwei.get(`/assessments/exams/${exam.id}/regrading${query}`)
  assert.equal(r.status, 200, r.text)
  return r.json
}
const answerOf = async (questionId) => (await graded(`?attempt_id=${attempt.id}`)).items.find((i) => i.question_id === questionId)
const regrade = (client, questionId, body) =>
  client.put(`/assessments/attempts/${attempt.id}/answers/${questionId}/regrade`, body)
const auditCount = async () => (await u.admin.get('/audit?action=regrade&limit=1')).json.total

/** Asserts the refusal and that the graded answers and the audit log stay as they were. */
async function refusedUnchanged(fn, status, code, field) {
  const before = [await graded(), await auditCount()]
  const e = assertError(await fn(), status, code, field)
  assert.deepEqual([await graded(), await auditCount()], before, 'nothing was written')
  return e
}

describe('regrading by the organizer', () => {
  test('the graded answers of an exam, any type, readable, by taker or by question; organizers only', async () => {
    const all = await graded()
    assert.equal(all.total, 2)
    const choice = all.items.find((i) => i.question_id === single.id)
    assert.deepEqual([choice.person_name, choice.type, choice.answer, choice.reference, choice.score, choice.points, choice.attempt_score],
      [ids.member.name, 'single', '1934年', '1935年', 0, 10, 5])
    const byQuestion = await graded(`?question_id=${essay.id}`)
    assert.deepEqual(byQuestion.items.map((i) => [i.answer, i.reference, i.score]), [['转折点', '生死攸关的转折点', 5]])
    // Nobody but the organizer reads them: a member or a branch secretary
    // outside the exam's org is told it does not exist, a leader reading
    // the org that it is not theirs.
    assertError(await u.dangyuan1.get(`/assessments/exams/${exam.id}/regrading`), 404, 'not_found')
    assertError(await u.zhibu1.get(`/assessments/exams/${exam.id}/regrading`), 404, 'not_found')
    assertError(await u.lingdao.get(`/assessments/exams/${exam.id}/regrading`), 403, 'permission_denied')
    assertError(await u.dangwei.get(`/assessments/exams/${exam.id}/regrading?attempt_id=x`), 400, 'invalid_argument', 'attempt_id')
    assertError(await u.dangwei.get('/assessments/exams/999999/regrading'), 404, 'not_found')
    assert.equal((await request(srv, 'GET', `${API}/assessments/exams/${exam.id}/regrading`)).status, 401)
  })

  test('a score changes only with a reason and the version read; the total, ranking and audit follow', async () => {
    const choice = await answerOf(single.id)
    const reason = '答案键有误：遵义会议召开于1935年1月，本题按1934年作答亦给分'
    // The role before the body: a member or a leader learns nothing of it.
    for (const who of ['dangyuan1', 'lingdao']) {
      await refusedUnchanged(() => regrade(u[who], single.id, { score: 10 }), 403, 'permission_denied', '')
    }
    await refusedUnchanged(() => regrade(u.dangwei, single.id, { score: 10, version: choice.version }), 400, 'invalid_argument', 'reason')
    await refusedUnchanged(() => regrade(u.dangwei, single.id, { score: 10, reason: '  ', version: choice.version }), 400, 'invalid_argument', 'reason')
    await refusedUnchanged(() => regrade(u.dangwei, single.id, { score: 10, reason: 'x'.repeat(201), version: choice.version }), 400, 'invalid_argument', 'reason')
    await refusedUnchanged(() => regrade(u.dangwei, single.id, { score: 10, reason }), 400, 'invalid_argument', 'version')
    await refusedUnchanged(() => regrade(u.dangwei, single.id, { score: 10.5, reason, version: choice.version }), 400, 'invalid_argument', 'score')
    await refusedUnchanged(() => regrade(u.dangwei, single.id, { score: 0, reason, version: choice.version }), 422, 'failed_precondition', 'score')
    await refusedUnchanged(() => regrade(u.dangwei, single.id, { score: 10, reason, version: choice.version + 1 }), 409, 'conflict', 'version')
    await refusedUnchanged(() => regrade(u.dangwei, 999999, { score: 1, reason, version: 1 }), 400, 'invalid_argument', 'question_id')
    await refusedUnchanged(() => regrade(u.zhibu1, single.id, { score: 10, reason, version: choice.version }), 404, 'not_found')
    // The grading route never changes a given score, the organizer's included.
    const essayBefore = await answerOf(essay.id)
    await refusedUnchanged(() => u.dangwei.put(`/assessments/attempts/${attempt.id}/answers/${essay.id}/grade`, { score: 9, version: essayBefore.version }),
      422, 'failed_precondition', 'score')

    const done = await regrade(u.dangwei, single.id, { score: 10, reason, version: choice.version })
    assert.equal(done.status, 200, done.text)
    assert.deepEqual([done.json.score, done.json.attempt_score, done.json.version], [10, 15, choice.version + 1])
    // What was read before is stale now.
    await refusedUnchanged(() => regrade(u.dangwei, single.id, { score: 5, reason, version: choice.version }), 409, 'conflict', 'version')
    const ranking = await u.dangwei.get(`/assessments/exams/${exam.id}/results`)
    assert.equal(ranking.json.items.find((r) => r.attempt_id === attempt.id).score, 15)
    const audit = await u.admin.get(`/audit?action=regrade&record_type=attempt&record_id=${attempt.id}`)
    assert.equal(audit.json.total, 1)
    const entry = audit.json.items[0]
    assert.match(JSON.stringify(entry.before), /"score":"?0"?/, JSON.stringify(entry))
    assert.match(JSON.stringify(entry.after), /"score":"?1000"?/)
    assert.match(JSON.stringify(entry.after), /答案键有误/)
  })

  test('after publication the taker is notified and the item analysis is requested again', async () => {
    const fresh = (await u.dangwei.get(`/assessments/exams/${exam.id}`)).json
    const published = await u.dangwei.post(`/assessments/exams/${exam.id}/publish-results`, { version: fresh.version })
    assert.equal(published.status, 200, published.text)
    const analysis = async () => (await u.dangwei.get(`/assessments/exams/${exam.id}/item-analysis`)).json
    const requested = (await analysis()).requested_at
    assert.ok(requested, 'publication requested the analysis')
    const told = async () => (await u.dangyuan1.get('/notifications?limit=100')).json.items.filter((n) => n.kind === 'exam_regraded')
    assert.equal((await told()).length, 0, 'the change before publication was not announced')
    await advanceClock(srv, 60)  // the regrade's request is a later one
    const essayAnswer = await answerOf(essay.id)
    const done = await regrade(u.dangwei, essay.id, { score: 8, reason: '评分过严，要点基本齐全', version: essayAnswer.version })
    assert.equal(done.status, 200, done.text)
    assert.equal(done.json.attempt_score, 18)
    const notes = await told()
    assert.equal(notes.length, 1)
    assert.match(notes[0].title, /成绩已更正/)
    assert.match(notes[0].text ?? notes[0].body ?? '', /由 5 分改为 8 分.*评分过严/)
    const again = await analysis()
    assert.ok(again.requested_at > requested, `requested again: ${JSON.stringify(again)}`)
    assert.ok(again.state === 'queued' || again.computed_at >= again.requested_at, JSON.stringify(again))
  })
})
