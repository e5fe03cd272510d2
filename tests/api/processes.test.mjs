// Two `serve` processes on one database (as behind a load balancer): what one
// process changes, the other sees on the very next request, although each
// keeps sessions (and answers the unread count) from its own cache. Sign-out,
// ending sessions, password change, role change and disabling in process B
// refuse the session in process A at once; marking notifications read in B
// changes A's unread count at once.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertError, Client, demoIds, login, spawnServe, startServer, uniqueName } from './harness.mjs'

// A answers the unread-count poll on its I/O thread where it can (SQLite),
// B on its workers: both paths must see the other process's writes.
const a = await startServer('processes', { args: ['--answer-in-place'] })
const b = await spawnServe(a.dbUrl)
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
})
