// Exam results (issue 10): the ranking with shared ranks, filters and sorts;
// the summary (overall, bands, branches); the .xlsx export; a member's own
// result hidden until the closed-book exam has closed and its results are
// published; item analysis in the background; several graders grading
// blind with claims and versioned grades; idempotent leave-page events.
// Every operation with a success and a refusal; scope and blind-grading
// denials; refusals write nothing.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { API, PASSWORD, assertError, demoIds, firstSignIn, login, loginAll, optionKeys, request, startServer } from './harness.mjs'
import { readXlsxRows } from './xlsx.mjs'

const srv = await startServer('assessments-results', { args: ['--test-hooks'] })
after(() => srv.stop())

let u, ids, demo, grader, graderAccount, second, secondAccount
before(async () => {
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
  const exams = await u.admin.get('/assessments/exams?limit=500')
  demo = exams.json.items.find((e) => e.title === '2021年党史知识竞赛（闭卷）')
  assert.ok(demo, 'the demo competition')
  // A grader from outside the exam's org: a member account of another branch
  // without a person record, reading nothing of the exam by role.
  const username = `grader${process.pid}`
  const made = await u.admin.post('/accounts', {
    username, display_name: '外聘评阅人', password: PASSWORD, roles: [{ role: 'member', org_id: ids.branch3.id }],
  })
  assert.equal(made.status, 201, made.text)
  graderAccount = made.json
  grader = await firstSignIn(srv, username)
  // A second one, of another branch under the exam's org (graders are
  // accounts of the exam org's subtree).
  const made2 = await u.admin.post('/accounts', {
    username: `second${process.pid}`, display_name: '第二评阅人', password: PASSWORD, roles: [{ role: 'member', org_id: ids.branch2.id }],
  })
  assert.equal(made2.status, 201, made2.text)
  secondAccount = made2.json
  second = await firstSignIn(srv, `second${process.pid}`)
})

function iso(offsetSeconds) {
  return new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Waits until `check()` returns a truthy value (a state reached); a guard, not a measurement. */
async function waitUntil(what, check, limit = 60_000) {
  const end = Date.now() + limit
  for (;;) {
    const v = await check()
    if (v) return v
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** An attempt as stored (without the server's clock reading). */
async function storedAttempt(client, id) {
  const { server_time: _, ...stored } = (await client.get(`/assessments/attempts/${id}`)).json
  return stored
}

async function refusedUnchanged(read, fn, status, code, field) {
  const before = await read()
  const e = assertError(await fn(), status, code, field)
  assert.deepEqual(await read(), before, 'nothing was written')
  return e
}

describe('results of the demo competition', () => {
  test('ranking: shared ranks in score order, filters, sorts, time used; scope by subtree', async () => {
    const all = await u.dangwei.get(`/assessments/exams/${demo.id}/results?limit=500`)
    assert.equal(all.status, 200, all.text)
    const rows = all.json.items.filter((r) => r.status === 'submitted')
    assert.ok(rows.length >= 20)
    for (let i = 0; i < rows.length; i++) {
      const higher = rows.filter((r) => r.score > rows[i].score).length
      assert.equal(rows[i].rank, higher + 1, 'competition ranking: ties share a rank')
      if (i > 0) assert.ok(rows[i - 1].score >= rows[i].score)
      assert.equal(typeof rows[i].time_used_seconds, 'number')
    }
    assert.ok(new Set(rows.map((r) => r.rank)).size <= rows.length)
    const stats = all.json.stats
    assert.equal(stats.submitted, rows.length)
    const sorted = rows.map((r) => r.score).sort((a, b) => a - b)
    const mid = sorted.length / 2
    const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2
    assert.ok(Math.abs(stats.median - median) < 1e-9)
    assert.equal(stats.highest, sorted.at(-1))

    const asc = await u.dangwei.get(`/assessments/exams/${demo.id}/results?sort=score&status=submitted&limit=3`)
    assert.equal(asc.status, 200, asc.text)
    assert.equal(asc.json.items[0].score, sorted[0])
    const byTime = await u.dangwei.get(`/assessments/exams/${demo.id}/results?sort=-submitted_at&limit=2`)
    assert.equal(byTime.status, 200, byTime.text)

    const branch = await u.dangwei.get(`/assessments/exams/${demo.id}/results?org_id=${ids.branch1.id}&limit=500`)
    assert.equal(branch.status, 200, branch.text)
    const inBranch = all.json.items.filter((r) => branch.json.items.some((b) => b.attempt_id === r.attempt_id))
    assert.equal(inBranch.length, branch.json.items.length)
    for (const r of branch.json.items) {
      assert.equal(r.rank, all.json.items.find((x) => x.attempt_id === r.attempt_id).rank, 'the exam rank')
    }
    // A branch secretary reads their branch's takers only.
    const secretary = await u.zhibu1.get(`/assessments/exams/${demo.id}/results?limit=500`)
    assert.equal(secretary.status, 200, secretary.text)
    assert.deepEqual(secretary.json.items.map((r) => r.attempt_id).sort(), branch.json.items.map((r) => r.attempt_id).sort())
    assertError(await u.zhibu1.get(`/assessments/exams/${demo.id}/results?org_id=${ids.branch2.id}`), 400, 'invalid_argument', 'org_id')
    assertError(await u.dangwei.get(`/assessments/exams/${demo.id}/results?status=graded`), 400, 'invalid_argument', 'status')
    assertError(await u.dangwei.get(`/assessments/exams/${demo.id}/results?sort=name`), 400, 'invalid_argument', 'sort')
    assertError(await u.dangyuan1.get(`/assessments/exams/${demo.id}/results`), 404, 'not_found')
    assertError(await grader.get(`/assessments/exams/${demo.id}/results`), 404, 'not_found')
  })

  test('summary: overall, ten bands, branches that add up; scope', async () => {
    const s = await u.dangwei.get(`/assessments/exams/${demo.id}/results/summary`)
    assert.equal(s.status, 200, s.text)
    assert.equal(s.json.bands.length, 10)
    assert.equal(s.json.bands.reduce((n, b) => n + b.count, 0), s.json.stats.submitted)
    assert.equal(s.json.bands[9].to, demo.total_points)
    assert.ok(s.json.eligible >= s.json.takers && s.json.takers > 0)
    assert.ok(s.json.branches.length > 0)
    const b1 = s.json.branches.find((b) => b.org_id === ids.branch1.id)
    assert.ok(b1, 'the first branch is a row')
    const ranking = await u.dangwei.get(`/assessments/exams/${demo.id}/results?org_id=${ids.branch1.id}&status=submitted&limit=500`)
    assert.equal(b1.submitted, ranking.json.items.length)
    assert.ok(Math.abs(b1.average - ranking.json.stats.average) < 1e-9)
    assert.ok(b1.participation_rate > 0 && b1.participation_rate <= 1)
    const theirs = await u.zhibu1.get(`/assessments/exams/${demo.id}/results/summary`)
    assert.equal(theirs.status, 200, theirs.text)
    assert.deepEqual(theirs.json.branches.map((b) => b.org_id), [ids.branch1.id])
    assert.equal(theirs.json.stats.submitted, b1.submitted)
    const drill = await u.dangwei.get(`/assessments/exams/${demo.id}/results/summary?org_id=${ids.branch1.id}`)
    assert.equal(drill.status, 200, drill.text)
    assert.equal(drill.json.stats.submitted, b1.submitted)
    assertError(await u.dangyuan1.get(`/assessments/exams/${demo.id}/results/summary`), 404, 'not_found')
    assertError(await u.zhibu1.get(`/assessments/exams/${demo.id}/results/summary?org_id=${ids.branch2.id}`), 400, 'invalid_argument', 'org_id')
  })

  test('export: a ranking sheet and a per-branch sheet with Chinese headers, in scope', async () => {
    const res = await u.zhibu1.get(`/assessments/exams/${demo.id}/results/export`)
    assert.equal(res.status, 200, res.text)
    assert.match(res.headers['content-type'], /spreadsheetml/)
    assert.match(res.headers['content-disposition'], /filename\*=UTF-8''/)
    const ranking = readXlsxRows(res.body, 0)
    assert.deepEqual(ranking[0].slice(0, 4), ['名次', '姓名', '所属组织', '得分'])
    const mine = await u.zhibu1.get(`/assessments/exams/${demo.id}/results?limit=500`)
    assert.equal(ranking.length - 1, mine.json.items.length, 'the secretary exports their branch only')
    assert.equal(ranking[1][1], mine.json.items[0].person_name)
    const branches = readXlsxRows(res.body, 1)
    assert.deepEqual(branches[0], ['组织', '应考人数', '参考人数', '参考率', '已交卷', '平均分', '及格率'])
    assert.equal(branches.at(-1)[0], '合计')
    assertError(await u.dangyuan1.get(`/assessments/exams/${demo.id}/results/export`), 404, 'not_found')
    assertError(await u.dangwei.get(`/assessments/exams/${demo.id}/results/export?org_id=999999`), 400, 'invalid_argument', 'org_id')
  })

  test('item analysis: computed in the background after publication, re-run on demand', async () => {
    const done = await waitUntil('the demo analysis', async () => {
      const r = await u.dangwei.get(`/assessments/exams/${demo.id}/item-analysis`)
      assert.equal(r.status, 200, r.text)
      return r.json.state === 'done' ? r.json : null
    })
    assert.ok(done.takers >= 20)
    assert.ok(done.items.length > 0)
    for (const i of done.items) {
      assert.ok(i.facility >= 0 && i.facility <= 1, `facility of ${i.question_id}`)
      if (i.discrimination !== null) assert.ok(i.discrimination >= -1 && i.discrimination <= 1)
    }
    assertError(await u.dangyuan1.get(`/assessments/exams/${demo.id}/item-analysis`), 404, 'not_found')
    assertError(await u.lingdao.post(`/assessments/exams/${demo.id}/item-analysis`), 403, 'permission_denied')
    const again = await u.dangwei.post(`/assessments/exams/${demo.id}/item-analysis`)
    assert.equal(again.status, 202, again.text)
    await waitUntil('the second analysis', async () => {
      const r = await u.dangwei.get(`/assessments/exams/${demo.id}/item-analysis`)
      return r.json.state === 'done' && r.json.computed_at >= again.json.requested_at
    })
  })
})

describe('an exam of our own', () => {
  let cat, single, essay, paper, exam

  before(async () => {
    const c = await u.dangwei.post('/assessments/categories', { org_id: ids.committee.id, name: `成绩测试${process.pid}` })
    assert.equal(c.status, 201, c.text)
    cat = c.json
    const mk = async (body) => {
      const r = await u.dangwei.post('/assessments/questions', { org_id: ids.committee.id, category_id: cat.id, difficulty: 2, ...body })
      assert.equal(r.status, 201, r.text)
      return r.json
    }
    single = await mk({ type: 'single', stem: '遵义会议召开于哪一年？', options: ['1934年', '1935年'], correct_options: [1] })
    essay = await mk({ type: 'short_answer', stem: '简述遵义会议的历史意义。', reference_answer: '生死攸关的转折点' })
    const p = await u.dangwei.post('/assessments/papers', {
      org_id: ids.committee.id, title: '成绩测试卷', kind: 'fixed',
      items: [{ question_id: single.id, points: 10 }, { question_id: essay.id, points: 10 }],
    })
    assert.equal(p.status, 201, p.text)
    paper = p.json
    const e = await u.dangwei.post('/assessments/exams', {
      org_id: ids.committee.id, title: '成绩测试', paper_id: paper.id, mode: 'closed_book',
      opens_at: iso(-3600), closes_at: iso(3600), time_limit_seconds: 1800, leave_limit: 2,
      pass_points: 10, published: true,
    })
    assert.equal(e.status, 201, e.text)
    exam = e.json
  })

  test('leave-page events are counted once per event id; the N-th distinct one hands in once', async () => {
    const second = await u.dangwei.post('/assessments/exams', {
      org_id: ids.committee.id, title: '离开页面测试', paper_id: paper.id, mode: 'closed_book',
      opens_at: iso(-3600), closes_at: iso(2 * 86400), leave_limit: 2, published: true,
    })
    const a = (await u.dangyuan1.post(`/assessments/exams/${second.json.id}/attempts`)).json
    const leave = (id) => u.dangyuan1.post(`/assessments/attempts/${a.id}/leave`, { event_id: id })
    const [x, y] = await Promise.all([leave('tab-hidden-1'), leave('tab-hidden-1')])
    assert.equal(x.status, 200, x.text)
    assert.equal(y.status, 200, y.text)
    assert.equal((await leave('tab-hidden-1')).json.leave_count, 1, 'retries count once')
    const read = () => storedAttempt(u.dangyuan1, a.id)
    await refusedUnchanged(read, () => u.dangyuan1.post(`/assessments/attempts/${a.id}/leave`, {}), 400, 'invalid_argument', 'event_id')
    await refusedUnchanged(read, () => leave('x'.repeat(65)), 400, 'invalid_argument', 'event_id')
    await refusedUnchanged(read, () => u.zhibu1.post(`/assessments/attempts/${a.id}/leave`, { event_id: 'tab-hidden-2' }), 404, 'not_found')
    const [p, q] = await Promise.all([leave('tab-hidden-2'), leave('tab-hidden-2')])
    assert.equal(p.json.status, 'submitted')
    assert.equal(p.json.submitted_by, 'leave_limit')
    assert.equal(q.json.submitted_at, p.json.submitted_at, 'one hand-in')
    assert.equal(q.json.leave_count, 2)
    assertError(await leave('tab-hidden-3'), 422, 'failed_precondition')
  })

  test('graders: assigned by the organizer, blind, claims, versioned grades; the organizer regrades', async () => {
    const takers = [u.dangyuan1, u.zhibu1]
    const attempts = []
    for (const t of takers) {
      const a = (await t.post(`/assessments/exams/${exam.id}/attempts`)).json
      assert.equal((await t.put(`/assessments/attempts/${a.id}/answers/${single.id}`, { value: optionKeys(a, single.id, '1935年'), seq: 1 })).status, 200)
      assert.equal((await t.put(`/assessments/attempts/${a.id}/answers/${essay.id}`, { value: ['转折点'], seq: 2 })).status, 200)
      assert.equal((await t.post(`/assessments/attempts/${a.id}/submit`)).status, 200)
      attempts.push(a)
    }
    const graders = async () => (await u.dangwei.get(`/assessments/exams/${exam.id}/graders`)).json
    assertError(await grader.get(`/assessments/exams/${exam.id}/grading`), 404, 'not_found')
    assertError(await grader.get(`/assessments/exams/${exam.id}/graders`), 404, 'not_found')
    const { version } = await graders()
    await refusedUnchanged(graders, () => u.lingdao.put(`/assessments/exams/${exam.id}/graders`, { version, account_ids: [graderAccount.id] }), 403, 'permission_denied')
    await refusedUnchanged(graders, () => u.dangwei.put(`/assessments/exams/${exam.id}/graders`, { version, account_ids: [999999] }), 400, 'invalid_argument', 'account_ids[0]')
    await refusedUnchanged(graders, () => u.dangwei.put(`/assessments/exams/${exam.id}/graders`, { account_ids: [graderAccount.id] }), 400, 'invalid_argument', 'version')
    const set = await u.dangwei.put(`/assessments/exams/${exam.id}/graders`, { version, account_ids: [graderAccount.id, secondAccount.id] })
    assert.equal(set.status, 200, set.text)
    assert.deepEqual(set.json.items.map((g) => g.account_id).sort(), [graderAccount.id, secondAccount.id].sort())
    assert.equal(set.json.version, version + 1, 'the set is saved with the exam\'s version')
    assert.equal((await u.dangwei.get(`/assessments/exams/${exam.id}`)).json.version, version + 1)
    assert.equal((await graders()).items.length, 2)
    // A set read before that change is stale: 409, nothing written.
    await refusedUnchanged(graders, () => u.dangwei.put(`/assessments/exams/${exam.id}/graders`, { version, account_ids: [] }), 409, 'conflict', 'version')

    const assignments = await grader.get('/assessments/grading-assignments')
    assert.equal(assignments.status, 200, assignments.text)
    assert.deepEqual(assignments.json.items.map((a) => [a.exam_id, a.ungraded]), [[exam.id, 2]])
    assert.equal((await request(srv, 'GET', `${API}/assessments/grading-assignments`)).status, 401)

    // Blind: nothing the grader reads names a taker or their organization.
    const names = ['钱党员', '赵书记', '机关第一支部', ids.member.name, ids.secretary.name]
    const blind = (res) => {
      for (const n of names) assert.ok(!res.text.includes(n), `no ${n} in ${res.text.slice(0, 200)}`)
    }
    const queue = await grader.get(`/assessments/exams/${exam.id}/grading`)
    assert.equal(queue.status, 200, queue.text)
    assert.equal(queue.json.blind, true)
    assert.equal(queue.json.total, 2)
    assert.ok(queue.json.items.every((i) => !('person_name' in i) && !('org_name' in i)))
    blind(queue)
    const organizerQueue = await u.dangwei.get(`/assessments/exams/${exam.id}/grading?question_id=${essay.id}`)
    assert.equal(organizerQueue.json.blind, false)
    assert.ok(organizerQueue.json.items.some((i) => i.person_name === '钱党员'))
    assertError(await grader.get(`/assessments/exams/${exam.id}/grading?graded=true`), 403, 'permission_denied')
    assertError(await grader.get(`/assessments/attempts/${attempts[0].id}`), 404, 'not_found')

    // Claims: the grader takes one by taker, the second grader the rest; nobody grades another's.
    const claim = await grader.post(`/assessments/exams/${exam.id}/grading/claims`, { attempt_id: attempts[0].id, limit: 5 })
    assert.equal(claim.status, 200, claim.text)
    assert.deepEqual(claim.json.items.map((i) => i.attempt_id), [attempts[0].id])
    blind(claim)
    assertError(await grader.post(`/assessments/exams/${exam.id}/grading/claims`, { limit: 51 }), 400, 'invalid_argument', 'limit')
    const other = await second.post(`/assessments/exams/${exam.id}/grading/claims`, { question_id: essay.id })
    assert.deepEqual(other.json.items.map((i) => i.attempt_id), [attempts[1].id])
    // The organizer sees who holds each claim and until when.
    const held = (await u.dangwei.get(`/assessments/exams/${exam.id}/grading`)).json.items
    assert.deepEqual(held.map((i) => [i.attempt_id, i.claimed_by_name, i.claimed_by_other]).sort(),
      [[attempts[0].id, graderAccount.display_name, true], [attempts[1].id, secondAccount.display_name, true]].sort())
    assert.ok(held.every((i) => i.claimed_until))
    const grade = (c, a, body) => c.put(`/assessments/attempts/${a.id}/answers/${essay.id}/grade`, body)
    const attemptOf = (a) => storedAttempt(u.dangwei, a.id)
    await refusedUnchanged(() => attemptOf(attempts[0]), () => grade(second, attempts[0], { score: 5 }), 409, 'conflict', 'version')
    await refusedUnchanged(() => attemptOf(attempts[0]), () => grade(u.dangwei, attempts[0], { score: 5 }), 409, 'conflict', 'version')
    const graded = await grade(grader, attempts[0], { score: 8, comment: '要点齐全', version: claim.json.items[0].version })
    assert.equal(graded.status, 200, graded.text)
    assert.equal(graded.json.person_id, null)
    assert.equal(graded.json.score, null, 'no scores (nor keys) for a grader')
    assert.equal((await storedAttempt(u.dangwei, attempts[0].id)).score, 18)
    blind(graded)
    await refusedUnchanged(() => attemptOf(attempts[0]), () => grade(grader, attempts[0], { score: 9 }), 422, 'failed_precondition', 'score')
    // The organizer changes a given score only by regrading, with a reason
    // and the version read; a stale one is 409.
    const gradedList = await u.dangwei.get(`/assessments/exams/${exam.id}/grading?graded=true`)
    const item = gradedList.json.items.find((i) => i.attempt_id === attempts[0].id)
    assert.equal(item.score, 8)
    await refusedUnchanged(() => attemptOf(attempts[0]), () => grade(u.dangwei, attempts[0], { score: 9, version: item.version }), 422, 'failed_precondition', 'score')
    const regrade = (version) => u.dangwei.put(`/assessments/attempts/${attempts[0].id}/answers/${essay.id}/regrade`, { score: 9, reason: '要点齐全，酌情加分', version })
    await refusedUnchanged(() => attemptOf(attempts[0]), () => regrade(item.version - 1), 409, 'conflict', 'version')
    const regraded = await regrade(item.version)
    assert.equal(regraded.status, 200, regraded.text)
    assert.equal(regraded.json.attempt_score, 19)
    assert.equal(regraded.json.person_name, ids.member.name)

    const released = await second.del(`/assessments/exams/${exam.id}/grading/claims`)
    assert.equal(released.status, 200, released.text)
    assert.equal(released.json.released, 1)
    assertError(await u.dangyuan1.del(`/assessments/exams/${exam.id}/grading/claims`), 404, 'not_found')
    const last = await grade(grader, attempts[1], { score: 4 })
    assert.equal(last.status, 200, last.text)
    blind(last)
  })

  test('my result: hidden until the exam has closed and its results are published, then the review', async () => {
    const mine = async () => {
      const r = await u.dangyuan1.get(`/assessments/exams/${exam.id}/my-result`)
      assert.equal(r.status, 200, r.text)
      return r.json.items[0]
    }
    const hidden = await mine()
    assert.equal(hidden.status, 'submitted')
    assert.equal(hidden.reveal, false)
    assert.equal(hidden.score, null)
    assert.equal(hidden.rank, null)
    assertError(await u.dangwei.get(`/assessments/exams/${exam.id}/my-result`), 404, 'not_found')
    const current = (await u.dangwei.get(`/assessments/exams/${exam.id}`)).json
    const published = await u.dangwei.post(`/assessments/exams/${exam.id}/publish-results`, { version: current.version })
    assert.equal(published.status, 200, published.text)
    assert.equal((await mine()).reveal, false, 'published, but the exam is still open')
    const moved = await request(srv, 'POST', `${API}/test-hooks/clock`, { json: { advance_seconds: 7200 } })
    assert.equal(moved.status, 200, moved.text)
    // Two hours on, the sessions have expired: sign in again.
    u.dangyuan1 = await login(srv, 'dangyuan1')
    u.dangwei = await login(srv, 'dangwei')
    const shown = await mine()
    assert.equal(shown.reveal, true)
    assert.equal(shown.score, 19)
    assert.equal(shown.rank, 1)
    assert.equal(shown.passed, true)
    const review = await u.dangyuan1.get(`/assessments/attempts/${shown.attempt_id}`)
    assert.equal(review.json.reveal, true)
    const q = review.json.questions.find((x) => x.question_id === single.id)
    assert.deepEqual(q.correct_options, optionKeys(review.json, single.id, '1935年'), 'the key in the taker\'s keys')
    assert.deepEqual(q.answer, q.correct_options, 'the answer given, in the same keys')
    // Publication queued the item analysis of this exam too.
    await waitUntil('the analysis of our exam', async () => {
      const r = await u.dangwei.get(`/assessments/exams/${exam.id}/item-analysis`)
      return r.json.state === 'done' && r.json.takers === 2
    })
  })
})

describe('grader candidates (the 评阅人 picker)', () => {
  test('the organizer, a branch secretary too, finds accounts of the exam org that may grade it; takers never; others are refused', async () => {
    // Signed in again: an earlier test moved the server's clock past the sessions.
    for (const name of ['admin', 'zhibu1', 'lingdao', 'dangyuan1']) u[name] = await login(srv, name)
    // A branch exam organized by its secretary, who administers no account
    // (/accounts refuses them), for its first party group and 钱党员 by name.
    assertError(await u.zhibu1.get('/accounts?q=a'), 403, 'permission_denied')
    const cat = await u.zhibu1.post('/assessments/categories', { org_id: ids.branch1.id, name: `支部题库${process.pid}` })
    assert.equal(cat.status, 201, cat.text)
    const q = await u.zhibu1.post('/assessments/questions', {
      org_id: ids.branch1.id, category_id: cat.json.id, type: 'short_answer', difficulty: 2, stem: `简述支部学习的收获${process.pid}`, reference_answer: '收获',
    })
    assert.equal(q.status, 201, q.text)
    const p = await u.zhibu1.post('/assessments/papers', {
      org_id: ids.branch1.id, title: `支部测试卷${process.pid}`, kind: 'fixed', items: [{ question_id: q.json.id, points: 10 }],
    })
    assert.equal(p.status, 201, p.text)
    const e = await u.zhibu1.post('/assessments/exams', {
      org_id: ids.branch1.id, title: `支部测试${process.pid}`, paper_id: p.json.id, mode: 'closed_book',
      opens_at: iso(-60), closes_at: iso(10 * 86400), eligible_org_ids: [ids.group1.id], eligible_person_ids: [ids.member.id],
    })
    assert.equal(e.status, 201, e.text)
    const exam = e.json
    // Accounts of the branch: one by its grant, one of another branch (out of scope).
    const mk = async (username, org) => {
      const r = await u.admin.post('/accounts', {
        username, display_name: `候选评阅人${username.slice(-6)}`, password: PASSWORD, roles: [{ role: 'member', org_id: org.id }],
      })
      assert.equal(r.status, 201, r.text)
      return r.json
    }
    const inBranch = await mk(`candin${process.pid}`, ids.branch1)
    const elsewhere = await mk(`candout${process.pid}`, ids.branch2)
    const candidates = (client, query) => client.get(`/assessments/exams/${exam.id}/grader-candidates${query}`)

    const found = await candidates(u.zhibu1, '?q=cand')
    assert.equal(found.status, 200, found.text)
    assert.deepEqual(Object.keys(found.json), ['items'])
    assert.deepEqual(found.json.items, [{ account_id: inBranch.id, username: inBranch.username, display_name: inBranch.display_name }])
    // Without a search: the secretary themself (not a taker) is there; the taker 钱党员 never is.
    const all = (await candidates(u.zhibu1, '')).json.items
    assert.ok(all.some((a) => a.account_id === u.zhibu1.user.id))
    assert.ok(all.some((a) => a.account_id === inBranch.id))
    assert.ok(!all.some((a) => a.account_id === u.dangyuan1.user.id), 'a taker is no candidate')
    assert.ok(!all.some((a) => a.account_id === elsewhere.id), 'another branch is out of scope')
    assert.deepEqual((await candidates(u.zhibu1, '?q=dangyuan1')).json.items, [])
    assert.equal((await candidates(u.zhibu1, '?limit=1')).json.items.length, 1)
    // What the picker offers, the save takes.
    const version = (await u.zhibu1.get(`/assessments/exams/${exam.id}/graders`)).json.version
    const set = await u.zhibu1.put(`/assessments/exams/${exam.id}/graders`, { version, account_ids: [inBranch.id] })
    assert.equal(set.status, 200, set.text)

    // Refusals: someone who reads the exam's org but does not organize it,
    // an unknown exam, an exam out of reach, an over-long search, a bad limit.
    assertError(await candidates(u.lingdao, '?q=cand'), 403, 'permission_denied')
    assertError(await u.zhibu1.get('/assessments/exams/999999/grader-candidates'), 404, 'not_found')
    assertError(await candidates(u.dangyuan1, ''), 404, 'not_found')
    assertError(await candidates(u.zhibu1, `?q=${'a'.repeat(201)}`), 400, 'invalid_argument', 'q')
    assertError(await candidates(u.zhibu1, `?q=${encodeURIComponent('张'.repeat(67))}`), 400, 'invalid_argument', 'q')
    assertError(await candidates(u.zhibu1, '?limit=51'), 400, 'invalid_argument', 'limit')
    assertError(await candidates(u.zhibu1, '?limit=0'), 400, 'invalid_argument', 'limit')
    assertError(await request(srv, 'GET', `${API}/assessments/exams/${exam.id}/grader-candidates`), 401)
  })
})
