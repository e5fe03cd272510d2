// Events, continued (issue 8): cancellation with a reason (notified, sign-in
// refused with a clear message, shown in 我的活动), the member's own
// attendance list with totals (/my-attendance), and the host of the sign-in
// QR link (serve --public-url; without it only a loopback or listen-address
// Host is trusted). Every refusal writes nothing.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertError, assertUnchanged, loginAll, snapshot, startServer } from './harness.mjs'
import { advanceClock, branchEventBody, eventsSetup, iso, minutes, unread } from './events_helpers.mjs'

const srv = await startServer('events_more', { args: ['--test-hooks', '--session-idle', '12h'] })
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

async function publish(extra = {}) {
  const r = await u.zhibu1.post('/events', branchEventBody(ids, types, now, { status: 'published', ...extra }))
  assert.equal(r.status, 201, r.text)
  return r.json
}

test('an organizer cancels with a reason: invitees are told, sign-in is refused clearly, 我的活动 shows it', async () => {
  const ev = await publish({ title: '待取消的学习会' })
  await advance(15 * 60) // into the sign-in window
  const code = (await u.zhibu1.get(`/events/${ev.id}/sign-in-code`)).json.code
  const before = await snapshot(u.admin)
  assertError(await u.zhibu1.post(`/events/${ev.id}/cancel`, { version: ev.version }), 400, 'invalid_argument', 'reason')
  assertError(await u.zhibu1.post(`/events/${ev.id}/cancel`, { version: ev.version, reason: '  ' }), 400, 'invalid_argument', 'reason')
  assertError(await u.zhibu1.patch(`/events/${ev.id}`, { version: ev.version, status: 'cancelled' }), 400, 'invalid_argument', 'status')
  assertError(await u.dangyuan1.post(`/events/${ev.id}/cancel`, { version: ev.version, reason: '不想去' }), 403, 'permission_denied')
  assertError(await u.lingdao.post(`/events/${ev.id}/cancel`, { version: ev.version, reason: '改期' }), 403, 'permission_denied')
  assertError(await u.zhibu1.post(`/events/${ev.id}/cancel`, { version: ev.version + 1, reason: '改期' }), 409, 'conflict')
  assertError(await u.zhibu1.post('/events/999999/cancel', { version: 1, reason: '改期' }), 404, 'not_found')
  await assertUnchanged(u.admin, before)
  assert.equal((await unread(u.dangyuan1, 'event_cancelled')).length, 0)

  const cancelled = await u.zhibu1.post(`/events/${ev.id}/cancel`, { version: ev.version, reason: '与全局大会冲突，另行通知' })
  assert.equal(cancelled.status, 200, cancelled.text)
  assert.equal(cancelled.json.status, 'cancelled')
  assert.equal(cancelled.json.cancel_reason, '与全局大会冲突，另行通知')
  const got = await u.dangyuan1.get(`/events/${ev.id}`)
  assert.equal(got.json.status, 'cancelled')
  const told = await unread(u.dangyuan1, 'event_cancelled')
  assert.equal(told.length, 1)
  assert.match(told[0].text, /待取消的学习会.*与全局大会冲突/)
  const refused = assertError(await u.dangyuan1.post(`/events/${ev.id}/sign-in`, { code }), 422, 'failed_precondition')
  assert.equal(refused.message, '活动已取消，不能签到')
  assertError(await u.zhibu1.get(`/events/${ev.id}/sign-in-code`), 422, 'failed_precondition')
  assertError(await u.dangyuan1.post(`/events/${ev.id}/leave`, { reason: '出差' }), 422, 'failed_precondition')
  assertError(await u.zhibu1.post(`/events/${ev.id}/cancel`, { version: cancelled.json.version, reason: '再次' }), 422, 'failed_precondition')
  assertError(await u.zhibu1.patch(`/events/${ev.id}`, { version: cancelled.json.version, title: '改' }), 422, 'failed_precondition')
  const audit = await u.admin.get(`/audit?record_type=event&record_id=${ev.id}&action=cancel`)
  assert.equal(audit.json.total, 1)
  const mine = await u.dangyuan1.get('/my-attendance?when=upcoming&limit=100')
  assert.equal(mine.status, 200, mine.text)
  const row = mine.json.items.find((i) => i.event.id === ev.id)
  assert.ok(row, 'the cancelled event is still listed to come')
  assert.equal(row.event.status, 'cancelled')
  assert.equal(row.event.cancel_reason, '与全局大会冲突，另行通知')
  assert.equal(row.status, 'invited', 'not absent: the event did not take place')
})

test('my attendance: own rows only with their events, paged, with study and volunteer totals', async () => {
  const ev = await publish({ title: '我的活动测试' })
  await advance(15 * 60)
  const code = (await u.zhibu1.get(`/events/${ev.id}/sign-in-code`)).json.code
  assert.equal((await u.dangyuan1.post(`/events/${ev.id}/sign-in`, { code })).status, 200)
  const all = await u.dangyuan1.get('/my-attendance?limit=500')
  assert.equal(all.status, 200, all.text)
  assert.ok(all.json.total >= 1)
  assert.ok(all.json.items.every((i) => i.person_name === all.json.items[0].person_name), 'one person only')
  const mine = all.json.items.find((i) => i.event.id === ev.id)
  assert.equal(mine.status, 'signed')
  assert.equal(mine.event.title, '我的活动测试')
  assert.equal(mine.service_minutes, null)
  // The demo's study logs and past events count in the totals.
  const s = all.json.summary
  assert.ok(s.study_minutes > 0, `the demo member's self-study: ${JSON.stringify(s)}`)
  assert.ok(s.signed >= 1)
  // Paging by the list mechanism: pages join up into the whole list.
  const first = await u.dangyuan1.get('/my-attendance?limit=1&sort=-starts_at')
  assert.equal(first.json.items.length, 1)
  assert.equal(first.json.total, all.json.total)
  if (all.json.total > 1) {
    assert.ok(first.json.next_cursor)
    const second = await u.dangyuan1.get(`/my-attendance?limit=1&sort=-starts_at&cursor=${encodeURIComponent(first.json.next_cursor)}`)
    assert.equal(second.status, 200, second.text)
    assert.notEqual(second.json.items[0].event.id, first.json.items[0].event.id)
  }
  // 待参加: not ended and still to sign in; the record: the rest (the event
  // just signed in is there at once).
  const past = await u.dangyuan1.get('/my-attendance?when=past&limit=500')
  assert.ok(past.json.items.every((i) => Date.parse(i.event.ends_at) <= now || i.status !== 'invited'))
  assert.ok(past.json.items.some((i) => i.event.id === ev.id))
  const upcoming = await u.dangyuan1.get('/my-attendance?when=upcoming&limit=500')
  assert.ok(upcoming.json.items.every((i) => Date.parse(i.event.ends_at) > now && i.status === 'invited'))
  assert.ok(!upcoming.json.items.some((i) => i.event.id === ev.id))
  assert.equal(upcoming.json.total + past.json.total, all.json.total)
  // Refusals: a bad filter or sort; an account without a person.
  assertError(await u.dangyuan1.get('/my-attendance?when=someday'), 400, 'invalid_argument', 'when')
  assertError(await u.dangyuan1.get('/my-attendance?sort=title'), 400, 'invalid_argument', 'sort')
  assertError(await u.admin.get('/my-attendance'), 403, 'permission_denied')
})

test('an event links study materials; a material lists its events; an unknown material writes nothing', async () => {
  const mats = await u.dangyuan1.get('/study/materials?limit=10')
  assert.equal(mats.status, 200, mats.text)
  const book = mats.json.items[0]
  const ev = await publish({ title: '读书班：党史', material_ids: [book.id] })
  assert.deepEqual(ev.material_ids, [book.id])
  const of = await u.dangwei.get(`/events?material_id=${book.id}&limit=100`)
  assert.equal(of.status, 200, of.text)
  assert.ok(of.json.items.some((e) => e.id === ev.id))
  assert.ok(of.json.items.every((e) => e.material_ids.includes(book.id)))
  const none = await u.dangwei.get(`/events?material_id=${mats.json.items[1].id}&limit=100`)
  assert.ok(!none.json.items.some((e) => e.id === ev.id))
  const before = await snapshot(u.admin)
  assertError(await u.zhibu1.post('/events', {
    org_id: ids.branch1.id, title: '读书班', type_id: types.topic_study.id,
    starts_at: iso(now + minutes(40)), ends_at: iso(now + minutes(100)), material_ids: [999999],
  }), 400, 'invalid_argument', 'material_ids')
  await assertUnchanged(u.admin, before)
  assertError(await u.dangwei.get('/events?material_id=abc'), 400, 'invalid_argument', 'material_id')
})

test('the sign-in QR link: a trusted Host without --public-url, the public URL with it', async () => {
  const ev = await publish({ title: '二维码地址测试' })
  await advance(15 * 60)
  const qr = (host) => u.zhibu1.request('GET', `/events/${ev.id}/sign-in-qr`, { headers: { Host: host } })
  const codeWith = (host) => u.zhibu1.request('GET', `/events/${ev.id}/sign-in-code`, { headers: { Host: host } })
  // Loopback (what the tests use) is trusted; the link follows it.
  const local = await qr(`127.0.0.1:${srv.port}`)
  assert.equal(local.status, 200, local.text)
  const c = await codeWith(`localhost:${srv.port}`)
  assert.equal(c.json.url, `http://localhost:${srv.port}${c.json.path}`)
  // A spoofed Host (a QR code on the screen pointing elsewhere): refused.
  const spoofed = assertError(await qr('evil.example.com'), 422, 'failed_precondition')
  assert.match(spoofed.message, /--public-url/)
  assert.equal((await codeWith('evil.example.com')).json.url, null)

  await srv.restart({ args: ['--test-hooks', '--session-idle', '12h', '--public-url', 'https://dj.example.gov.cn/'] })
  // (the test clock starts again from the real time: open a new window)
  await advance(1)
  const u2 = await loginAll(srv)
  const ev2 = await (async () => {
    const r = await u2.zhibu1.post('/events', {
      org_id: ids.branch1.id, title: '二维码地址测试二', type_id: types.topic_study.id,
      starts_at: iso(now + minutes(20)), ends_at: iso(now + minutes(80)),
      target_org_ids: [ids.branch1.id], status: 'published',
    })
    assert.equal(r.status, 201, r.text)
    return r.json
  })()
  const viaSpoofed = await u2.zhibu1.request('GET', `/events/${ev2.id}/sign-in-qr`, { headers: { Host: 'evil.example.com' } })
  assert.equal(viaSpoofed.status, 200, viaSpoofed.text)
  const viaLocal = await u2.zhibu1.request('GET', `/events/${ev2.id}/sign-in-qr`, { headers: { Host: `127.0.0.1:${srv.port}` } })
  assert.equal(viaLocal.text, viaSpoofed.text, 'the same link whatever the Host')
  const c2 = await u2.zhibu1.request('GET', `/events/${ev2.id}/sign-in-code`, { headers: { Host: 'evil.example.com' } })
  assert.equal(c2.json.url, `https://dj.example.gov.cn${c2.json.path}`)
  u = u2
})
