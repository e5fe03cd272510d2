// Events (/events, /event-types, /red-sites, /event-rates): types and red
// sites as reference data, events with scope (a branch secretary writes only
// their branch's; co-organizers read), versions, recurrence, the invited
// list, leave, make-up, hand sign-in, the rotating QR sign-in code on the
// server's test clock (windows, expired and foreign codes, never twice),
// rates, and the day-before reminder. Every refusal writes nothing.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  API, assertError, assertUnchanged, firstSignIn, loginAll, request, snapshot, spawnServe, startServer, waitForLog,
} from './harness.mjs'
import { advanceClock, branchEventBody, eventsSetup, iso, minutes, unread } from './events_helpers.mjs'

// Sessions outlive the hours the tests move the server's clock.
const srv = await startServer('events', { args: ['--test-hooks', '--session-idle', '12h'] })
after(() => srv.stop())

let u, ids, now, types
// Members of 机关第一支部 with accounts made here (besides dangyuan1), and one
// of 机关第二支部.
const m = {}

/** Moves the server's clock `seconds` forward; returns its new time (ms). */
async function advance(seconds) {
  now = await advanceClock(srv, seconds)
  return now
}

async function memberAccount(person, orgId) {
  const username = `ev${person.id}`
  const res = await u.admin.post('/accounts', {
    username, display_name: person.name, password: 'Set-by-admin-2021', person_id: person.id,
    roles: [{ role: 'member', org_id: orgId }],
  })
  assert.equal(res.status, 201, res.text)
  return firstSignIn(srv, username, { password: 'Set-by-admin-2021' })
}

before(async () => {
  await advance(1)
  ;({ u, ids, types } = await eventsSetup(srv))
  const b1 = await u.admin.get(`/people?org_id=${ids.branch1.id}&category=member&limit=20`)
  // People without an account (one person has one: 钱党员, 赵书记 and the
  // 局领导's person have theirs).
  const accounts = await u.admin.get('/accounts?limit=500')
  const linked = new Set(accounts.json.items.map((a) => a.person_id).filter(Boolean))
  const others = b1.json.items.filter((p) => !linked.has(p.id))
  m.two = await memberAccount(others[0], ids.branch1.id)
  m.three = await memberAccount(others[1], ids.branch1.id)
  m.twoPerson = others[0]
  m.threePerson = others[1]
  const b2 = await u.admin.get(`/people?org_id=${ids.branch2.id}&category=member&limit=1`)
  m.b2 = await memberAccount(b2.json.items[0], ids.branch2.id)
})

function eventBody(extra = {}) {
  return branchEventBody(ids, types, now, extra)
}

async function create(by, extra = {}) {
  const r = await by.post('/events', eventBody(extra))
  assert.equal(r.status, 201, r.text)
  return r.json
}

test('event types are seeded reference data, kept by org admins only', async () => {
  const list = await u.dangyuan1.get('/event-types')
  assert.equal(list.status, 200)
  const names = list.json.items.map((x) => x.name)
  for (const n of ['理论学习中心组学习', '专题学习会', '党课', '红色电影', '支部党员大会', '党小组会', '恳谈会', '志愿服务']) {
    assert.ok(names.includes(n), n)
  }
  assert.equal(types.party_lecture.category, 'study')
  assertError(await u.dangwei.get('/event-types?include_archived=perhaps'), 400, 'invalid_argument')
  assert.equal(types.volunteer_service.category, 'volunteer')
  const before = await snapshot(u.admin)
  assertError(await u.zhibu1.post('/event-types', { name: '读报会', category: 'study' }), 403, 'permission_denied')
  assertError(await u.dangwei.post('/event-types', { name: '党课', category: 'study' }), 409, 'already_exists', 'name')
  assertError(await u.dangwei.post('/event-types', { name: '读报会', category: 'reading' }), 400, 'invalid_argument', 'category')
  await assertUnchanged(u.admin, before)
  const made = await u.dangwei.post('/event-types', { name: '读报会', category: 'study', sort_order: 75 })
  assert.equal(made.status, 201, made.text)
  assert.equal(made.json.code, null)
  const renamed = await u.dangwei.patch(`/event-types/${made.json.id}`, { version: 1, name: '集体读报', archived: true })
  assert.equal(renamed.status, 200, renamed.text)
  assert.equal(renamed.json.archived, true)
  assertError(await u.dangwei.patch(`/event-types/${made.json.id}`, { version: 1, name: '又改' }), 409, 'conflict', 'version')
  assertError(await u.zhibu1.patch(`/event-types/${made.json.id}`, { version: 2, name: '又改' }), 403)
  const visible = await u.dangwei.get('/event-types')
  assert.ok(!visible.json.items.some((x) => x.id === made.json.id), 'archived types are left out')
  const all = await u.dangwei.get('/event-types?include_archived=true')
  assert.ok(all.json.items.some((x) => x.id === made.json.id))
  const audit = await u.admin.get(`/audit?record_type=event_type&record_id=${made.json.id}`)
  assert.deepEqual(audit.json.items.map((e) => e.action).sort(), ['create', 'update'])
})

test('red-resource sites are kept by org admins and offered as places', async () => {
  const made = await u.dangwei.post('/red-sites', { name: '雷锋纪念馆', address: '望城区', description: '学雷锋' })
  assert.equal(made.status, 201, made.text)
  assertError(await u.zhibu1.post('/red-sites', { name: '某纪念馆' }), 403)
  assertError(await u.dangwei.post('/red-sites', { name: '' }), 400, 'invalid_argument', 'name')
  const list = await u.dangyuan1.get('/red-sites')
  assert.equal(list.status, 200)
  assert.ok(list.json.items.some((s) => s.name === 'X烈士纪念广场'), 'the demo sites')
  assertError(await u.dangwei.get('/red-sites?include_archived=perhaps'), 400, 'invalid_argument')
  const edited = await u.dangwei.patch(`/red-sites/${made.json.id}`, { version: 1, address: '长沙市望城区' })
  assert.equal(edited.status, 200, edited.text)
  assertError(await u.dangwei.patch('/red-sites/999999', { version: 1, address: 'x' }), 404)
  const ev = await create(u.zhibu1, { site_id: made.json.id, place: '雷锋纪念馆' })
  assert.equal(ev.site_name, '雷锋纪念馆')
})

test('a branch secretary creates events for their own branch only; bad input writes nothing', async () => {
  const before = await snapshot(u.admin)
  const count = (await u.admin.get('/events?include_archived=true')).json.total
  // Another branch: not even readable for a branch secretary (404, as every
  // record outside scope); a leader reads the branch but may not write: 403
  // from the request head, before the body is read (no field named).
  assertError(await u.zhibu1.post('/events', eventBody({ org_id: ids.branch2.id, target_org_ids: [ids.branch2.id] })),
    404, 'not_found', 'org_id')
  assertError(await u.lingdao.post('/events', eventBody()), 403, 'permission_denied', '')
  assertError(await u.zhibu1.post('/events', eventBody({ ends_at: iso(now + minutes(10)) })), 400, 'invalid_argument', 'ends_at')
  assertError(await u.zhibu1.post('/events', eventBody({ target_org_ids: [ids.branch2.id] })), 403, 'permission_denied', 'target_org_ids')
  assertError(await u.zhibu1.post('/events', eventBody({ target_categories: ['nobody'] })), 400, 'invalid_argument', 'target_categories')
  assertError(await u.zhibu1.post('/events', eventBody({ type_id: 999999 })), 400, 'invalid_argument', 'type_id')
  assertError(await u.zhibu1.post('/events', eventBody({ speakers: [{ title: '教授' }] })), 400, 'invalid_argument', 'speakers[0].name')
  assertError(await u.dangyuan1.post('/events', eventBody()), 403, 'permission_denied', '')
  assertError(await u.zhibu1.post('/events', { ...eventBody(), color: 'red' }), 400, 'invalid_argument', 'color')
  await assertUnchanged(u.admin, before)
  assert.equal((await u.admin.get('/events?include_archived=true')).json.total, count)

  const ev = await create(u.zhibu1, {
    speakers: [{ name: '刘教授', title: '市委党校副教授' }, { person_id: ids.secretary.id }],
    outside_count: 3, summary: '第一行\n第二行',
  })
  assert.equal(ev.status, 'draft')
  assert.equal(ev.category, 'study')
  assert.equal(ev.signin_opens_at, iso(now + minutes(10)), 'the window opens 30 minutes before')
  assert.deepEqual(ev.speakers.map((s) => s.name), ['刘教授', '赵书记'])
  const att = await u.zhibu1.get(`/events/${ev.id}/attendance?limit=500`)
  assert.equal(att.status, 200, att.text)
  const b1Members = await u.admin.get(`/people?org_id=${ids.branch1.id}&category=member&limit=500`)
  const b1Prob = await u.admin.get(`/people?org_id=${ids.branch1.id}&category=probationary&limit=500`)
  assert.equal(att.json.total, b1Members.json.total + b1Prob.json.total, 'invited: the targets\' members')
  assert.ok(att.json.items.every((a) => a.status === 'invited' && a.from_targets))
  const audit = await u.admin.get(`/audit?record_type=event&record_id=${ev.id}`)
  assert.equal(audit.json.items[0].action, 'create')
})

test('reading: organizer and co-organizers in scope, invitees; others see nothing', async () => {
  const joint = await create(u.dangwei, { org_id: ids.branch2.id, co_org_ids: [ids.branch1.id], target_org_ids: [ids.branch2.id] })
  const own = await create(u.zhibu1)
  const got = await u.zhibu1.get(`/events/${joint.id}`)
  assert.equal(got.status, 200, 'a co-organizer reads the joint event')
  assertError(await u.zhibu1.patch(`/events/${joint.id}`, { version: 1, title: '改' }), 403)
  assertError(await m.b2.get(`/events/${own.id}`), 404)
  assertError(await u.dangyuan1.get('/events/999999'), 404)
  const mine = await u.dangyuan1.get('/events?mine=true&limit=500')
  assert.ok(mine.json.items.some((e) => e.id === own.id), 'invited to the branch event')
  assert.ok(!mine.json.items.some((e) => e.id === joint.id))
  const list = await u.zhibu1.get(`/events?org_id=${ids.branch2.id}&limit=500`)
  assert.deepEqual(list.json.items.map((e) => e.id), [joint.id], 'the joint event under the org filter')
})

test('lists filter by campaign, type, category, org and dates; the calendar is a bounded date range', async () => {
  const campaigns = await u.admin.get('/campaigns')
  const c2021 = campaigns.json.items.find((c) => c.year === 2021)
  // The demo (src/domain/events/demo_events.cpp) holds in the 2021 campaign:
  // the speech's 21 gatherings (9 study and film events; the four national
  // lectures, the song contest, the medals, the parent-child visit and the
  // five 宣讲 reports), 8 volunteer services (each linked community once a
  // quarter) and the weekly 党小组会 of 第一党小组, Thursdays from 4 March to
  // 30 December (44); and the ledger's demo adds the 61 forums (恳谈会) of
  // 我为群众办实事 (src/domain/ledger/demo_ledger.cpp).
  const forums = await u.dangwei.get(`/events?type_id=${types.forum.id}&campaign_id=${c2021.id}&limit=1`)
  assert.equal(forums.json.total, 61)
  const demo = await u.dangwei.get(`/events?campaign_id=${c2021.id}&limit=100`)
  assert.equal(demo.status, 200)
  // The ledger's demo adds events of its own types (forums, organization-life
  // meetings, enterprise visits): not counted here.
  let ledgerEvents = 0
  const ledgerTypes = new Set(['forum', 'life_meeting', 'enterprise_visit'].map((code) => types[code].id))
  for (const code of ['forum', 'life_meeting', 'enterprise_visit']) {
    const r = await u.dangwei.get(`/events?campaign_id=${c2021.id}&type_id=${types[code].id}&limit=1`)
    ledgerEvents += r.json.total
  }
  assert.equal(demo.json.total - ledgerEvents, 9 + 12 + 8 + 44, 'the demo events of 2021')
  const titles = demo.json.items.map((e) => e.title)
  assert.ok(titles.some((t) => t.includes('《1921》')))
  assert.ok(titles.some((t) => t.includes('清明祭英烈')))
  const lectures = await u.dangwei.get(`/events?type_id=${types.party_lecture.id}&campaign_id=${c2021.id}`)
  assert.equal(lectures.json.total, 2)
  const publicity = await u.dangwei.get(`/events?category=publicity&campaign_id=${c2021.id}`)
  assert.deepEqual([...new Set(publicity.json.items.map((e) => e.type_name))].sort(),
    ['参观瞻仰', '宣讲报告', '歌咏比赛', '红色电影', '纪念章颁发'].sort())
  assert.equal(publicity.json.total, 9)
  const services = await u.dangwei.get(`/events?category=volunteer&campaign_id=${c2021.id}&limit=100`)
  assert.equal(services.json.total, 8)
  assert.ok(services.json.items.every((e) => e.type_name === '志愿服务' && e.community_id), 'held in a community')
  const meetings = await u.dangwei.get(`/events?type_id=${types.group_meeting.id}&campaign_id=${c2021.id}&limit=100`)
  assert.equal(meetings.json.total, 44)
  assert.equal(new Set(meetings.json.items.map((e) => e.series_id)).size, 1, 'one series')
  assert.deepEqual([...new Set(meetings.json.items.map((e) => e.org_name))], ['第一党小组'])
  // April: the three speech events and the Thursday meetings (1, 8, 15, 22, 29).
  const april = await u.dangwei.get('/events?from=2021-04-01&to=2021-05-01&sort=-starts_at&limit=100')
  assert.deepEqual(april.json.items.filter((e) => !ledgerTypes.has(e.type_id)).map((e) => e.starts_at.slice(0, 10)),
    ['2021-04-29', '2021-04-27', '2021-04-22', '2021-04-15', '2021-04-13', '2021-04-08', '2021-04-02', '2021-04-01'])
  // 钱党员's March: the 党小组会 (a member of 第一党小组), the branch's 学雷锋
  // service at X路社区 (in-service members) and the first 专题学习会.
  const cal = await u.dangyuan1.get('/events/calendar?from=2021-03-01&to=2021-04-01')
  assert.equal(cal.status, 200, cal.text)
  const group = '第一党小组会：每周党史学习交流'
  assert.deepEqual(cal.json.items.map((e) => e.title),
    [group, '学雷锋志愿服务：社区环境整治', group, group, group, '“学史明理”专题学习会'])
  assertError(await u.dangwei.get('/events/calendar?from=2021-01-01&to=2021-06-01'), 400, 'invalid_argument', 'to')
  assertError(await u.dangwei.get('/events?category=party'), 400, 'invalid_argument', 'category')
  assertError(await u.dangwei.get('/events?sort=title'), 400, 'invalid_argument', 'sort')
  // Paging by cursor gives every event once.
  const seen = new Set()
  let cursor = ''
  for (let i = 0; i < 40; i++) {  // bounded: the ledger demo adds forums, meetings and visits
    const page = await u.dangwei.get(`/events?campaign_id=${c2021.id}&limit=7${cursor ? `&cursor=${cursor}` : ''}`)
    page.json.items.forEach((e) => seen.add(e.id))
    if (!page.json.next_cursor) break
    cursor = page.json.next_cursor
  }
  assert.equal(seen.size, demo.json.total)
})

test('edits are versioned and audited; publishing invites; a recurring series is edited as one', async () => {
  const ev = await create(u.zhibu1)
  const before = (await unread(u.dangyuan1, 'event_invitation')).length
  const edited = await u.zhibu1.patch(`/events/${ev.id}`, { version: 1, title: '支部专题学习（改）', status: 'published' })
  assert.equal(edited.status, 200, edited.text)
  assert.equal(edited.json.version, 2)
  const invitations = await unread(u.dangyuan1, 'event_invitation')
  assert.equal(invitations.length, before + 1, 'publishing notifies each invitee once')
  assert.match(invitations[0].text, /支部专题学习（改）/)
  assertError(await u.zhibu1.patch(`/events/${ev.id}`, { version: 1, title: '旧版本' }), 409, 'conflict', 'version')
  assertError(await u.zhibu1.patch(`/events/${ev.id}`, { version: 2, status: 'draft' }), 422, 'failed_precondition', 'status')
  const audit = await u.admin.get(`/audit?record_type=event&record_id=${ev.id}`)
  assert.deepEqual(audit.json.items.map((e) => e.action), ['update', 'create'])

  const weekly = await u.zhibu1.post('/events', eventBody({
    title: '第一党小组学习', type_id: types.group_meeting.id,
    recurrence: { rule: 'weekly', until: iso(now + minutes(60 * 24 * 29)).slice(0, 10) },
  }))
  assert.equal(weekly.status, 201, weekly.text)
  const series = await u.zhibu1.get(`/events?series_id=${weekly.json.series_id}`)
  assert.equal(series.json.total, 5)
  const starts = series.json.items.map((e) => Date.parse(e.starts_at))
  for (let i = 1; i < starts.length; i++) assert.equal(starts[i] - starts[i - 1], 7 * 24 * 3600_000)
  const second = series.json.items[1]
  const renamed = await u.zhibu1.patch(`/events/${second.id}`, { version: second.version, title: '党小组学习（新）', scope: 'series' })
  assert.equal(renamed.status, 200, renamed.text)
  const after = await u.zhibu1.get(`/events?series_id=${weekly.json.series_id}`)
  assert.deepEqual(after.json.items.map((e) => e.title),
    ['第一党小组学习', '党小组学习（新）', '党小组学习（新）', '党小组学习（新）', '党小组学习（新）'])
  assertError(await u.zhibu1.patch(`/events/${second.id}`, { version: 2, starts_at: iso(now), scope: 'series' }), 400, 'invalid_argument', 'scope')
  assertError(await u.zhibu1.post('/events', eventBody({ recurrence: { rule: 'weekly', until: '2099-01-01' } })),
    400, 'invalid_argument', 'recurrence.until')

  const archived = await u.zhibu1.post(`/events/${ev.id}/archive`, { version: 2 })
  assert.equal(archived.status, 200, archived.text)
  assert.equal(archived.json.archived, true)
  assertError(await u.zhibu1.post(`/events/${ev.id}/archive`, { version: 2 }), 409, 'conflict')
})

test('the invited list is edited within scope', async () => {
  const ev = await create(u.zhibu1, { status: 'published' })
  const b2people = await u.admin.get(`/people?org_id=${ids.branch2.id}&limit=2`)
  const outsider = b2people.json.items[1] // not the member m.b2 signs in as
  assertError(await u.zhibu1.post(`/events/${ev.id}/attendance`, { person_ids: [outsider.id] }), 404, 'not_found', 'person_ids')
  assertError(await u.dangyuan1.post(`/events/${ev.id}/attendance`, { person_ids: [m.twoPerson.id] }), 403)
  const added = await u.dangwei.post(`/events/${ev.id}/attendance`, { person_ids: [outsider.id, m.twoPerson.id] })
  assert.equal(added.status, 200, added.text)
  assert.equal(added.json.added, 1, 'the one already invited is skipped')
  const removed = await u.zhibu1.del(`/events/${ev.id}/attendance/${m.threePerson.id}`)
  assert.equal(removed.status, 204, removed.text)
  assertError(await u.zhibu1.del(`/events/${ev.id}/attendance/${m.threePerson.id}`), 404)
  const mine = await u.dangyuan1.get(`/events/${ev.id}/attendance`)
  assert.equal(mine.json.total, 1, 'a member sees their own row only')
  assertError(await m.b2.get(`/events/${ev.id}/attendance`), 404)
})

test('QR sign-in: window, rotating code, expired and foreign codes, targets, never twice; hand sign-in audited', async () => {
  const ev = await create(u.zhibu1, { status: 'published' })
  const other = await create(u.zhibu1, { status: 'published' })
  const code = (e, by = u.zhibu1) => by.get(`/events/${e.id}/sign-in-code`)
  assertError(await code(ev), 422, 'failed_precondition')
  assertError(await u.dangyuan1.post(`/events/${ev.id}/sign-in`, { code: '0123456789abcdef' }), 422, 'failed_precondition')
  await advance(15 * 60) // into the window
  assertError(await code(ev, u.dangyuan1), 403)
  const qr = await u.zhibu1.get(`/events/${ev.id}/sign-in-qr`)
  assert.equal(qr.status, 200)
  assert.match(qr.headers['content-type'], /^image\/svg\+xml/)
  assert.match(qr.text, /^<svg /)
  assertError(await u.dangyuan1.get(`/events/${ev.id}/sign-in-qr`), 403)
  const c1 = (await code(ev)).json
  assert.match(c1.code, /^[0-9a-f]{16}$/)
  assert.equal(c1.path, `/m/sign-in/${ev.id}?code=${c1.code}`)
  const signed = await u.dangyuan1.post(`/events/${ev.id}/sign-in`, { code: c1.code })
  assert.equal(signed.status, 200, signed.text)
  assert.equal(signed.json.status, 'signed')
  assert.equal(signed.json.signed_by_hand, false)
  const before = await snapshot(u.admin)
  assertError(await u.dangyuan1.post(`/events/${ev.id}/sign-in`, { code: c1.code }), 409, 'already_exists')
  assertError(await m.two.post(`/events/${other.id}/sign-in`, { code: c1.code }), 422, 'failed_precondition', 'code')
  assertError(await m.b2.post(`/events/${ev.id}/sign-in`, { code: c1.code }), 403, 'permission_denied')
  assertError(await m.two.post(`/events/${ev.id}/sign-in`, { code: 'not-a-code' }), 400, 'invalid_argument', 'code')
  await assertUnchanged(u.admin, before)
  await advance(30) // the previous slot's code still works
  assert.equal((await m.two.post(`/events/${ev.id}/sign-in`, { code: c1.code })).status, 200)
  await advance(31) // two slots on: the photo forwarded to an absent member stops working
  const expired = assertError(await m.three.post(`/events/${ev.id}/sign-in`, { code: c1.code }), 422, 'failed_precondition', 'code')
  assert.match(expired.message, /过期/)
  const c2 = (await code(ev)).json
  assert.notEqual(c2.code, c1.code)
  // Hand sign-in by the secretary, audited as such.
  const byHand = await u.zhibu1.post(`/events/${ev.id}/attendance/${m.threePerson.id}/sign-in`)
  assert.equal(byHand.status, 200, byHand.text)
  assert.equal(byHand.json.signed_by_hand, true)
  assertError(await u.zhibu1.post(`/events/${ev.id}/attendance/${m.threePerson.id}/sign-in`), 409, 'already_exists')
  assertError(await m.three.post(`/events/${ev.id}/sign-in`, { code: c2.code }), 409, 'already_exists')
  assertError(await u.dangyuan1.post(`/events/${ev.id}/attendance/${m.twoPerson.id}/sign-in`), 403)
  const audit = await u.admin.get(`/audit?action=hand_sign_in&record_id=${ev.id}`)
  assert.equal(audit.json.total, 1)
  const rows = await u.zhibu1.get(`/events/${ev.id}/attendance?status=signed`)
  assert.equal(rows.json.total, 3, 'three signed, each once')
  const rates = await u.zhibu1.get(`/events/${ev.id}/rates`)
  assert.equal(rates.status, 200)
  assert.equal(rates.json.signed, 3)
  assertError(await u.dangyuan1.get(`/events/${ev.id}/rates`), 403)
  await advance(90 * 60) // past the end: the window is closed
  assertError(await code(ev), 422, 'failed_precondition')
  const late = assertError(await u.dangyuan1.post(`/events/${ev.id}/sign-in`, { code: c2.code }), 422, 'failed_precondition')
  assert.match(late.message, /签到已截止/)
  assertError(await u.dangwei.post(`/events/${ev.id}/sign-in`, { code: c2.code }), 403, 'permission_denied')
})

test('leave before the end, decided by the secretary with a notification; make-up afterwards', async () => {
  const ev = await create(u.zhibu1, { status: 'published' })
  const asked = await m.two.post(`/events/${ev.id}/leave`, { reason: '外出调研' })
  assert.equal(asked.status, 200, asked.text)
  assert.equal(asked.json.leave_state, 'pending')
  assertError(await m.b2.post(`/events/${ev.id}/leave`, { reason: '外出' }), 404)
  assertError(await m.two.post(`/events/${ev.id}/leave`, { reason: '' }), 400, 'invalid_argument', 'reason')
  assertError(await u.dangyuan1.post(`/events/${ev.id}/attendance/${m.twoPerson.id}/leave-decision`, { version: asked.json.version, approve: true }), 403)
  assertError(await u.zhibu1.post(`/events/${ev.id}/attendance/${m.twoPerson.id}/leave-decision`, { version: 1, approve: true }), 409, 'conflict')
  const decided = await u.zhibu1.post(`/events/${ev.id}/attendance/${m.twoPerson.id}/leave-decision`,
    { version: asked.json.version, approve: true, note: '同意' })
  assert.equal(decided.status, 200, decided.text)
  assert.equal(decided.json.status, 'leave')
  const notes = await unread(m.two, 'event_leave_decision')
  assert.equal(notes.length, 1)
  assert.equal(notes[0].title, '请假已批准')
  assertError(await u.zhibu1.post(`/events/${ev.id}/attendance/${m.twoPerson.id}/leave-decision`,
    { version: decided.json.version, approve: false }), 422, 'failed_precondition')
  // Make-up only once the event has started, not for someone signed in.
  const today = new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
  const row = (await u.zhibu1.get(`/events/${ev.id}/attendance?limit=500`)).json.items.find((a) => a.person_id === m.threePerson.id)
  assertError(await u.zhibu1.post(`/events/${ev.id}/attendance/${m.threePerson.id}/makeup`,
    { version: row.version, date: today, method: '观看录像' }), 422, 'failed_precondition')
  await advance(2 * 60 * 60) // the event is over
  assertError(await m.three.post(`/events/${ev.id}/leave`, { reason: '补请假' }), 422, 'failed_precondition')
  const absent = await u.zhibu1.get(`/events/${ev.id}/attendance?status=absent&limit=500`)
  assert.ok(absent.json.items.some((a) => a.person_id === m.threePerson.id), 'not signed by the end: absent')
  const made = await u.zhibu1.post(`/events/${ev.id}/attendance/${m.threePerson.id}/makeup`,
    { version: row.version, date: new Date(now + 8 * 3600_000).toISOString().slice(0, 10), method: '观看录像并提交心得' })
  assert.equal(made.status, 200, made.text)
  assert.equal(made.json.status, 'makeup')
  assertError(await u.zhibu1.post(`/events/${ev.id}/attendance/${m.threePerson.id}/makeup`,
    { version: made.json.version, date: '2020-01-01', method: '自学' }), 400, 'invalid_argument', 'date')
  const rates = await u.zhibu1.get(`/events/${ev.id}/rates`)
  assert.equal(rates.json.leave, 1)
  assert.equal(rates.json.makeup, 1)
  assert.equal(rates.json.signed, 0)
  assert.equal(rates.json.absent, rates.json.invited - 2)
})

test('photos and files of an event: its writers attach, its readers read', async () => {
  const ev = await create(u.zhibu1, { status: 'published' })
  const boundary = '----DuxingEventFiles'
  const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="纪要.txt"\r\n` +
    `Content-Type: text/plain\r\n\r\n会议纪要：学习党史。\r\n--${boundary}--\r\n`)
  const send = (c) => c.request('POST', `/attachments?record_type=event&record_id=${ev.id}`, {
    body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
  })
  assertError(await send(u.dangyuan1), 403, 'permission_denied')
  assertError(await send(m.b2), 404)
  const up = await send(u.zhibu1)
  assert.equal(up.status, 201, up.text)
  const list = await u.dangyuan1.get(`/attachments?record_type=event&record_id=${ev.id}`)
  assert.equal(list.status, 200, list.text)
  assert.deepEqual(list.json.items.map((a) => a.file_name), ['纪要.txt'])
})

test('rates per person and per branch, in scope', async () => {
  const campaigns = await u.admin.get('/campaigns')
  const c2021 = campaigns.json.items.find((c) => c.year === 2021)
  const people = await u.dangwei.get(`/event-rates/people?campaign_id=${c2021.id}&limit=500`)
  assert.equal(people.status, 200, people.text)
  assert.ok(people.json.total > 50)
  for (const p of people.json.items) {
    assert.equal(p.signed + p.leave + p.absent + p.makeup + p.pending, p.invited)
    assert.ok(p.attendance_rate >= 0 && p.attendance_rate <= 1)
  }
  const own = await u.dangyuan1.get(`/event-rates/people?campaign_id=${c2021.id}`)
  assert.deepEqual(own.json.items.map((p) => p.name), ['钱党员'], 'a member sees their own')
  const orgs = await u.zhibu1.get(`/event-rates/orgs?campaign_id=${c2021.id}`)
  assert.equal(orgs.status, 200)
  assert.deepEqual(orgs.json.items.map((o) => o.name), ['机关第一支部'], 'a secretary sees their branch')
  const all = await u.dangwei.get(`/event-rates/orgs?campaign_id=${c2021.id}`)
  assert.ok(all.json.items.length >= 3)
  assertError(await u.dangwei.get('/event-rates/orgs?org_id=999999'), 400, 'invalid_argument', 'org_id')
  assertError(await u.dangwei.get('/event-rates/people?from=yesterday'), 400, 'invalid_argument', 'from')
})

test('the rates lists are grouped lists: sorts, filters, offset and cursor pages, a total equal to a plain count', async () => {
  const c2021 = (await u.admin.get('/campaigns')).json.items.find((c) => c.year === 2021)
  const q = `campaign_id=${c2021.id}`
  for (const kind of ['people', 'orgs']) {
    const whole = await u.dangwei.get(`/event-rates/${kind}?${q}&limit=500`)
    assert.equal(whole.status, 200, whole.text)
    // The total is a plain count: one row per person (org), each once.
    const key = kind === 'people' ? 'person_id' : 'org_id'
    const keys = whole.json.items.map((r) => r[key])
    assert.equal(whole.json.total, keys.length)
    assert.equal(new Set(keys).size, keys.length)
    assert.equal(whole.json.next_cursor, null)
    // Cursor pages join up into the whole list; offset pages agree.
    for (const sort of ['', '-attendance_rate', 'completion_rate', '-invited']) {
      const walked = []
      let cursor = ''
      for (let i = 0; i <= whole.json.total / 7 + 1; i++) {
        const page = await u.dangwei.get(`/event-rates/${kind}?${q}&limit=7&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`)
        assert.equal(page.status, 200, page.text)
        assert.equal(page.json.total, whole.json.total)
        walked.push(...page.json.items)
        if (!page.json.next_cursor) break
        cursor = encodeURIComponent(page.json.next_cursor)
      }
      assert.deepEqual(walked.map((r) => r[key]).sort((a, b) => a - b), [...keys].sort((a, b) => a - b), sort)
      const second = await u.dangwei.get(`/event-rates/${kind}?${q}&limit=7&offset=7&sort=${sort}`)
      assert.deepEqual(second.json.items.map((r) => r[key]), walked.slice(7, 14).map((r) => r[key]), sort)
      if (sort) {
        const field = sort.replace(/^-/, '')
        const values = walked.map((r) => r[field])
        const sorted = [...values].sort((a, b) => (sort.startsWith('-') ? b - a : a - b))
        // Rates sort by hundredths of a percent, then by id.
        assert.deepEqual(values.map((v) => Math.floor(v * 10000 + 1e-9)), sorted.map((v) => Math.floor(v * 10000 + 1e-9)), sort)
      }
    }
    // Every person's (org's) counts add up, and the org rows count the same invitations as the people rows.
    for (const r of whole.json.items) assert.equal(r.signed + r.leave + r.absent + r.makeup + r.pending, r.invited)
  }
  const people = (await u.dangwei.get(`/event-rates/people?${q}&limit=500`)).json.items
  const orgs = (await u.dangwei.get(`/event-rates/orgs?${q}&limit=500`)).json.items
  const sum = (rows, f) => rows.reduce((n, r) => n + r[f], 0)
  for (const f of ['invited', 'signed', 'leave', 'absent', 'makeup']) assert.equal(sum(orgs, f), sum(people, f), f)
  // Filters: the org subtree (第一党小组 is inside 机关第一支部), the dates.
  const branch = await u.dangwei.get(`/event-rates/people?${q}&org_id=${ids.branch1.id}&limit=500`)
  assert.ok(branch.json.total > 0 && branch.json.total < people.length)
  assert.ok(branch.json.items.every((r) => people.some((p) => p.person_id === r.person_id)))
  const april = await u.dangwei.get(`/event-rates/people?${q}&from=2021-04-01&to=2021-05-01&limit=500`)
  const aprilInvited = sum(april.json.items, 'invited')
  assert.ok(aprilInvited > 0 && aprilInvited < sum(people, 'invited'))
  // 钱党员 in April: the three speech events for members and all and the five 党小组会.
  const qian = (await u.dangyuan1.get(`/event-rates/people?${q}&from=2021-04-01&to=2021-05-01`)).json.items
  assert.deepEqual(qian.map((r) => [r.name, r.invited]), [['钱党员', 3 + 5]])
  // Refusals: an undeclared sort, a forged cursor, a bad limit.
  assertError(await u.dangwei.get(`/event-rates/people?${q}&sort=org_name`), 400, 'invalid_argument', 'sort')
  assertError(await u.dangwei.get(`/event-rates/orgs?${q}&cursor=forged`), 400, 'invalid_argument', 'cursor')
  assertError(await u.dangwei.get(`/event-rates/orgs?${q}&limit=0`), 400, 'invalid_argument', 'limit')
})

test('the day-before reminder reaches each invitee once with two processes', async () => {
  // A second process on the same database, its clock moved with ours: each
  // process's scheduler enqueues the 08:00 (China time) run, one runs it.
  const b = await spawnServe(srv.dbUrl, { args: ['--test-hooks'] })
  try {
    const china = new Date(now + 8 * 3600_000)
    let next8 = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate(), 8) - 8 * 3600_000
    if (next8 <= now) next8 += 24 * 3600_000
    const start = next8 + 26 * 3600_000 // the day after, 10:00 China time
    const ev = await create(u.zhibu1, { status: 'published', starts_at: iso(start), ends_at: iso(start + 3600_000) })
    const before = (await unread(u.dangyuan1, 'event_reminder')).length
    const target = next8 + 1000
    const moveB = async () => {
      const first = await request(b, 'POST', `${API}/test-hooks/clock`, { json: { advance_seconds: 1 } })
      const bNow = Date.parse(first.json.now)
      for (let left = Math.ceil((target - bNow) / 1000); left > 0; left -= 86400) {
        const r = await request(b, 'POST', `${API}/test-hooks/clock`, { json: { advance_seconds: Math.min(left, 86400) } })
        assert.equal(r.status, 200, r.text)
      }
    }
    await Promise.all([advance(Math.ceil((target - now) / 1000)), moveB()])
    const sent = /events: sent [1-9]\d* day-before reminders/
    await Promise.any([waitForLog(srv, sent), waitForLog(b, sent)])
    u = await loginAll(srv) // sessions idle past their limit on the moved clock
    const after = await unread(u.dangyuan1, 'event_reminder')
    assert.equal(after.length, before + 1, 'one reminder, from one process')
    assert.match(after[0].text, new RegExp(ev.title))
  } finally {
    await b.stop()
  }
})
