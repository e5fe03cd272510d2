// Events, the holes of the session-11 attacker review (issue 8), each with
// the rule the product promises: the QR link trusts only loopback literals
// as Host; co-organizers and target orgs lie within what the caller may
// write; a held (started or signed-in) event is never cancelled after the
// fact, and a cancelled event takes no 补学. Every refusal writes nothing.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  API, assertError, assertUnchanged, demoIds, loginAll, memberAccount, request, snapshot, startServer,
} from './harness.mjs'

const srv = await startServer('events_security', { args: ['--test-hooks', '--session-idle', '12h'] })
after(() => srv.stop())

let u, ids, types, now

async function advance(seconds) {
  const res = await request(srv, 'POST', `${API}/test-hooks/clock`, { json: { advance_seconds: seconds } })
  assert.equal(res.status, 200, res.text)
  now = Date.parse(res.json.now)
  return now
}
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
const minutes = (n) => n * 60_000

before(async () => {
  await advance(1)
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
  const t = await u.dangwei.get('/event-types')
  types = Object.fromEntries(t.json.items.map((x) => [x.code, x]))
})

/** An event of 机关第一支部 by its secretary (starting in 40 minutes unless told). */
async function branchEvent(extra = {}) {
  const r = await u.zhibu1.post('/events', {
    org_id: ids.branch1.id, title: '支部专题学习', type_id: types.topic_study.id,
    starts_at: iso(now + minutes(40)), ends_at: iso(now + minutes(100)), place: '局三楼会议室',
    target_org_ids: [ids.branch1.id], target_categories: ['member', 'probationary'], status: 'published',
    ...extra,
  })
  assert.equal(r.status, 201, r.text)
  return r.json
}

describe('the sign-in QR link without --public-url', () => {
  test('only loopback addresses are trusted as Host, not DNS names that begin with "127."', async () => {
    // Starting in ten minutes: the sign-in window is open already.
    const ev = await branchEvent({ title: '二维码地址', starts_at: iso(now + minutes(10)), ends_at: iso(now + minutes(70)) })
    const code = (host) => u.zhibu1.request('GET', `/events/${ev.id}/sign-in-code`, { headers: { Host: host } })
    const local = await code(`127.0.0.1:${srv.port}`)
    assert.equal(local.status, 200, local.text)
    assert.equal(local.json.url, `http://127.0.0.1:${srv.port}${local.json.path}`)
    for (const host of ['127.attacker.example', `127.0.0.1.nip.io:${srv.port}`, `127.0.0.256:${srv.port}`]) {
      const spoofed = await code(host)
      assert.equal(spoofed.status, 200, spoofed.text)
      assert.equal(spoofed.json.url, null, `a link to ${host}, a name anyone can register, in the QR code: ${spoofed.json.url}`)
      assertError(await u.zhibu1.request('GET', `/events/${ev.id}/sign-in-qr`, { headers: { Host: host } }),
        422, 'failed_precondition')
    }
  })
})

describe('co-organizers and target orgs of an event', () => {
  test('a branch secretary cannot name an org outside their scope as co-organizer and so invite its people', async () => {
    const other = await memberAccount(srv, u.admin, ids.branch2.id, `invitee${process.pid}`)
    const unread = async () => (await other.client.get('/notifications/unread-count')).json.unread
    const before = await unread()
    const snap = await snapshot(u.admin)
    // 机关第一支部's secretary names the bureau's root org as co-organizer and targets all of it.
    const body = {
      org_id: ids.branch1.id, title: '支部党员大会', type_id: types.member_congress.id,
      starts_at: iso(now + minutes(60)), ends_at: iso(now + minutes(120)), place: '局三楼会议室',
      co_org_ids: [ids.bureau.id], target_org_ids: [ids.bureau.id],
      target_categories: ['member', 'probationary'], status: 'published',
    }
    const r = await u.zhibu1.post('/events', body)
    if (r.status === 201) {
      const rows = await u.zhibu1.get(`/events/${r.json.id}/attendance?limit=500`)
      const outside = (rows.json.items || []).filter((a) => !['机关第一支部', '第一党小组', '第二党小组'].includes(a.org_name))
      assert.fail(`the secretary of 机关第一支部 invited ${outside.length} people of other branches ` +
        `(${[...new Set(outside.map((a) => a.org_name))].join('、')}) and reads their names and attendance`)
    }
    const e = assertError(r, 403, 'permission_denied', 'co_org_ids')
    assert.match(e.message, /联合举办组织/)
    // A sibling branch as co-organizer, or as a target (the branch itself co-organizing): refused too.
    assertError(await u.zhibu1.post('/events', { ...body, co_org_ids: [ids.branch2.id], target_org_ids: [ids.branch1.id] }),
      403, 'permission_denied', 'co_org_ids')
    assertError(await u.zhibu1.post('/events', { ...body, co_org_ids: [], target_org_ids: [ids.branch2.id] }),
      403, 'permission_denied', 'target_org_ids')
    await assertUnchanged(u.admin, snap)
    assert.equal(await unread(), before, 'no invitation reached a member of another branch')
  })

  test('an org admin of the parent names sibling branches; the secretary may edit the event but not widen it', async () => {
    const r = await u.dangwei.post('/events', {
      org_id: ids.branch1.id, title: '联合主题党日', type_id: types.topic_study.id,
      starts_at: iso(now + minutes(60)), ends_at: iso(now + minutes(120)), place: '局三楼会议室',
      co_org_ids: [ids.branch2.id], target_org_ids: [ids.branch1.id, ids.branch2.id],
      target_categories: ['member'], status: 'published',
    })
    assert.equal(r.status, 201, r.text)
    assert.deepEqual(r.json.co_org_ids, [ids.branch2.id])
    // The organizer's secretary edits it: the sibling named by the admin stays.
    const edited = await u.zhibu1.patch(`/events/${r.json.id}`, { version: r.json.version, place: '局五楼会议室' })
    assert.equal(edited.status, 200, edited.text)
    assert.deepEqual(edited.json.target_org_ids.sort(), [ids.branch1.id, ids.branch2.id].sort())
    // ...but may not add an org of their own choosing outside their branch.
    const own = await branchEvent({ title: '本支部学习' })
    const snap = await snapshot(u.admin)
    assertError(await u.zhibu1.patch(`/events/${r.json.id}`, {
      version: edited.json.version, co_org_ids: [ids.branch2.id, ids.branch3.id],
    }), 403, 'permission_denied', 'co_org_ids')
    assertError(await u.zhibu1.patch(`/events/${r.json.id}`, {
      version: edited.json.version, target_org_ids: [ids.branch1.id, ids.branch2.id, ids.committee.id],
    }), 403, 'permission_denied', 'target_org_ids')
    assertError(await u.zhibu1.patch(`/events/${own.id}`, { version: own.version, co_org_ids: [ids.retired.id] }),
      403, 'permission_denied', 'co_org_ids')
    await assertUnchanged(u.admin, snap)
  })
})

describe('cancelling an event', () => {
  // Refused as the event's state forbids it (422 failed_precondition): 409
  // conflict means a stale version, which the web answers with "reload".
  test('an event that has been held, with members signed in, cannot be cancelled afterwards', async () => {
    // The demo's 学史明理 专题学习会 of 2021-03-30: held, 钱党员 signed in.
    const events = await u.dangwei.get(`/events?q=${encodeURIComponent('学史明理')}&limit=50`)
    assert.equal(events.status, 200, events.text)
    const held = events.json.items.find((e) => e.title.includes('学史明理') && e.status === 'published')
    assert.ok(held, 'the held demo event')
    assert.ok(Date.parse(held.ends_at) < now, 'it ended long ago')
    const mine = async () => (await u.dangyuan1.get('/my-attendance?limit=100')).json.totals
    const before = await mine()
    const snap = await snapshot(u.admin)
    const r = await u.dangwei.post(`/events/${held.id}/cancel`, { version: held.version, reason: '补录' })
    assert.ok(r.status >= 400 && r.status < 500,
      `a held event was cancelled after the fact (${r.status}): its sign-ins leave the members' records and every invitee is told it is cancelled`)
    const e = assertError(r, 422, 'failed_precondition')
    assert.match(e.message, /已开始|已有.*签到/)
    assert.deepEqual(await mine(), before, "the member's record is unchanged")
    await assertUnchanged(u.admin, snap)
  })

  test('an event is cancelled before it starts and before anyone signs in; a cancelled event takes no 补学', async () => {
    // Signed in early (the window opens before the start): no longer cancellable.
    const early = await branchEvent({ title: '提前签到的学习会', starts_at: iso(now + minutes(20)), ends_at: iso(now + minutes(80)) })
    const code = (await u.zhibu1.get(`/events/${early.id}/sign-in-code`)).json.code
    assert.equal((await u.dangyuan1.post(`/events/${early.id}/sign-in`, { code })).status, 200)
    const snap = await snapshot(u.admin)
    const signed = assertError(await u.zhibu1.post(`/events/${early.id}/cancel`, { version: early.version, reason: '改期' }),
      422, 'failed_precondition')
    assert.match(signed.message, /签到/)
    await assertUnchanged(u.admin, snap)

    const later = await branchEvent({ title: '改期的学习会', starts_at: iso(now + minutes(30)), ends_at: iso(now + minutes(90)) })
    const started = await branchEvent({ title: '已开始的学习会', starts_at: iso(now + minutes(30)), ends_at: iso(now + minutes(90)) })
    const cancelled = await u.zhibu1.post(`/events/${later.id}/cancel`, { version: later.version, reason: '改期' })
    assert.equal(cancelled.status, 200, cancelled.text)
    await advance(31 * 60) // both have started now
    const snap2 = await snapshot(u.admin)
    const e = assertError(await u.zhibu1.post(`/events/${started.id}/cancel`, { version: started.version, reason: '改期' }),
      422, 'failed_precondition')
    assert.match(e.message, /已开始/)
    // 补学 for a member of the cancelled event: there was nothing to make up.
    const rows = await u.zhibu1.get(`/events/${later.id}/attendance?limit=500`)
    const row = rows.json.items.find((a) => a.person_id === ids.member.id)
    assert.ok(row, 'the member was invited')
    const today = new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
    const makeup = assertError(await u.zhibu1.post(`/events/${later.id}/attendance/${ids.member.id}/makeup`,
      { version: row.version, date: today, method: '自学视频' }), 422, 'failed_precondition')
    assert.match(makeup.message, /已取消/)
    await assertUnchanged(u.admin, snap2)
    // 补学 on the started event, then its removal from the list: a clear message.
    const startedRow = (await u.zhibu1.get(`/events/${started.id}/attendance?limit=500`)).json.items
      .find((a) => a.person_id === ids.member.id)
    const made = await u.zhibu1.post(`/events/${started.id}/attendance/${ids.member.id}/makeup`,
      { version: startedRow.version, date: today, method: '自学视频' })
    assert.equal(made.status, 200, made.text)
    const kept = assertError(await u.zhibu1.del(`/events/${started.id}/attendance/${ids.member.id}`), 422, 'failed_precondition')
    assert.equal(kept.message, `${ids.member.name}已补学，不能移出参加名单`)
  })
})

describe('leave requests and rates', () => {
  test("a member cannot ask again after a rejection: the secretary's decision stands", async () => {
    const ev = await branchEvent({ title: '请假复议测试', starts_at: iso(now + minutes(300)), ends_at: iso(now + minutes(360)) })
    const asked = await u.dangyuan1.post(`/events/${ev.id}/leave`, { reason: '出差' })
    assert.equal(asked.status, 200, asked.text)
    // While pending, the member may restate the reason.
    const restated = await u.dangyuan1.post(`/events/${ev.id}/leave`, { reason: '赴省局出差' })
    assert.equal(restated.status, 200, restated.text)
    const rejected = await u.zhibu1.post(`/events/${ev.id}/attendance/${ids.member.id}/leave-decision`,
      { version: restated.json.version, approve: false, note: '会议重要，请调整行程' })
    assert.equal(rejected.status, 200, rejected.text)
    assert.equal(rejected.json.leave_state, 'rejected')
    const snap = await snapshot(u.admin)
    const again = assertError(await u.dangyuan1.post(`/events/${ev.id}/leave`, { reason: '还是要出差' }), 422, 'failed_precondition')
    assert.match(again.message, /未获批准/)
    await assertUnchanged(u.admin, snap)
    const row = (await u.zhibu1.get(`/events/${ev.id}/attendance?limit=500`)).json.items.find((a) => a.person_id === ids.member.id)
    assert.equal(row.leave_state, 'rejected', 'the decision is still shown')
    assert.equal(row.leave_note, '会议重要，请调整行程')
    assert.equal(row.leave_reason, '赴省局出差')
  })

  test('rates of an org outside the caller\'s scope are refused, not answered empty', async () => {
    for (const kind of ['people', 'orgs']) {
      const own = await u.zhibu1.get(`/event-rates/${kind}?org_id=${ids.branch1.id}`)
      assert.equal(own.status, 200, own.text)
      assertError(await u.zhibu1.get(`/event-rates/${kind}?org_id=${ids.branch2.id}`), 403, 'permission_denied', 'org_id')
      assertError(await u.zhibu1.get(`/event-rates/${kind}?org_id=${ids.bureau.id}`), 403, 'permission_denied', 'org_id')
      assertError(await u.dangyuan1.get(`/event-rates/${kind}?org_id=${ids.branch2.id}`), 403, 'permission_denied', 'org_id')
      const wide = await u.dangwei.get(`/event-rates/${kind}?org_id=${ids.branch2.id}`)
      assert.equal(wide.status, 200, wide.text)
    }
  })
})
