// Commendations (/assessments/commendations): 学习标兵 lists of a campaign
// proposed by a rule over its records (here: an exam of the campaign a member
// took, and the demo's study log), reviewed by the org admin (add and remove
// with a reason, versions) and published; drafts seen by their writers only,
// published lists by everyone in scope with the figures. Every operation with
// a success and a refusal; refusals write nothing.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertError, demoIds, loginAll, startServer } from './harness.mjs'

const srv = await startServer('commendations')
after(() => srv.stop())

const BASE = '/assessments/commendations'
let u, ids, campaign, exam, otherExam, list

function iso(offsetSeconds) {
  return new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

before(async () => {
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
  const campaigns = await u.admin.get('/campaigns?year=2021')
  assert.equal(campaigns.status, 200, campaigns.text)
  campaign = campaigns.json.items[0]
  const cat = await u.dangwei.post('/assessments/categories', { org_id: ids.committee.id, name: '表彰测试题' })
  assert.equal(cat.status, 201, cat.text)
  const q = await u.dangwei.post('/assessments/questions', {
    org_id: ids.committee.id, category_id: cat.json.id, type: 'single', stem: '中国共产党成立于哪一年？',
    options: ['1919年', '1921年'], correct_options: [1] })
  assert.equal(q.status, 201, q.text)
  const paper = await u.dangwei.post('/assessments/papers', {
    org_id: ids.committee.id, title: '表彰测试卷', kind: 'fixed', items: [{ question_id: q.json.id, points: 5 }] })
  assert.equal(paper.status, 201, paper.text)
  const mk = async (extra) => {
    const r = await u.dangwei.post('/assessments/exams', {
      org_id: ids.committee.id, title: '党史知识测试', paper_id: paper.json.id, mode: 'closed_book',
      opens_at: iso(-3600), closes_at: iso(86400), time_limit_seconds: 3600, published: true, ...extra })
    assert.equal(r.status, 201, r.text)
    return r.json
  }
  exam = await mk({ campaign_id: campaign.id })
  otherExam = await mk({})
  // The member takes the campaign's exam and answers right: 5 points.
  const a = await u.dangyuan1.post(`/assessments/exams/${exam.id}/attempts`)
  assert.equal(a.status, 200, a.text)
  const question = a.json.questions[0]
  const right = question.options.find((o) => o.text === '1921年').key
  const s = await u.dangyuan1.put(`/assessments/attempts/${a.json.id}/answers/${question.question_id}`, { value: [right], seq: 1 })
  assert.equal(s.status, 200, s.text)
  assert.equal((await u.dangyuan1.post(`/assessments/attempts/${a.json.id}/submit`)).status, 200)
})

/** Every list of the campaign with its entries, as the admin sees them. */
async function state() {
  const r = await u.admin.get(`${BASE}?campaign_id=${campaign.id}`)
  assert.equal(r.status, 200, r.text)
  return Promise.all(r.json.items.map(async (l) => (await u.admin.get(`${BASE}/${l.id}`)).json))
}

async function refused(fn, status, code, field) {
  const before = await state()
  const e = assertError(await fn(), status, code, field)
  assert.deepEqual(await state(), before, 'nothing was written')
  return e
}

const rule = { exam_ids: [], exam_weight: 1, study_weight: 1, xuexi_weight: 0, top_n: 5 }

describe('commendations', () => {
  test('create proposes candidates with the figures behind each; refusals', async () => {
    // Who writes no records is refused before the body is read.
    await refused(() => u.dangyuan1.post(BASE, { campaign_id: campaign.id, org_id: ids.committee.id, title: '学习标兵', ...rule, exam_ids: [exam.id] }), 403, 'permission_denied')
    await refused(() => u.lingdao.post(BASE, { campaign_id: campaign.id, org_id: ids.committee.id, title: '学习标兵', ...rule, exam_ids: [exam.id] }), 403, 'permission_denied')
    await refused(() => u.dangwei.post(BASE, { campaign_id: campaign.id, org_id: ids.committee.id, title: '学习标兵', ...rule, exam_ids: [otherExam.id] }), 400, 'invalid_argument', 'exam_ids')
    await refused(() => u.dangwei.post(BASE, { campaign_id: campaign.id, org_id: ids.committee.id, title: '学习标兵', ...rule, exam_ids: [exam.id], study_weight: 5000 }), 400, 'invalid_argument', 'study_weight')
    await refused(() => u.dangwei.post(BASE, { campaign_id: campaign.id, org_id: ids.committee.id, title: '学习标兵', ...rule, exam_ids: [exam.id], colour: 'red' }), 400, 'invalid_argument')
    await refused(() => u.dangwei.post(BASE, { campaign_id: 999999, org_id: ids.committee.id, title: '学习标兵', ...rule, exam_ids: [] , exam_weight: 0 }), 404, 'not_found', 'campaign_id')

    // Exam points only: the member who scored is the one candidate.
    const r = await u.dangwei.post(BASE, { campaign_id: campaign.id, org_id: ids.committee.id, title: '2021年度学习标兵', exam_ids: [exam.id], exam_weight: 1, min_exam_points: 5, top_n: 10 })
    assert.equal(r.status, 201, r.text)
    list = r.json
    assert.equal(list.status, 'draft')
    assert.equal(list.can_edit, true)
    assert.deepEqual(list.entries.map((e) => e.person_id), [ids.member.id])
    const [e] = list.entries
    assert.equal(e.exam_points, 5)
    assert.equal(e.total, 5)
    assert.equal(e.rank, 1)
    assert.equal(e.source, 'rule')
    assert.equal(e.person_name, ids.member.name)
  })

  test('list and get: drafts for their writers only', async () => {
    const mine = await u.dangwei.get(`${BASE}?campaign_id=${campaign.id}`)
    assert.equal(mine.status, 200, mine.text)
    assert.ok(mine.json.items.some((l) => l.id === list.id))
    const members = await u.dangyuan1.get(`${BASE}?campaign_id=${campaign.id}`)
    assert.equal(members.status, 200)
    assert.ok(!members.json.items.some((l) => l.id === list.id), 'a member sees no draft')
    // The demo's 学习标兵 of 2021, published, is what members see.
    assert.ok(members.json.items.length >= 1)
    for (const l of members.json.items) assert.equal(l.status, 'published')
    assertError(await u.dangwei.get(BASE), 400, 'invalid_argument', 'campaign_id')
    assert.equal((await u.dangwei.get(`${BASE}/${list.id}`)).status, 200)
    assertError(await u.dangyuan1.get(`${BASE}/${list.id}`), 404, 'not_found')
    assertError(await u.lingdao.get(`${BASE}/${list.id}`), 404, 'not_found')
  })

  test('update proposes again under the new rule; stale versions refused', async () => {
    await refused(() => u.dangwei.put(`${BASE}/${list.id}`, { version: list.version + 1, title: list.title, exam_ids: [exam.id], exam_weight: 1, top_n: 3 }), 409, 'conflict', 'version')
    await refused(() => u.dangyuan1.put(`${BASE}/${list.id}`, { version: list.version, title: list.title, exam_ids: [exam.id], exam_weight: 1, top_n: 3 }), 403, 'permission_denied')
    const r = await u.dangwei.put(`${BASE}/${list.id}`, { version: list.version, title: list.title, exam_ids: [exam.id], exam_weight: 10, study_weight: 1, top_n: 3 })
    assert.equal(r.status, 200, r.text)
    list = r.json
    assert.ok(list.entries.length >= 1)
    const totals = list.entries.map((e) => e.total)
    assert.deepEqual(totals, [...totals].sort((a, b) => b - a), 'ranked by total')
    for (const e of list.entries) {
      assert.equal(e.total, Math.round((10 * e.exam_points + Math.floor((e.study_minutes * 100) / 60) / 100) * 100) / 100)
      assert.ok(e.rank <= 3)
    }
  })

  test('a rule sent back as it reads: a null threshold is no condition', async () => {
    const got = (await u.dangwei.get(`${BASE}/${list.id}`)).json
    assert.equal(got.rule.min_exam_points, null)
    assert.equal(got.rule.min_study_minutes, null)
    assert.equal(got.rule.min_xuexi_points, null)
    await refused(() => u.dangwei.put(`${BASE}/${list.id}`, { version: got.version, title: got.title, ...got.rule, min_xuexi_points: '100' }),
      400, 'invalid_argument', 'min_xuexi_points')
    const r = await u.dangwei.put(`${BASE}/${list.id}`, { version: got.version, title: got.title, ...got.rule })
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.json.rule, got.rule)
    list = r.json
    const set = await u.dangwei.put(`${BASE}/${list.id}`, { version: list.version, title: list.title, ...list.rule, min_study_minutes: 0, min_exam_points: null })
    assert.equal(set.status, 200, set.text)
    assert.deepEqual([set.json.rule.min_study_minutes, set.json.rule.min_exam_points], [0, null])
    list = set.json
  })

  test('add and remove with a reason', async () => {
    await refused(() => u.dangwei.post(`${BASE}/${list.id}/entries`, { version: list.version, person_id: ids.secretary.id, reason: '' }), 400, 'invalid_argument', 'reason')
    const added = await u.dangwei.post(`${BASE}/${list.id}/entries`, { version: list.version, person_id: ids.secretary.id, reason: '带头学习' })
    assert.equal(added.status, 200, added.text)
    list = added.json
    const entry = list.entries.find((e) => e.person_id === ids.secretary.id)
    assert.equal(entry.source, 'added')
    assert.equal(entry.reason, '带头学习')
    await refused(() => u.dangwei.post(`${BASE}/${list.id}/entries/999999/remove`, { version: list.version, reason: '不符合' }), 404, 'not_found', 'person_id')
    const removed = await u.dangwei.post(`${BASE}/${list.id}/entries/${ids.secretary.id}/remove`, { version: list.version, reason: '本人谦让' })
    assert.equal(removed.status, 200, removed.text)
    list = removed.json
    const gone = list.entries.find((e) => e.person_id === ids.secretary.id)
    assert.equal(gone.removed, true)
    assert.equal(gone.reason, '本人谦让')
    assert.equal(list.entries.at(-1).person_id, ids.secretary.id, 'removed entries listed last')
  })

  test('publish: then everyone in scope sees it with the figures, and it is frozen', async () => {
    await refused(() => u.dangyuan1.post(`${BASE}/${list.id}/publish`, { version: list.version }), 403, 'permission_denied')
    const r = await u.dangwei.post(`${BASE}/${list.id}/publish`, { version: list.version })
    assert.equal(r.status, 200, r.text)
    list = r.json
    assert.equal(list.status, 'published')
    assert.ok(list.published_at)
    await refused(() => u.dangwei.post(`${BASE}/${list.id}/publish`, { version: list.version }), 422, 'failed_precondition')
    await refused(() => u.dangwei.post(`${BASE}/${list.id}/entries/${ids.member.id}/remove`, { version: list.version, reason: '撤销' }), 422, 'failed_precondition')
    for (const who of ['dangyuan1', 'lingdao', 'zhibu1']) {
      const seen = await u[who].get(`${BASE}/${list.id}`)
      assert.equal(seen.status, 200, `${who}: ${seen.text}`)
      assert.equal(seen.json.can_edit, false)
      const me = seen.json.entries.find((e) => e.person_id === ids.member.id)
      assert.equal(me.exam_points, 5)
      const removed = seen.json.entries.find((e) => e.person_id === ids.secretary.id)
      if (who === 'dangyuan1' || who === 'lingdao') assert.equal(removed, undefined, `${who} does not see who was taken off`)
      const listed = await u[who].get(`${BASE}?campaign_id=${campaign.id}`)
      assert.ok(listed.json.items.some((l) => l.id === list.id), who)
    }
  })
})
