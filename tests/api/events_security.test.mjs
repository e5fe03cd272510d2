// Events, the holes of the session-11 attacker review (issue 8), each with
// the rule the product promises: the QR link trusts only loopback literals
// as Host; co-organizers and target orgs lie within what the caller may
// write; a held (started or signed-in) event is never cancelled after the
// fact, and a cancelled event takes no 补学. Every refusal writes nothing.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  API, PASSWORD, assertError, assertUnchanged, demoIds, firstSignIn, loginAll, request, snapshot, startServer,
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

/** A member account of `orgId` linked to the first person of that org without an account. */
async function memberAccount(orgId, username) {
  const accounts = await u.admin.get('/accounts?limit=500')
  const linked = new Set(accounts.json.items.map((a) => a.person_id).filter(Boolean))
  const people = await u.admin.get(`/people?org_id=${orgId}&category=member&limit=100`)
  const person = people.json.items.find((p) => !linked.has(p.id))
  assert.ok(person, `a member of org ${orgId} without an account`)
  const made = await u.admin.post('/accounts', {
    username, display_name: person.name, password: PASSWORD, person_id: person.id, roles: [{ role: 'member', org_id: orgId }],
  })
  assert.equal(made.status, 201, made.text)
  const client = await firstSignIn(srv, username)
  return { client, account: made.json, person }
}

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
