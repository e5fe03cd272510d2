// Sign-in, sessions, CSRF, password change and API tokens.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  assertError, assertUnchanged, BIN, bearerClient, Client, createToken, demoIds, login, newPerson,
  PASSWORD, request, snapshot, spawnServe, startServer, API,
} from './harness.mjs'

const srv = await startServer('auth')
after(() => srv.stop())

// Failed logins come from their own loopback address, so that the per-address
// throttle (5 failures) never blocks the good logins of this file.
const BAD = '127.0.1.1'

let admin, ids
before(async () => {
  admin = await login(srv, 'admin')
  ids = await demoIds(admin)
})

async function auditFor(action, extra = '') {
  const r = await admin.get(`/audit?action=${action}&limit=500${extra}`)
  assert.equal(r.status, 200, r.text)
  return r.json.items
}

describe('login', () => {
  test('good credentials: user, csrf token and an HttpOnly SameSite=Lax cookie', async () => {
    const c = new Client(srv)
    const res = await c.login('zhibu1')
    assert.equal(res.status, 200, res.text)
    assert.deepEqual(Object.keys(res.json).sort(), ['csrf_token', 'user'])
    assert.match(res.json.csrf_token, /^[0-9a-f]{64}$/)
    const u = res.json.user
    assert.equal(u.username, 'zhibu1')
    assert.equal(u.display_name, '赵书记')
    assert.equal(u.person_id, ids.secretary.id)
    assert.equal(typeof u.id, 'number')
    assert.deepEqual(u.roles, [{ role: 'branch_secretary', org_id: ids.branch1.id, org_name: '机关第一支部' }])
    assert.equal(u.password_hash, undefined)

    const cookies = [].concat(res.headers['set-cookie'] || [])
    assert.equal(cookies.length, 1, 'one Set-Cookie')
    const cookie = cookies[0]
    assert.match(cookie, /^duxing_session=[0-9a-f]{64};/)
    const attrs = cookie.split(';').map((s) => s.trim().toLowerCase())
    assert.ok(attrs.includes('httponly'), cookie)
    assert.ok(attrs.includes('samesite=lax'), cookie)
    assert.ok(attrs.includes('path=/'), cookie)
    assert.ok(!attrs.some((a) => a.startsWith('max-age=0')), cookie)
    assert.ok(!attrs.includes('secure'), 'plain HTTP by default: not Secure')
    assert.notEqual(c.cookie, res.json.csrf_token, 'the cookie is not the csrf token')

    const lg = await auditFor('login', `&actor_id=${u.id}`)
    assert.ok(lg.length >= 1, 'login is in the audit log')
  })

  test('behind HTTPS (--secure-cookies) the cookie is __Host-duxing_session, Secure, Path=/, no Domain', async () => {
    const secure = await spawnServe(srv.dbUrl, { args: ['--secure-cookies'] })
    try {
      const res = await new Client(secure).login('zhibu1')
      assert.equal(res.status, 200, res.text)
      const cookie = [].concat(res.headers['set-cookie'])[0]
      const m = /^__Host-duxing_session=([0-9a-f]{64});/.exec(cookie)
      assert.ok(m, cookie)
      const attrs = cookie.split(';').map((x) => x.trim().toLowerCase())
      for (const a of ['secure', 'httponly', 'samesite=lax', 'path=/']) assert.ok(attrs.includes(a), `${a}: ${cookie}`)
      assert.ok(!attrs.some((a) => a.startsWith('domain')), cookie)
      const me = (cookie) => request(secure, 'GET', `${API}/auth/me`, { headers: { Cookie: cookie } })
      const ok = await me(`__Host-duxing_session=${m[1]}`)
      assert.equal(ok.status, 200, ok.text)
      // Served over HTTPS: browsers are told never to use plain HTTP here.
      assert.equal(ok.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains')
      assert.equal((await request(srv, 'GET', `${API}/health`)).headers['strict-transport-security'], undefined)
      // The plain name means nothing behind HTTPS (a sibling host could have set it).
      assertError(await me(`duxing_session=${m[1]}`), 401, 'unauthenticated')
      const other = await new Client(secure).login('lingdao')
      const theirs = /^__Host-duxing_session=([0-9a-f]{64});/.exec([].concat(other.headers['set-cookie'])[0])[1]
      for (const pair of [[m[1], theirs], [theirs, m[1]]]) {
        const res = await me(pair.map((v) => `__Host-duxing_session=${v}`).join('; '))
        assertError(res, 401, 'unauthenticated')
        assert.match([].concat(res.headers['set-cookie'] || []).join('\n'), /^__Host-duxing_session=;.*Max-Age=0.*Secure/m)
      }
      const logout = await request(secure, 'POST', `${API}/auth/logout`, {
        headers: { Cookie: `__Host-duxing_session=${m[1]}`, 'X-CSRF-Token': res.json.csrf_token },
      })
      assert.equal(logout.status, 204, logout.text)
      assert.match([].concat(logout.headers['set-cookie']).join('\n'), /^__Host-duxing_session=;.*Max-Age=0/m)
    } finally {
      assert.equal((await secure.stop()).code, 0)
    }
  })

  test('two session cookies, in either order: 401 and cleared; a planted session never becomes the caller\'s', async () => {
    const victim = await login(srv, 'zhibu1')
    const attacker = await login(srv, 'lingdao')
    for (const cookies of [[attacker.cookie, victim.cookie], [victim.cookie, attacker.cookie]]) {
      const header = cookies.map((v) => `duxing_session=${v}`).join('; ')
      const res = await request(srv, 'GET', `${API}/auth/me`, { headers: { Cookie: `theme=dark; ${header}` } })
      assertError(res, 401, 'unauthenticated')
      assert.match([].concat(res.headers['set-cookie'] || []).join('\n'), /^duxing_session=;.*Max-Age=0/m)
      const write = await request(srv, 'POST', `${API}/people`, {
        json: {}, headers: { Cookie: header, 'X-CSRF-Token': attacker.csrf },
      })
      assertError(write, 401, 'unauthenticated')
    }
    // One cookie among others of other names still works.
    const one = await request(srv, 'GET', `${API}/auth/me`, { headers: { Cookie: `a=1; duxing_session=${victim.cookie}; b=2` } })
    assert.equal(one.status, 200, one.text)
    assert.equal(one.json.user.username, 'zhibu1')
  })

  test('a member and a leader get their own roles', async () => {
    const m = await login(srv, 'dangyuan1')
    assert.equal(m.user.person_id, ids.member.id)
    assert.deepEqual(m.user.roles.map((r) => r.role), ['member'])
    const l = await login(srv, 'lingdao')
    // The demo's 局领导 is a person too (the plan's supervising leader, 何涛敏), with the leader role only.
    const leader = (await admin.get(`/people/${l.user.person_id}`)).json
    assert.equal(leader.name, '何涛敏')
    assert.deepEqual(l.user.roles, [{ role: 'leader', org_id: ids.bureau.id, org_name: '市统计局党组' }])
  })

  test('unknown user, disabled account and wrong password: byte-identical 401s, no cookie', async () => {
    const created = await admin.post('/accounts', {
      username: 'disabled_one', display_name: '停用者', password: 'Disabled-pass-2021',
      roles: [{ role: 'member', org_id: ids.branch1.id }],
    })
    assert.equal(created.status, 201, created.text)
    const off = await admin.patch(`/accounts/${created.json.id}`, { version: created.json.version, disabled: true })
    assert.equal(off.status, 200, off.text)
    const answers = []
    for (const [user, password] of [['no_such_user', 'wrong-password-1'], ['disabled_one', 'Disabled-pass-2021'],
      ['zhibu1', 'wrong-password-1']]) {
      const res = await new Client(srv, { localAddress: BAD }).login(user, password)
      assertError(res, 401, 'unauthenticated')
      assert.equal(res.headers['set-cookie'], undefined)
      const headers = Object.entries(res.headers).filter(([k]) => !['date', 'x-request-id'].includes(k))
      answers.push({ body: res.text, headers })
    }
    assert.deepEqual(answers[1], answers[0], 'disabled account answers like an unknown user')
    assert.deepEqual(answers[2], answers[0], 'wrong password answers like an unknown user')
  })

  test('malformed login bodies: 400 with the field', async () => {
    const c = new Client(srv, { localAddress: BAD })
    assertError(await c.post('/auth/login', { username: 'admin' }), 400, 'invalid_argument', 'password')
    assertError(await c.post('/auth/login', { password: PASSWORD }), 400, 'invalid_argument', 'username')
    assertError(await c.post('/auth/login', { username: 'admin', password: PASSWORD, remember: true }),
      400, 'invalid_argument', 'remember')
    assertError(await c.post('/auth/login', { username: 1, password: PASSWORD }), 400, 'invalid_argument', 'username')
    // the messages name the fields as the sign-in form does, not by their API names
    const long = assertError(await c.post('/auth/login', { username: 'a'.repeat(80), password: PASSWORD }),
      400, 'invalid_argument', 'username')
    assert.equal(long.message, '用户名不能超过 64 个字')
    assert.equal(assertError(await c.post('/auth/login', { username: 'admin' }), 400).message, '请输入密码')
    assertError(await c.post('/auth/login', null, { body: '{"username":', headers: { 'Content-Type': 'application/json' } }),
      400, 'invalid_argument')
    assert.equal(c.cookie, null)
  })
})

describe('session', () => {
  test('me answers the signed-in user and the same csrf token', async () => {
    const c = await login(srv, 'dangwei')
    const me = await c.get('/auth/me')
    assert.equal(me.status, 200, me.text)
    assert.equal(me.json.user.username, 'dangwei')
    assert.deepEqual(me.json.user, c.user)
    assert.equal(me.json.csrf_token, c.csrf)
  })

  test('no cookie or a forged cookie: 401', async () => {
    assertError(await new Client(srv).get('/auth/me'), 401, 'unauthenticated')
    const forged = new Client(srv)
    forged.cookie = 'a'.repeat(64)
    assertError(await forged.get('/auth/me'), 401, 'unauthenticated')
    forged.cookie = 'short'
    assertError(await forged.get('/people'), 401, 'unauthenticated')
    for (const [m, p] of [['GET', '/people'], ['GET', '/orgs'], ['GET', '/audit'], ['POST', '/people'],
      ['GET', '/communities'], ['GET', '/auth/tokens'], ['POST', '/auth/logout'], ['GET', '/people/export']]) {
      assertError(await request(srv, m, API + p, { json: m === 'POST' ? {} : undefined }), 401, 'unauthenticated')
    }
  })

  test('logout ends the session and clears the cookie', async () => {
    const c = await login(srv, 'lingdao')
    const other = await login(srv, 'lingdao')
    const cookie = c.cookie
    const out = await c.post('/auth/logout')
    assert.equal(out.status, 204, out.text)
    const set = [].concat(out.headers['set-cookie'] || []).join('\n')
    assert.match(set, /duxing_session=;/)
    assert.match(set, /Max-Age=0/i)
    const stale = new Client(srv)
    stale.cookie = cookie
    assertError(await stale.get('/auth/me'), 401, 'unauthenticated')
    assertError(await stale.get('/people'), 401, 'unauthenticated')
    // Another session of the same account is untouched.
    assert.equal((await other.get('/auth/me')).status, 200)
    const entries = await auditFor('logout', `&actor_id=${c.user.id}`)
    assert.equal(entries.length, 1)
  })
})

describe('CSRF', () => {
  let dw, person, token
  before(async () => {
    dw = await login(srv, 'dangwei')
    const p = await dw.post('/people', newPerson(ids.branch2.id))
    assert.equal(p.status, 201, p.text)
    person = p.json
    token = await createToken(dw, 'csrf-test')
  })

  const missing = { csrf: false }
  const wrong = { csrf: 'f'.repeat(64) }

  test('cookie-authenticated writes without or with a wrong X-CSRF-Token: 403, nothing written', async () => {
    const zb = await login(srv, 'zhibu1')
    const before = await snapshot(admin)
    const attempts = [
      () => dw.post('/people', newPerson(ids.branch2.id), missing),
      () => dw.post('/people', newPerson(ids.branch2.id), wrong),
      () => dw.post('/people', newPerson(ids.branch2.id), { csrf: zb.csrf }), // another session's token
      () => dw.post('/people', newPerson(ids.branch2.id), { csrf: dw.csrf.slice(0, 63) }),
      () => dw.patch(`/people/${person.id}`, { version: person.version, post: '改了' }, missing),
      () => dw.patch(`/people/${person.id}`, { version: person.version, post: '改了' }, wrong),
      () => dw.post(`/people/${person.id}/archive`, { version: person.version }, missing),
      () => dw.post(`/people/${person.id}/archive`, { version: person.version }, wrong),
      () => dw.post('/orgs', { parent_id: ids.committee.id, name: '不该建的支部', kind: 'branch' }, missing),
      () => dw.patch(`/orgs/${ids.branch3.id}`, { version: ids.branch3.version, name: '改名' }, wrong),
      () => dw.post('/communities', { name: '不该建的社区', kind: 'linked', street: '某街道' }, missing),
      () => dw.post('/auth/tokens', { name: '不该建' }, missing),
      () => dw.del(`/auth/tokens/${token.id}`, missing),
      () => dw.del(`/auth/tokens/${token.id}`, wrong),
      () => dw.post('/auth/password', { old_password: PASSWORD, new_password: 'NewPass2021x' }, missing),
      () => dw.post('/auth/logout', undefined, missing),
      () => dw.request('POST', '/people/import', {
        csrf: false, body: '姓名,人员类别,所在支部\n不该导入,在职党员,机关第二支部\n', headers: { 'Content-Type': 'text/csv' },
      }),
    ]
    for (const attempt of attempts) {
      const res = await attempt()
      assertError(res, 403, 'permission_denied')
      assert.match(res.json.error.message, /CSRF/)
    }
    await assertUnchanged(admin, before)
    // The session, the token and the password are all still as they were.
    assert.equal((await dw.get('/auth/me')).status, 200)
    const tokens = await dw.get('/auth/tokens')
    assert.deepEqual(tokens.json.items.map((t) => t.id), [token.id])
    assert.equal((await bearerClient(srv, token.token).get('/auth/me')).status, 200)
    await login(srv, 'dangwei') // old password still works
  })

  test('GET needs no CSRF token', async () => {
    const res = await dw.get('/people', { csrf: false })
    assert.equal(res.status, 200)
    assert.equal((await dw.get(`/people/${person.id}`, missing)).status, 200)
  })

  test('the right token lets the write through', async () => {
    const res = await dw.patch(`/people/${person.id}`, { version: person.version, post: '科员' })
    assert.equal(res.status, 200, res.text)
    assert.equal(res.json.post, '科员')
  })
})

describe('password change', () => {
  const NEW = 'Changed-pass-2022'

  test('needs the old password, refuses weak ones, ends other sessions', async () => {
    const a = await login(srv, 'dangyuan1')
    const b = await login(srv, 'dangyuan1')
    const wrong = assertError(await a.post('/auth/password', { old_password: 'not-the-password1', new_password: NEW }),
      400, 'invalid_argument', 'old_password')
    assert.equal(wrong.message, '当前密码不正确', 'worded as the form labels the field')
    assert.equal((await auditFor('password_change_failed', `&actor_id=${a.user.id}`)).length, 1,
      'a wrong old password is audited')
    const before = await snapshot(admin)

    assertError(await a.post('/auth/password', { new_password: NEW }), 400, 'invalid_argument', 'old_password')
    assertError(await a.post('/auth/password', { old_password: PASSWORD }), 400, 'invalid_argument', 'new_password')
    for (const weak of ['short1', 'abcdefghijk', '123456789012', 'Password2021', 'qwertyuiop123', '']) {
      assertError(await a.post('/auth/password', { old_password: PASSWORD, new_password: weak }),
        400, 'invalid_argument', 'new_password')
    }
    assertError(await a.post('/auth/password', { old_password: PASSWORD, new_password: PASSWORD }),
      400, 'invalid_argument', 'new_password')
    assertError(await a.post('/auth/password', { old_password: PASSWORD, new_password: NEW, confirm: NEW }),
      400, 'invalid_argument', 'confirm')
    assertError(await a.post('/auth/password', { old_password: PASSWORD, new_password: 12345678 }),
      400, 'invalid_argument', 'new_password')
    await assertUnchanged(admin, before)
    assert.equal((await b.get('/auth/me')).status, 200, 'refused changes end no session')

    const ok = await a.post('/auth/password', { old_password: PASSWORD, new_password: NEW })
    assert.equal(ok.status, 204, ok.text)
    assert.equal((await a.get('/auth/me')).status, 200, 'the session that changed it stays')
    assertError(await b.get('/auth/me'), 401, 'unauthenticated')
    assertError(await b.get(`/people/${ids.member.id}`), 401, 'unauthenticated')

    const old = await new Client(srv, { localAddress: BAD }).login('dangyuan1', PASSWORD)
    assertError(old, 401, 'unauthenticated')
    const fresh = await login(srv, 'dangyuan1', { password: NEW })
    assert.equal(fresh.user.username, 'dangyuan1')

    const entries = await auditFor('password_change', `&actor_id=${a.user.id}`)
    assert.equal(entries.length, 1)
    assert.equal(entries[0].record_type, 'account')
    assert.equal(entries[0].record_id, a.user.id)
    assert.ok(!JSON.stringify(entries[0]).includes(NEW), 'the password is not in the audit log')
  })
})

describe('password change: API tokens and wrong old passwords', () => {
  test('by default the API tokens are revoked; revoke_tokens: false keeps them', async () => {
    const c = await login(srv, 'zhibu1')
    const kept = await createToken(c, 'keep-me')
    assertError(await c.post('/auth/password', { old_password: PASSWORD, new_password: 'Keep-tokens-2022', revoke_tokens: 'no' }),
      400, 'invalid_argument', 'revoke_tokens')
    let res = await c.post('/auth/password', { old_password: PASSWORD, new_password: 'Keep-tokens-2022', revoke_tokens: false })
    assert.equal(res.status, 204, res.text)
    assert.equal((await bearerClient(srv, kept.token).get('/auth/me')).status, 200, 'kept on request')
    res = await c.post('/auth/password', { old_password: 'Keep-tokens-2022', new_password: PASSWORD + 'x9' })
    assert.equal(res.status, 204, res.text)
    assertError(await bearerClient(srv, kept.token).get('/auth/me'), 401, 'unauthenticated')
    assert.deepEqual((await c.get('/auth/tokens')).json.items, [])
    assert.equal((await c.get('/auth/me')).status, 200, 'the session that changed it stays')
    const entries = await auditFor('password_change', `&actor_id=${c.user.id}`)
    assert.deepEqual(entries.map((e) => e.after.tokens_revoked), ['1', '0'])
    // Back to the demo password for the other tests.
    res = await c.post('/auth/password', { old_password: PASSWORD + 'x9', new_password: PASSWORD })
    assert.equal(res.status, 204, res.text)
  })

  test('5 wrong old passwords: the next attempt is 429 even with the right one; each is audited', async () => {
    const c = await login(srv, 'lingdao')
    for (let i = 0; i < 5; i++) {
      assertError(await c.post('/auth/password', { old_password: `not-it-${i}x`, new_password: 'Guessed-2022x' }),
        400, 'invalid_argument', 'old_password')
    }
    const before = await snapshot(admin)
    const res = await c.post('/auth/password', { old_password: PASSWORD, new_password: 'Guessed-2022x' })
    const e = assertError(res, 429, 'resource_exhausted')
    assert.ok(e.retry_after > 0 && e.retry_after <= 15 * 60, `retry_after ${e.retry_after}`)
    await assertUnchanged(admin, before)
    assert.equal((await auditFor('password_change_failed', `&actor_id=${c.user.id}`)).length, 5)
    await login(srv, 'lingdao') // the password did not change
  })
})

describe('API tokens', () => {
  let dw, zb
  before(async () => {
    dw = await login(srv, 'dangwei')
    zb = await login(srv, 'zhibu1')
  })

  test('create shows the secret once; list shows the token without it', async () => {
    const res = await dw.post('/auth/tokens', { name: '统计脚本', expires_in_days: 365 })
    assert.equal(res.status, 201, res.text)
    const t = res.json
    assert.deepEqual(Object.keys(t).sort(), ['created_at', 'expires_at', 'id', 'last_used_at', 'name', 'token'])
    assert.match(t.token, /^dx_[0-9a-f]{64}$/)
    assert.equal(t.name, '统计脚本')
    assert.equal((Date.parse(t.expires_at) - Date.parse(t.created_at)) / 86400e3, 365)
    assert.equal(t.last_used_at, null)
    assert.match(t.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)

    const e = await dw.post('/auth/tokens', { name: '三十天', expires_in_days: 30 })
    assert.equal(e.status, 201, e.text)
    const days = (Date.parse(e.json.expires_at) - Date.parse(e.json.created_at)) / 86400e3
    assert.equal(days, 30)

    const list = await dw.get('/auth/tokens')
    assert.equal(list.status, 200)
    const mine = list.json.items.filter((x) => x.id === t.id || x.id === e.json.id)
    assert.equal(mine.length, 2)
    for (const x of list.json.items) assert.equal(x.token, undefined, 'no secret in the list')
    assert.ok(!list.text.includes(t.token.slice(3)))
    // Other accounts do not see them.
    const theirs = await zb.get('/auth/tokens')
    assert.ok(!theirs.json.items.some((x) => x.id === t.id))
    assert.equal((await dw.get('/audit?action=token_create&limit=500')).json.items
      .filter((a) => a.record_id === t.id).length, 1)
  })

  test('bearer works without CSRF and acts as its account', async () => {
    const t = await createToken(dw, 'writer')
    const bc = bearerClient(srv, t.token)
    const me = await bc.get('/auth/me')
    assert.equal(me.status, 200, me.text)
    assert.equal(me.json.user.username, 'dangwei')
    assert.equal(me.json.csrf_token, undefined, 'no csrf token for bearer callers')
    const created = await bc.post('/people', newPerson(ids.branch3.id))
    assert.equal(created.status, 201, created.text)
    const patched = await bc.patch(`/people/${created.json.id}`, { version: created.json.version, phone: '13800000000' })
    assert.equal(patched.status, 200, patched.text)
    const audit = await admin.get(`/audit?record_type=person&record_id=${created.json.id}`)
    assert.ok(audit.json.items.every((a) => a.actor_name === dw.user.display_name && a.actor_id === dw.user.id))
    const list = await dw.get('/auth/tokens')
    assert.notEqual(list.json.items.find((x) => x.id === t.id).last_used_at, null, 'last_used_at is set')
    // A bearer of a read-only account still cannot write.
    const l = await login(srv, 'lingdao')
    const lt = await createToken(l, 'reader')
    const before = await snapshot(admin)
    assertError(await bearerClient(srv, lt.token).post('/people', newPerson(ids.branch3.id)), 403, 'permission_denied')
    await assertUnchanged(admin, before)
  })

  test('revoked token: 401; revoking twice: 404', async () => {
    const t = await createToken(dw, 'to-revoke')
    const bc = bearerClient(srv, t.token)
    assert.equal((await bc.get('/people?limit=1')).status, 200)
    const del = await dw.del(`/auth/tokens/${t.id}`)
    assert.equal(del.status, 204, del.text)
    assertError(await bc.get('/people?limit=1'), 401, 'unauthenticated')
    assertError(await bc.post('/people', newPerson(ids.branch3.id)), 401, 'unauthenticated')
    assert.ok(!(await dw.get('/auth/tokens')).json.items.some((x) => x.id === t.id))
    assertError(await dw.del(`/auth/tokens/${t.id}`), 404, 'not_found')
    const revoked = (await admin.get('/audit?action=token_revoke&limit=500')).json.items
    assert.equal(revoked.filter((a) => a.record_id === t.id).length, 1)
  })

  test('the token of another account cannot be revoked', async () => {
    const t = await createToken(dw, 'not-yours')
    const zt = await createToken(zb, 'zhibu-own')
    const before = await snapshot(admin)
    assertError(await zb.del(`/auth/tokens/${t.id}`), 404, 'not_found')
    assertError(await admin.del(`/auth/tokens/${t.id}`), 404, 'not_found')
    assertError(await dw.del(`/auth/tokens/${zt.id}`), 404, 'not_found')
    await assertUnchanged(admin, before)
    assert.equal((await bearerClient(srv, t.token).get('/auth/me')).status, 200)
    assert.equal((await bearerClient(srv, zt.token).get('/auth/me')).status, 200)
    assert.ok((await dw.get('/auth/tokens')).json.items.some((x) => x.id === t.id))
  })

  test('every new token expires within 365 days (ASVS 3.5.2): expires_in_days is required, 1..365', async () => {
    const before = await snapshot(admin)
    const missing = await dw.post('/auth/tokens', { name: '永久脚本' })
    assertError(missing, 400, 'invalid_argument', 'expires_in_days')
    assert.match(missing.json.error.message, /expires_in_days/)
    assertError(await dw.post('/auth/tokens', { name: '永久脚本', expires_in_days: null }), 400, 'invalid_argument', 'expires_in_days')
    for (const days of [366, 3650, -1]) {
      const res = await dw.post('/auth/tokens', { name: '太久', expires_in_days: days })
      assertError(res, 400, 'invalid_argument', 'expires_in_days')
      assert.match(res.json.error.message, /有效期.*365/)
    }
    await assertUnchanged(admin, before)
    const one = await dw.post('/auth/tokens', { name: '一天', expires_in_days: 1 })
    assert.equal(one.status, 201, one.text)
    assert.equal((Date.parse(one.json.expires_at) - Date.parse(one.json.created_at)) / 86400e3, 1)
  })

  test('bad tokens and bad token requests', async () => {
    for (const bad of ['dx_' + '0'.repeat(64), 'dx_nope', 'x'.repeat(67), '']) {
      assertError(await bearerClient(srv, bad).get('/auth/me'), 401, 'unauthenticated')
    }
    assertError(await request(srv, 'GET', `${API}/auth/me`, { headers: { Authorization: 'Basic YWRtaW46eA==' } }),
      401, 'unauthenticated')
    const before = await snapshot(admin)
    assertError(await dw.post('/auth/tokens', {}), 400, 'invalid_argument', 'name')
    assertError(await dw.post('/auth/tokens', { name: '', expires_in_days: 30 }), 400, 'invalid_argument', 'name')
    assertError(await dw.post('/auth/tokens', { name: '长'.repeat(51), expires_in_days: 30 }), 400, 'invalid_argument', 'name')
    assertError(await dw.post('/auth/tokens', { name: 'x', expires_in_days: 0 }), 400, 'invalid_argument', 'expires_in_days')
    assertError(await dw.post('/auth/tokens', { name: 'x', expires_in_days: 'ten' }), 400, 'invalid_argument', 'expires_in_days')
    assertError(await dw.post('/auth/tokens', { name: 'x', expires_in_days: 30, scope: 'all' }), 400, 'invalid_argument', 'scope')
    assertError(await dw.del('/auth/tokens/abc'), 400, 'invalid_argument')
    await assertUnchanged(admin, before)
  })
})

describe('new-password policy (ASVS 2.1): 12-128 characters as typed, no composition rule, no common ones', () => {
  let policy
  const NAME = 'policyuser1'
  before(async () => {
    const made = await admin.post('/accounts', {
      username: NAME, display_name: '政策测试', password: '  spaces are kept  ',
      roles: [{ role: 'member', org_id: ids.branch1.id }],
    })
    assert.equal(made.status, 201, made.text)
    policy = made.json
  })

  test('a password is never trimmed: only the exact one signs in', async () => {
    assertError(await new Client(srv, { localAddress: BAD }).login(NAME, 'spaces are kept'), 401, 'unauthenticated')
    const c = await login(srv, NAME, { password: '  spaces are kept  ' })
    assert.equal(c.user.id, policy.id)
  })

  test('length counts characters, not bytes; Chinese and letters-only are fine', async () => {
    const c = await login(srv, NAME, { password: '  spaces are kept  ' })
    const before = await snapshot(admin)
    const refused = [
      ['abcdefghijk', /至少 12 个字符/], // 11
      ['春眠不觉晓处处闻啼鸟夜', /至少 12 个字符/], // 11 characters, 33 bytes
      ['笃a'.repeat(64) + 'b', /不能超过 128 个字/], // 129 characters
      ['123456789012', /常见/],
      ['a123456789012', /常见/],
      ['Woaini1314520', /常见/],
      ['qq1234567890', /常见/],
      ['duxing123456', /常见/],
      ['TONGJI@2021', /至少 12/],
      ['tongji@2021!', /常见/],
      ['Tongji2021tongji', /常见/],
      ['my-policyuser1-pass', /用户名或姓名/],
      ['我是政策测试的账号密码啊', /用户名或姓名/],
    ]
    for (const [pw, message] of refused) {
      const res = await c.post('/auth/password', { old_password: '  spaces are kept  ', new_password: pw })
      const e = assertError(res, 400, 'invalid_argument', 'new_password')
      assert.match(e.message, message, pw)
    }
    await assertUnchanged(admin, before)
    let old = '  spaces are kept  '
    for (const pw of ['春眠不觉晓处处闻啼鸟夜来', 'correct horse battery staple', '笃a'.repeat(64)]) {
      const ok = await c.post('/auth/password', { old_password: old, new_password: pw })
      assert.equal(ok.status, 204, `${pw}: ${ok.text}`)
      assert.equal((await login(srv, NAME, { password: pw })).user.id, policy.id)
      old = pw
    }
    // Back to the first, for the other test of this account.
    const back = await c.post('/auth/password', { old_password: old, new_password: '  spaces are kept  ' })
    assert.equal(back.status, 204, back.text)
  })

  test('an administrator\'s reset and a new account follow the same rule', async () => {
    const before = await snapshot(admin)
    for (const pw of ['short-pass1', '1qaz2wsx3edc', 'PolicyUser1-x2021']) {
      assertError(await admin.post(`/accounts/${policy.id}/password`, { password: pw }), 400, 'invalid_argument', 'password')
    }
    assertError(await admin.post('/accounts', {
      username: 'policyuser2', display_name: '政策二', password: 'password1234',
      roles: [{ role: 'member', org_id: ids.branch1.id }],
    }), 400, 'invalid_argument', 'password')
    await assertUnchanged(admin, before)
  })
})

describe('init: the password file meets the same rule and is taken as written', () => {
  test('a weak password is refused with the reason and creates no account; spaces are kept', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duxing-init-'))
    try {
      const db = `sqlite:${path.join(dir, 'init.db')}`
      const pw = path.join(dir, 'pw')
      for (const [weak, reason] of [['short-pw1', /至少 12 个字符/], ['123456789012', /常见/], ['admin-password-9', /用户名或姓名/]]) {
        fs.writeFileSync(pw, `${weak}\n`)
        let failed = null
        try {
          execFileSync(BIN, ['init', '--db', db, '--demo-password-file', pw], { encoding: 'utf8', stdio: 'pipe' })
        } catch (e) {
          failed = e
        }
        assert.ok(failed, `init accepted ${weak}`)
        assert.equal(failed.status, 2)
        assert.match(failed.stderr, reason)
      }
      fs.writeFileSync(pw, ' kept as written \r\n')
      const out = execFileSync(BIN, ['init', '--db', db, '--demo-password-file', pw], { encoding: 'utf8', stdio: 'pipe' })
      assert.match(out, /系统管理员账号 admin/, 'nothing was created by the refused runs')
      const serve = await spawnServe(db)
      try {
        assertError(await new Client(serve, { localAddress: BAD }).login('admin', 'kept as written'), 401, 'unauthenticated')
        assert.equal((await new Client(serve).login('admin', ' kept as written ')).status, 200)
      } finally {
        await serve.stop()
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('own sessions (登录设备, ASVS 3.3.4)', () => {
  async function loginWithAgent(username, agent) {
    const c = new Client(srv)
    const res = await c.request('POST', '/auth/login', {
      json: { username, password: PASSWORD }, headers: agent ? { 'User-Agent': agent } : {},
    })
    assert.equal(res.status, 200, res.text)
    c.csrf = res.json.csrf_token
    c.user = res.json.user
    return c
  }

  test('lists one\'s live sessions; ends one or all others at once; audited; nobody else\'s', async () => {
    const a = await loginWithAgent('lingdao', 'Agent-A/1.0 (\u00e9X11)')
    const b = await loginWithAgent('lingdao', 'Agent-B/2.0')
    const c = await loginWithAgent('lingdao', '')
    const other = await loginWithAgent('zhibu1', 'Other/1.0')

    const list = await a.get('/auth/sessions')
    assert.equal(list.status, 200, list.text)
    assert.ok(list.json.items.length >= 3, list.text)
    assert.equal(list.json.total, list.json.items.length)
    for (const s of list.json.items) {
      assert.deepEqual(Object.keys(s).sort(), ['client_ip', 'created_at', 'current', 'id', 'last_seen_at', 'user_agent'])
    }
    const current = list.json.items.filter((s) => s.current)
    assert.equal(current.length, 1)
    assert.equal(current[0].user_agent, 'Agent-A/1.0 (??X11)', 'only printable ASCII is kept (é sent as two bytes)')
    assert.equal(current[0].client_ip, '127.0.0.1')
    const bRow = list.json.items.find((s) => s.user_agent === 'Agent-B/2.0')
    assert.ok(bRow, list.text)
    assert.ok(!list.json.items.some((s) => s.user_agent === 'Other/1.0'), 'only one\'s own sessions')

    // Not another account's, not without the CSRF token, not a bad id.
    const before = await snapshot(admin)
    assertError(await other.del(`/auth/sessions/${bRow.id}`), 404, 'not_found')
    assertError(await a.del(`/auth/sessions/${bRow.id}`, { csrf: false }), 403)
    assertError(await a.del('/auth/sessions/abc'), 400, 'invalid_argument')
    await assertUnchanged(admin, before)
    assert.equal((await b.get('/auth/me')).status, 200)

    const end = await a.del(`/auth/sessions/${bRow.id}`)
    assert.equal(end.status, 204, end.text)
    assertError(await b.get('/auth/me'), 401, 'unauthenticated')
    assertError(await a.del(`/auth/sessions/${bRow.id}`), 404, 'not_found')
    assert.equal((await c.get('/auth/me')).status, 200)

    const others = await a.del('/auth/sessions')
    assert.equal(others.status, 200, others.text)
    assert.ok(others.json.ended >= 1, others.text)
    assertError(await c.get('/auth/me'), 401, 'unauthenticated')
    assert.equal((await a.get('/auth/me')).status, 200, 'the current session stays')
    assert.equal((await other.get('/auth/me')).status, 200, 'another account\'s session stays')
    const left = await a.get('/auth/sessions')
    assert.deepEqual(left.json.items.map((s) => s.current), [true])

    const audit = await auditFor('session_end', `&actor_id=${a.user.id}`)
    assert.equal(audit.length, 2, JSON.stringify(audit))
  })

  test('a bearer token lists the sessions, none of them current', async () => {
    const m = await loginWithAgent('dangwei', 'Bearer-Test/1.0')
    const token = await createToken(m, 'sessions-list')
    const res = await bearerClient(srv, token.token).get('/auth/sessions')
    assert.equal(res.status, 200, res.text)
    assert.ok(res.json.items.some((s) => s.user_agent === 'Bearer-Test/1.0'))
    assert.ok(res.json.items.every((s) => s.current === false))
  })
})

describe('names refuse control characters (ASVS 5.2.2)', () => {
  test('API token names with control characters: 400 name, nothing written', async () => {
    const c = await login(srv, 'zhibu1')
    const before = await snapshot(admin)
    for (const name of ['ci\nbot', 'tab\tname', 'nel\u0085x', '\u001b[31mred', 'del\u007f']) {
      assertError(await c.post('/auth/tokens', { name, expires_in_days: 30 }), 400, 'invalid_argument', 'name')
    }
    await assertUnchanged(admin, before)
    const tokens = await c.get('/auth/tokens')
    assert.ok(!tokens.json.items.some((t) => /[\u0000-\u001f\u007f-\u009f]/.test(t.name)))
  })
})

describe('session limits (ASVS 3.3.2)', () => {
  test('by default a session ends after 30 minutes idle and 12 hours in all', () => {
    const help = execFileSync(BIN, ['serve', '--help'], { encoding: 'utf8' })
    assert.match(help, /--session-idle[\s\S]*\[30m\]/)
    assert.match(help, /--session-max[\s\S]*\[12h\]/)
  })
})

describe('session expiry (a server started with --session-idle 4s --session-max 8s)', () => {
  // The server's clock stands still from the first test-hook move on and is
  // moved forward instead of waited for: nothing here depends on how fast the
  // machine is.
  let short
  before(async () => {
    short = await startServer('auth-expiry', { args: ['--session-idle', '4s', '--session-max', '8s', '--test-hooks'] })
  })
  after(() => short?.stop())
  const advance = async (seconds) => {
    const r = await request(short, 'POST', `${API}/test-hooks/clock`, { json: { advance_seconds: seconds } })
    assert.equal(r.status, 200, r.text)
  }

  test('an idle session ends; an active one lives until the absolute limit', async () => {
    await advance(1) // the clock stops here
    const active = new Client(short)
    const idle = new Client(short)
    assert.equal((await active.login('dangwei')).status, 200)
    assert.equal((await idle.login('zhibu1')).status, 200)
    assert.equal((await idle.get('/auth/me')).status, 200)
    // A request every 3 s keeps `active` alive past the 4 s idle limit.
    for (let t = 3; t <= 6; t += 3) {
      await advance(3)
      const r = await active.get('/auth/me')
      assert.equal(r.status, 200, `active session at +${t} s: ${r.text}`)
    }
    const gone = await idle.get('/auth/me')
    assertError(gone, 401, 'unauthenticated')
    assert.match(gone.json.error.message, /过期/)
    // A write with the expired cookie is refused and changes nothing.
    assertError(await idle.post('/orgs', { parent_id: 1, name: '过期后', kind: 'branch' }), 401, 'unauthenticated')
    // However active, `active` ends at the absolute limit (+9 s > 8 s).
    await advance(3)
    const ended = await active.get('/auth/me')
    assertError(ended, 401, 'unauthenticated')
    // Signing in again works.
    assert.equal((await active.login('dangwei')).status, 200)
    assert.equal((await active.get('/auth/me')).status, 200)
  })

  test('serve refuses a malformed duration', async () => {
    await assert.rejects(spawnServe(short.dbUrl, { args: ['--session-idle', '4 hours'] }), /exited early[\s\S]*--session-idle/)
  })
})
