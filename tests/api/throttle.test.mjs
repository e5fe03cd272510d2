// Login throttling (README, "Sign-in"): 5 failures for one username from one
// address, or 20 from one address across usernames, within 15 minutes → 429
// with a retry time; a username failing from many addresses is only slowed
// (growing waits after 20 failures, for the addresses that failed: never for
// an address without failures). Counted atomically; failures audited.
//
// Loopback has a whole /8: each scenario speaks from its own 127.x address so
// the per-username and the per-address limits can be told apart.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertError, Client, demoIds, login, PASSWORD, startServer } from './harness.mjs'

const srv = await startServer('throttle')
after(() => srv.stop())

let admin
before(async () => {
  admin = await login(srv, 'admin', { localAddress: '127.0.2.1' })
})

function from(address) {
  return new Client(srv, { localAddress: address })
}

function assertThrottled(res) {
  const e = assertError(res, 429, 'resource_exhausted')
  assert.equal(res.headers['set-cookie'], undefined, 'no session')
  assert.equal(typeof e.retry_after, 'number')
  assert.ok(e.retry_after > 0 && e.retry_after <= 15 * 60, `retry_after ${e.retry_after}`)
  const header = Number(res.headers['retry-after'])
  assert.ok(Number.isInteger(header), `Retry-After header: ${res.headers['retry-after']}`)
  assert.ok(Math.abs(header - e.retry_after) <= 1, 'header and body agree')
  assert.ok(e.retry_after > 15 * 60 - 120, 'the window just started: about 15 minutes to wait')
  return e
}

test('5 failures for one username from one address: that pair gets 429, even with the right password', async () => {
  for (let i = 1; i <= 5; i++) {
    const res = await from('127.0.3.1').login('dangwei', `wrong-password-${i}`)
    assertError(res, 401, 'unauthenticated')
  }
  assertThrottled(await from('127.0.3.1').login('dangwei', PASSWORD))
  assertThrottled(await from('127.0.3.1').login('dangwei', 'wrong-again-1'))
  // The owner, from an address without failures, signs in at once.
  const owner = await from('127.0.3.9').login('dangwei', PASSWORD)
  assert.equal(owner.status, 200, `owner locked out by another address: ${owner.text}`)
  // Other usernames from the same address are not affected.
  const other = await from('127.0.3.1').login('zhibu1', PASSWORD)
  assert.equal(other.status, 200, other.text)
})

test('failures from a few addresses never lock the owner out', async () => {
  // 3 addresses x 5 failures: each pair is blocked, the username is not.
  for (let a = 1; a <= 3; a++) {
    for (let i = 0; i < 5; i++) assertError(await from(`127.0.8.${a}`).login('lingdao', 'bad-password-8'), 401, 'unauthenticated')
  }
  const owner = await from('127.0.8.10').login('lingdao', PASSWORD)
  assert.equal(owner.status, 200, owner.text)
})

test('20 failures from many addresses only slow the addresses that failed (short, growing waits)', async () => {
  const u = 'nobody_many'
  // 10 addresses x 2 failures: under every pair limit.
  for (let a = 1; a <= 10; a++) {
    for (let i = 0; i < 2; i++) assertError(await from(`127.0.9.${a}`).login(u, 'bad-password-9'), 401, 'unauthenticated')
  }
  // Each further failure from a fresh address is checked (401) and doubles the
  // wait; that address, retrying at once, is slowed. The first waits are short
  // and may be over before the retry arrives; soon one is not.
  let slowed = null
  for (let a = 50; a < 58 && !slowed; a++) {
    assertError(await from(`127.0.9.${a}`).login(u, 'bad-password-9'), 401, 'unauthenticated')
    const res = await from(`127.0.9.${a}`).login(u, 'bad-password-9')
    if (res.status === 429) slowed = res
    else assertError(res, 401, 'unauthenticated')
  }
  assert.ok(slowed, 'the addresses that failed were slowed down')
  const e = assertError(slowed, 429, 'resource_exhausted')
  assert.ok(e.retry_after >= 1 && e.retry_after <= 256, `a short wait, not a lock-out: ${e.retry_after} s`)
  assert.equal(Number(slowed.headers['retry-after']), e.retry_after)
  // Other usernames from the same addresses are not affected.
  assert.equal((await from('127.0.9.50').login('dangyuan1', PASSWORD)).status, 200)
})

// The tester's lockout.js: 20 failures from 4 addresses (5 each), then one more
// from each new address. Before the fix, the owner's right password from a
// never-used address got 429 (2 s, 4 s, … 128 s) after failures 21-27.
test('27 failures from 11 addresses: the owner signs in at once from a fresh address; the failed addresses wait', async () => {
  // An account of its own, so that its count touches no other test.
  const u = `owner11x${process.pid % 1000}`
  const created = await admin.post('/accounts', {
    username: u, display_name: '锁定测试', password: PASSWORD, roles: [{ role: 'member', org_id: (await demoIds(admin)).branch1.id }],
  })
  assert.equal(created.status, 201, created.text)
  for (let a = 1; a <= 4; a++) {
    for (let i = 0; i < 5; i++) assertError(await from(`127.0.11.${a}`).login(u, 'bad-password-11'), 401, 'unauthenticated')
  }
  for (let a = 10; a < 17; a++) {
    // A fresh address is checked however long the username's wait is.
    assertError(await from(`127.0.11.${a}`).login(u, 'bad-password-11'), 401, 'unauthenticated')
  }
  // The 27th failure asked for 128 s: the last attacker address is held back
  // (with the right password too), and so is the first.
  for (const a of [16, 10]) {
    const held = assertError(await from(`127.0.11.${a}`).login(u, PASSWORD), 429, 'resource_exhausted')
    assert.ok(held.retry_after > 1 && held.retry_after <= 128, `retry_after ${held.retry_after}`)
  }
  const owner = await from('127.0.12.1').login(u, PASSWORD)
  assert.equal(owner.status, 200, `owner locked out by a few addresses: ${owner.text}`)
  // The owner's fresh address with a wrong password is checked and counted;
  // then it waits like the others.
  assertError(await from('127.0.12.2').login(u, 'bad-password-12'), 401, 'unauthenticated')
  assertError(await from('127.0.12.2').login(u, PASSWORD), 429, 'resource_exhausted')
})

test('parallel wrong passwords from one address: exactly 5 are checked, the rest 429', async () => {
  const attempts = await Promise.all(Array.from({ length: 24 },
    () => from('127.0.10.1').login('zhibu1', 'bad-password-10')))
  const statuses = attempts.map((r) => r.status)
  assert.equal(statuses.filter((s) => s === 401).length, 5, `statuses: ${statuses.join(' ')}`)
  assert.equal(statuses.filter((s) => s === 429).length, 19, `statuses: ${statuses.join(' ')}`)
  for (const r of attempts) assertError(r, r.status)
  const audited = (await admin.get('/audit?action=login_failed&limit=500')).json.items
    .filter((e) => e.actor_name === 'zhibu1' && e.client_ip === '127.0.10.1')
  assert.equal(audited.length, 5, 'one audit entry per checked password')
})

test('the failures are in the audit log as login_failed', async () => {
  const res = await admin.get('/audit?action=login_failed&limit=500')
  assert.equal(res.status, 200, res.text)
  const mine = res.json.items.filter((e) => e.actor_name === 'dangwei')
  assert.ok(mine.length >= 5, `${mine.length} login_failed entries for dangwei`)
  assert.equal(mine.filter((e) => e.client_ip === '127.0.3.1').length, 5, 'each failure from 127.0.3.1 audited')
  for (const e of mine) {
    assert.equal(e.action, 'login_failed')
    assert.equal(e.record_type, 'account')
    assert.equal(e.actor_id, null, 'nobody was signed in')
    assert.equal(typeof e.record_id, 'number', 'the account that was tried')
    assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    assert.ok(!JSON.stringify(e).includes('wrong-password'), 'no password in the audit log')
  }
  // Unknown usernames are audited too, without a record id.
  const unknown = await from('127.0.4.1').login('nobody_here', 'whatever-1')
  assertError(unknown, 401, 'unauthenticated')
  const again = await admin.get('/audit?action=login_failed&record_type=account&limit=500')
  const e = again.json.items.find((x) => x.actor_name === 'nobody_here')
  assert.ok(e, 'failure for an unknown username audited')
  assert.equal(e.record_id, null)
  assert.equal(e.client_ip, '127.0.4.1')
})

test('20 failures from one address across different usernames: that address gets 429', async () => {
  const addr = '127.0.5.1'
  const users = ['lingdao', 'dangyuan1', 'zhibu1', ...Array.from({ length: 17 }, (_, i) => `nobody_${i + 10}`)]
  for (const u of users) assertError(await from(addr).login(u, 'bad-password-9'), 401, 'unauthenticated')
  assertThrottled(await from(addr).login('admin', PASSWORD))
  assertThrottled(await from(addr).login('nobody_c', 'bad-password-9'))
  // Those usernames are fine from elsewhere (each had only one failure).
  for (const u of ['lingdao', 'dangyuan1', 'admin']) {
    const res = await from('127.0.5.2').login(u, PASSWORD)
    assert.equal(res.status, 200, `${u} from another address: ${res.text}`)
  }
})

test('a throttled attempt writes no failure of its own and does not extend the wait', async () => {
  const before = (await admin.get('/audit?action=login_failed&limit=1')).json.total
  const r1 = assertThrottled(await from('127.0.3.1').login('dangwei', 'wrong-password-x'))
  const r2 = assertThrottled(await from('127.0.3.1').login('dangwei', PASSWORD))
  assert.ok(r2.retry_after <= r1.retry_after)
  const after = (await admin.get('/audit?action=login_failed&limit=1')).json.total
  assert.equal(after, before, 'throttled attempts are answered before any password check')
})

test('a success below the limit resets the username count', async () => {
  const u = 'dangyuan1'
  for (let i = 0; i < 4; i++) assertError(await from(`127.0.6.${i + 1}`).login(u, 'bad-password-1'), 401)
  assert.equal((await from('127.0.6.10').login(u, PASSWORD)).status, 200)
  for (let i = 0; i < 4; i++) assertError(await from(`127.0.6.${i + 1}`).login(u, 'bad-password-2'), 401)
  const ok = await from('127.0.6.11').login(u, PASSWORD)
  assert.equal(ok.status, 200, `4 failures after a success are not throttled: ${ok.text}`)
})

test('without --trust-proxy, X-Forwarded-For does not change the client address', async () => {
  const addr = '127.0.7.1'
  for (let i = 0; i < 5; i++) {
    const res = await from(addr).request('POST', '/auth/login', {
      json: { username: 'nobody_xff', password: 'bad-password-7' }, headers: { 'X-Forwarded-For': `10.0.0.${i}` },
    })
    assertError(res, 401, 'unauthenticated')
  }
  const res = await from(addr).request('POST', '/auth/login', {
    json: { username: 'nobody_xff', password: 'bad-password-7' }, headers: { 'X-Forwarded-For': '10.9.9.9' },
  })
  assertThrottled(res)
  const entries = (await admin.get('/audit?action=login_failed&limit=500')).json.items.filter((e) => e.actor_name === 'nobody_xff')
  assert.equal(entries.length, 5)
  for (const e of entries) assert.equal(e.client_ip, addr)
})
