// Leadership (/campaigns/{id}/leadership, /leadership-groups,
// /leadership-members): the demo's leading group with the September
// hand-over, who was responsible on a day (the hand-over's day included),
// groups and dated memberships written by the campaign's org admins and read
// in scope, and every refusal in the shared error shape with nothing written.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertError, demoIds, loginAll, startServer, uniqueName } from './harness.mjs'

const srv = await startServer('leadership')
after(() => srv.stop())

let u, ids, demoCampaign, campaign, people, outsider
before(async () => {
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
  const list = await u.admin.get('/campaigns?year=2021')
  demoCampaign = list.json.items.find((c) => c.name === '党史学习教育')
  const made = await u.dangwei.post('/campaigns', {
    org_id: ids.committee.id, name: uniqueName('领导小组测试'), year: 2025,
    start_date: '2025-03-01', end_date: '2025-12-31',
  })
  assert.equal(made.status, 201, made.text)
  campaign = made.json
  const p = await u.admin.get(`/people?org_id=${ids.branch2.id}&limit=5`)
  people = p.json.items.map((x) => x.id)
  // Someone the 机关党委 admin cannot see: kept by the bureau's party group.
  const o = await u.admin.post('/people', { name: uniqueName('局领导'), category: 'member', org_id: ids.bureau.id })
  assert.equal(o.status, 201, o.text)
  outsider = o.json.id
})

const history = (by, cid = campaign.id) => by.get(`/campaigns/${cid}/leadership`)

/** The campaign's whole leadership and the audit log's size, as admin sees them. */
async function state() {
  const [l, a] = await Promise.all([history(u.admin), u.admin.get('/audit?limit=1')])
  assert.equal(l.status, 200, l.text)
  return { leadership: l.json, audit: a.json.total }
}

async function refused(fn, status, code, field) {
  const before = await state()
  const e = assertError(await fn(), status, code, field)
  assert.deepEqual(await state(), before, 'nothing was written')
  return e
}

async function group(kind = 'working_group', name = uniqueName('工作组')) {
  const r = await u.dangwei.post(`/campaigns/${campaign.id}/leadership-groups`, { kind, name, duties: '职责' })
  assert.equal(r.status, 201, r.text)
  return r.json
}

let leading
async function leadingGroup() {
  leading ??= await group('leading_group', '领导小组')
  return leading
}

describe('leadership', () => {
  test('the demo campaign: six groups, the leader handed over on 2021-09-24', async () => {
    const all = await history(u.dangyuan1, demoCampaign.id)
    assert.equal(all.status, 200, all.text)
    assert.equal(all.json.may_write, false)
    assert.deepEqual(all.json.groups.map((g) => g.name),
      ['党史学习教育领导小组', '领导小组办公室', '综合组', '联络组', '实践组', '宣传组'])
    const leaders = all.json.groups[0].members.filter((m) => m.role === 'leader')
    assert.equal(leaders.length, 2)
    assert.equal(leaders[0].end_date, '2021-09-23')
    assert.equal(leaders[1].start_date, '2021-09-24')
    assert.equal(leaders[1].predecessor_id, leaders[0].id)
    assert.equal(leaders[1].responsibility, 'first')
    const leaderOn = async (day) => {
      const r = await u.lingdao.get(`/campaigns/${demoCampaign.id}/leadership?on=${day}`)
      assert.equal(r.status, 200, r.text)
      assert.equal(r.json.on, day)
      return r.json.groups[0].members.filter((m) => m.role === 'leader').map((m) => m.person_name)
    }
    assert.deepEqual(await leaderOn('2021-09-23'), [leaders[0].person_name])
    assert.deepEqual(await leaderOn('2021-09-24'), [leaders[1].person_name])
    const dual = all.json.groups[0].members.filter((m) => m.responsibility === 'dual')
    assert.ok(dual.length >= 2, 'deputies carry 一岗双责')
    assertError(await u.admin.get(`/campaigns/${demoCampaign.id}/leadership?on=2021-9-1`), 400,
      'invalid_argument', 'on')
    assertError(await u.admin.get('/campaigns/999999/leadership'), 404, 'not_found')
  })

  test('groups: the campaign org admins create and edit them, versioned', async () => {
    const g = await group('working_group', '宣传组')
    assert.equal(g.kind, 'working_group')
    assert.deepEqual(g.members, [])
    await refused(() => u.zhibu1.post(`/campaigns/${campaign.id}/leadership-groups`,
      { kind: 'working_group', name: '支部的组' }), 403, 'permission_denied')
    await refused(() => u.dangwei.post(`/campaigns/${campaign.id}/leadership-groups`,
      { kind: 'team', name: '组' }), 400, 'invalid_argument', 'kind')
    await refused(() => u.dangwei.post(`/campaigns/${campaign.id}/leadership-groups`,
      { kind: 'working_group', name: '' }), 400, 'invalid_argument', 'name')
    await leadingGroup()
    await refused(() => u.dangwei.post(`/campaigns/${campaign.id}/leadership-groups`,
      { kind: 'leading_group', name: '第二个领导小组' }), 422, 'failed_precondition', 'kind')

    const edited = await u.dangwei.patch(`/leadership-groups/${g.id}`, { version: 1, name: '宣传报道组', position: 3 })
    assert.equal(edited.status, 200, edited.text)
    assert.equal(edited.json.version, 2)
    assert.equal(edited.json.name, '宣传报道组')
    await refused(() => u.dangwei.patch(`/leadership-groups/${g.id}`, { version: 1, name: '过时' }),
      409, 'conflict', 'version')
    await refused(() => u.zhibu1.patch(`/leadership-groups/${g.id}`, { version: 2, name: '支部改' }),
      403, 'permission_denied')
    await refused(() => u.dangwei.patch(`/leadership-groups/${g.id}`, { version: 2, kind: 'office' }),
      400, 'invalid_argument', 'kind')
    const audit = await u.dangwei.get(`/audit?record_type=leadership_group&record_id=${g.id}`)
    assert.deepEqual(audit.json.items.map((e) => e.action), ['update', 'create'])
  })

  test('a hand-over ends the old term and starts the new; who was responsible on a day', async () => {
    const g = await leadingGroup()
    const added = await u.dangwei.post(`/leadership-groups/${g.id}/members`, {
      person_id: people[0], role: 'leader', title: '党组书记、局长', responsibility: 'first',
      duties: '履行第一责任人职责', start_date: '2025-03-01',
    })
    assert.equal(added.status, 201, added.text)
    const old = added.json
    assert.equal(old.end_date, null)

    // Bad hand-overs: before or on the leader's first day, the same person,
    // someone unknown or outside the admin's scope, a stranger to the campaign.
    const bad = (body, by = u.dangwei) =>
      by.post(`/leadership-members/${old.id}/hand-over`, { version: old.version, ...body })
    await refused(() => bad({ date: '2025-02-28', person_id: people[1] }), 400, 'invalid_argument', 'date')
    await refused(() => bad({ date: '2025-03-01', person_id: people[1] }), 400, 'invalid_argument', 'date')
    await refused(() => bad({ date: '2025-09-24', person_id: people[0] }), 400, 'invalid_argument', 'person_id')
    await refused(() => bad({ date: '2025-09-24', person_id: 999999 }), 404, 'not_found', 'person_id')
    await refused(() => bad({ date: '2025-09-24', person_id: outsider }), 404, 'not_found', 'person_id')
    await refused(() => bad({ date: '2025-09-24', person_id: people[1] }, u.zhibu1), 403, 'permission_denied')
    await refused(() => bad({ date: '2025-09-24', person_id: people[1], extra: 1 }), 400, 'invalid_argument', 'extra')

    const handed = await bad({ date: '2025-09-24', person_id: people[1] })
    assert.equal(handed.status, 201, handed.text)
    assert.equal(handed.json.start_date, '2025-09-24')
    assert.equal(handed.json.predecessor_id, old.id)
    assert.equal(handed.json.title, '党组书记、局长')
    await refused(() => bad({ date: '2025-10-01', person_id: people[2] }), 409, 'conflict', 'version')

    const on = async (day) => {
      const r = await u.dangyuan1.get(`/campaigns/${campaign.id}/leadership?on=${day}`)
      assert.equal(r.status, 200, r.text)
      return r.json.groups.find((x) => x.id === g.id).members.map((m) => m.person_id)
    }
    assert.deepEqual(await on('2025-09-23'), [people[0]])
    assert.deepEqual(await on('2025-09-24'), [people[1]])
    assert.deepEqual(await on('2025-02-28'), [])
    const audit = await u.dangwei.get(`/audit?record_type=leadership_member&record_id=${old.id}`)
    assert.deepEqual(audit.json.items.map((e) => e.action), ['hand_over', 'create'])
    const change = audit.json.items[0].changes.find((c) => c.field === 'end_date')
    assert.equal(change.after, '2025-09-23')
  })

  test('memberships: roles fit the group, no overlaps, edits versioned', async () => {
    const g = await group()
    const add = (body, by = u.dangwei, gid = g.id) => by.post(`/leadership-groups/${gid}/members`, {
      person_id: people[2], role: 'head', start_date: '2025-03-01', ...body,
    })
    const head = await add({ responsibility: null, duties: '负责本组工作' })
    assert.equal(head.status, 201, head.text)
    await refused(() => add({ person_id: people[3] }), 422, 'failed_precondition', 'start_date')
    await refused(() => add({ role: 'member', start_date: '2025-06-01' }), 422, 'failed_precondition', 'start_date')
    await refused(() => add({ role: 'leader', person_id: people[3] }), 400, 'invalid_argument', 'role')
    await refused(() => add({ person_id: outsider, role: 'member' }), 404, 'not_found', 'person_id')
    await refused(() => add({ role: 'member', person_id: people[3], end_date: '2025-02-01' }), 400,
      'invalid_argument', 'end_date')
    await refused(() => add({ role: 'member', person_id: people[3] }, u.zhibu1), 403, 'permission_denied')
    await refused(() => add({ role: 'member', person_id: people[3], responsibility: '主体' }), 400,
      'invalid_argument', 'responsibility')
    await refused(() => add({ role: 'member', person_id: people[3] }, u.dangwei, 999999), 404, 'not_found')

    const ended = await u.dangwei.patch(`/leadership-members/${head.json.id}`,
      { version: 1, end_date: '2025-06-30', responsibility: 'dual' })
    assert.equal(ended.status, 200, ended.text)
    assert.equal(ended.json.end_date, '2025-06-30')
    assert.equal(ended.json.responsibility, 'dual')
    const next = await add({ person_id: people[3], start_date: '2025-07-01' })
    assert.equal(next.status, 201, next.text)
    await refused(() => u.dangwei.patch(`/leadership-members/${head.json.id}`, { version: 2, end_date: null }),
      422, 'failed_precondition', 'start_date')
    await refused(() => u.dangwei.patch(`/leadership-members/${head.json.id}`, { version: 1, title: '过时' }),
      409, 'conflict', 'version')
    await refused(() => u.zhibu1.patch(`/leadership-members/${head.json.id}`, { version: 2, title: '支部改' }),
      403, 'permission_denied')
  })
})
