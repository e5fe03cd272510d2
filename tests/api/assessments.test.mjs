// Assessments (/assessments/...): the question bank with versions, papers
// fixed and by rules (422 naming the rule the bank cannot serve), exams with
// eligibility, attempts that lose no answer (server deadline and grace on the
// server's clock, saves ordered by the client's sequence number, idempotent
// hand-in, nothing accepted after it from any window, the scheduler's
// auto-submit), grading of short answers, publication and results. Every
// operation with a success and a refusal; refusals write nothing.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { API, assertError, demoIds, login, loginAll, optionKeys, request, startServer, waitForLog } from './harness.mjs'

const srv = await startServer('assessments', { args: ['--test-hooks'] })
after(() => srv.stop())

let u, ids, cat, sub
const q = {}
before(async () => {
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
  const c = await u.dangwei.post('/assessments/categories', { org_id: ids.committee.id, name: '测试题库' })
  assert.equal(c.status, 201, c.text)
  cat = c.json
  const s = await u.dangwei.post('/assessments/categories', { org_id: ids.committee.id, parent_id: cat.id, name: '新民主主义革命时期' })
  assert.equal(s.status, 201, s.text)
  sub = s.json
  q.single = await mkQuestion({ type: 'single', stem: '中国共产党第一次全国代表大会在哪一年召开？', options: ['1919年', '1921年', '1927年'], correct_options: [1], explanation: '1921年7月' })
  q.multiple = await mkQuestion({ type: 'multiple', stem: '党史学习教育的目标要求包括', options: ['学史明理', '学史增信', '学史崇德', '学史致富'], correct_options: [0, 1, 2] })
  q.tf = await mkQuestion({ type: 'true_false', stem: '遵义会议在1935年召开。', true_false_answer: true })
  q.blank = await mkQuestion({ type: 'fill_blank', stem: '遵义会议于（ ）年（ ）月召开', blanks: [['1935'], ['1', '一']] })
  q.essay = await mkQuestion({ type: 'short_answer', stem: '简述学习党史的意义。', reference_answer: '明理增信崇德力行' })
  q.spare = await mkQuestion({ type: 'single', stem: '卷外题', options: ['甲', '乙'], correct_options: [0] })
})

async function mkQuestion(body, by = u.dangwei) {
  const r = await by.post('/assessments/questions', { org_id: ids.committee.id, category_id: sub.id, difficulty: 2, tags: ['党史'], ...body })
  assert.equal(r.status, 201, r.text)
  return r.json
}

/** The bank, papers and exams as the system admin sees them. */
async function state() {
  const parts = await Promise.all(['/assessments/categories', '/assessments/questions?include_archived=true&limit=500',
    '/assessments/papers?limit=500', '/assessments/exams?limit=500'].map((p) => u.admin.get(p)))
  for (const r of parts) assert.equal(r.status, 200, r.text)
  return parts.map((r) => r.json)
}

async function refused(fn, status, code, field) {
  const before = await state()
  const e = assertError(await fn(), status, code, field)
  assert.deepEqual(await state(), before, 'nothing was written')
  return e
}

function iso(offsetSeconds) {
  return new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

async function mkPaper(items) {
  const r = await u.dangwei.post('/assessments/papers', { org_id: ids.committee.id, title: '党史知识竞赛试卷', kind: 'fixed', items })
  assert.equal(r.status, 201, r.text)
  return r.json
}

async function mkExam(paper, extra = {}) {
  const r = await u.dangwei.post('/assessments/exams', {
    org_id: ids.committee.id, title: '党史知识竞赛', paper_id: paper.id, mode: 'closed_book',
    opens_at: iso(-3600), closes_at: iso(7 * 86400), time_limit_seconds: 3600, grace_seconds: 30,
    published: true, ...extra,
  })
  assert.equal(r.status, 201, r.text)
  return r.json
}

function moveClock(seconds) {
  return request(srv, 'POST', `${API}/test-hooks/clock`, { json: { advance_seconds: seconds } })
}

describe('question bank', () => {
  test('categories: list, create, rename; refusals', async () => {
    const list = await u.dangwei.get(`/assessments/categories?org_id=${ids.committee.id}`)
    assert.equal(list.status, 200, list.text)
    const ours = list.json.items.filter((c) => c.path.startsWith(`/${cat.id}/`))
    assert.deepEqual(ours.map((c) => c.name), ['测试题库', '新民主主义革命时期'])
    assert.equal(ours[1].path, `/${cat.id}/${sub.id}/`)
    assertError(await u.dangwei.get('/assessments/categories?org_id=x'), 400, 'invalid_argument', 'org_id')
    await refused(() => u.dangwei.post('/assessments/categories', { org_id: ids.committee.id, name: '测试题库' }), 409, 'already_exists', 'name')
    await refused(() => u.dangyuan1.post('/assessments/categories', { org_id: ids.committee.id, name: '改革开放' }), 403, 'permission_denied')
    const extra = await u.dangwei.post('/assessments/categories', { org_id: ids.committee.id, parent_id: cat.id, name: '社会主义革命和建设时期' })
    assert.equal(extra.status, 201, extra.text)
    const renamed = await u.dangwei.patch(`/assessments/categories/${extra.json.id}`, { version: 1, name: '社会主义建设时期' })
    assert.equal(renamed.status, 200, renamed.text)
    assert.equal(renamed.json.version, 2)
    await refused(() => u.dangwei.patch(`/assessments/categories/${extra.json.id}`, { version: 1, name: '再改' }), 409, 'conflict', 'version')
  })

  test('questions of every type; an edit is a new version; archive', async () => {
    const got = await u.dangwei.get(`/assessments/questions/${q.blank.id}`)
    assert.equal(got.status, 200, got.text)
    assert.deepEqual(got.json.blanks, [['1935'], ['1', '一']])
    assert.equal(got.json.version_number, 1)
    const list = await u.zhibu1.get('/assessments/questions')
    assert.equal(list.status, 200)
    assert.equal(list.json.total, 0, 'a branch secretary does not read the committee bank')
    const mine = await u.dangwei.get(`/assessments/questions?type=single&category_id=${cat.id}`)
    assert.equal(mine.status, 200)
    assert.ok(mine.json.items.some((x) => x.id === q.single.id))
    assert.ok(mine.json.items.every((x) => x.type === 'single'))
    assertError(await u.dangwei.get('/assessments/questions?type=essay'), 400, 'invalid_argument', 'type')
    assertError(await u.dangyuan1.get(`/assessments/questions/${q.single.id}`), 404, 'not_found')
    await refused(() => u.dangwei.post('/assessments/questions', { org_id: ids.committee.id, category_id: sub.id, type: 'single', stem: '两个答案', options: ['甲', '乙'], correct_options: [0, 1] }), 400, 'invalid_argument', 'correct_options')
    await refused(() => u.dangwei.post('/assessments/questions', { org_id: ids.committee.id, category_id: sub.id, type: 'fill_blank', stem: '空', blanks: [['']] }), 400, 'invalid_argument', 'blanks[0][0]')

    const t = await mkQuestion({ type: 'true_false', stem: '第一版', true_false_answer: false })
    const edited = await u.dangwei.put(`/assessments/questions/${t.id}`, { version: t.version, category_id: sub.id, type: 'true_false', stem: '第二版', true_false_answer: true })
    assert.equal(edited.status, 200, edited.text)
    assert.equal(edited.json.version_number, 2)
    assert.equal(edited.json.stem, '第二版')
    await refused(() => u.dangwei.put(`/assessments/questions/${t.id}`, { version: t.version, category_id: sub.id, type: 'true_false', stem: '第三版' }), 409, 'conflict', 'version')
    const archived = await u.dangwei.post(`/assessments/questions/${t.id}/archive`, { version: edited.json.version })
    assert.equal(archived.status, 200, archived.text)
    assert.equal(archived.json.archived, true)
    await refused(() => u.dangwei.post(`/assessments/questions/${t.id}/archive`, { version: archived.json.version }), 422, 'failed_precondition')
  })
})

describe('papers', () => {
  test('fixed papers keep the version chosen; rules are checked against the bank', async () => {
    const paper = await mkPaper([{ question_id: q.single.id, points: 2 }, { question_id: q.blank.id, points: 2.5 }])
    assert.equal(paper.total_points, 4.5)
    assert.equal(paper.items[1].question_version_id > 0, true)
    const got = await u.dangwei.get(`/assessments/papers/${paper.id}`)
    assert.equal(got.status, 200)
    assertError(await u.dangyuan1.get(`/assessments/papers/${paper.id}`), 404, 'not_found')
    const list = await u.dangwei.get('/assessments/papers')
    assert.equal(list.status, 200)
    assert.ok(list.json.items.some((p) => p.id === paper.id))
    assertError(await u.dangwei.get('/assessments/papers?limit=0'), 400, 'invalid_argument', 'limit')
    const e = await refused(() => u.dangwei.post('/assessments/papers', {
      org_id: ids.committee.id, title: '随机卷', kind: 'rules',
      rules: [{ category_id: cat.id, type: 'single', count: 2, points: 1 }, { category_id: cat.id, type: 'short_answer', difficulty: 2, count: 5, points: 10 }],
    }), 422, 'failed_precondition', 'rules[1]')
    assert.match(e.message, /第 2 条抽题规则.*只有 1 道/)
    const rules = await u.dangwei.post('/assessments/papers', {
      org_id: ids.committee.id, title: '随机卷', kind: 'rules',
      rules: [{ category_id: cat.id, type: 'single', count: 2, points: 1 }, { category_id: cat.id, type: 'multiple', difficulty: null, count: 1, points: 3 }],
    })
    assert.equal(rules.status, 201, rules.text)
    assert.equal(rules.json.total_points, 5)
  })
})

describe('exams and attempts', () => {
  let paper, exam
  before(async () => {
    paper = await mkPaper([
      { question_id: q.single.id, points: 2 }, { question_id: q.multiple.id, points: 3 },
      { question_id: q.tf.id, points: 1 }, { question_id: q.blank.id, points: 4 }, { question_id: q.essay.id, points: 10 },
    ])
    exam = await mkExam(paper, { eligible_org_ids: [ids.branch1.id], partial_credit: 'proportional', pass_points: 12 })
  })

  test('exams: create, list, get, edit; refusals', async () => {
    await refused(() => u.zhibu1.post('/assessments/exams', { org_id: ids.committee.id, title: '越权', paper_id: paper.id, mode: 'practice', opens_at: iso(0), closes_at: iso(60) }), 404, 'not_found', 'org_id')
    await refused(() => u.dangwei.post('/assessments/exams', { org_id: ids.committee.id, title: '两次', paper_id: paper.id, mode: 'closed_book', attempts_allowed: 2, opens_at: iso(0), closes_at: iso(60) }), 400, 'invalid_argument', 'attempts_allowed')
    const mine = await u.dangyuan1.get('/assessments/exams')
    assert.equal(mine.status, 200, mine.text)
    assert.ok(mine.json.items.some((e) => e.id === exam.id), 'an eligible member sees the published exam')
    assertError(await u.dangyuan1.get('/assessments/exams?limit=0'), 400, 'invalid_argument', 'limit')
    const hidden = await mkExam(paper, { published: false, title: '未发布' })
    assertError(await u.dangyuan1.get(`/assessments/exams/${hidden.id}`), 404, 'not_found')
    const got = await u.dangyuan1.get(`/assessments/exams/${exam.id}`)
    assert.equal(got.status, 200)
    const edited = await u.dangwei.put(`/assessments/exams/${hidden.id}`, { version: hidden.version, title: '已发布', paper_id: paper.id, mode: 'practice', opens_at: hidden.opens_at, closes_at: hidden.closes_at, published: true })
    assert.equal(edited.status, 200, edited.text)
    assert.equal(edited.json.mode, 'practice')
    // Publishing tells the people it names (dangyuan1 is in the committee), once.
    const told = async () => (await u.dangyuan1.get('/notifications?limit=100')).json.items
      .filter((n) => n.kind === 'exam_published' && n.link.record_id === hidden.id)
    const notes = await told()
    assert.equal(notes.length, 1, 'the member is notified of the published exam')
    assert.match(notes[0].text, /“已发布”/)
    assert.equal(notes[0].link.path, '/my-exams')
    const again = await u.dangwei.put(`/assessments/exams/${hidden.id}`, { version: edited.json.version, title: '已发布', paper_id: paper.id, mode: 'practice', opens_at: hidden.opens_at, closes_at: hidden.closes_at, published: true })
    assert.equal(again.status, 200, again.text)
    assert.equal((await told()).length, 1, 'an edit of a published exam notifies nobody again')
    await refused(() => u.dangwei.put(`/assessments/exams/${hidden.id}`, { version: hidden.version, title: '旧版本', paper_id: paper.id, mode: 'practice', opens_at: hidden.opens_at, closes_at: hidden.closes_at }), 409, 'conflict', 'version')
  })

  test('a closed-book attempt: resume, ordered saves, one hand-in, nothing after it, grading, publication', async () => {
    // An account without a person sits no exam (the demo's 局领导 lingdao has one: the plan's
    // supervising leader, a member of 机关第一支部 who may sit it as any member).
    assertError(await u.dangwei.post(`/assessments/exams/${exam.id}/attempts`), 403, 'permission_denied')
    assertError(await u.dangyuan1.get(`/assessments/exams/${exam.id}/my-attempt`), 404, 'not_found')
    const start = await u.dangyuan1.post(`/assessments/exams/${exam.id}/attempts`)
    assert.equal(start.status, 200, start.text)
    const a = start.json
    assert.equal(a.status, 'open')
    assert.equal(a.reveal, false)
    assert.equal(a.questions.length, 5)
    assert.ok(a.questions.every((x) => x.correct_options === undefined), 'no answer key while taking')
    // Another device resumes the same attempt.
    const phone = await login(srv, 'dangyuan1')
    const resumed = await phone.post(`/assessments/exams/${exam.id}/attempts`)
    assert.equal(resumed.json.id, a.id)
    assert.equal(resumed.json.deadline_at, a.deadline_at)

    const save = (c, qid, value, seq) => c.put(`/assessments/attempts/${a.id}/answers/${qid}`, { value, seq })
    // The paper keys the options A, B, ... as it shows them (shuffled per
    // taker), not by their order in the bank.
    const single = a.questions.find((x) => x.question_id === q.single.id)
    assert.deepEqual(single.options.map((o) => o.key), ['A', 'B', 'C'])
    assert.deepEqual(single.options.map((o) => o.text).sort(), ['1919年', '1921年', '1927年'])
    const [right, wrong] = optionKeys(a, q.single.id, '1921年', '1919年')
    let r = await save(u.dangyuan1, q.single.id, [right], 2)
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.applied, true)
    assert.deepEqual(r.json.value, [right])
    assert.equal(r.json.feedback, null)
    r = await save(phone, q.single.id, [wrong], 1) // a late retry of an older answer
    assert.equal(r.status, 200)
    assert.deepEqual([r.json.applied, r.json.seq, r.json.value], [false, 2, [right]])
    r = await save(u.dangyuan1, q.single.id, [right], 2) // the same retry again
    assert.deepEqual([r.json.applied, r.json.seq], [false, 2])
    // A key not on the paper, or a bank index, is refused.
    assertError(await save(u.dangyuan1, q.single.id, ['D'], 3), 400, 'invalid_argument', 'value')
    assertError(await save(u.dangyuan1, q.single.id, ['1'], 3), 400, 'invalid_argument', 'value')
    assert.equal((await save(u.dangyuan1, q.multiple.id, optionKeys(a, q.multiple.id, '学史明理', '学史增信'), 3)).status, 200)
    assert.equal((await save(u.dangyuan1, q.tf.id, ['true'], 4)).status, 200)
    assert.equal((await save(u.dangyuan1, q.blank.id, ['1935', '二'], 5)).status, 200)
    assert.equal((await save(u.dangyuan1, q.essay.id, ['明理、增信'], 6)).status, 200)
    assertError(await save(u.dangyuan1, q.spare.id, ['A'], 7), 400, 'invalid_argument', 'question_id')
    assertError(await save(u.dangyuan1, q.tf.id, ['maybe'], 8), 400, 'invalid_argument', 'value')
    assertError(await save(u.zhibu1, q.tf.id, ['false'], 9), 404, 'not_found')
    const seen = await phone.get(`/assessments/attempts/${a.id}`)
    assert.equal(seen.status, 200)
    assert.deepEqual(seen.json.questions.find((x) => x.question_id === q.single.id).answer, [right])
    assertError(await u.zhibu1.get(`/assessments/attempts/${a.id}`), 404, 'not_found')
    const left = await u.dangyuan1.post(`/assessments/attempts/${a.id}/leave`, { event_id: 'leave-1' })
    assert.equal(left.status, 200, left.text)
    assert.equal(left.json.leave_count, 1)
    assertError(await u.zhibu1.post(`/assessments/attempts/${a.id}/leave`, { event_id: 'leave-2' }), 404, 'not_found')

    // Double click on two devices: one submission, the same result.
    const [one, two] = await Promise.all([
      u.dangyuan1.post(`/assessments/attempts/${a.id}/submit`), phone.post(`/assessments/attempts/${a.id}/submit`)])
    assert.equal(one.status, 200, one.text)
    assert.equal(two.status, 200, two.text)
    assert.equal(one.json.submitted_at, two.json.submitted_at)
    assert.equal(one.json.status, 'submitted')
    assert.equal(one.json.score, null, 'closed book: the score is hidden')
    // 我的考试 finds the taker's own attempt (and nobody else's).
    const mine = await phone.get(`/assessments/exams/${exam.id}/my-attempt`)
    assert.equal(mine.status, 200, mine.text)
    assert.deepEqual([mine.json.id, mine.json.status, mine.json.score], [a.id, 'submitted', null])
    assertError(await u.dangwei.get(`/assessments/exams/${exam.id}/my-attempt`), 404, 'not_found')
    assertError(await u.dangyuan1.get('/assessments/exams/x/my-attempt'), 400, 'invalid_argument', 'id')
    assertError(await u.zhibu1.post(`/assessments/attempts/${a.id}/submit`), 404, 'not_found')
    assertError(await save(phone, q.tf.id, ['false'], 10), 422, 'failed_precondition')
    assertError(await u.dangyuan1.post(`/assessments/attempts/${a.id}/leave`, { event_id: 'leave-3' }), 422, 'failed_precondition')
    assertError(await u.dangyuan1.post(`/assessments/exams/${exam.id}/attempts`), 422, 'failed_precondition')

    // Grading: 2 (single) + 2 (multiple, 2 of 3) + 1 (true) + 2 (one blank of two) = 7 objective.
    const queue = await u.dangwei.get(`/assessments/exams/${exam.id}/grading`)
    assert.equal(queue.status, 200, queue.text)
    assert.equal(queue.json.total, 1)
    assert.equal(queue.json.items[0].answer, '明理、增信')
    assertError(await u.dangyuan1.get(`/assessments/exams/${exam.id}/grading`), 404, 'not_found')
    const graded0 = await u.dangwei.get(`/assessments/attempts/${a.id}`)
    assert.equal(graded0.json.score, 7)
    assert.equal(graded0.json.pending, 1)
    assertError(await u.dangwei.post(`/assessments/exams/${exam.id}/publish-results`, { version: exam.version }), 422, 'failed_precondition')
    assertError(await u.dangwei.put(`/assessments/attempts/${a.id}/answers/${q.essay.id}/grade`, { score: 11 }), 400, 'invalid_argument', 'score')
    const graded = await u.dangwei.put(`/assessments/attempts/${a.id}/answers/${q.essay.id}/grade`, { score: 6.5, comment: '要点不全' })
    assert.equal(graded.status, 200, graded.text)
    assert.equal(graded.json.score, 13.5)
    assert.equal(graded.json.pending, 0)
    const results = await u.dangwei.get(`/assessments/exams/${exam.id}/results`)
    assert.equal(results.status, 200, results.text)
    assert.equal(results.json.stats.submitted, 1)
    assert.equal(results.json.stats.average, 13.5)
    assert.equal(results.json.stats.pass_rate, 1)
    assert.equal(results.json.items[0].person_name, '钱党员')
    assertError(await u.dangyuan1.get(`/assessments/exams/${exam.id}/results`), 404, 'not_found')
    const published = await u.dangwei.post(`/assessments/exams/${exam.id}/publish-results`, { version: exam.version })
    assert.equal(published.status, 200, published.text)
    assert.equal(published.json.results_published, true)
  })

  test('practice: immediate feedback with the explanation, repeatable', async () => {
    const practice = await mkExam(await mkPaper([{ question_id: q.single.id, points: 1 }]), { mode: 'practice', attempts_allowed: 0 })
    const a = (await u.dangyuan1.post(`/assessments/exams/${practice.id}/attempts`)).json
    // Practice does not shuffle: the keys follow the bank's order.
    assert.deepEqual(optionKeys(a, q.single.id, '1919年', '1921年', '1927年'), ['A', 'B', 'C'])
    const r = await u.dangyuan1.put(`/assessments/attempts/${a.id}/answers/${q.single.id}`, { value: optionKeys(a, q.single.id, '1919年'), seq: 1 })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.feedback.correct, false)
    assert.equal(r.json.feedback.explanation, '1921年7月')
    assert.deepEqual(r.json.feedback.correct_options, optionKeys(a, q.single.id, '1921年'))
    const done = await u.dangyuan1.post(`/assessments/attempts/${a.id}/submit`)
    assert.equal(done.json.reveal, true)
    assert.equal(done.json.score, 0)
    const again = await u.dangyuan1.post(`/assessments/exams/${practice.id}/attempts`)
    assert.equal(again.status, 200)
    assert.equal(again.json.number, 2)
  })

  test('the deadline on the server clock: grace accepts saves in flight, then refused; the scheduler hands in', async () => {
    const timed = await mkExam(await mkPaper([{ question_id: q.tf.id, points: 1 }]), { time_limit_seconds: 300, grace_seconds: 20, title: '限时' })
    const a = (await u.dangyuan1.post(`/assessments/exams/${timed.id}/attempts`)).json
    const deadline = Date.parse(a.deadline_at)
    assert.equal(deadline - Date.parse(a.started_at), 300_000)
    const moved = await moveClock(305)
    assert.equal(moved.status, 200, moved.text)
    const inGrace = await u.dangyuan1.put(`/assessments/attempts/${a.id}/answers/${q.tf.id}`, { value: ['true'], seq: 1 })
    assert.equal(inGrace.status, 200, inGrace.text)
    await moveClock(30)
    assertError(await u.dangyuan1.put(`/assessments/attempts/${a.id}/answers/${q.tf.id}`, { value: ['false'], seq: 2 }), 422, 'failed_precondition')
    await moveClock(60)
    await waitForLog(srv, /assessments: auto-submitted \d+ attempts/)
    const done = await u.dangwei.get(`/assessments/attempts/${a.id}`)
    assert.equal(done.json.status, 'submitted')
    assert.equal(done.json.submitted_by, 'deadline')
    assert.equal(done.json.score, 1, 'the answer saved in the grace period counts')
  })
})
