// Research-report competitions (/assessments/report-calls, /report-submissions):
// a call with rubric, awards plan and stages moved forward by its organizer;
// submissions by people in scope until the deadline (on the server's test
// clock), each with one .docx or .pdf file checked from the head (scope,
// stage) and by its bytes (type, size); blind review: reviewers never see
// authors, submitter or organization (tasks, file name), and asking for the
// full submission is 403; scores bounded by the rubric; ranking, awards and
// publication, after which everyone in scope reads the ranking with authors.
// Every operation with a success and a refusal; refusals write nothing.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { API, PASSWORD, assertError, demoIds, firstSignIn, login, loginAll, request, startServer } from './harness.mjs'
import { zip } from './xlsx.mjs'

// Report files up to 64 KiB here (the smaller of the PDF and office limits).
const srv = await startServer('report_competition', {
  args: ['--test-hooks', '--attachment-max-pdf', '64KiB', '--attachment-max-office', '64KiB'],
})
after(() => srv.stop())

const BOUNDARY = '----DuxingReportBoundary7'
function multipart(name, data) {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n'),
    Buffer.from(data), Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ])
}
function upload(client, id, name, data) {
  return client.request('PUT', `/assessments/report-submissions/${id}/file`, {
    body: multipart(name, data), headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
  })
}
const pdf = (n = 2000) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(n, 'x'), Buffer.from('\n%%EOF\n')])
const docx = () => zip({
  '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  'word/document.xml': '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
})

function iso(offsetSeconds) {
  return new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
function moveClock(seconds) {
  return request(srv, 'POST', `${API}/test-hooks/clock`, { json: { advance_seconds: seconds } })
}

const RUBRIC = [{ name: '选题价值', max_score: 30 }, { name: '数据与方法', max_score: 40, weight: 1.5 }, { name: '对策建议', max_score: 30 }]
let u, ids, reviewers, call, narrow, mine, theirs

/** What the organizer sees of a call: the call, its submissions and ranking. */
async function state(id = call.id) {
  const parts = await Promise.all([`/assessments/report-calls/${id}`, `/assessments/report-calls/${id}/submissions?limit=500`,
    `/assessments/report-calls/${id}/ranking`].map((p) => u.dangwei.get(p)))
  for (const r of parts) assert.equal(r.status, 200, r.text)
  return parts.map((r) => r.json)
}
async function refused(fn, status, code, field) {
  const before = await state()
  const e = assertError(await fn(), status, code, field)
  assert.deepEqual(await state(), before, 'nothing was written')
  return e
}

before(async () => {
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
  // A leader of the bureau who is no person of it: reads in scope, may submit nothing (the
  // demo's lingdao is a person of 机关第一支部 too, so a submitter like any member).
  const made = await u.admin.post('/accounts', {
    username: 'leader_np', display_name: '局领导（无人员）', password: PASSWORD, roles: [{ role: 'leader', org_id: ids.bureau.id }],
  })
  assert.equal(made.status, 201, made.text)
  u.lingdao = await firstSignIn(srv, 'leader_np')
  reviewers = await Promise.all(['pingwei1', 'pingwei2', 'pingwei3'].map((n) => login(srv, n)))
})

describe('report competition', () => {
  test('create a call: the organizer only, a valid rubric; refusals write nothing', async () => {
    const body = { org_id: ids.committee.id, title: '统计调研分析竞赛（测试）', description: '每个支部至少一篇',
      deadline_at: iso(600), rubric: RUBRIC, awards: { first: 1, second: 1, third: 0, excellence: 1 } }
    const before = await u.admin.get('/assessments/report-calls?limit=500')
    // Who writes no records is refused before the body is read; the org is checked after.
    assertError(await u.lingdao.post('/assessments/report-calls', body), 403, 'permission_denied', '')
    assertError(await u.dangyuan1.post('/assessments/report-calls', body), 403, 'permission_denied', '')
    assertError(await u.dangyuan1.post('/assessments/report-calls', '{'), 403, 'permission_denied', '')
    assertError(await u.dangwei.post('/assessments/report-calls', { ...body, rubric: [] }), 400, 'invalid_argument', 'rubric')
    assertError(await u.dangwei.post('/assessments/report-calls', { ...body, rubric: [{ name: '选题', max_score: 0 }] }),
      400, 'invalid_argument', 'rubric[0].max_score')
    assertError(await u.dangwei.post('/assessments/report-calls', { ...body, awards: { first: -1 } }), 400, 'invalid_argument', 'awards.first')
    assertError(await u.dangwei.post('/assessments/report-calls', { ...body, extra: 1 }), 400, 'invalid_argument')
    assert.deepEqual((await u.admin.get('/assessments/report-calls?limit=500')).json, before.json, 'nothing was written')
    const r = await u.dangwei.post('/assessments/report-calls', body)
    assert.equal(r.status, 201, r.text)
    call = r.json
    assert.equal(call.stage, 'collecting')
    assert.deepEqual(call.rubric.map((k) => [k.name, k.max_score, k.weight]), [['选题价值', 30, 1], ['数据与方法', 40, 1.5], ['对策建议', 30, 1]])
    const n = await u.dangwei.post('/assessments/report-calls', { ...body, title: '第二支部专项征集', scope_org_ids: [ids.branch2.id] })
    assert.equal(n.status, 201, n.text)
    narrow = n.json
  })

  test('the stage is shown to everyone in scope; others do not see the call', async () => {
    const list = await u.dangyuan1.get('/assessments/report-calls')
    assert.equal(list.status, 200, list.text)
    assert.ok(list.json.items.some((c) => c.id === call.id && c.stage === 'collecting'))
    assert.ok(!list.json.items.some((c) => c.id === narrow.id), 'a call scoped to another branch is not listed')
    assertError(await u.dangyuan1.get('/assessments/report-calls?limit=0'), 400, 'invalid_argument', 'limit')
    const got = await u.dangyuan1.get(`/assessments/report-calls/${call.id}`)
    assert.equal(got.status, 200, got.text)
    assert.deepEqual(got.json.rights, { organizer: false, may_submit: true, reviewer: false })
    assertError(await u.dangyuan1.get(`/assessments/report-calls/${narrow.id}`), 404, 'not_found')
    assertError(await u.dangyuan1.get('/assessments/report-calls/999999'), 404, 'not_found')
  })

  test('edit a call: the organizer, on the current version', async () => {
    const body = { version: call.version, title: call.title, description: '每个支部至少报送一篇', deadline_at: call.deadline_at,
      rubric: RUBRIC, awards: call.awards }
    await refused(() => u.lingdao.put(`/assessments/report-calls/${call.id}`, body), 403, 'permission_denied')
    await refused(() => u.dangwei.put(`/assessments/report-calls/${call.id}`, { ...body, version: call.version + 5 }), 409, 'conflict', 'version')
    const r = await u.dangwei.put(`/assessments/report-calls/${call.id}`, body)
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.description, '每个支部至少报送一篇')
    call = r.json
  })

  test('submit: people in scope before the deadline; authors in and outside the system', async () => {
    const body = { title: '我市规上工业增加值增速分析', abstract: '分行业分解增速回落的来源。',
      authors: [{ person_id: ids.member.id }, { name: '外单位作者甲' }] }
    await refused(() => u.lingdao.post(`/assessments/report-calls/${call.id}/submissions`, body), 403, 'permission_denied')
    await refused(() => u.dangyuan1.post(`/assessments/report-calls/${call.id}/submissions`, { ...body, authors: [] }), 400, 'invalid_argument', 'authors')
    await refused(() => u.dangyuan1.post(`/assessments/report-calls/${call.id}/submissions`, { ...body, authors: [{ person_id: 999999 }] }),
      400, 'invalid_argument', 'authors[0].person_id')
    assertError(await u.dangyuan1.post(`/assessments/report-calls/${narrow.id}/submissions`, body), 404, 'not_found')
    const r = await u.dangyuan1.post(`/assessments/report-calls/${call.id}/submissions`, body)
    assert.equal(r.status, 201, r.text)
    mine = r.json
    assert.deepEqual(mine.authors.map((a) => a.name), ['钱党员', '外单位作者甲'])
    assert.equal(mine.org_name, '机关第一支部')
    const t = await u.zhibu1.post(`/assessments/report-calls/${call.id}/submissions`,
      { title: '人口老龄化趋势研究', abstract: '七普数据测算老年抚养比。', authors: [{ person_id: ids.secretary.id }] })
    assert.equal(t.status, 201, t.text)
    theirs = t.json
  })

  test('read and edit a submission: the submitter (versioned); others refused', async () => {
    const got = await u.dangyuan1.get(`/assessments/report-submissions/${mine.id}`)
    assert.equal(got.status, 200, got.text)
    assertError(await u.dangyuan1.get(`/assessments/report-submissions/${theirs.id}`), 404, 'not_found')
    assertError(await u.dangyuan1.get('/assessments/report-submissions/999999'), 404, 'not_found')
    const body = { version: mine.version, title: mine.title, abstract: '修改后的摘要', authors: [{ person_id: ids.member.id }] }
    await refused(() => u.zhibu1.put(`/assessments/report-submissions/${mine.id}`, body), 403, 'permission_denied')
    await refused(() => u.dangyuan1.put(`/assessments/report-submissions/${mine.id}`, { ...body, version: 99 }), 409, 'conflict', 'version')
    const r = await u.dangyuan1.put(`/assessments/report-submissions/${mine.id}`, body)
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.abstract, '修改后的摘要')
    assert.equal(r.json.version, mine.version + 1)
    mine = r.json
    const list = await u.dangyuan1.get(`/assessments/report-calls/${call.id}/submissions`)
    assert.equal(list.status, 200, list.text)
    assert.deepEqual(list.json.items.map((s) => s.id), [mine.id], 'a member lists only their own')
    assert.equal((await u.dangwei.get(`/assessments/report-calls/${call.id}/submissions`)).json.total, 2)
    assertError(await u.dangyuan1.get(`/assessments/report-calls/${call.id}/submissions?offset=-1`), 400, 'invalid_argument', 'offset')
  })

  test('the file: .docx or .pdf by its bytes, within the limit, from its submitter only', async () => {
    await refused(() => upload(u.dangyuan1, mine.id, '报告.txt', 'plain text, not a report'), 422, 'failed_precondition', 'file')
    await refused(() => upload(u.dangyuan1, mine.id, '大报告.pdf', pdf(70 * 1024)), 413, 'too_large')
    await refused(() => upload(u.zhibu1, mine.id, 'x.pdf', pdf()), 403, 'permission_denied')
    await refused(() => upload(u.lingdao, theirs.id, 'x.pdf', pdf()), 403, 'permission_denied')
    const r = await upload(u.dangyuan1, mine.id, '钱党员-工业增速分析.pdf', pdf())
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.file_name, '钱党员-工业增速分析.pdf')
    assert.equal(r.json.media_type, 'application/pdf')
    mine = r.json
    const d = await upload(u.zhibu1, theirs.id, '赵书记-老龄化.docx', docx())
    assert.equal(d.status, 200, d.text)
    theirs = d.json
    const got = await u.dangyuan1.get(`/assessments/report-submissions/${mine.id}/file`)
    assert.equal(got.status, 200)
    assert.match(got.headers['content-disposition'], /filename\*=UTF-8''%E9%92%B1/)
    assert.ok(got.body.subarray(0, 5).equals(Buffer.from('%PDF-')))
    assertError(await u.dangyuan1.get(`/assessments/report-submissions/${theirs.id}/file`), 404, 'not_found')
  })

  test('reviewers: assigned by the organizer; never an organizer, a submitter or a system admin', async () => {
    const me = (c) => c.get('/auth/me').then((r) => r.json.user?.id ?? r.json.id)
    const [p1, p2, p3, member, admin, organizer] = await Promise.all([...reviewers, u.dangyuan1, u.admin, u.dangwei].map(me))
    const path = `/assessments/report-calls/${call.id}/assignments`
    await refused(() => u.dangyuan1.post(path, { account_ids: [p1] }), 403, 'permission_denied')
    await refused(() => u.dangwei.post(path, { account_ids: [member] }), 422, 'failed_precondition', 'account_ids[0]')
    await refused(() => u.dangwei.post(path, { account_ids: [p1, admin] }), 422, 'failed_precondition', 'account_ids[1]')
    await refused(() => u.dangwei.post(path, { account_ids: [organizer] }), 422, 'failed_precondition', 'account_ids[0]')
    await refused(() => u.dangwei.post(path, { account_ids: [p1], submission_ids: [999999] }), 400, 'invalid_argument', 'submission_ids[0]')
    const r = await u.dangwei.post(path, { account_ids: [p1, p2] })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.assigned, 4)
    assert.equal((await u.dangwei.post(path, { account_ids: [p1], submission_ids: [mine.id] })).json.assigned, 0, 'idempotent')
  })

  test('remove a reviewer: the organizer, every assignment of theirs in the call, until they have scored', async () => {
    const me = (c) => c.get('/auth/me').then((r) => r.json.user?.id ?? r.json.id)
    const [p3, member] = await Promise.all([reviewers[2], u.dangyuan1].map(me))
    assert.equal((await u.dangwei.post(`/assessments/report-calls/${call.id}/assignments`, { account_ids: [p3] })).json.assigned, 2)
    const path = (id) => `/assessments/report-calls/${call.id}/reviewers/${id}`
    await refused(() => u.dangyuan1.del(path(p3)), 403, 'permission_denied')
    await refused(() => u.dangwei.del(path(member)), 404, 'not_found', 'account_id')
    await refused(() => u.dangwei.del(`/assessments/report-calls/999999/reviewers/${p3}`), 404, 'not_found')
    const r = await u.dangwei.del(path(p3))
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.json, { removed: 2 })
    assertError(await reviewers[2].get(`/assessments/report-calls/${call.id}/review-tasks`), 404, 'not_found')
    const progress = (await u.dangwei.get(`/assessments/report-calls/${call.id}/ranking`)).json.reviewers
    assert.ok(!progress.some((x) => x.account_id === p3), 'no longer among the reviewers')
  })

  test('blind review: tasks without authors or organization; the full submission is 403', async () => {
    const [p1] = reviewers
    const tasks = await p1.get(`/assessments/report-calls/${call.id}/review-tasks`)
    assert.equal(tasks.status, 200, tasks.text)
    assert.deepEqual(tasks.json.items.map((t) => t.submission_id).sort(), [mine.id, theirs.id].sort())
    for (const word of ['钱党员', '赵书记', '外单位作者甲', '机关第一支部', 'dangyuan1', 'zhibu1', '.pdf', '.docx']) {
      assert.ok(!tasks.text.includes(word), `the tasks do not name ${word}`)
    }
    assert.deepEqual(Object.keys(tasks.json.items[0]).sort(),
      ['abstract', 'call_id', 'file_size', 'has_file', 'media_type', 'review', 'submission_id', 'title'])
    assertError(await u.dangyuan1.get(`/assessments/report-calls/${call.id}/review-tasks`), 403, 'permission_denied')
    assertError(await p1.get(`/assessments/report-submissions/${mine.id}`), 403, 'permission_denied')
    assertError(await p1.get(`/assessments/report-calls/${call.id}/submissions`), 403, 'permission_denied')
    assertError(await p1.get(`/assessments/report-calls/${call.id}/ranking`), 403, 'permission_denied')
    const f = await p1.get(`/assessments/report-submissions/${mine.id}/file`)
    assert.equal(f.status, 200)
    assert.ok(!decodeURIComponent(f.headers['content-disposition']).includes('钱党员'), f.headers['content-disposition'])
    assert.match(decodeURIComponent(f.headers['content-disposition']), new RegExp(`作品${mine.id}\\.pdf`))
    assert.equal((await p1.get('/audit')).status, 403, 'a reviewer reads no audit log')
  })

  test('stages: forward one step by the organizer; the deadline closes submissions', async () => {
    const path = `/assessments/report-calls/${call.id}/stage`
    await refused(() => u.dangwei.post(path, { stage: 'reviewing', version: call.version }), 422, 'failed_precondition', 'stage')
    await refused(() => u.dangwei.post(path, { stage: 'published', version: call.version }), 409, 'conflict', 'stage')
    await refused(() => u.dangwei.post(path, { stage: 'collecting', version: call.version }), 409, 'conflict', 'stage')
    await refused(() => u.dangyuan1.post(path, { stage: 'reviewing', version: call.version }), 403, 'permission_denied')
    await refused(() => reviewers[0].put(`/assessments/report-submissions/${mine.id}/review`, { scores: [10, 10, 10] }),
      422, 'failed_precondition', 'stage')
    assert.equal((await moveClock(900)).status, 200, 'past the deadline (sessions stay: 30 min idle)')
    await refused(() => u.dangyuan1.post(`/assessments/report-calls/${call.id}/submissions`,
      { title: '迟交的报告', authors: [{ name: '某人' }] }), 422, 'failed_precondition', 'deadline_at')
    await refused(() => u.dangyuan1.put(`/assessments/report-submissions/${mine.id}`,
      { version: mine.version, title: '改题', authors: [{ name: '某人' }] }), 422, 'failed_precondition', 'deadline_at')
    await refused(() => upload(u.dangyuan1, mine.id, 'late.pdf', pdf()), 422, 'failed_precondition', 'deadline_at')
    const r = await u.dangwei.post(path, { stage: 'reviewing', version: call.version })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.stage, 'reviewing')
    call = r.json
    assertError(await u.dangwei.post(path, { stage: 'collecting', version: call.version }), 409, 'conflict', 'stage')
    assert.equal((await u.dangyuan1.get(`/assessments/report-calls/${call.id}`)).json.stage, 'reviewing')
  })

  test('a stage change notifies the call\'s submitters and reviewers, and nobody else', async () => {
    const stageNotes = async (client) => (await client.get('/notifications?order=newest&limit=100')).json.items
      .filter((n) => n.kind === 'report_stage' && n.text.includes(call.title))
    for (const [client, title] of [[u.dangyuan1, '调研报告竞赛进入评审'], [u.zhibu1, '调研报告竞赛进入评审'],
      [reviewers[0], '请对调研报告进行盲审评分'], [reviewers[1], '请对调研报告进行盲审评分']]) {
      const got = await stageNotes(client)
      assert.equal(got.length, 1, JSON.stringify(got))
      assert.equal(got[0].title, title)
    }
    assert.deepEqual(await stageNotes(reviewers[2]), [], 'a removed reviewer is not told')
    assert.deepEqual(await stageNotes(u.lingdao), [], 'nor is someone who neither submitted nor reviews')
  })

  test('scores: each criterion within its maximum; a reviewer edits their own while in review', async () => {
    const [p1, p2] = reviewers
    const path = (id) => `/assessments/report-submissions/${id}/review`
    await refused(() => p1.put(path(mine.id), { scores: [31, 10, 10] }), 422, 'failed_precondition', 'scores[0]')
    await refused(() => p1.put(path(mine.id), { scores: [10, 40.5, 10] }), 422, 'failed_precondition', 'scores[1]')
    await refused(() => p1.put(path(mine.id), { scores: [10, 10] }), 400, 'invalid_argument', 'scores')
    await refused(() => p1.put(path(mine.id), { scores: [10, -1, 10] }), 400, 'invalid_argument', 'scores[1]')
    await refused(() => u.dangyuan1.put(path(mine.id), { scores: [10, 10, 10] }), 403, 'permission_denied')
    let r = await p1.put(path(mine.id), { scores: [20, 30, 20], comment: '初评' })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.total, 20 + 45 + 20)
    r = await p1.put(path(mine.id), { scores: [25, 30, 20], comment: '复核后' })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.total, 90)
    const tasks = await p1.get(`/assessments/report-calls/${call.id}/review-tasks`)
    assert.equal(tasks.json.items.find((t) => t.submission_id === mine.id).review.comment, '复核后')
    // theirs: the same weighted total from both reviewers' views → a tie.
    assert.equal((await p1.put(path(theirs.id), { scores: [25, 30, 20] })).status, 200)
    assert.equal((await p2.put(path(mine.id), { scores: [20, 20, 20] })).status, 200)
    const id = (await p1.get('/auth/me')).json
    const e = await refused(() => u.dangwei.del(`/assessments/report-calls/${call.id}/reviewers/${id.user?.id ?? id.id}`),
      422, 'failed_precondition', 'account_id')
    assert.match(e.message, /已评分 2 份作品，不能移除/)
  })

  test('ranking and awards: the organizer before publication; adjustable; publication needs every review and awards', async () => {
    const rank = await u.dangwei.get(`/assessments/report-calls/${call.id}/ranking`)
    assert.equal(rank.status, 200, rank.text)
    const byId = Object.fromEntries(rank.json.items.map((x) => [x.submission.id, x]))
    assert.equal(byId[mine.id].mean, 80, 'mean of 90 and 70')
    assert.equal(byId[theirs.id].mean, 90)
    assert.equal(byId[theirs.id].rank, 1)
    assert.equal(byId[mine.id].rank, 2)
    assert.deepEqual(rank.json.reviewers.map((p) => [p.assigned, p.reviewed]), [[2, 2], [2, 1]])
    assertError(await u.lingdao.get(`/assessments/report-calls/${call.id}/ranking`), 403, 'permission_denied')
    const stage = `/assessments/report-calls/${call.id}/stage`
    await refused(() => u.dangwei.post(stage, { stage: 'published', version: call.version }), 422, 'failed_precondition', 'stage')
    assert.equal((await reviewers[1].put(`/assessments/report-submissions/${theirs.id}/review`, { scores: [25, 30, 20] })).status, 200)
    const tied = await u.dangwei.get(`/assessments/report-calls/${call.id}/ranking`)
    assert.deepEqual(tied.json.items.map((x) => x.rank), [1, 2])
    await refused(() => u.dangwei.post(stage, { stage: 'published', version: call.version }), 422, 'failed_precondition', 'stage')
    const awards = `/assessments/report-calls/${call.id}/awards`
    await refused(() => u.dangyuan1.post(awards, { version: call.version }), 403, 'permission_denied')
    await refused(() => u.dangwei.post(awards, { version: call.version + 3 }), 409, 'conflict', 'version')
    const a = await u.dangwei.post(awards, { version: call.version })
    assert.equal(a.status, 200, a.text)
    call = a.json
    const subs = (await u.dangwei.get(`/assessments/report-calls/${call.id}/submissions`)).json.items
    const award = Object.fromEntries(subs.map((s) => [s.id, s.award]))
    assert.deepEqual([award[theirs.id], award[mine.id]], ['first', 'second'])
    const m = subs.find((s) => s.id === mine.id)
    await refused(() => reviewers[0].put(`/assessments/report-submissions/${mine.id}/award`, { award: 'first', version: m.version }), 403, 'permission_denied')
    await refused(() => u.dangwei.put(`/assessments/report-submissions/${mine.id}/award`, { award: 'gold', version: m.version }), 400, 'invalid_argument', 'award')
    const s = await u.dangwei.put(`/assessments/report-submissions/${mine.id}/award`, { award: 'excellence', version: m.version })
    assert.equal(s.status, 200, s.text)
    assert.equal(s.json.award, 'excellence')
    const p = await u.dangwei.post(stage, { stage: 'published', version: call.version })
    assert.equal(p.status, 200, p.text)
    call = p.json
  })

  test('published: everyone in scope reads the ranking with authors; scores and awards are closed', async () => {
    const rank = await u.dangyuan1.get(`/assessments/report-calls/${call.id}/ranking`)
    assert.equal(rank.status, 200, rank.text)
    assert.deepEqual(rank.json.reviewers, [], 'reviewer progress is the organizer\'s')
    const top = rank.json.items[0]
    assert.equal(top.submission.id, theirs.id)
    assert.deepEqual(top.submission.authors.map((a) => a.name), ['赵书记'])
    assert.equal(top.submission.award, 'first')
    assert.equal((await reviewers[0].get(`/assessments/report-submissions/${mine.id}`)).status, 200, 'authors are public once published')
    await refused(() => reviewers[0].put(`/assessments/report-submissions/${mine.id}/review`, { scores: [1, 1, 1] }), 422, 'failed_precondition', 'stage')
    await refused(() => u.dangwei.put(`/assessments/report-submissions/${mine.id}/award`, { award: null, version: mine.version + 2 }), 422, 'failed_precondition', 'stage')
    assertError(await u.dangyuan1.get(`/assessments/report-calls/${narrow.id}/ranking`), 404, 'not_found')
  })
})

describe('demo', () => {
  test('the 2021 统计调研分析竞赛 is in review with twelve reports, five reviewers and part of the scores', async () => {
    const list = await u.dangwei.get('/assessments/report-calls?limit=500')
    const demo = list.json.items.find((c) => c.title === '2021年度统计调研分析竞赛')
    assert.ok(demo, list.text)
    assert.equal(demo.stage, 'reviewing')
    assert.equal(demo.submission_count, 12)
    const rank = await u.dangwei.get(`/assessments/report-calls/${demo.id}/ranking`)
    assert.equal(rank.json.reviewers.length, 5)
    const done = rank.json.reviewers.map((p) => p.reviewed)
    assert.ok(done.some((n) => n === 12) && done.some((n) => n < 12), `part of the scores entered: ${done}`)
    const p5 = await login(srv, 'pingwei5')
    const tasks = await p5.get(`/assessments/report-calls/${demo.id}/review-tasks`)
    assert.equal(tasks.json.total, 12)
    assert.ok(tasks.json.items.every((t) => t.review === null))
  })
})
