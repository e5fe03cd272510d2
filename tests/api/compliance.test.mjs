// Compliance (/compliance/rules, /compliance/board), volunteer minutes
// (/events/{id}/attendance/{person_id}/service-minutes) and a community's
// events (/communities/{id}/events): rules kept by admins, the board of a
// period in the caller's scope (a branch secretary sees only their branch),
// minutes bounded by the event's own length and confirmed by the organizer only.
// Every refusal writes nothing.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { readXlsxRows } from './xlsx.mjs'
import { assertError, assertUnchanged, snapshot, startServer } from './harness.mjs'
import { advanceClock, chinaDate, eventsSetup, iso, minutes, quarter } from './events_helpers.mjs'

const srv = await startServer('compliance', { args: ['--test-hooks', '--session-idle', '12h'] })
after(() => srv.stop())

let u, ids, now, types

/** Moves the server's clock `seconds` forward; returns its new time (ms). */
async function advance(seconds) {
  now = await advanceClock(srv, seconds)
  return now
}

before(async () => {
  await advance(1)
  ;({ u, ids, types } = await eventsSetup(srv))
})

test('rules are seeded, read by staff and kept by admins', async () => {
  const list = await u.zhibu1.get('/compliance/rules')
  assert.equal(list.status, 200, list.text)
  const byCode = Object.fromEntries(list.json.items.map((r) => [r.code, r]))
  assert.deepEqual(Object.keys(byCode).sort(), [
    'committee_monthly', 'group_meeting_monthly', 'member_congress_quarterly', 'party_lecture_quarterly',
    'volunteer_quarterly'])
  assert.equal(byCode.volunteer_quarterly.subject, 'person')
  assert.deepEqual(byCode.volunteer_quarterly.person_categories, ['member'])
  assert.deepEqual(byCode.volunteer_quarterly.org_kinds, [])
  assert.deepEqual(byCode.committee_monthly.org_kinds, ['branch'])
  assert.deepEqual(byCode.committee_monthly.type_ids, [types.committee_meeting.id])
  assert.deepEqual(byCode.committee_monthly.type_names, ['支委会'])
  assert.equal(byCode.volunteer_quarterly.own_community, true)
  assert.equal(byCode.committee_monthly.period, 'month')
  assertError(await u.dangyuan1.get('/compliance/rules'), 403, 'permission_denied')

  const rule = byCode.party_lecture_quarterly
  const before = await snapshot(u.admin)
  assertError(await u.zhibu1.patch(`/compliance/rules/${rule.id}`, { version: 1, minimum: 2 }), 403, 'permission_denied')
  assertError(await u.dangwei.patch(`/compliance/rules/${rule.id}`, { version: 1, minimum: 0 }), 400, 'invalid_argument', 'minimum')
  assertError(await u.dangwei.patch(`/compliance/rules/${rule.id}`, { version: 1, period: 'week' }), 400, 'invalid_argument', 'period')
  assertError(await u.dangwei.patch(`/compliance/rules/${rule.id}`, { version: 1, code: 'x' }), 400, 'invalid_argument')
  assertError(await u.dangwei.patch('/compliance/rules/999999', { version: 1, minimum: 2 }), 404)
  await assertUnchanged(u.admin, before)
  const edited = await u.dangwei.patch(`/compliance/rules/${rule.id}`, { version: 1, minimum: 2 })
  assert.equal(edited.status, 200, edited.text)
  assert.equal(edited.json.minimum, 2)
  assertError(await u.dangwei.patch(`/compliance/rules/${rule.id}`, { version: 1, minimum: 3 }), 409, 'conflict', 'version')
  const back = await u.dangwei.patch(`/compliance/rules/${rule.id}`, { version: 2, minimum: 1 })
  assert.equal(back.status, 200, back.text)
  const audit = await u.admin.get(`/audit?record_type=compliance_rule&record_id=${rule.id}`)
  assert.equal(audit.json.items.length, 2)
})

test('rules: admins set the event types counted and whom each judges; the board follows', async () => {
  const rules = Object.fromEntries((await u.dangwei.get('/compliance/rules')).json.items.map((r) => [r.code, r]))
  const meeting = rules.group_meeting_monthly
  const volunteer = rules.volunteer_quarterly
  // A type an admin adds has no code: rules count types by id.
  const added = await u.dangwei.post('/event-types', { name: '党员活动日', category: 'org_life' })
  assert.equal(added.status, 201, added.text)
  const retiredType = await u.dangwei.post('/event-types', { name: '停用的类型', category: 'study' })
  assert.equal(retiredType.status, 201, retiredType.text)
  const archived = await u.dangwei.patch(`/event-types/${retiredType.json.id}`, { version: retiredType.json.version, archived: true })
  assert.equal(archived.status, 200, archived.text)

  const path = `/compliance/rules/${meeting.id}`
  const v = meeting.version
  const before = await snapshot(u.admin)
  const refusals = [
    [{ version: v, type_ids: [] }, 'type_ids', /至少选择一种活动类型/],
    [{ version: v, type_ids: [999999] }, 'type_ids', /活动类型不存在/],
    [{ version: v, type_ids: [retiredType.json.id] }, 'type_ids', /已停用/],
    [{ version: v, type_ids: ['1'] }, 'type_ids[0]', /type_ids\[0\] 应为整数/],
    [{ version: v, type_ids: Array.from({ length: 31 }, (_, i) => i + 1) }, 'type_ids', /最多 30 项/],
    [{ version: v, org_kinds: [] }, 'org_kinds', /至少选择一种适用的组织类型/],
    [{ version: v, org_kinds: ['branch', 'cell'] }, 'org_kinds', /组织类型无效：cell/],
    [{ version: v, person_categories: ['member'] }, 'person_categories', /人员类别应为空/],
  ]
  for (const [body, field, message] of refusals) {
    const e = assertError(await u.dangwei.patch(path, body), 400, 'invalid_argument', field)
    assert.match(e.message, message, JSON.stringify(body))
  }
  const vpath = `/compliance/rules/${volunteer.id}`
  for (const [body, field] of [
    [{ version: volunteer.version, person_categories: [] }, 'person_categories'],
    [{ version: volunteer.version, person_categories: ['member', 'pensioner'] }, 'person_categories'],
    [{ version: volunteer.version, org_kinds: ['branch'] }, 'org_kinds'],
  ]) {
    assertError(await u.dangwei.patch(vpath, body), 400, 'invalid_argument', field)
  }
  // A secretary may not edit, and gets 403 before anything is checked.
  assertError(await u.zhibu1.patch(path, { version: v, type_ids: [added.json.id] }), 403, 'permission_denied')
  await assertUnchanged(u.admin, before)

  // The 党小组会 rule now counts 党员活动日 and judges the bureau's party committee as well.
  const edited = await u.dangwei.patch(path, {
    version: v, type_ids: [added.json.id, added.json.id], org_kinds: ['party_committee', 'branch'],
  })
  assert.equal(edited.status, 200, edited.text)
  assert.deepEqual(edited.json.type_ids, [added.json.id])
  assert.deepEqual(edited.json.type_names, ['党员活动日'])
  assert.deepEqual(edited.json.org_kinds, ['party_committee', 'branch'])
  const vedit = await u.dangwei.patch(vpath, { version: volunteer.version, person_categories: ['retired_member'] })
  assert.equal(vedit.status, 200, vedit.text)
  const audit = await u.admin.get(`/audit?record_type=compliance_rule&record_id=${meeting.id}`)
  const entry = audit.json.items.find((a) => a.after?.type_ids === '党员活动日')
  assert.ok(entry, JSON.stringify(audit.json.items[0]))

  const made = await u.zhibu1.post('/events', {
    org_id: ids.branch1.id, title: '党员活动日', type_id: added.json.id,
    starts_at: iso(now + minutes(40)), ends_at: iso(now + minutes(100)), target_org_ids: [ids.branch1.id],
    status: 'published',
  })
  assert.equal(made.status, 201, made.text)
  const month = chinaDate(now + minutes(40)).slice(0, 7)
  const board = await u.dangwei.get(`/compliance/board?org_id=${ids.committee.id}&period=${month}`)
  assert.equal(board.status, 200, board.text)
  const row = (id) => board.json.branches.find((b) => b.org_id === id)
  assert.equal(row(ids.committee.id)?.kind, 'party_committee', 'the committee is judged now')
  const cell = (id) => row(id).cells.find((c) => c.rule_id === meeting.id)
  assert.equal(cell(ids.branch1.id).count, 1)
  assert.equal(cell(ids.committee.id).count, 1, 'its subtree\'s events count for it')
  assert.equal(cell(ids.branch2.id).count, 0)
  // Other org rules still judge branches only.
  assert.ok(row(ids.committee.id).cells.every((c) => c.rule_id === meeting.id))
  // The volunteer rule judges retired members only now.
  assert.ok(board.json.people.length > 0)
  for (const p of board.json.people.slice(0, 5)) {
    assert.equal((await u.admin.get(`/people/${p.person_id}`)).json.category, 'retired_member', p.name)
  }

  // Back as seeded, for the tests after this one.
  const back = await u.dangwei.patch(path, { version: edited.json.version, type_ids: [types.group_meeting.id], org_kinds: ['branch'] })
  assert.equal(back.status, 200, back.text)
  const vback = await u.dangwei.patch(vpath, { version: vedit.json.version, person_categories: ['member'] })
  assert.equal(vback.status, 200, vback.text)
})

test('the demo: each linked community served once a quarter of 2021 with hours, 党小组会 every month from March', async () => {
  // As src/domain/events/demo_events.cpp states: one 志愿服务 in X路社区 and
  // one in 善溪村 each quarter, three hours confirmed for each participant;
  // 第一党小组 meets every Thursday from 4 March to 30 December 2021.
  for (const name of ['X路社区', '善溪村']) {
    const held = await u.dangwei.get(`/communities/${ids.community[name].id}/events`)
    assert.equal(held.status, 200, held.text)
    const services = held.json.items.filter((e) => e.category === 'volunteer' && e.starts_at.startsWith('2021'))
    assert.deepEqual(services.map((e) => quarter(Date.parse(e.starts_at))).sort(),
      ['2021-Q1', '2021-Q2', '2021-Q3', '2021-Q4'], name)
    for (const e of services) {
      assert.ok(e.participants > 0, e.title)
      assert.equal(e.service_minutes, e.participants * 180, e.title)
    }
  }
  const board = await u.zhibu1.get(`/compliance/board?org_id=${ids.branch1.id}&period=2021`)
  assert.equal(board.status, 200, board.text)
  const rule = board.json.rules.find((r) => r.code === 'group_meeting_monthly')
  const cells = board.json.branches[0].cells.filter((c) => c.rule_id === rule.id)
  assert.equal(cells.length, 12)
  assert.deepEqual(cells.map((c) => c.verdict), [...Array(2).fill('missed'), ...Array(10).fill('met')])
  assert.deepEqual(cells.map((c) => c.count), [0, 0, 4, 5, 4, 4, 5, 4, 5, 4, 4, 5])
})

test('volunteer minutes: the organizer confirms them for participants, at most the event\'s own length', async () => {
  const person = (await u.admin.get(`/people/${ids.member.id}`)).json
  const communityId = person.community_id ?? Object.values(ids.community)[0].id
  const made = await u.zhibu1.post('/events', {
    org_id: ids.branch1.id, title: '社区志愿服务', type_id: types.volunteer_service.id,
    starts_at: iso(now + minutes(40)), ends_at: iso(now + minutes(160)), place: '社区服务站',
    community_id: communityId, target_org_ids: [ids.branch1.id], target_categories: ['member'],
    status: 'published',
  })
  assert.equal(made.status, 201, made.text)
  const ev = made.json
  const path = `/events/${ev.id}/attendance/${person.id}/service-minutes`
  let before = await snapshot(u.admin)
  assertError(await u.zhibu1.put(path, { version: 1, minutes: 60 }), 422, 'failed_precondition')  // not started
  await assertUnchanged(u.admin, before)

  await advance(45 * 60)
  const signed = await u.zhibu1.post(`/events/${ev.id}/attendance/${person.id}/sign-in`, {})
  assert.equal(signed.status, 200, signed.text)
  const listed = (await u.zhibu1.get(`/events/${ev.id}/attendance`)).json.items.find((a) => a.person_id === person.id)
  assert.equal(listed.service_minutes, null)
  const version = listed.version
  before = await snapshot(u.admin)
  assertError(await u.zhibu1.put(path, { version, minutes: 24 * 60 + 1 }), 400, 'invalid_argument', 'minutes')
  // The service lasted two hours: nobody served longer.
  const longer = assertError(await u.zhibu1.put(path, { version, minutes: 121 }), 400, 'invalid_argument', 'minutes')
  assert.match(longer.message, /120 分钟/)
  assertError(await u.zhibu1.put(path, { version, minutes: -1 }), 400, 'invalid_argument', 'minutes')
  assertError(await u.zhibu1.put(path, { version, minutes: '90' }), 400, 'invalid_argument', 'minutes')
  assertError(await u.zhibu1.put(path, { version, minutes: 90, hours: 1 }), 400, 'invalid_argument')
  assertError(await u.lingdao.put(path, { version, minutes: 90 }), 403, 'permission_denied')
  assertError(await u.dangyuan1.put(path, { version, minutes: 90 }), 403, 'permission_denied')
  assertError(await u.zhibu1.put(`/events/${ev.id}/attendance/999999/service-minutes`, { version, minutes: 90 }), 404)
  const lecture = await u.zhibu1.post('/events', {
    org_id: ids.branch1.id, title: '党课', type_id: types.party_lecture.id,
    starts_at: iso(now - minutes(10)), ends_at: iso(now + minutes(50)), target_org_ids: [ids.branch1.id],
    status: 'published',
  })
  assert.equal(lecture.status, 201, lecture.text)
  before = await snapshot(u.admin)
  assertError(await u.zhibu1.put(`/events/${lecture.json.id}/attendance/${person.id}/service-minutes`, { version: 1, minutes: 60 }),
    422, 'failed_precondition')
  await assertUnchanged(u.admin, before)

  assertError(await u.zhibu1.put(path, { minutes: 90 }), 400, 'invalid_argument', 'version')
  await assertUnchanged(u.admin, before)
  const ok = await u.zhibu1.put(path, { version, minutes: 90 })
  assert.equal(ok.status, 200, ok.text)
  assert.deepEqual(ok.json, { event_id: ev.id, person_id: person.id, minutes: 90, version: version + 1 })
  // Another organizer's write on the version both read: 409, nothing written.
  before = await snapshot(u.admin)
  assertError(await u.zhibu1.put(path, { version, minutes: 120 }), 409, 'conflict', 'version')
  await assertUnchanged(u.admin, before)
  const shown = (await u.zhibu1.get(`/events/${ev.id}/attendance`)).json.items.find((a) => a.person_id === person.id)
  assert.equal(shown.service_minutes, 90)
  const audit = await u.admin.get(`/audit?record_type=attendance&record_id=${ev.id}&action=confirm_hours`)
  assert.equal(audit.json.items.length, 1)

  // The community's page: the service with its confirmed minutes.
  const held = await u.zhibu1.get(`/communities/${communityId}/events`)
  assert.equal(held.status, 200, held.text)
  const row = held.json.items.find((x) => x.event_id === ev.id)
  assert.ok(row, 'the service is listed')
  assert.equal(row.service_minutes, 90)
  assert.equal(row.participants, 1)
  assert.equal(row.category, 'volunteer')
  assertError(await u.dangyuan1.get(`/communities/${communityId}/events`), 403, 'permission_denied')
  assertError(await u.zhibu1.get('/communities/999999/events'), 404)

  // The board: the member served in the event's community this quarter.
  const board = await u.zhibu1.get(`/compliance/board?org_id=${ids.branch1.id}&period=${quarter(now)}`)
  assert.equal(board.status, 200, board.text)
  const rule = board.json.rules.find((r) => r.code === 'volunteer_quarterly')
  const mine = board.json.people.find((p) => p.person_id === person.id)
  assert.ok(mine, 'the member is on the board')
  const cell = mine.cells.find((c) => c.rule_id === rule.id)
  if (person.community_id === communityId) assert.equal(cell.count, 1)
  // Judged only when the member belonged for at least half the quarter (the
  // demo made them on the server's day): met, or not applicable.
  const day = (text) => Date.parse(`${text}T00:00:00Z`)
  const since = day(chinaDate(Date.parse(person.created_at)))
  const judged = 2 * (day(board.json.end) - since) >= day(board.json.end) - day(board.json.first)
  assert.equal(cell.verdict, judged ? (cell.count >= 1 ? 'met' : 'pending') : 'not_applicable')
})

test('the board: per branch and per person, a branch secretary sees only their branch', async () => {
  const period = quarter(now)
  const own = await u.zhibu1.get(`/compliance/board?org_id=${ids.branch1.id}&period=${period}`)
  assert.equal(own.status, 200, own.text)
  assert.equal(own.json.period, period)
  assert.deepEqual(own.json.branches.map((b) => b.org_id), [ids.branch1.id])
  const congress = own.json.rules.find((r) => r.code === 'member_congress_quarterly')
  const committee = own.json.rules.find((r) => r.code === 'committee_monthly')
  const cells = own.json.branches[0].cells
  assert.equal(cells.filter((c) => c.rule_id === congress.id).length, 1)
  assert.equal(cells.filter((c) => c.rule_id === committee.id).length, 3, 'one per month of the quarter')
  for (const c of cells) assert.ok(['met', 'pending', 'missed'].includes(c.verdict), c.verdict)
  // A past quarter with no 支部党员大会 is missed.
  const past = await u.zhibu1.get(`/compliance/board?org_id=${ids.branch1.id}&period=2020-Q1`)
  assert.equal(past.status, 200, past.text)
  assert.equal(past.json.branches[0].cells.find((c) => c.rule_id === congress.id).verdict, 'missed')

  const whole = await u.dangwei.get(`/compliance/board?org_id=${ids.committee.id}&period=${period}`)
  assert.equal(whole.status, 200, whole.text)
  assert.ok(whole.json.branches.length >= 3, 'every branch of the committee')

  assertError(await u.zhibu1.get(`/compliance/board?org_id=${ids.branch2.id}&period=${period}`), 404, 'not_found', 'org_id')
  assertError(await u.zhibu1.get(`/compliance/board?org_id=${ids.committee.id}&period=${period}`), 404, 'not_found', 'org_id')
  assertError(await u.zhibu1.get(`/compliance/board?org_id=${ids.branch1.id}&period=2021-Q5`), 400, 'invalid_argument', 'period')
  assertError(await u.zhibu1.get(`/compliance/board?period=${period}`), 400, 'invalid_argument', 'org_id')
  assertError(await u.dangyuan1.get(`/compliance/board?org_id=${ids.branch1.id}&period=${period}`), 403, 'permission_denied')
})

test('the board exports as .xlsx, one row per verdict, in the same scope', async () => {
  const period = quarter(now)
  const board = (await u.zhibu1.get(`/compliance/board?org_id=${ids.branch1.id}&period=${period}`)).json
  const res = await u.zhibu1.get(`/compliance/board/export?org_id=${ids.branch1.id}&period=${period}`)
  assert.equal(res.status, 200, res.text)
  assert.match(res.headers['content-type'], /spreadsheetml/)
  const rows = readXlsxRows(res.body)
  assert.deepEqual(rows[0], ['对象', '名称', '所属组织', '考核规则', '期间', '次数', '最低次数', '结果'])
  const verdicts = board.branches.concat(board.people).reduce((n, x) => n + x.cells.length, 0)
  assert.equal(rows.length - 1, verdicts)
  assert.equal(rows[1][0], '党支部')  // the org's kind
  assert.equal(rows[1][1], '机关第一支部')
  assertError(await u.zhibu1.get(`/compliance/board/export?org_id=${ids.branch2.id}&period=${period}`), 404, 'not_found', 'org_id')
  assertError(await u.zhibu1.get(`/compliance/board/export?org_id=${ids.branch1.id}&period=bad`), 400, 'invalid_argument', 'period')
})

test('coverage of a campaign: each figure opens the same number of people, in the caller scope', async () => {
  const campaigns = await u.dangwei.get('/campaigns')
  assert.equal(campaigns.status, 200, campaigns.text)
  const campaign = campaigns.json.items[0]
  const cov = await u.dangwei.get(`/campaigns/${campaign.id}/coverage`)
  assert.equal(cov.status, 200, cov.text)
  assert.deepEqual(cov.json.categories.map((c) => c.key), ['member', 'retired_member', 'staff', 'family'])
  assert.equal(cov.json.rule.min_events, 3)
  assert.equal(cov.json.rule.study_hours_applied, false)
  const total = async (query) => {
    const r = await u.dangwei.get(`/campaigns/${campaign.id}/coverage/people?${query}&limit=1`)
    assert.equal(r.status, 200, r.text)
    return r.json.total
  }
  assert.equal(await total('figure=reached'), cov.json.total.reached)
  assert.equal(await total('figure=effective'), cov.json.total.effective)
  assert.equal(await total('figure=never'), cov.json.total.people - cov.json.total.reached)
  for (const c of cov.json.categories) {
    assert.equal(await total(`figure=reached&category=${c.key}`), c.reached, c.key)
    assert.equal(await total(`figure=never&category=${c.key}`), c.people - c.reached, c.key)
  }
  for (const b of cov.json.branches) {
    assert.equal(await total(`figure=effective&branch_id=${b.key}`), b.effective, b.name)
  }
  assert.ok(cov.json.total.people > 0)

  // A branch secretary: their branch only.
  const own = await u.zhibu1.get(`/campaigns/${campaign.id}/coverage`)
  assert.equal(own.status, 200, own.text)
  assert.deepEqual(own.json.branches.map((b) => Number(b.key)), [ids.branch1.id])
  assertError(await u.zhibu1.get(`/campaigns/${campaign.id}/coverage?org_id=${ids.branch2.id}`), 404, 'not_found', 'org_id')
  assertError(await u.dangyuan1.get(`/campaigns/${campaign.id}/coverage`), 403, 'permission_denied')
  assertError(await u.dangwei.get('/campaigns/999999/coverage'), 404)
  assertError(await u.dangwei.get(`/campaigns/${campaign.id}/coverage/people?figure=most`), 400, 'invalid_argument', 'figure')
  // The people list pages by cursor as by offset: same people, same order, same total.
  const whole = await u.dangwei.get(`/campaigns/${campaign.id}/coverage/people?figure=never&limit=500`)
  const walked = []
  let next = `/campaigns/${campaign.id}/coverage/people?figure=never&limit=2`
  for (let i = 0; next && i <= whole.json.total; i++) {
    const page = await u.dangwei.get(next)
    assert.equal(page.status, 200, page.text)
    assert.equal(page.json.total, whole.json.total)
    walked.push(...page.json.items.map((p) => p.person_id))
    next = page.json.next_cursor
      ? `/campaigns/${campaign.id}/coverage/people?figure=never&limit=2&cursor=${encodeURIComponent(page.json.next_cursor)}`
      : null
  }
  assert.deepEqual(walked, whole.json.items.map((p) => p.person_id))
  assertError(await u.dangwei.get(`/campaigns/${campaign.id}/coverage/people?figure=never&cursor=forged`), 400, 'invalid_argument', 'cursor')
  assertError(await u.dangwei.get(`/campaigns/${campaign.id}/coverage/people?figure=never&limit=0`), 400, 'invalid_argument', 'limit')
  assertError(await u.dangwei.get(`/campaigns/${campaign.id}/coverage/people?figure=never&category=resident`), 400, 'invalid_argument', 'category')
  assertError(await u.zhibu1.get(`/campaigns/${campaign.id}/coverage/people?figure=never&branch_id=${ids.branch2.id}`), 404, 'not_found', 'branch_id')

  // The effective rule: admins set it; a lower bar never lowers the figure.
  const before = await snapshot(u.admin)
  assertError(await u.zhibu1.put(`/campaigns/${campaign.id}/coverage-rule`, { version: 0, min_events: 1 }), 403, 'permission_denied')
  assertError(await u.dangwei.put(`/campaigns/${campaign.id}/coverage-rule`, { version: 0, min_events: 0 }), 400, 'invalid_argument', 'min_events')
  assertError(await u.dangwei.put(`/campaigns/${campaign.id}/coverage-rule`, { version: 0, min_events: 1, min_study_hours: 0 }), 400, 'invalid_argument', 'min_study_hours')
  assertError(await u.dangwei.put('/campaigns/999999/coverage-rule', { version: 0, min_events: 1 }), 404)
  await assertUnchanged(u.admin, before)
  assert.equal(cov.json.rule.version, 0)  // never set
  assertError(await u.dangwei.put(`/campaigns/${campaign.id}/coverage-rule`, { min_events: 1 }), 400, 'invalid_argument', 'version')
  await assertUnchanged(u.admin, before)
  const set = await u.dangwei.put(`/campaigns/${campaign.id}/coverage-rule`, { version: 0, min_events: 1, min_study_hours: 20 })
  assert.equal(set.status, 200, set.text)
  assert.equal(set.json.min_study_hours, 20)
  assert.equal(set.json.version, 1)
  // A second admin who read the unset rule too: 409, nothing written.
  const stale = await snapshot(u.admin)
  assertError(await u.admin.put(`/campaigns/${campaign.id}/coverage-rule`, { version: 0, min_events: 5 }), 409, 'conflict', 'version')
  await assertUnchanged(u.admin, stale)
  const after = await u.dangwei.get(`/campaigns/${campaign.id}/coverage`)
  assert.equal(after.json.rule.min_events, 1)
  assert.equal(after.json.total.effective, after.json.total.reached)
  const audit = await u.admin.get(`/audit?record_type=coverage_rule&record_id=${campaign.id}`)
  assert.equal(audit.json.items.length, 1)
})
