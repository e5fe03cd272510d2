// Notifications (/notifications): an administrator's password reset notifies
// the account's owner; the owner lists, counts and marks them read; nobody
// sees or marks another account's.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertError, demoIds, firstSignIn, login, startServer, uniqueName } from './harness.mjs'

const srv = await startServer('notifications')
after(() => srv.stop())

const PASSWORD_A = 'Notify-reset-2026a'
const PASSWORD_B = 'Notify-reset-2026b'
let admin, ids, seq = 0, own = 0
// A password of the owner's own choosing, new each time (a password set by an
// administrator must be changed at first sign-in).
const ownPassword = () => `Own-notify-${++own}-2026`

before(async () => {
  admin = await login(srv, 'admin')
  ids = await demoIds(admin)
})

/** A new member account of branch 1, signed in. */
async function newMember() {
  seq += 1
  const username = `notify${seq}x${process.pid % 1000}`
  const res = await admin.post('/accounts', {
    username, display_name: uniqueName('通知'), password: PASSWORD_A,
    roles: [{ role: 'member', org_id: ids.branch1.id }],
  })
  assert.equal(res.status, 201, res.text)
  return { id: res.json.id, username }
}

/** Resets `account`'s password as the system admin (the producer) and signs it
 * in, changing the reset password first as its owner must. */
async function resetAndLogin(account, password = PASSWORD_B) {
  const r = await admin.post(`/accounts/${account.id}/password`, { password })
  assert.equal(r.status, 204, r.text)
  return firstSignIn(srv, account.username, { password, newPassword: ownPassword() })
}

async function unread(client) {
  const r = await client.get('/notifications/unread-count')
  assert.equal(r.status, 200, r.text)
  assert.deepEqual(Object.keys(r.json), ['unread'])
  return r.json.unread
}

describe('notifications', () => {
  test('a password reset notifies the owner with a link to 账户设置; unread count follows', async () => {
    const acct = await newMember()
    const before = await firstSignIn(srv, acct.username, { password: PASSWORD_A, newPassword: ownPassword() })
    assert.equal(await unread(before), 0)
    const me = await resetAndLogin(acct)
    assert.equal(await unread(me), 1)
    const list = await me.get('/notifications')
    assert.equal(list.status, 200, list.text)
    assert.equal(list.json.total, 1)
    const n = list.json.items[0]
    assert.equal(n.kind, 'password_reset')
    assert.equal(n.title, '您的密码已被管理员重设')
    assert.match(n.text, /系统管理员/)
    assert.deepEqual(n.link, { record_type: 'account', record_id: acct.id, path: '/account' })
    assert.equal(n.read_at, null)
    assert.ok(Date.parse(n.created_at))
    // The administrator's own list is untouched.
    assert.equal(await unread(admin), 0)
  })

  test('read one, read-all; unread first or newest first; unread filter; paging', async () => {
    const acct = await newMember()
    let me = await resetAndLogin(acct, PASSWORD_B)
    me = await resetAndLogin(acct, PASSWORD_A)
    me = await resetAndLogin(acct, PASSWORD_B)
    assert.equal(await unread(me), 3)
    const all = (await me.get('/notifications?order=newest')).json.items
    assert.equal(all.length, 3)
    const [newest, middle, oldest] = all
    assert.ok(newest.id > middle.id && middle.id > oldest.id)

    const read = await me.post(`/notifications/${middle.id}/read`)
    assert.equal(read.status, 200, read.text)
    assert.equal(read.json.id, middle.id)
    assert.ok(read.json.read_at)
    assert.equal(await unread(me), 2)
    // Again: unchanged, still counted once.
    const again = await me.post(`/notifications/${middle.id}/read`)
    assert.equal(again.json.read_at, read.json.read_at)
    assert.equal(await unread(me), 2)

    const unreadFirst = (await me.get('/notifications')).json.items.map((x) => x.id)
    assert.deepEqual(unreadFirst, [newest.id, oldest.id, middle.id])
    const newestFirst = (await me.get('/notifications?order=newest')).json.items.map((x) => x.id)
    assert.deepEqual(newestFirst, [newest.id, middle.id, oldest.id])
    const onlyUnread = await me.get('/notifications?unread=true')
    assert.equal(onlyUnread.json.total, 2)
    assert.deepEqual(onlyUnread.json.items.map((x) => x.id), [newest.id, oldest.id])
    const page = await me.get('/notifications?limit=1&offset=1')
    assert.equal(page.json.total, 3)
    assert.deepEqual(page.json.items.map((x) => x.id), [oldest.id])

    const readAll = await me.post('/notifications/read-all')
    assert.equal(readAll.status, 200, readAll.text)
    assert.deepEqual(readAll.json, { marked: 2 })
    assert.equal(await unread(me), 0)
    assert.equal((await me.get('/notifications?unread=true')).json.total, 0)
    assert.deepEqual((await me.post('/notifications/read-all')).json, { marked: 0 })
  })

  test("another account's notification: 404 to read, invisible in lists, untouched by read-all", async () => {
    const owner = await resetAndLogin(await newMember())
    const other = await resetAndLogin(await newMember())
    const mine = (await owner.get('/notifications')).json.items[0]
    for (const who of [other, admin]) {
      assertError(await who.post(`/notifications/${mine.id}/read`), 404, 'not_found')
      assert.ok(!(await who.get('/notifications?limit=500')).json.items.some((x) => x.id === mine.id))
      await who.post('/notifications/read-all')
    }
    assert.equal(await unread(owner), 1)
    assert.equal((await owner.get('/notifications')).json.items[0].read_at, null)
    assertError(await owner.post('/notifications/99999999/read'), 404, 'not_found')
  })

  test('refusals: signed out 401, bad id and query 400, missing CSRF 403', async () => {
    const me = await resetAndLogin(await newMember())
    const id = (await me.get('/notifications')).json.items[0].id
    const anon = await login(srv, 'admin')
    await anon.post('/auth/logout')
    for (const [m, p] of [['GET', '/notifications'], ['GET', '/notifications/unread-count'],
      ['POST', `/notifications/${id}/read`], ['POST', '/notifications/read-all']]) {
      assertError(await anon.request(m, p), 401, 'unauthenticated')
    }
    assertError(await me.post('/notifications/abc/read'), 400, 'invalid_argument')
    assertError(await me.get('/notifications?order=oldest'), 400, 'invalid_argument', 'order')
    assertError(await me.get('/notifications?limit=0'), 400, 'invalid_argument')
    assertError(await me.get('/notifications?unread=maybe'), 400, 'invalid_argument')
    assertError(await me.post(`/notifications/${id}/read`, undefined, { csrf: null }), 403)
    assertError(await me.post('/notifications/read-all', undefined, { csrf: null }), 403)
    assert.equal(await unread(me), 1)
  })

  test('a refused reset notifies nobody', async () => {
    const acct = await newMember()
    const me = await firstSignIn(srv, acct.username, { password: PASSWORD_A, newPassword: ownPassword() })
    assertError(await admin.post(`/accounts/${acct.id}/password`, { password: '123' }), 400, 'invalid_argument')
    const secretary = await login(srv, 'zhibu1')
    const r = await secretary.post(`/accounts/${acct.id}/password`, { password: PASSWORD_B })
    assert.ok(r.status === 403 || r.status === 404, r.text)
    assert.equal(await unread(me), 0)
    assert.equal((await me.get('/notifications')).json.total, 0)
  })
})
