// Two `serve` processes on one database (as behind a load balancer): what one
// process changes, the other sees on the very next request, although each
// keeps sessions and unread counts in its own cache and, on SQLite, answers
// them from memory while the database's change signal says nothing changed.
// Sign-out, ending sessions, password change, role change, disabling and an
// organization renamed in process B reach process A at once; a notification
// written or read in B changes A's unread count at once; a signal left torn
// by B (as by a process killed between its commit and its signal) sends A
// to the database; an expired session is refused.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { API, assertError, Client, demoIds, login, request, spawnServe, startServer, uniqueName } from './harness.mjs'

const a = await startServer('processes', { args: ['--test-hooks'] })
const b = await spawnServe(a.dbUrl, { args: ['--test-hooks'] })
after(async () => {
  await b.stop()
  await a.stop()
})

const PASSWORD = 'Processes-2026a'
let adminB, ids, seq = 0, own = 0
// A new password of the owner's own choosing each time.
const ownPassword = () => `Own-choice-${++own}-2026`

before(async () => {
  adminB = await login(b, 'admin')
  ids = await demoIds(adminB)
})

/** The same browser session, sent to the other process. */
function sameSessionOn(srv, client) {
  const c = new Client(srv)
  c.cookie = client.cookie
  c.csrf = client.csrf
  return c
}

/** A new member account of branch 1 (created in B), signed in on A. */
async function memberOnA() {
  seq += 1
  const username = `proc${seq}x${process.pid % 1000}`
  const res = await adminB.post('/accounts', {
    username, display_name: uniqueName('进程'), password: PASSWORD,
    roles: [{ role: 'member', org_id: ids.branch1.id }],
  })
  assert.equal(res.status, 201, res.text)
  const onA = await login(a, username, { password: PASSWORD })
  const password = ownPassword()
  const changed = await onA.post('/auth/password', { old_password: PASSWORD, new_password: password })
  assert.equal(changed.status, 204, changed.text)
  return { id: res.json.id, username, onA, password }
}

/** Polls A until the session is cached there, then asserts it answers. */
async function assertServedOnA(client) {
  for (let i = 0; i < 2; i++) {
    const r = await client.get('/notifications/unread-count')
    assert.equal(r.status, 200, r.text)
  }
}

async function assertEndedOnA(client) {
  assertError(await client.get('/notifications/unread-count'), 401, 'unauthenticated')
  assertError(await client.get('/auth/me'), 401, 'unauthenticated')
}

describe('two processes on one database', () => {
  test('a sign-out in B ends the session in A on the next request', async () => {
    const m = await memberOnA()
    await assertServedOnA(m.onA)
    const r = await sameSessionOn(b, m.onA).post('/auth/logout')
    assert.equal(r.status, 204, r.text)
    await assertEndedOnA(m.onA)
  })

  test('ending the other sessions in B ends them in A; the current one lives', async () => {
    const m = await memberOnA()
    const phone = await login(a, m.username, { password: m.password })
    await assertServedOnA(phone)
    const desk = await login(b, m.username, { password: m.password })
    const r = await desk.del('/auth/sessions')
    assert.equal(r.status, 200, r.text)
    await assertEndedOnA(phone)
    await assertEndedOnA(m.onA)
    assert.equal((await sameSessionOn(a, desk).get('/notifications/unread-count')).status, 200)
  })

  test('a password change in B ends the other sessions in A', async () => {
    const m = await memberOnA()
    const phone = await login(a, m.username, { password: m.password })
    await assertServedOnA(phone)
    const r = await sameSessionOn(b, m.onA).post('/auth/password', {
      old_password: m.password, new_password: ownPassword(),
    })
    assert.equal(r.status, 204, r.text)
    await assertEndedOnA(phone)
    assert.equal((await m.onA.get('/notifications/unread-count')).status, 200)
  })

  test('a role change or disabling in B refuses the cached session in A', async () => {
    const m = await memberOnA()
    await assertServedOnA(m.onA)
    let acc = (await adminB.get(`/accounts/${m.id}`)).json
    const regrant = await adminB.patch(`/accounts/${m.id}`, {
      version: acc.version, roles: [{ role: 'branch_secretary', org_id: ids.branch1.id }],
    })
    assert.equal(regrant.status, 200, regrant.text)
    await assertEndedOnA(m.onA)

    const again = await login(a, m.username, { password: m.password })
    await assertServedOnA(again)
    assert.deepEqual((await again.get('/auth/me')).json.user.roles.map((g) => g.role), ['branch_secretary'])
    acc = (await adminB.get(`/accounts/${m.id}`)).json
    const off = await adminB.patch(`/accounts/${m.id}`, { version: acc.version, disabled: true })
    assert.equal(off.status, 200, off.text)
    await assertEndedOnA(again)
  })

  test('notifications read in B leave the unread count in A at once', async () => {
    const m = await memberOnA()
    // The administrator's reset (in B) notifies the member and ends its sessions.
    const reset = await adminB.post(`/accounts/${m.id}/password`, { password: PASSWORD })
    assert.equal(reset.status, 204, reset.text)
    await assertEndedOnA(m.onA)
    const me = await login(a, m.username, { password: PASSWORD })
    const changed = await me.post('/auth/password', { old_password: PASSWORD, new_password: ownPassword() })
    assert.equal(changed.status, 204, changed.text)
    for (let i = 0; i < 2; i++) {
      assert.deepEqual((await me.get('/notifications/unread-count')).json, { unread: 1 })
    }
    const read = await sameSessionOn(b, me).post('/notifications/read-all')
    assert.deepEqual(read.json, { marked: 1 })
    assert.deepEqual((await me.get('/notifications/unread-count')).json, { unread: 0 })
    // HEAD is answered like GET, without a body.
    const head = await me.request('HEAD', '/notifications/unread-count')
    assert.equal(head.status, 200)
    assert.equal(head.text, '')
  })

  test('a notification written in B is counted on the next read in A', async () => {
    const m = await memberOnA()
    for (let i = 0; i < 2; i++) {
      assert.deepEqual((await m.onA.get('/notifications/unread-count')).json, { unread: 0 })
    }
    const r = await request(b, 'POST', `${API}/test-hooks/notify`, { json: { account_id: m.id, title: '乙进程的通知' } })
    assert.equal(r.status, 204, r.text)
    assert.deepEqual((await m.onA.get('/notifications/unread-count')).json, { unread: 1 })
    const list = await m.onA.get('/notifications')
    assert.deepEqual(list.json.items.map((n) => n.title), ['乙进程的通知'])
  })

  test('an organization renamed in B reaches the principal cached in A', async () => {
    const m = await memberOnA()
    await assertServedOnA(m.onA)
    const orgOf = async () => (await m.onA.get('/auth/me')).json.user.roles[0].org_name
    const before = await orgOf()
    const org = (await adminB.get(`/orgs/${ids.branch1.id}`)).json
    const name = uniqueName('支部')
    const r = await adminB.patch(`/orgs/${org.id}`, { version: org.version, name })
    assert.equal(r.status, 200, r.text)
    assert.notEqual(before, name)
    assert.equal(await orgOf(), name)
    const back = await adminB.patch(`/orgs/${org.id}`, { version: r.json.version, name: org.name })
    assert.equal(back.status, 200, back.text)
    assert.equal(await orgOf(), org.name)
  })

  test('a signal left torn in B sends A to the database: the ended session is refused', async () => {
    const m = await memberOnA()
    await assertServedOnA(m.onA)
    const tear = await request(b, 'POST', `${API}/test-hooks/tear-change-signal`)
    assert.equal(tear.status, 204, tear.text)
    // B commits the sign-out and "dies" before its signal (SQLite); A, which
    // answered this session from memory, must not answer it from there now.
    const r = await sameSessionOn(b, m.onA).post('/auth/logout')
    assert.equal(r.status, 204, r.text)
    await assertEndedOnA(m.onA)
    // Still exact for everyone else while (or after) the signal is repaired.
    const other = await memberOnA()
    await assertServedOnA(other.onA)
  })

  test('a session past its idle limit is refused, though cached', async () => {
    const m = await memberOnA()
    await assertServedOnA(m.onA)
    // A's clock stops here and moves past the 30-minute idle limit (B's, and
    // the administrator signed in there, keep theirs).
    const moved = await request(a, 'POST', `${API}/test-hooks/clock`, { json: { advance_seconds: 31 * 60 } })
    assert.equal(moved.status, 200, moved.text)
    const gone = await m.onA.get('/notifications/unread-count')
    assertError(gone, 401, 'unauthenticated')
    assert.match(gone.json.error.message, /过期/)
  })
})

