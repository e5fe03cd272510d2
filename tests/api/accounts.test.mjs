// Account administration (/accounts): who may manage which accounts, filters,
// create / edit / disable / reset password, the sessions those end, and bad
// input that writes nothing.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertError, bearerClient, Client, createToken, demoIds, firstSignIn as harnessFirstSignIn, login, loginAll, startServer, uniqueName } from './harness.mjs'
import { readXlsxRows } from './xlsx.mjs'

const srv = await startServer('accounts')
after(() => srv.stop())

const NEW_PASSWORD = 'Account-pass-2021'
// What the owner of a new account chooses at first sign-in.
const OWN_PASSWORD = 'Own-choice-2021'
let u, ids, seq = 0

before(async () => {
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
})

function username() {
  seq += 1
  return `acct${seq}x${process.pid % 1000}`
}

async function create(by, roles, extra = {}) {
  const res = await by.post('/accounts', {
    username: username(), display_name: uniqueName('账号'), password: NEW_PASSWORD, roles, ...extra,
  })
  assert.equal(res.status, 201, res.text)
  return res.json
}

/** Account count and audit size, as the system admin sees them. */
async function state() {
  const [a, l] = await Promise.all([u.admin.get('/accounts?limit=1'), u.admin.get('/audit?limit=1')])
  assert.equal(a.status, 200, a.text)
  return { accounts: a.json.total, audit: l.json.total }
}

/** First sign-in of a new (or reset) account: changes its password to OWN_PASSWORD. */
function firstSignIn(username, password = NEW_PASSWORD) {
  return harnessFirstSignIn(srv, username, { password, newPassword: OWN_PASSWORD })
}

/** A person of org `orgId` whom no account is linked to yet. */
async function unlinkedPerson(orgId) {
  const accounts = await u.admin.get('/accounts?limit=500')
  const linked = new Set(accounts.json.items.map((a) => a.person_id).filter(Boolean))
  const people = await u.admin.get(`/people?org_id=${orgId}&limit=100`)
  const person = people.json.items.find((p) => !linked.has(p.id))
  assert.ok(person, `a person of org ${orgId} without an account`)
  return person
}

async function current(id) {
  const r = await u.admin.get(`/accounts/${id}`)
  assert.equal(r.status, 200, r.text)
  return r.json
}

async function byName(name) {
  const r = await u.admin.get(`/accounts?q=${encodeURIComponent(name)}`)
  assert.equal(r.status, 200, r.text)
  return r.json.items.find((a) => a.username === name)
}

describe('who manages which accounts', () => {
  test('the system admin sees every account; dangwei only those wholly inside 机关党委', async () => {
    const all = await u.admin.get('/accounts?limit=500')
    assert.equal(all.status, 200, all.text)
    const names = all.json.items.map((a) => a.username)
    for (const n of ['admin', 'dangwei', 'zhibu1', 'dangyuan1', 'lingdao']) assert.ok(names.includes(n), n)
    assert.deepEqual(names, [...names].sort(), 'sorted by username')

    const dw = await u.dangwei.get('/accounts?limit=500')
    assert.equal(dw.status, 200, dw.text)
    const seen = dw.json.items.map((a) => a.username)
    assert.ok(seen.includes('zhibu1') && seen.includes('dangyuan1') && seen.includes('dangwei'))
    assert.ok(!seen.includes('admin'), 'not the system admin')
    assert.ok(!seen.includes('lingdao'), 'not the leader of the 党组 above')
    assert.equal(dw.json.total, dw.json.items.length)
  })

  test('branch secretaries, members and leaders manage no accounts: 403 on every account endpoint', async () => {
    const target = await byName('dangyuan1')
    for (const who of ['zhibu1', 'dangyuan1', 'lingdao']) {
      const c = u[who]
      assertError(await c.get('/accounts'), 403, 'permission_denied')
      assertError(await c.get(`/accounts/${target.id}`), 403, 'permission_denied')
    }
    const before = await state()
    for (const who of ['zhibu1', 'dangyuan1', 'lingdao']) {
      const c = u[who]
      assertError(await c.post('/accounts', {
        username: username(), display_name: '某人', password: NEW_PASSWORD,
        roles: [{ role: 'member', org_id: ids.branch1.id }],
      }), 403)
      const patch = await c.patch(`/accounts/${target.id}`, { version: target.version, display_name: '改名' })
      assert.ok([403, 404].includes(patch.status), `${who} patch: ${patch.status}`)
      const reset = await c.post(`/accounts/${target.id}/password`, { password: 'Other-pass-2021' })
      assert.ok([403, 404].includes(reset.status), `${who} reset: ${reset.status}`)
    }
    assert.deepEqual(await state(), before, 'nothing was written')
    assert.equal((await byName('dangyuan1')).version, target.version)
  })

  test('GET /accounts/{id}: in scope 200, out of scope or unknown 404, bad id 400', async () => {
    const zhibu1 = await byName('zhibu1')
    const admin = await byName('admin')
    const got = await u.dangwei.get(`/accounts/${zhibu1.id}`)
    assert.equal(got.status, 200, got.text)
    assert.deepEqual(got.json, zhibu1)
    assertError(await u.dangwei.get(`/accounts/${admin.id}`), 404, 'not_found')
    assertError(await u.admin.get('/accounts/999999'), 404, 'not_found')
    assertError(await u.admin.get('/accounts/abc'), 400, 'invalid_argument')
    assert.equal((await u.admin.get(`/accounts/${admin.id}`)).status, 200)
  })
})

describe('filters', () => {
  test('role, org subtree, disabled and q narrow the list; role with org_id must be one grant', async () => {
    const sec = await create(u.admin, [{ role: 'branch_secretary', org_id: ids.branch2.id }])
    const mixed = await create(u.admin, [
      { role: 'member', org_id: ids.branch2.id }, { role: 'leader', org_id: ids.committee.id },
    ])
    const off = await create(u.admin, [{ role: 'member', org_id: ids.branch2.id }])
    const dis = await u.admin.patch(`/accounts/${off.id}`, { version: off.version, disabled: true })
    assert.equal(dis.status, 200, dis.text)

    const list = async (query, who = u.admin) => {
      const r = await who.get(`/accounts?limit=500&${query}`)
      assert.equal(r.status, 200, r.text)
      assert.equal(r.json.total, r.json.items.length)
      return r.json.items.map((a) => a.username)
    }
    const secs = await list('role=branch_secretary')
    assert.ok(secs.includes('zhibu1') && secs.includes(sec.username))
    assert.ok(!secs.includes(mixed.username) && !secs.includes('dangwei'))

    const inBranch2 = await list(`org_id=${ids.branch2.id}`)
    assert.deepEqual(new Set(inBranch2), new Set([sec.username, mixed.username, off.username]))
    const inCommittee = await list(`org_id=${ids.committee.id}`)
    for (const n of ['dangwei', 'zhibu1', 'dangyuan1', sec.username, mixed.username]) assert.ok(inCommittee.includes(n), n)
    assert.ok(!inCommittee.includes('admin') && !inCommittee.includes('lingdao'))

    // mixed is a leader (of 机关党委) and a member of branch 2, but not a leader in branch 2.
    assert.deepEqual(await list(`role=leader&org_id=${ids.branch2.id}`), [])
    assert.deepEqual(await list(`role=member&org_id=${ids.branch2.id}`).then((l) => l.sort()),
      [mixed.username, off.username].sort())

    assert.deepEqual(await list(`org_id=${ids.branch2.id}&disabled=true`), [off.username])
    assert.deepEqual(new Set(await list(`org_id=${ids.branch2.id}&disabled=false`)), new Set([sec.username, mixed.username]))
    assert.deepEqual(await list(`q=${encodeURIComponent(sec.display_name)}`), [sec.username])
    assert.deepEqual(await list(`q=${encodeURIComponent(sec.username)}`), [sec.username])

    // dangwei's view of a filter is still limited to its accounts.
    const dw = await list('role=member', u.dangwei)
    assert.ok(dw.includes('dangyuan1') && !dw.includes('admin'))
  })

  test('export: the filtered accounts as .xlsx with role labels; same scope as the list', async () => {
    const sec = await create(u.admin, [{ role: 'branch_secretary', org_id: ids.branch3.id }])
    const res = await u.dangwei.get(`/accounts/export?org_id=${ids.branch3.id}`)
    assert.equal(res.status, 200, res.text)
    assert.match(res.headers['content-type'], /spreadsheetml/)
    const rows = readXlsxRows(res.body)
    assert.deepEqual(rows[0], ['用户名', '姓名', '角色', '状态', '创建时间'])
    const list = (await u.dangwei.get(`/accounts?org_id=${ids.branch3.id}&limit=500`)).json
    assert.deepEqual(rows.slice(1).map((r) => r[0]), list.items.map((a) => a.username))
    const row = rows.find((r) => r[0] === sec.username)
    assert.deepEqual(row.slice(1, 4), [sec.display_name, '支部书记 · 机关第三支部', '启用'])
    assert.match(row[4], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    const all = readXlsxRows((await u.dangwei.get('/accounts/export')).body).map((r) => r[0])
    assert.ok(!all.includes('admin') && !all.includes('lingdao'), 'nothing outside dangwei\'s accounts')
    assertError(await u.zhibu1.get('/accounts/export'), 403, 'permission_denied')
    assertError(await u.admin.get('/accounts/export?role=king'), 400, 'invalid_argument', 'role')
  })

  test('bad filters are 400; an org out of sight is 404', async () => {
    assertError(await u.admin.get('/accounts?role=king'), 400, 'invalid_argument', 'role')
    assertError(await u.admin.get('/accounts?org_id=abc'), 400, 'invalid_argument', 'org_id')
    assertError(await u.admin.get('/accounts?disabled=maybe'), 400, 'invalid_argument', 'disabled')
    assertError(await u.admin.get('/accounts?limit=0'), 400, 'invalid_argument')
    assertError(await u.admin.get('/accounts?org_id=999999'), 404, 'not_found', 'org_id')
    assertError(await u.dangwei.get(`/accounts?org_id=${ids.bureau.id}`), 404, 'not_found', 'org_id')
  })
})

describe('create', () => {
  test('a created account signs in with exactly its roles; the creation is audited', async () => {
    const person = await unlinkedPerson(ids.branch3.id)
    const a = await create(u.dangwei, [{ role: 'branch_secretary', org_id: ids.branch3.id }],
      { person_id: person.id })
    assert.deepEqual(Object.keys(a).sort(),
      ['created_at', 'disabled', 'display_name', 'id', 'person_id', 'roles', 'username', 'version'])
    assert.equal(a.disabled, false)
    assert.equal(a.version, 1)
    assert.equal(a.person_id, person.id)
    assert.deepEqual(a.roles, [{ role: 'branch_secretary', org_id: ids.branch3.id, org_name: '机关第三支部' }])
    const c = await firstSignIn(a.username)
    assert.deepEqual(c.user.roles, a.roles)
    assert.equal((await c.get(`/people?org_id=${ids.branch3.id}`)).status, 200)
    assertError(await c.get(`/people?org_id=${ids.branch1.id}`), 404)
    const dangwei = await byName('dangwei')
    const audit = await u.admin.get(`/audit?record_type=account&record_id=${a.id}&action=create`)
    assert.equal(audit.status, 200, audit.text)
    assert.equal(audit.json.total, 1, 'the creation is audited once')
    assert.equal(audit.json.items[0].actor_id, dangwei.id)
    assert.ok(!JSON.stringify(audit.json).includes(NEW_PASSWORD), 'no password in the audit log')
  })

  test('bad account bodies are refused with the field and write nothing', async () => {
    const base = () => ({
      username: username(), display_name: '新账号', password: NEW_PASSWORD,
      roles: [{ role: 'member', org_id: ids.branch1.id }],
    })
    const before = await state()
    const cases = [
      [{ username: 'ab' }, 400, 'username'],
      [{ username: '张三丰' }, 400, 'username'],
      [{ username: 'has space' }, 400, 'username'],
      [{ username: 'admin' }, 409, undefined],
      [{ display_name: '' }, 400, 'display_name'],
      [{ display_name: '长'.repeat(51) }, 400, 'display_name'],
      [{ password: 'short1' }, 400, 'password'],
      [{ password: 'lettersonly' }, 400, 'password'],
      [{ password: 'abcdefghijk' }, 400, 'password'],
      [{ password: '123456789012' }, 400, 'password'],
      [{ password: 'qwerty123456' }, 400, 'password'],
      [{ display_name: '换行\n名字' }, 400, 'display_name'],
      [{ display_name: '制表\t名字' }, 400, 'display_name'],
      [{ display_name: '\u001b[31m红字' }, 400, 'display_name'],
      [{ display_name: '下一行\u0085' }, 400, 'display_name'],
      [{ roles: [] }, 400, 'roles'],
      [{ roles: 'member' }, 400, 'roles'],
      [{ roles: [{ role: 'king', org_id: ids.branch1.id }] }, 400, 'roles'],
      [{ roles: [{ role: 'member', org_id: 999999 }] }, 400, 'roles'],
      [{ roles: [{ role: 'member', org_id: ids.branch1.id, extra: 1 }] }, 400, 'roles'],
      [{ roles: [{ role: 'member', org_id: ids.branch1.id }, { role: 'member', org_id: ids.branch1.id }] }, 400, 'roles'],
      [{ person_id: 999999 }, 400, 'person_id'],
      [{ person_id: 'x' }, 400, 'person_id'],
      [{ admin: true }, 400, 'admin'],
    ]
    for (const [change, status, field] of cases) {
      const res = await u.admin.post('/accounts', { ...base(), ...change })
      assertError(res, status, undefined, field)
    }
    const body = base()
    delete body.roles
    assertError(await u.admin.post('/accounts', body), 400, 'invalid_argument', 'roles')
    assertError(await u.admin.post('/accounts', undefined, { body: '{"username":', headers: { 'Content-Type': 'application/json' } }), 400, 'invalid_argument')
    assert.deepEqual(await state(), before, 'nothing was written')
  })

  test('one person, one account: linking a person who has one is 409, naming it only to its managers', async () => {
    // The 局领导 lingdao is the person of the plan's supervising leader, in
    // 机关第一支部 (inside dangwei's subtree); lingdao itself is not dangwei's.
    const lingdao = await byName('lingdao')
    assert.ok(lingdao.person_id, 'the demo links lingdao to a person')
    const zhibu1 = await byName('zhibu1')
    const body = (person_id) => ({
      username: username(), display_name: '冒名账号', password: NEW_PASSWORD,
      roles: [{ role: 'member', org_id: ids.branch1.id }], person_id,
    })
    const before = await state()
    const asDangwei = await u.dangwei.post('/accounts', body(lingdao.person_id))
    assertError(asDangwei, 409, 'already_exists', 'person_id')
    assert.equal(asDangwei.json.error.message, '该人员已有登录账号', 'not named to one who may not manage it')
    const asAdmin = await u.admin.post('/accounts', body(lingdao.person_id))
    assertError(asAdmin, 409, 'already_exists', 'person_id')
    assert.equal(asAdmin.json.error.message, '该人员已有登录账号：lingdao')
    const sameBranch = await u.dangwei.post('/accounts', body(zhibu1.person_id))
    assertError(sameBranch, 409, 'already_exists', 'person_id')
    assert.equal(sameBranch.json.error.message, '该人员已有登录账号：zhibu1', 'dangwei manages zhibu1')
    assert.deepEqual(await state(), before, 'nothing was written')

    // An edit that links the person is refused the same way; keeping its own
    // person, unlinking and linking a free person are fine.
    const person = await unlinkedPerson(ids.branch3.id)
    const a = await create(u.dangwei, [{ role: 'member', org_id: ids.branch3.id }], { person_id: person.id })
    const beforeEdit = await state()
    const taken = await u.dangwei.patch(`/accounts/${a.id}`, { version: a.version, person_id: lingdao.person_id })
    assertError(taken, 409, 'already_exists', 'person_id')
    assert.equal(taken.json.error.message, '该人员已有登录账号')
    assertError(await u.dangwei.patch(`/accounts/${a.id}`, { version: a.version, person_id: zhibu1.person_id }),
      409, 'already_exists', 'person_id')
    assert.deepEqual(await state(), beforeEdit, 'nothing was written')
    assert.equal((await current(a.id)).person_id, person.id)
    const kept = await u.dangwei.patch(`/accounts/${a.id}`, { version: a.version, person_id: person.id, display_name: '改名' })
    assert.equal(kept.status, 200, kept.text)
    const unlinked = await u.dangwei.patch(`/accounts/${a.id}`, { version: kept.json.version, person_id: null })
    assert.equal(unlinked.status, 200, unlinked.text)
    assert.equal(unlinked.json.person_id, null)
    // The person is free again: another account may take it.
    const next = await create(u.dangwei, [{ role: 'member', org_id: ids.branch3.id }], { person_id: person.id })
    assert.equal(next.person_id, person.id)
  })

  test('dangwei cannot grant outside 机关党委 or make a system admin', async () => {
    const before = await state()
    const mk = (roles) => u.dangwei.post('/accounts', {
      username: username(), display_name: '越权', password: NEW_PASSWORD, roles,
    })
    // The 党组 above is out of dangwei's sight: to dangwei it does not exist.
    assertError(await mk([{ role: 'leader', org_id: ids.bureau.id }]), 400, 'invalid_argument', 'roles')
    assertError(await mk([{ role: 'member', org_id: ids.branch1.id }, { role: 'leader', org_id: ids.bureau.id }]),
      400, 'invalid_argument', 'roles')
    assertError(await mk([{ role: 'system_admin', org_id: ids.committee.id }]), 403, 'permission_denied', 'roles')
    assert.deepEqual(await state(), before, 'nothing was written')
  })
})

describe('edit, disable, reset password', () => {
  test('disabling ends the sessions and stops sign-in; enabling lets it sign in again', async () => {
    const made = await create(u.dangwei, [{ role: 'member', org_id: ids.branch1.id }])
    const c = await firstSignIn(made.username)
    const a = await current(made.id) // the password change bumped the version
    assert.equal((await c.get('/auth/me')).status, 200)
    const off = await u.dangwei.patch(`/accounts/${a.id}`, { version: a.version, disabled: true })
    assert.equal(off.status, 200, off.text)
    assert.equal(off.json.disabled, true)
    assert.equal(off.json.version, a.version + 1)
    // The cached session may live a few seconds in the server; it must end.
    let me
    for (let i = 0; i < 40; i++) {
      me = await c.get('/auth/me')
      if (me.status === 401) break
      await new Promise((r) => setTimeout(r, 250))
    }
    assertError(me, 401, 'unauthenticated')
    assertError(await new Client(srv).login(a.username, OWN_PASSWORD), 401, 'unauthenticated')
    const on = await u.dangwei.patch(`/accounts/${a.id}`, { version: off.json.version, disabled: false })
    assert.equal(on.status, 200, on.text)
    await login(srv, a.username, { password: OWN_PASSWORD })
  })

  test('disabling revokes the API tokens (audited); re-enabling does not bring them back', async () => {
    const made = await create(u.dangwei, [{ role: 'member', org_id: ids.branch1.id }])
    const c = await firstSignIn(made.username)
    const a = await current(made.id)
    const token = await createToken(c, 'before-disable')
    const bearer = bearerClient(srv, token.token)
    assert.equal((await bearer.get('/auth/me')).status, 200)
    const off = await u.dangwei.patch(`/accounts/${a.id}`, { version: a.version, disabled: true })
    assert.equal(off.status, 200, off.text)
    assertError(await bearer.get('/auth/me'), 401, 'unauthenticated')
    const on = await u.dangwei.patch(`/accounts/${a.id}`, { version: off.json.version, disabled: false })
    assert.equal(on.status, 200, on.text)
    assertError(await bearer.get('/auth/me'), 401, 'unauthenticated')
    assertError(await bearer.get('/people?limit=1'), 401, 'unauthenticated')
    const back = await login(srv, a.username, { password: OWN_PASSWORD })
    assert.deepEqual((await back.get('/auth/tokens')).json.items, [], 'no live token left')
    assert.deepEqual((await u.dangwei.get(`/accounts/${a.id}/tokens`)).json.items, [])
    const audit = await u.admin.get('/audit?action=update&record_type=account&limit=50')
    const entry = audit.json.items.find((e) => e.record_id === a.id && e.after.disabled === 'true')
    assert.ok(entry, 'the disable is audited')
    assert.equal(entry.after.tokens_revoked, '1')
  })

  test('changing roles takes effect at the next sign-in; a stale version is 409 and writes nothing', async () => {
    const a = await create(u.admin, [{ role: 'member', org_id: ids.branch1.id }])
    const ch = await u.admin.patch(`/accounts/${a.id}`, {
      version: a.version, roles: [{ role: 'branch_secretary', org_id: ids.branch2.id }], display_name: '新名字',
    })
    assert.equal(ch.status, 200, ch.text)
    assert.equal(ch.json.display_name, '新名字')
    assert.deepEqual(ch.json.roles, [{ role: 'branch_secretary', org_id: ids.branch2.id, org_name: '机关第二支部' }])
    const c = await firstSignIn(a.username)
    assert.deepEqual(c.user.roles, ch.json.roles)
    const cur = await current(a.id) // the password change bumped the version

    const before = await state()
    assertError(await u.admin.patch(`/accounts/${a.id}`, { version: a.version, display_name: '过时' }), 409, 'conflict')
    assertError(await u.admin.patch(`/accounts/${a.id}`, { display_name: '无版本' }), 400, 'invalid_argument', 'version')
    assertError(await u.admin.patch(`/accounts/${a.id}`, { version: cur.version, username: 'rename' }), 400, 'invalid_argument', 'username')
    assertError(await u.admin.patch(`/accounts/${a.id}`, { version: cur.version, roles: [] }), 400, 'invalid_argument', 'roles')
    assertError(await u.admin.patch(`/accounts/${a.id}`, { version: cur.version, disabled: 'yes' }), 400, 'invalid_argument', 'disabled')
    assertError(await u.admin.patch('/accounts/999999', { version: 1, display_name: 'x' }), 404, 'not_found')
    assert.deepEqual(await state(), before, 'nothing was written')
    assert.equal((await u.admin.get(`/accounts/${a.id}`)).json.version, cur.version)
  })

  test('nobody disables their own account or changes their own roles', async () => {
    const me = await byName('dangwei')
    const before = await state()
    assertError(await u.dangwei.patch(`/accounts/${me.id}`, { version: me.version, disabled: true }), 422, 'failed_precondition')
    assertError(await u.dangwei.patch(`/accounts/${me.id}`, {
      version: me.version, roles: [{ role: 'org_admin', org_id: ids.bureau.id }],
    }), 422)
    assert.deepEqual(await state(), before, 'nothing was written')
  })

  test('dangwei cannot touch an account with a grant outside 机关党委', async () => {
    const lingdao = await byName('lingdao')
    const before = await state()
    assertError(await u.dangwei.patch(`/accounts/${lingdao.id}`, { version: lingdao.version, disabled: true }), 404, 'not_found')
    assertError(await u.dangwei.post(`/accounts/${lingdao.id}/password`, { password: 'Taken-over-2021' }), 404, 'not_found')
    assert.deepEqual(await state(), before, 'nothing was written')
    await login(srv, 'lingdao')
  })

  test('a password reset ends the sessions and the API tokens at once; only the new password works', async () => {
    const a = await create(u.dangwei, [{ role: 'member', org_id: ids.branch1.id }])
    const c = await firstSignIn(a.username)
    const token = await createToken(c, 'before-reset')
    const bearer = bearerClient(srv, token.token)
    assert.equal((await bearer.get('/auth/me')).status, 200)
    assert.equal((await c.get('/auth/me')).status, 200, 'the session is in use (and cached)')
    const before = await state()
    assertError(await u.dangwei.post(`/accounts/${a.id}/password`, { password: 'weak' }), 400, 'invalid_argument', 'password')
    assertError(await u.dangwei.post(`/accounts/${a.id}/password`, {}), 400, 'invalid_argument', 'password')
    assertError(await u.dangwei.post(`/accounts/${a.id}/password`, { password: 'Reset-pass-2021', x: 1 }), 400, 'invalid_argument', 'x')
    assert.deepEqual(await state(), before, 'nothing was written')

    const reset = await u.dangwei.post(`/accounts/${a.id}/password`, { password: 'Reset-pass-2021' })
    assert.equal(reset.status, 204, reset.text)
    assertError(await c.get('/auth/me'), 401, 'unauthenticated')
    assertError(await bearer.get('/auth/me'), 401, 'unauthenticated')
    assertError(await bearer.get('/people?limit=1'), 401, 'unauthenticated')
    assertError(await new Client(srv).login(a.username, OWN_PASSWORD), 401, 'unauthenticated')
    const fresh = await firstSignIn(a.username, 'Reset-pass-2021')
    assert.deepEqual((await fresh.get('/auth/tokens')).json.items, [], 'no live token left')
    const audit = await u.admin.get('/audit?action=password_reset&limit=50')
    const entry = audit.json.items.find((e) => e.record_id === a.id)
    assert.ok(entry, 'the reset is audited')
    assert.equal(entry.after.tokens_revoked, '1')
  })

  test('nobody sets their own password here: 422 pointing to 修改密码, nothing written', async () => {
    for (const who of ['dangwei', 'admin']) {
      const me = await byName(who)
      const before = await state()
      const res = await u[who].post(`/accounts/${me.id}/password`, { password: 'Own-reset-2021' })
      const e = assertError(res, 422, 'failed_precondition')
      assert.match(e.message, /修改密码/)
      assert.deepEqual(await state(), before, 'nothing was written')
      assertError(await new Client(srv).login(who, 'Own-reset-2021'), 401, 'unauthenticated')
      await login(srv, who)
    }
  })
})

describe('a password set by an administrator must be changed at first sign-in', () => {
  test('a new account answers only the password change, sign-out, me and sessions until it changes it', async () => {
    const a = await create(u.dangwei, [{ role: 'branch_secretary', org_id: ids.branch3.id }])
    const c = await login(srv, a.username, { password: NEW_PASSWORD })
    assert.equal(c.user.must_change_password, true)
    const me = await c.get('/auth/me')
    assert.equal(me.status, 200, me.text)
    assert.equal(me.json.user.must_change_password, true)
    assert.equal((await c.get('/auth/sessions')).status, 200)
    const before = await state()
    for (const res of [
      await c.get(`/people?org_id=${ids.branch3.id}`),
      await c.get('/orgs'),
      await c.get('/auth/tokens'),
      await c.post('/auth/tokens', { name: 'sneak', expires_in_days: 30 }),
      await c.post('/people', { name: '越过改密', org_id: ids.branch3.id, category: 'member' }),
    ]) {
      const e = assertError(res, 403, 'password_change_required')
      assert.match(e.message, /修改密码/)
    }
    assert.deepEqual(await state(), before, 'nothing was written')

    const ch = await c.post('/auth/password', { old_password: NEW_PASSWORD, new_password: OWN_PASSWORD })
    assert.equal(ch.status, 204, ch.text)
    const after = await c.get('/auth/me')
    assert.equal(after.json.user.must_change_password, false, 'the same session is released at once')
    assert.equal((await c.get(`/people?org_id=${ids.branch3.id}`)).status, 200)
    const again = await login(srv, a.username, { password: OWN_PASSWORD })
    assert.equal(again.user.must_change_password, false)
  })

  test('a reset by an administrator flags the account again; the demo accounts are not flagged', async () => {
    const a = await create(u.admin, [{ role: 'member', org_id: ids.branch1.id }])
    await firstSignIn(a.username)
    const reset = await u.dangwei.post(`/accounts/${a.id}/password`, { password: 'Reset-pass-2021' })
    assert.equal(reset.status, 204, reset.text)
    const c = await login(srv, a.username, { password: 'Reset-pass-2021' })
    assert.equal(c.user.must_change_password, true)
    assertError(await c.get('/auth/tokens'), 403, 'password_change_required')
    const out = await c.post('/auth/logout')
    assert.equal(out.status, 204, 'sign-out stays allowed')
    for (const who of ['admin', 'dangwei', 'zhibu1', 'dangyuan1', 'lingdao']) {
      assert.equal(u[who].user.must_change_password, false, who)
    }
  })
})

describe('API tokens of managed accounts', () => {
  test('an administrator lists and revokes them within scope; the revocation is audited', async () => {
    const a = await create(u.dangwei, [{ role: 'member', org_id: ids.branch1.id }])
    const c = await firstSignIn(a.username)
    const t1 = await createToken(c, '脚本一')
    const t2 = await createToken(c, '脚本二')
    for (const who of ['dangwei', 'admin']) {
      const list = await u[who].get(`/accounts/${a.id}/tokens`)
      assert.equal(list.status, 200, list.text)
      assert.deepEqual(list.json.items.map((t) => t.name), ['脚本一', '脚本二'])
      assert.equal(list.json.total, 2)
      for (const t of list.json.items) {
        assert.deepEqual(Object.keys(t).sort(), ['created_at', 'expires_at', 'id', 'last_used_at', 'name'])
      }
      assert.ok(!list.text.includes(t1.token.slice(3)), 'no secret')
    }
    const del = await u.dangwei.del(`/accounts/${a.id}/tokens/${t1.id}`)
    assert.equal(del.status, 204, del.text)
    assertError(await bearerClient(srv, t1.token).get('/auth/me'), 401, 'unauthenticated')
    assert.equal((await bearerClient(srv, t2.token).get('/auth/me')).status, 200)
    assertError(await u.dangwei.del(`/accounts/${a.id}/tokens/${t1.id}`), 404, 'not_found')
    assert.deepEqual((await u.dangwei.get(`/accounts/${a.id}/tokens`)).json.items.map((t) => t.id), [t2.id])
    const audit = await u.admin.get('/audit?action=token_revoke&record_type=api_token&limit=50')
    const entry = audit.json.items.find((e) => e.record_id === t1.id)
    assert.ok(entry, 'audited')
    assert.equal(entry.actor_id, u.dangwei.user.id)
  })

  test('out of scope, other accounts\' token ids and non-managers: refused, nothing revoked', async () => {
    const lingdao = await byName('lingdao')
    const lt = await createToken(u.lingdao, 'leader-script')
    const a = await create(u.dangwei, [{ role: 'member', org_id: ids.branch1.id }])
    const c = await firstSignIn(a.username)
    const at = await createToken(c, 'member-script')
    const before = await state()
    assertError(await u.dangwei.get(`/accounts/${lingdao.id}/tokens`), 404, 'not_found')
    assertError(await u.dangwei.del(`/accounts/${lingdao.id}/tokens/${lt.id}`), 404, 'not_found')
    // The leader's token id under an account dangwei manages: still not found.
    assertError(await u.dangwei.del(`/accounts/${a.id}/tokens/${lt.id}`), 404, 'not_found')
    assertError(await u.admin.get('/accounts/999999/tokens'), 404, 'not_found')
    assertError(await u.admin.del(`/accounts/${a.id}/tokens/abc`), 400, 'invalid_argument')
    for (const who of ['zhibu1', 'dangyuan1', 'lingdao']) {
      assertError(await u[who].get(`/accounts/${a.id}/tokens`), 403, 'permission_denied')
      assertError(await u[who].del(`/accounts/${a.id}/tokens/${at.id}`), 403, 'permission_denied')
    }
    assert.deepEqual(await state(), before, 'nothing was written')
    assert.equal((await bearerClient(srv, lt.token).get('/auth/me')).status, 200)
    assert.equal((await bearerClient(srv, at.token).get('/auth/me')).status, 200)
  })
})
