// Login throttling: 5 failures for one username, or from one client address,
// within 15 minutes → 429 with a retry time; the failures are audited.
//
// Loopback has a whole /8: each scenario speaks from its own 127.x address so
// the per-username and the per-address limits can be told apart.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertError, Client, login, PASSWORD, startServer } from './harness.mjs'

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

test('5 failures for one username: the 6th attempt is 429 even with the right password, from any address', async () => {
  for (let i = 1; i <= 5; i++) {
    // Each failure from its own address: only the username is shared.
    const res = await from(`127.0.3.${i}`).login('dangwei', `wrong-password-${i}`)
    assertError(res, 401, 'unauthenticated')
  }
  assertThrottled(await from('127.0.3.9').login('dangwei', PASSWORD))
  assertThrottled(await from('127.0.3.10').login('dangwei', 'wrong-again-1'))
  // Other usernames from the same addresses are not affected.
  const other = await from('127.0.3.1').login('zhibu1', PASSWORD)
  assert.equal(other.status, 200, other.text)
})

test('the failures are in the audit log as login_failed', async () => {
  const res = await admin.get('/audit?action=login_failed&limit=500')
  assert.equal(res.status, 200, res.text)
  const mine = res.json.items.filter((e) => e.actor_name === 'dangwei')
  assert.ok(mine.length >= 5, `${mine.length} login_failed entries for dangwei`)
  const addresses = new Set(mine.map((e) => e.client_ip))
  for (let i = 1; i <= 5; i++) assert.ok(addresses.has(`127.0.3.${i}`), `failure from 127.0.3.${i} audited`)
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

test('5 failures from one address across different usernames: that address gets 429', async () => {
  const addr = '127.0.5.1'
  const users = ['lingdao', 'dangyuan1', 'zhibu1', 'nobody_a', 'nobody_b']
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
  const r1 = assertThrottled(await from('127.0.3.20').login('dangwei', 'wrong-password-x'))
  const r2 = assertThrottled(await from('127.0.3.21').login('dangwei', PASSWORD))
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
      json: { username: `nobody_${i}`, password: 'bad-password-7' }, headers: { 'X-Forwarded-For': `10.0.0.${i}` },
    })
    assertError(res, 401, 'unauthenticated')
  }
  const res = await from(addr).request('POST', '/auth/login', {
    json: { username: 'admin', password: PASSWORD }, headers: { 'X-Forwarded-For': '10.9.9.9' },
  })
  assertThrottled(res)
  const entries = (await admin.get('/audit?action=login_failed&limit=500')).json.items.filter((e) => /^nobody_\d$/.test(e.actor_name))
  assert.ok(entries.length >= 5)
  for (const e of entries) assert.equal(e.client_ip, addr)
})
