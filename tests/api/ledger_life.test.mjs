// The ledger's kinds 3-5 over HTTP (issue 9): 专题组织生活会 (preparation,
// speeches and commitments, criticisms, problems and their rectification
// items, the superior organization's review), enterprise service visits
// (credit code check digit, issues routed to a department) and self-checks
// (an unmet point becomes one item). Every operation with a success and a
// refusal; scope: a branch's writers write, its members read their own
// branch's meeting and write only their own speech, another branch sees
// nothing; refusals write nothing. And the demo holds each branch's meeting,
// visits with issues and one self-check.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Client, PASSWORD, assertError, assertUnchanged, firstSignIn, snapshot, startServer } from './harness.mjs'
import { eventsSetup } from './events_helpers.mjs'
import { upload } from './uploads.mjs'

const srv = await startServer('ledger_life')
after(() => srv.stop())

let u, ids, types, secretary2, member2

/** A published event of `type` held by `org` for its party members. */
async function makeEvent(client, type, org, title) {
  const res = await client.post('/events', {
    org_id: org.id,
    title,
    type_id: types[type].id,
    starts_at: '2026-02-20T01:00:00Z',
    ends_at: '2026-02-20T04:00:00Z',
    target_org_ids: [org.id],
    target_categories: ['member', 'probationary'],
    status: 'published',
  })
  assert.equal(res.status, 201, res.text)
  return res.json
}

/** A new account with one role on `org`, signed in (its first password changed). */
async function account(username, role, org, personId = null) {
  const made = await u.admin.post('/accounts', {
    username, display_name: username, password: PASSWORD, roles: [{ role, org_id: org.id }],
    ...(personId ? { person_id: personId } : {}),
  })
  assert.equal(made.status, 201, made.text)
  return firstSignIn(srv, username)
}

before(async () => {
  ;({ u, ids, types } = await eventsSetup(srv))
  secretary2 = await account('ll_secretary2', 'branch_secretary', ids.branch2)
  const people = await u.admin.get(`/people?org_id=${ids.branch2.id}&category=member&limit=1`)
  member2 = await account('ll_member2', 'member', ids.branch2, people.json.items[0].id)
})

describe('专题组织生活会', () => {
  let meeting, path
  before(async () => {
    const e = await makeEvent(u.zhibu1, 'life_meeting', ids.branch1, '“学党史、悟思想、办实事、开新局”专题组织生活会')
    path = `/ledger/life-meetings/${e.id}`
    meeting = (await u.zhibu1.get(path)).json
  })

  test('the branch reads its meeting; another branch, a non-meeting event and an unknown id are 404', async () => {
    const own = await u.dangyuan1.get(path)
    assert.equal(own.status, 200, own.text)
    assert.equal(own.json.may_write, false)
    assert.ok(own.json.members.some((m) => m.person_id === ids.member.id), '钱党员 is a member of the meeting')
    assert.equal(own.json.all_spoke, false)
    assert.equal(own.json.members_not_spoken, own.json.members.length)
    assertError(await member2.get(path), 404, 'not_found')
    assertError(await secretary2.get(path), 404, 'not_found')
    const lecture = await makeEvent(u.zhibu1, 'topic_study', ids.branch1, '专题学习')
    assertError(await u.zhibu1.get(`/ledger/life-meetings/${lecture.id}`), 404, 'not_found')
    assertError(await u.zhibu1.get('/ledger/life-meetings/99999999'), 404, 'not_found')
  })

  test('preparation: writers only, versioned, bounded', async () => {
    const before = await snapshot(u.admin)
    assertError(await u.dangyuan1.patch(path, { version: meeting.version, talks_done: 3 }), 403, 'permission_denied')
    assertError(await u.lingdao.patch(path, { version: meeting.version, talks_done: 3 }), 403, 'permission_denied')
    assertError(await secretary2.patch(path, { version: meeting.version, talks_done: 3 }), 404, 'not_found')
    assertError(await u.zhibu1.patch(path, { version: meeting.version, talks_done: -1 }), 400, 'invalid_argument', 'talks_done')
    assertError(await u.zhibu1.patch(path, { version: meeting.version, talks: 3 }), 400, 'invalid_argument', 'talks')
    await assertUnchanged(u.admin, before, 'after refused preparation edits')
    const ok = await u.zhibu1.patch(path, { version: meeting.version, talks_done: 12, opinions_collected: 20, preparation_note: '谈心谈话全覆盖' })
    assert.equal(ok.status, 200, ok.text)
    assert.equal(ok.json.talks_done, 12)
    assert.equal(ok.json.opinions_collected, 20)
    assertError(await u.zhibu1.patch(path, { version: meeting.version, talks_done: 1 }), 409, 'conflict', 'version')
    meeting = ok.json
  })

  test('a member writes their own speech outline and commitment, not another\'s, nor the cadre flag', async () => {
    const me = meeting.members.find((m) => m.person_id === ids.member.id)
    const other = meeting.members.find((m) => m.person_id !== ids.member.id)
    const mine = `${path}/members/${ids.member.id}`
    assertError(await u.dangyuan1.patch(`${path}/members/${other.person_id}`, { version: other.version, speech_outline: '代写' }), 403, 'permission_denied')
    assertError(await u.dangyuan1.patch(mine, { version: me.version, as_ordinary_member: true }), 403, 'permission_denied', 'as_ordinary_member')
    assertError(await member2.patch(mine, { version: me.version, speech_outline: 'x' }), 404, 'not_found')
    const res = await u.dangyuan1.patch(mine, { version: me.version, speech_outline: '对照党史检视自身差距', commitment: '每周学习党史一章' })
    assert.equal(res.status, 200, res.text)
    const written = res.json.members.find((m) => m.person_id === ids.member.id)
    assert.equal(written.spoke, true)
    assert.equal(written.commitment, '每周学习党史一章')
    assert.equal(res.json.members_not_spoken, meeting.members.length - 1)
    assertError(await u.dangyuan1.patch(mine, { version: me.version, commitment: '旧版本' }), 409, 'conflict', 'version')
    // A speech outline as a file: the member's upload to the meeting; another
    // meeting's file is refused.
    const third = meeting.members.find((m) => m.person_id !== ids.member.id && m.person_id !== ids.secretary.id && m.person_id !== other.person_id)
    assertError(await upload(member2, `record_type=life_meeting&record_id=${meeting.event_id}`, [{ name: 'x.txt', data: 'x' }]), 404)
    const up = await upload(u.dangyuan1, `record_type=life_meeting&record_id=${meeting.event_id}`, [{ name: '发言提纲.txt', data: '对照检视发言提纲' }])
    assert.equal(up.status, 201, up.text)
    const fileId = up.json.items[0].id
    const withFile = await u.zhibu1.patch(`${path}/members/${third.person_id}`, { version: third.version, speech_attachment_id: fileId })
    assert.equal(withFile.status, 200, withFile.text)
    const row = withFile.json.members.find((m) => m.person_id === third.person_id)
    assert.equal(row.spoke, true, 'a file is a speech outline')
    assert.equal(row.speech_attachment_id, fileId)
    const lecture = await makeEvent(u.zhibu1, 'life_meeting', ids.branch1, '另一次组织生活会')
    const foreign = await upload(u.zhibu1, `record_type=life_meeting&record_id=${lecture.id}`, [{ name: 'x.txt', data: 'x' }])
    assert.equal(foreign.status, 201, foreign.text)
    assertError(await u.zhibu1.patch(`${path}/members/${third.person_id}`, { version: row.version, speech_attachment_id: foreign.json.items[0].id }), 400, 'invalid_argument', 'speech_attachment_id')
    const flag = await u.zhibu1.patch(`${path}/members/${ids.secretary.id}`, { version: 1, as_ordinary_member: true, speech_outline: '带头发言' })
    assert.equal(flag.status, 200, flag.text)
    assert.equal(flag.json.members.find((m) => m.person_id === ids.secretary.id).as_ordinary_member, true)
    meeting = flag.json
  })

  test('a member\'s speech as a file: their own upload, named on the page; not another\'s upload', async () => {
    const mine = `${path}/members/${ids.member.id}`
    const me = () => meeting.members.find((m) => m.person_id === ids.member.id)
    const theirs = await upload(u.zhibu1, `record_type=life_meeting&record_id=${meeting.event_id}`, [{ name: '书记的材料.txt', data: '书记的材料' }])
    assert.equal(theirs.status, 201, theirs.text)
    const before = await snapshot(u.admin)
    assertError(await u.dangyuan1.patch(mine, { version: me().version, speech_attachment_id: theirs.json.items[0].id }), 400, 'invalid_argument', 'speech_attachment_id')
    await assertUnchanged(u.admin, before, 'after a member named another\'s file')
    const own = await upload(u.dangyuan1, `record_type=life_meeting&record_id=${meeting.event_id}`, [{ name: '我的发言提纲.txt', data: '对照检视' }])
    assert.equal(own.status, 201, own.text)
    const res = await u.dangyuan1.patch(mine, { version: me().version, speech_attachment_id: own.json.items[0].id })
    assert.equal(res.status, 200, res.text)
    const row = res.json.members.find((m) => m.person_id === ids.member.id)
    assert.equal(row.speech_attachment_id, own.json.items[0].id)
    assert.equal(row.speech_file_name, '我的发言提纲.txt')
    const other = res.json.members.find((m) => !m.speech_attachment_id)
    assert.equal(other.speech_file_name, '', 'no file: an empty name')
    meeting = res.json
  })

  test('criticisms and problems: writers record them for members of the meeting', async () => {
    const body = { from_person_id: ids.secretary.id, to_person_id: ids.secretary.id, text: '理论学习不够深入系统' }
    assertError(await u.dangyuan1.post(`${path}/criticisms`, body), 403, 'permission_denied')
    assertError(await u.zhibu1.post(`${path}/criticisms`, { ...body, to_person_id: member2.user.person_id }), 400, 'invalid_argument', 'to_person_id')
    const self = await u.zhibu1.post(`${path}/criticisms`, body)
    assert.equal(self.status, 201, self.text)
    assert.equal(self.json.self_criticism, true)
    const problem = { person_id: ids.member.id, category: 'ideals', text: '学习党史不够系统' }
    assertError(await u.zhibu1.post(`${path}/problems`, { ...problem, category: 'nope' }), 400, 'invalid_argument', 'category')
    assertError(await secretary2.post(`${path}/problems`, problem), 404, 'not_found')
    const made = await u.zhibu1.post(`${path}/problems`, problem)
    assert.equal(made.status, 201, made.text)
    assert.equal(made.json.category_label, '坚定理想信念')
    assert.deepEqual(made.json.items, [])
    const page = await u.dangyuan1.get(path)
    assert.equal(page.json.problems_without_items, 1)
    assert.equal(page.json.all_problems_have_items, false)
  })

  test('each problem becomes rectification items; the page shows every problem has one', async () => {
    const page = await u.zhibu1.get(path)
    const problem = page.json.problems[0]
    const items = `/ledger/life-problems/${problem.id}/items`
    const body = { measures: '制定个人学习计划', deadline: '2021-10-31', responsible_person_id: ids.member.id }
    const before = await snapshot(u.admin)
    assertError(await u.dangyuan1.post(items, body), 403, 'permission_denied')
    assertError(await secretary2.post(items, body), 404, 'not_found')
    assertError(await u.zhibu1.post(items, { ...body, deadline: '2021-13-01' }), 400, 'invalid_argument', 'deadline')
    assertError(await u.zhibu1.post(items, { ...body, owner: 1 }), 400, 'invalid_argument', 'owner')
    await assertUnchanged(u.admin, before, 'after refused rectification items')
    const res = await u.zhibu1.post(items, body)
    assert.equal(res.status, 201, res.text)
    assert.equal(res.json.items.length, 1)
    const item = res.json.items[0]
    assert.equal(item.kind, 'rectification')
    assert.equal(item.title, '学习党史不够系统')
    assert.equal(item.status, 'pending')
    assert.equal(item.org_id, ids.branch1.id)
    const after = await u.dangyuan1.get(path)
    assert.equal(after.json.all_problems_have_items, true)
    // The item is the ledger's: its source is the meeting.
    const got = await u.zhibu1.get(`/ledger/items/${item.id}`)
    assert.equal(got.status, 200, got.text)
    assert.equal(got.json.source_type, 'event')
    assert.equal(got.json.source_id, meeting.event_id)
    assert.equal(got.json.deadline, '2021-10-31')
  })

  test('the superior organization reviews the meeting once', async () => {
    const current = (await u.zhibu1.get(path)).json
    assertError(await u.zhibu1.post(`${path}/review`, { version: current.version, note: '同意' }), 403, 'permission_denied')
    assertError(await u.lingdao.post(`${path}/review`, { version: current.version }), 403, 'permission_denied')
    const res = await u.dangwei.post(`${path}/review`, { version: current.version, note: '会议程序规范' })
    assert.equal(res.status, 200, res.text)
    assert.ok(res.json.reviewed_at)
    assert.equal(res.json.review_note, '会议程序规范')
    assertError(await u.dangwei.post(`${path}/review`, { version: res.json.version, note: '再审' }), 422, 'failed_precondition')
    assertError(await u.dangwei.post(`${path}/review`, { version: current.version }), 409, 'conflict', 'version')
  })

  test('the list\'s summaries: reviewed, who spoke of all, problems and those with items, for readable meetings only', async () => {
    const fresh = await makeEvent(u.zhibu1, 'life_meeting', ids.branch1, '第二次专题组织生活会')
    const other = await makeEvent(secretary2, 'life_meeting', ids.branch2, '第二支部专题组织生活会')
    const lecture = await makeEvent(u.zhibu1, 'topic_study', ids.branch1, '专题学习（非组织生活会）')
    const full = (await u.zhibu1.get(path)).json
    const asked = `/ledger/life-meeting-summaries?ids=${fresh.id},${other.id},${lecture.id},${meeting.event_id},99999999`
    for (const client of [u.zhibu1, u.dangyuan1]) {
      const res = await client.get(asked)
      assert.equal(res.status, 200, res.text)
      // Another branch's meeting, an event of another type and an unknown id are left out; the order is the ids'.
      assert.deepEqual(res.json.items.map((x) => x.event_id), [fresh.id, meeting.event_id])
      const [first, reviewed] = res.json.items
      assert.deepEqual(first, {
        event_id: fresh.id, reviewed: false, members: first.members, members_spoken: 0, problems: 0, problems_with_items: 0,
      })
      assert.ok(first.members > 0, 'the branch\'s members attend')
      // The same figures the meeting page counts.
      assert.deepEqual(reviewed, {
        event_id: meeting.event_id,
        reviewed: true,
        members: full.members.length,
        members_spoken: full.members.length - full.members_not_spoken,
        problems: full.problems.length,
        problems_with_items: full.problems.length - full.problems_without_items,
      })
      assert.ok(reviewed.members_spoken > 0 && reviewed.problems_with_items > 0, 'spoken and rectified figures are counted')
    }
    assert.deepEqual((await secretary2.get(asked)).json.items.map((x) => x.event_id), [other.id])
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1).join(',')
    for (const bad of ['', 'a', '0', '-1', '1,,2', '1,', ',1', '1 2', `${fresh.id},${fresh.id}`, tooMany, '9'.repeat(30)]) {
      assertError(await u.zhibu1.get(`/ledger/life-meeting-summaries?ids=${encodeURIComponent(bad)}`), 400, 'invalid_argument', 'ids')
    }
    assertError(await new Client(srv).get(asked), 401)
  })

  test('a change of the reviewed record withdraws the review: 待审核 again, reviewed as it now stands', async () => {
    const reviewed = (await u.zhibu1.get(path)).json
    assert.ok(reviewed.reviewed_at, 'reviewed by the test before')
    const me = reviewed.members.find((x) => x.person_id === ids.member.id)
    const res = await u.dangyuan1.patch(`${path}/members/${ids.member.id}`, { version: me.version, commitment: '审核后补充的整改承诺' })
    assert.equal(res.status, 200, res.text)
    assert.equal(res.json.reviewed_at, null)
    assert.equal(res.json.review_note, '')
    const summary = (await u.zhibu1.get(`/ledger/life-meeting-summaries?ids=${meeting.event_id}`)).json.items[0]
    assert.equal(summary.reviewed, false)
    const again = await u.dangwei.post(`${path}/review`, { version: res.json.version, note: '复审通过' })
    assert.equal(again.status, 200, again.text)
    assert.equal(again.json.review_note, '复审通过')
  })
})

describe('enterprise service visits', () => {
  let event, path
  const visit = (extra = {}) => ({
    event_id: event.id, enterprise_name: '华信电子有限公司', credit_code: '91350100M000100Y43',
    visitor_person_id: ids.secretary.id, visit_date: '2021-05-12', ...extra,
  })
  before(async () => {
    event = await makeEvent(u.zhibu1, 'enterprise_visit', ids.branch1, '千人进企业：走访华信电子')
    path = `/ledger/enterprise-visits/${event.id}`
  })

  test('a visit is recorded once on its event with a valid credit code', async () => {
    const before = await snapshot(u.admin)
    assertError(await u.zhibu1.post('/ledger/enterprise-visits', visit({ credit_code: '91350100M000100Y44' })), 400, 'invalid_argument', 'credit_code')
    assertError(await u.zhibu1.post('/ledger/enterprise-visits', visit({ credit_code: '91350100M000100Y4' })), 400, 'invalid_argument', 'credit_code')
    assertError(await u.dangyuan1.post('/ledger/enterprise-visits', visit()), 403, 'permission_denied')
    assertError(await secretary2.post('/ledger/enterprise-visits', visit()), 404, 'not_found')
    await assertUnchanged(u.admin, before, 'after refused visits')
    const res = await u.zhibu1.post('/ledger/enterprise-visits', visit())
    assert.equal(res.status, 201, res.text)
    assert.equal(res.json.visitor_name, '赵书记')
    assertError(await u.zhibu1.post('/ledger/enterprise-visits', visit()), 409, 'already_exists', 'event_id')
  })

  test('read, listed in scope, edited with the version', async () => {
    const got = await u.lingdao.get(path)
    assert.equal(got.status, 200, got.text)
    assert.equal(got.json.may_write, false)
    assertError(await secretary2.get(path), 404, 'not_found')
    const list = await u.dangwei.get(`/ledger/enterprise-visits?credit_code=91350100M000100Y43`)
    assert.equal(list.status, 200, list.text)
    assert.ok(list.json.items.some((v) => v.event_id === event.id))
    const other = await secretary2.get('/ledger/enterprise-visits?limit=500')
    assert.ok(!other.json.items.some((v) => v.event_id === event.id), 'another branch does not list it')
    assertError(await u.dangwei.get('/ledger/enterprise-visits?sort=name'), 400, 'invalid_argument', 'sort')
    const edited = await u.zhibu1.patch(path, { version: got.json.version, note: '企业反映问题两项' })
    assert.equal(edited.status, 200, edited.text)
    assertError(await u.zhibu1.patch(path, { version: got.json.version, note: 'x' }), 409, 'conflict', 'version')
  })

  test('the list says who may write each visit as its GET does', async () => {
    const listed = async (client) => (await client.get('/ledger/enterprise-visits?credit_code=91350100M000100Y43&limit=500')).json.items.find((v) => v.event_id === event.id)
    // Writers (the committee, the visit's branch) and readers (a leader; a
    // member of the branch, when their list shows it at all).
    for (const [who, writes] of [['dangwei', true], ['zhibu1', true], ['lingdao', false], ['dangyuan1', false]]) {
      const got = await u[who].get(path)
      const row = await listed(u[who])
      if (who === 'dangyuan1' && got.status === 404) { assert.equal(row, undefined, who); continue }
      assert.equal(got.status, 200, `${who}: ${got.text}`)
      assert.equal(got.json.may_write, writes, `${who}: GET`)
      if (who !== 'dangyuan1') assert.ok(row, `${who} lists the visit`)
      if (row) assert.equal(row.may_write, writes, `${who}: the list agrees with GET`)
    }
  })

  test('issues become enterprise_issue items routed to the handling department', async () => {
    const issue = { title: '联网直报系统登录慢', description: '企业反映月报期间系统登录慢', org_id: ids.org['工业交通统计科'].id, deadline: '2021-06-30' }
    // A branch secretary does not read the department: refused as unknown.
    assertError(await u.zhibu1.post(`${path}/issues`, issue), 404, 'not_found', 'org_id')
    assertError(await u.lingdao.post(`${path}/issues`, issue), 403, 'permission_denied')
    const res = await u.dangwei.post(`${path}/issues`, issue)
    assert.equal(res.status, 201, res.text)
    assert.equal(res.json.issues.length, 1)
    assert.equal(res.json.issues[0].kind, 'enterprise_issue')
    assert.equal(res.json.issues[0].org_name, '工业交通统计科')
  })

  test('an issue is routed (改派) to another department with the item\'s versioned edit', async () => {
    const [brief] = (await u.dangwei.get(path)).json.issues
    const item = (await u.dangwei.get(`/ledger/items/${brief.id}`)).json
    const to = { version: item.version, org_id: ids.org['综合统计科'].id }
    const before = await snapshot(u.admin)
    assertError(await u.lingdao.patch(`/ledger/items/${item.id}`, to), 403, 'permission_denied')
    assertError(await u.dangyuan1.patch(`/ledger/items/${item.id}`, to), 403, 'permission_denied')
    // The visit's branch secretary does not read the department's item.
    assertError(await u.zhibu1.patch(`/ledger/items/${item.id}`, to), 404, 'not_found')
    await assertUnchanged(u.admin, before, 'after refused routings')
    const res = await u.dangwei.patch(`/ledger/items/${item.id}`, to)
    assert.equal(res.status, 200, res.text)
    const visit = (await u.dangwei.get(path)).json
    assert.equal(visit.issues.find((i) => i.id === item.id).org_name, '综合统计科', 'the visit shows the new department')
    // The list carries each visit's issues too (its page shows them without opening the visit).
    const listed = (await u.dangwei.get('/ledger/enterprise-visits?credit_code=91350100M000100Y43')).json.items.find((v) => v.event_id === event.id)
    assert.deepEqual(listed.issues.map((i) => [i.id, i.org_name]), [[item.id, '综合统计科']])
    // The visit's branch secretary reads the visit, not the department's item:
    // neither the visit nor the list names it to them.
    const theirs = [(await u.zhibu1.get(path)).json.issues,
      (await u.zhibu1.get('/ledger/enterprise-visits?credit_code=91350100M000100Y43')).json.items.find((v) => v.event_id === event.id).issues]
    for (const seen of theirs) {
      assert.ok(!seen.some((i) => i.id === item.id), 'an item the secretary may not read is not listed')
      assert.ok(!JSON.stringify(seen).includes(item.title))
    }
    assertError(await u.dangwei.patch(`/ledger/items/${item.id}`, to), 409, 'conflict', 'version')
  })
})

describe('self-checks', () => {
  let check
  const body = () => ({
    org_id: ids.branch1.id, title: '学习贯彻重要讲话精神专项监督检查自查', check_date: '2021-06-10',
    points: ['传达学习是否及时', '是否制定贯彻落实方案', '整改台账是否建立'],
  })

  test('writers of the org make a checklist; others are refused and nothing is written', async () => {
    const before = await snapshot(u.admin)
    assertError(await u.zhibu1.post('/ledger/self-checks', { ...body(), points: [] }), 400, 'invalid_argument', 'points')
    assertError(await u.dangyuan1.post('/ledger/self-checks', body()), 403, 'permission_denied')
    assertError(await secretary2.post('/ledger/self-checks', body()), 404, 'not_found', 'org_id')
    await assertUnchanged(u.admin, before, 'after refused self-checks')
    const res = await u.zhibu1.post('/ledger/self-checks', body())
    assert.equal(res.status, 201, res.text)
    assert.equal(res.json.points.length, 3)
    assert.equal(res.json.unchecked, 3)
    check = res.json
  })

  test('read and listed in the org\'s scope only', async () => {
    const got = await u.lingdao.get(`/ledger/self-checks/${check.id}`)
    assert.equal(got.status, 200, got.text)
    assertError(await u.dangyuan1.get(`/ledger/self-checks/${check.id}`), 404, 'not_found')
    const list = await u.zhibu1.get('/ledger/self-checks')
    assert.equal(list.status, 200, list.text)
    assert.ok(list.json.items.some((c) => c.id === check.id))
    const other = await secretary2.get('/ledger/self-checks')
    assert.ok(!other.json.items.some((c) => c.id === check.id))
    assertError(await u.zhibu1.get('/ledger/self-checks?limit=0'), 400, 'invalid_argument', 'limit')
  })

  test('an unmet point becomes one self_check item and stays unmet', async () => {
    const point = check.points[2]
    const finding = `/ledger/self-check-points/${point.id}/finding`
    assertError(await u.lingdao.post(finding, { version: point.version, result: 'unmet' }), 403, 'permission_denied')
    assertError(await u.zhibu1.post(finding, { version: point.version, result: 'maybe' }), 400, 'invalid_argument', 'result')
    const res = await u.zhibu1.post(finding, { version: point.version, result: 'unmet', note: '尚未建立', responsible_person_id: ids.member.id, deadline: '2021-07-15' })
    assert.equal(res.status, 200, res.text)
    const p = res.json.points[2]
    assert.equal(p.result, 'unmet')
    assert.equal(p.item.kind, 'self_check')
    assert.equal(p.item.title, '整改台账是否建立')
    assert.equal(p.item.responsible_name, '钱党员')
    assertError(await u.zhibu1.post(finding, { version: point.version, result: 'unmet' }), 409, 'conflict', 'version')
    assertError(await u.zhibu1.post(finding, { version: p.version, result: 'met' }), 422, 'failed_precondition', 'result')
    const item = await u.zhibu1.get(`/ledger/items/${p.item.id}`)
    assert.equal(item.status, 200, item.text)
    assert.equal(item.json.source_type, 'check')
    assert.equal(item.json.source_text, check.title)
    const again = await u.zhibu1.get(`/ledger/self-checks/${check.id}`)
    assert.equal(again.json.points[2].item.id, p.item.id, 'still the one item')
    // The list carries each check's points with their items (its page shows the unmet ones directly).
    const listed = (await u.zhibu1.get('/ledger/self-checks')).json.items.find((c) => c.id === check.id)
    assert.deepEqual(listed.points.map((x) => [x.text, x.result, x.item?.id ?? null]),
      [['传达学习是否及时', null, null], ['是否制定贯彻落实方案', null, null], ['整改台账是否建立', 'unmet', p.item.id]])
  })
})

describe('demo data', () => {
  test('each branch\'s meeting with speeches, criticisms, problems and items in every state', async () => {
    const events = await u.dangwei.get(`/events?type_id=${types.life_meeting.id}&limit=100`)
    const demo = events.json.items.filter((e) => e.starts_at.startsWith('2021-'))
    const branches = new Set(demo.map((e) => e.org_name))
    for (const b of ['机关第一支部', '机关第二支部', '机关第三支部', '离退休干部支部']) assert.ok(branches.has(b), `${b} held its meeting`)
    const states = new Set()
    for (const e of demo) {
      const m = (await u.dangwei.get(`/ledger/life-meetings/${e.id}`)).json
      assert.equal(m.all_spoke, true, `${e.org_name}: everyone spoke`)
      assert.equal(m.all_problems_have_items, true, `${e.org_name}: every problem has an item`)
      assert.ok(m.criticisms.length > 0 && m.problems.length > 0)
      assert.ok(m.members.every((x) => x.commitment), `${e.org_name}: every member's commitment`)
      for (const p of m.problems) for (const i of p.items) states.add(i.status)
    }
    assert.deepEqual([...states].sort(), ['closed', 'in_progress', 'pending', 'to_verify'])
  })

  test('enterprise visits with issues and one self-check', async () => {
    const visits = await u.dangwei.get('/ledger/enterprise-visits')
    const demo = visits.json.items.filter((v) => v.visit_date.startsWith('2021-'))
    assert.ok(demo.length >= 3, `${demo.length} demo visits`)
    const one = await u.dangwei.get(`/ledger/enterprise-visits/${demo[0].event_id}`)
    assert.ok(one.json.issues.length > 0)
    const checks = await u.dangwei.get('/ledger/self-checks')
    const demoChecks = checks.json.items.filter((c) => c.title.includes('考察湖南重要讲话指示精神'))
    assert.equal(demoChecks.length, 1)
    assert.ok(demoChecks[0].unmet > 0 && demoChecks[0].met > 0)
  })
})
