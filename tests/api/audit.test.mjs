// The audit log: every write says who, when, which record, before and after;
// filters; scope.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  assertError, Client, createToken, demoIds, firstSignIn, login, loginAll, newPerson, PASSWORD, startServer, uniqueName,
} from './harness.mjs'
import { readXlsxRows } from './xlsx.mjs'

const srv = await startServer('audit')
after(() => srv.stop())

let c, admin, dw, ids
before(async () => {
  c = await loginAll(srv)
  admin = c.admin
  dw = c.dangwei
  ids = await demoIds(admin)
})

/** Account ids of the demo accounts by username. */
async function demoIdsOfAccounts() {
  const r = await admin.get('/accounts?limit=500')
  assert.equal(r.status, 200, r.text)
  return Object.fromEntries(r.json.items.map((a) => [a.username, a.id]))
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
const isoSeconds = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')

/** The entries written by `res`'s request (matched by X-Request-Id). */
async function entriesOf(res) {
  const rid = res.headers['x-request-id']
  assert.ok(rid, 'responses carry X-Request-Id')
  const r = await admin.get('/audit?limit=50')
  return r.json.items.filter((e) => e.request_id === rid)
}

/** Asserts one entry for `res` with these fields, `at` between t0 and now. */
async function one(res, t0, expect) {
  const list = await entriesOf(res)
  assert.equal(list.length, 1, `one entry for ${expect.action}: ${JSON.stringify(list)}`)
  const e = list[0]
  assert.deepEqual(Object.keys(e).sort(), ['action', 'actor_id', 'actor_name', 'after', 'at', 'before', 'changes', 'client_ip',
    'id', 'record_id', 'record_name', 'record_type', 'request_id'].sort())
  for (const [k, v] of Object.entries(expect)) assert.deepEqual(e[k], v, k)
  assert.match(e.at, ISO)
  const at = Date.parse(e.at)
  assert.ok(at >= Math.floor(t0 / 1000) * 1000 && at <= Date.now() + 1000, `at ${e.at} is now`)
  assert.equal(e.client_ip, '127.0.0.1')
  return e
}

describe('every write is recorded', () => {
  test('people: create, update, archive with before/after', async () => {
    const t0 = Date.now()
    const body = newPerson(ids.branch2.id, { birth_date: '1983-03-03', post: '科员' })
    const cr = await dw.post('/people', body)
    assert.equal(cr.status, 201)
    const p = cr.json
    const who = { actor_id: dw.user.id, actor_name: dw.user.display_name, record_type: 'person', record_id: p.id }
    const e1 = await one(cr, t0, { ...who, action: 'create', before: null })
    // Read as people read it: the record's name, Chinese field labels, labels for codes, names for ids.
    assert.equal(e1.record_name, body.name)
    const shown = Object.fromEntries(e1.changes.map((c) => [c.label, c.after]))
    assert.equal(shown['姓名'], body.name)
    assert.equal(shown['所在组织'], '机关第二支部')
    assert.equal(shown['人员类别'], '在职党员')
    assert.ok(e1.changes.every((c) => c.before === ''), 'nothing before a creation')
    assert.equal(e1.after.name, body.name)
    assert.equal(e1.after.birth_date, '1983-03-03')
    assert.equal(e1.after.org_id, String(ids.branch2.id))
    const up = await dw.patch(`/people/${p.id}`, { version: 1, post: '副科长', phone: '13000000000' })
    const e2 = await one(up, t0, { ...who, action: 'update' })
    assert.equal(e2.before.post, '科员')
    assert.equal(e2.after.post, '副科长')
    assert.equal(e2.before.phone, '')
    assert.equal(e2.after.phone, '13000000000')
    assert.equal(e2.before.name, e2.after.name)
    const ar = await c.zhibu1.post(`/people/${ids.member.id}/archive`, { version: (await admin.get(`/people/${ids.member.id}`)).json.version })
    const e3 = await one(ar, t0, {
      actor_id: c.zhibu1.user.id, actor_name: '赵书记', action: 'archive', record_type: 'person', record_id: ids.member.id,
    })
    assert.equal(e3.before.archived, 'false')
    assert.equal(e3.after.archived, 'true')
  })

  test('orgs and communities', async () => {
    const t0 = Date.now()
    const o = await dw.post('/orgs', { parent_id: ids.committee.id, name: uniqueName('审计支部'), kind: 'branch' })
    const e1 = await one(o, t0, { action: 'create', record_type: 'org', record_id: o.json.id, actor_id: dw.user.id, before: null })
    assert.equal(e1.after.name, o.json.name)
    const mv = await dw.patch(`/orgs/${o.json.id}`, { version: 1, parent_id: ids.branch3.id })
    const e2 = await one(mv, t0, { action: 'move', record_type: 'org', record_id: o.json.id })
    assert.equal(e2.before.parent_id, String(ids.committee.id))
    assert.equal(e2.after.parent_id, String(ids.branch3.id))
    const ar = await dw.post(`/orgs/${o.json.id}/archive`, { version: 2 })
    await one(ar, t0, { action: 'archive', record_type: 'org', record_id: o.json.id })

    const cm = await admin.post('/communities', { name: uniqueName('审计社区'), kind: 'rural', street: '四季红镇' })
    const e4 = await one(cm, t0, { action: 'create', record_type: 'community', record_id: cm.json.id, actor_id: admin.user.id, before: null })
    assert.equal(e4.after.kind, 'rural')
    const cu = await admin.patch(`/communities/${cm.json.id}`, { version: 1, street: '新街道' })
    const e5 = await one(cu, t0, { action: 'update', record_type: 'community', record_id: cm.json.id })
    assert.equal(e5.before.street, '四季红镇')
    assert.equal(e5.after.street, '新街道')
    const ca = await admin.post(`/communities/${cm.json.id}/archive`, { version: 2 })
    await one(ca, t0, { action: 'archive', record_type: 'community', record_id: cm.json.id })
  })

  test('import, sign-in, sign-out, password, tokens', async () => {
    const t0 = Date.now()
    const names = [uniqueName('审计导入'), uniqueName('审计导入')]
    const imp = await dw.request('POST', '/people/import', {
      body: `姓名,人员类别,所在支部\n${names[0]},在职党员,机关第三支部\n${names[1]},干部职工,机关第三支部\n`,
      headers: { 'Content-Type': 'text/csv' },
    })
    assert.equal(imp.status, 200, imp.text)
    const ie = await entriesOf(imp)
    assert.equal(ie.length, 2)
    assert.deepEqual(ie.map((e) => e.after.name).sort(), names.sort())
    assert.ok(ie.every((e) => e.action === 'import' && e.record_type === 'person' && e.actor_id === dw.user.id))

    const l = await login(srv, 'lingdao')
    const li = (await admin.get(`/audit?action=login&actor_id=${l.user.id}`)).json.items[0]
    assert.equal(li.record_type, 'account')
    assert.equal(li.record_id, l.user.id)
    const t = await l.post('/auth/tokens', { name: '审计令牌', expires_in_days: 30 })
    await one(t, t0, { action: 'token_create', record_type: 'api_token', record_id: t.json.id, actor_id: l.user.id })
    const rv = await l.del(`/auth/tokens/${t.json.id}`)
    await one(rv, t0, { action: 'token_revoke', record_type: 'api_token', record_id: t.json.id, actor_id: l.user.id })
    const pw = await l.post('/auth/password', { old_password: PASSWORD, new_password: 'Audit-pass-2022' })
    await one(pw, t0, { action: 'password_change', record_type: 'account', record_id: l.user.id, before: null, after: { tokens_revoked: '0' } })
    // Back to the demo password; the change ended the file's other lingdao session.
    assert.equal((await l.post('/auth/password', { old_password: 'Audit-pass-2022', new_password: PASSWORD })).status, 204)
    c.lingdao = await login(srv, 'lingdao')
    const out = await l.post('/auth/logout')
    await one(out, t0, { action: 'logout', record_type: 'account', record_id: l.user.id, actor_id: l.user.id })
  })

  test('refused writes and reads record nothing', async () => {
    const before = (await admin.get('/audit?limit=1')).json
    await dw.get('/people?limit=5')
    await dw.get('/audit?limit=5')
    await c.lingdao.post('/people', newPerson(ids.branch2.id))
    await dw.post('/people', { name: '' })
    const after = (await admin.get('/audit?limit=1')).json
    assert.equal(after.total, before.total)
    assert.equal(after.items[0].id, before.items[0].id)
  })
})

describe('filters', () => {
  test('by actor, record type, record id, action; newest first; paged', async () => {
    const p = (await c.zhibu1.post('/people', newPerson(ids.branch1.id))).json
    await c.zhibu1.patch(`/people/${p.id}`, { version: 1, post: '组织委员' })
    const byActor = await admin.get(`/audit?actor_id=${c.zhibu1.user.id}&limit=500`)
    assert.ok(byActor.json.total >= 3)
    assert.ok(byActor.json.items.every((e) => e.actor_id === c.zhibu1.user.id))
    const byType = await admin.get('/audit?record_type=org&limit=500')
    assert.ok(byType.json.total > 0)
    assert.ok(byType.json.items.every((e) => e.record_type === 'org'))
    const byRecord = await admin.get(`/audit?record_type=person&record_id=${p.id}`)
    assert.deepEqual(byRecord.json.items.map((e) => e.action), ['update', 'create'], 'newest first')
    const byAction = await admin.get('/audit?action=login&limit=500')
    assert.ok(byAction.json.items.every((e) => e.action === 'login'))
    const none = await admin.get('/audit?record_type=nothing')
    assert.deepEqual(none.json, { items: [], total: 0, next_cursor: null })

    const all = await admin.get('/audit?limit=30')
    const ids30 = all.json.items.map((e) => e.id)
    assert.deepEqual(ids30, [...ids30].sort((a, b) => b - a))
    const page2 = await admin.get('/audit?limit=10&offset=10')
    assert.deepEqual(page2.json.items.map((e) => e.id), ids30.slice(10, 20))
    assert.equal(page2.json.total, all.json.total)
  })

  test('by time: from (inclusive) and to (exclusive), dates or ISO times', async () => {
    const t0 = Date.now()
    await new Promise((r) => setTimeout(r, 1100)) // a fresh second
    const mark = isoSeconds(Date.now())
    const p = await dw.post('/people', newPerson(ids.branch3.id))
    assert.equal(p.status, 201)
    const since = await admin.get(`/audit?from=${mark}&limit=500`)
    assert.ok(since.json.items.some((e) => e.record_id === p.json.id && e.record_type === 'person'))
    assert.ok(since.json.items.every((e) => e.at >= mark))
    const until = await admin.get(`/audit?to=${mark}&limit=500`)
    assert.ok(!until.json.items.some((e) => e.record_id === p.json.id && e.record_type === 'person'))
    assert.ok(until.json.items.every((e) => e.at < mark))
    assert.equal(since.json.total + until.json.total, (await admin.get('/audit?limit=1')).json.total)
    const today = new Date(t0).toISOString().slice(0, 10)
    const day = await admin.get(`/audit?from=${today}&limit=1`)
    assert.ok(day.json.total > 0)
    assert.equal((await admin.get('/audit?to=2000-01-01')).json.total, 0)
    assert.equal((await admin.get('/audit?from=2200-01-01')).json.total, 0)
    const windowed = await admin.get(`/audit?from=${mark}&to=${mark}`)
    assert.equal(windowed.json.total, 0, 'an empty window')
  })
})

describe('scope', () => {
  test('dangwei sees entries of 机关党委 subtree, communities and its own, not those above it or others\' sign-ins', async () => {
    // Something above 机关党委: admin renames the 党组.
    const bureau = (await admin.get(`/orgs/${ids.bureau.id}`)).json
    const r = await admin.patch(`/orgs/${bureau.id}`, { version: bureau.version, sort_order: bureau.sort_order + 1 })
    assert.equal(r.status, 200, r.text)
    const rid = r.headers['x-request-id']
    // Something inside: a person of 机关第三支部, by zhibu1's peer admin.
    const p = await admin.post('/people', newPerson(ids.branch3.id))
    const pid = p.headers['x-request-id']
    // Communities are shared reference data: their history is every org admin's.
    const cm = await admin.post('/communities', { name: `审计社区${Date.now()}`, kind: 'linked', street: 'X街道' })
    assert.equal(cm.status, 201, cm.text)
    const cid = cm.headers['x-request-id']
    const seen = await dw.get('/audit?limit=500')
    assert.equal(seen.status, 200)
    const rids = new Set(seen.json.items.map((e) => e.request_id))
    assert.ok(rids.has(pid), 'a change inside the subtree is visible')
    assert.ok(rids.has(cid), 'a community change by another admin is visible')
    assert.ok(!rids.has(rid), 'a change to the 党组 above is not')
    for (const e of seen.json.items) {
      if (['login', 'logout', 'password_change', 'token_create', 'token_revoke'].includes(e.action)) {
        assert.equal(e.actor_id, dw.user.id, `only its own ${e.action}`)
      }
    }
    const filtered = await dw.get(`/audit?record_type=org&record_id=${ids.bureau.id}`)
    assert.deepEqual(filtered.json, { items: [], total: 0, next_cursor: null })
    assert.ok((await admin.get('/audit?limit=1')).json.total > seen.json.total)
  })

  test('a record that has left the admin\'s subtree keeps its old entries but not its current name', async () => {
    // The entries written while it was inside stay visible; the name it was
    // given after it moved above 机关党委 is not dangwei's to read.
    const p = await admin.post('/people', newPerson(ids.branch1.id, { name: '调出前' }))
    assert.equal(p.status, 201, p.text)
    const moved = await admin.patch(`/people/${p.json.id}`, { version: p.json.version, org_id: ids.bureau.id })
    assert.equal(moved.status, 200, moved.text)
    const renamed = await admin.patch(`/people/${p.json.id}`, { version: moved.json.version, name: '调出后的新名字' })
    assert.equal(renamed.status, 200, renamed.text)
    assertError(await dw.get(`/people/${p.json.id}`), 404, 'not_found')
    const seen = await dw.get(`/audit?record_type=person&record_id=${p.json.id}`)
    assert.equal(seen.status, 200, seen.text)
    assert.deepEqual(seen.json.items.map((e) => [e.action, e.record_name, e.after?.name]), [['create', '', '调出前']])
    assert.ok(!seen.text.includes('调出后的新名字'), 'the later name does not leak')
    // The system admin, who may read it, sees its current name.
    const all = await admin.get(`/audit?record_type=person&record_id=${p.json.id}&action=create`)
    assert.equal(all.json.items[0].record_name, '调出后的新名字')
  })

  test('an org admin sees the failed sign-ins of the accounts it manages, not of those outside its subtree', async () => {
    const failed = async (username) => {
      const res = await new Client(srv, { localAddress: '127.0.0.9' }).login(username, 'wrong-password-9')
      assertError(res, 401, 'unauthenticated')
      return res.headers['x-request-id']
    }
    const ids = await demoIdsOfAccounts()
    const inside = { zhibu1: await failed('zhibu1'), dangyuan1: await failed('dangyuan1') }
    const outside = { lingdao: await failed('lingdao'), admin: await failed('admin'), nobody: await failed('no_such_user_9') }
    const seen = await dw.get('/audit?action=login_failed&limit=500')
    assert.equal(seen.status, 200, seen.text)
    const byRid = new Map(seen.json.items.map((e) => [e.request_id, e]))
    for (const [who, rid] of Object.entries(inside)) {
      const e = byRid.get(rid)
      assert.ok(e, `dangwei sees the failed sign-in of ${who}`)
      assert.equal(e.record_type, 'account')
      assert.equal(e.record_id, ids[who])
      assert.equal(e.actor_id, null)
    }
    for (const [who, rid] of Object.entries(outside)) assert.ok(!byRid.has(rid), `not that of ${who}`)
    assert.equal(seen.json.total, seen.json.items.length)
    // The system admin sees all of them.
    const all = await admin.get('/audit?action=login_failed&limit=500')
    const allRids = new Set(all.json.items.map((e) => e.request_id))
    for (const rid of [...Object.values(inside), ...Object.values(outside)]) assert.ok(allRids.has(rid))
  })

  test('a branch secretary who administers the branch reads its log: accounts of other units are not named', async () => {
    // 机关第一支部's secretary, made the branch's org admin too (the role
    // that reads the log), reads the history of a person of the branch.
    const username = `zb1audit${process.pid % 1000}`
    const made = await admin.post('/accounts', {
      username, display_name: uniqueName('一支部书记'), password: PASSWORD,
      roles: [{ role: 'branch_secretary', org_id: ids.branch1.id }, { role: 'org_admin', org_id: ids.branch1.id }],
    })
    assert.equal(made.status, 201, made.text)
    const reader = await firstSignIn(srv, username)
    // The system admin, dangwei (机关党委) and zhibu1 (机关第一支部) and the
    // reader each change the person.
    let p = (await admin.post('/people', newPerson(ids.branch1.id))).json
    for (const [by, post] of [[dw, '科员'], [c.zhibu1, '副科长'], [reader, '科长']]) {
      const r = await by.patch(`/people/${p.id}`, { version: p.version, post })
      assert.equal(r.status, 200, r.text)
      p = r.json
    }
    const q = `record_type=person&record_id=${p.id}`
    const seen = await reader.get(`/audit?${q}`)
    assert.equal(seen.status, 200, seen.text)
    // Oldest first: admin's create, dangwei's, zhibu1's and the reader's edit.
    assert.deepEqual(seen.json.items.reverse().map((e) => [e.actor_id, e.actor_name]), [
      [c.admin.user.id, '其他单位用户'],
      [dw.user.id, '其他单位用户'],
      [c.zhibu1.user.id, c.zhibu1.user.display_name],
      [reader.user.id, made.json.display_name],
    ])
    for (const name of [c.admin.user.display_name, dw.user.display_name]) {
      assert.ok(!seen.text.includes(name), `${name} is not named`)
    }
    // Nor in the export.
    const exported = await reader.get(`/audit/export?${q}`)
    assert.equal(exported.status, 200, exported.text)
    assert.deepEqual(readXlsxRows(exported.body).slice(1).map((row) => row[1]).reverse(),
      ['其他单位用户', '其他单位用户', c.zhibu1.user.display_name, made.json.display_name])
    // dangwei reads its own name and zhibu1's (inside 机关党委), not the system admin's.
    const dwSeen = (await dw.get(`/audit?${q}`)).json.items.reverse().map((e) => e.actor_name)
    assert.deepEqual(dwSeen, ['其他单位用户', dw.user.display_name, c.zhibu1.user.display_name, made.json.display_name])
    // The system admin reads every name.
    const all = (await admin.get(`/audit?${q}`)).json.items.reverse().map((e) => e.actor_name)
    assert.deepEqual(all, [c.admin.user.display_name, dw.user.display_name, c.zhibu1.user.display_name, made.json.display_name])
  })

  test('zhibu1, lingdao and dangyuan1 get 403', async () => {
    for (const u of ['zhibu1', 'lingdao', 'dangyuan1']) {
      const res = await c[u].get('/audit')
      assertError(res, 403, 'permission_denied')
      assertError(await c[u].get(`/audit?actor_id=${c[u].user.id}`), 403, 'permission_denied')
    }
    const t = await createToken(c.lingdao, 'audit-reader')
    const res = await c.lingdao.request('GET', '/audit', { cookie: false, headers: { Authorization: `Bearer ${t.token}` } })
    assertError(res, 403, 'permission_denied')
  })

  test('export: the filtered entries as .xlsx, China time, Chinese labels, changed fields; same scope; 403 for others', async () => {
    const p = (await dw.post('/people', newPerson(ids.branch2.id, { post: '科员' }))).json
    const upd = await dw.patch(`/people/${p.id}`, { version: p.version, post: '科长' })
    assert.equal(upd.status, 200, upd.text)
    const q = `record_type=person&record_id=${p.id}`
    const list = (await dw.get(`/audit?${q}`)).json
    const res = await dw.get(`/audit/export?${q}`)
    assert.equal(res.status, 200, res.text)
    assert.match(res.headers['content-type'], /spreadsheetml/)
    assert.match(res.headers['content-disposition'], /filename\*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97\.xlsx/)
    const rows = readXlsxRows(res.body)
    assert.deepEqual(rows[0], ['时间', '操作人', '操作', '记录类型', '记录 ID', '记录', '变更内容', 'IP', '请求 ID'])
    assert.equal(rows.length - 1, list.total)
    const [updRow, createRow] = rows.slice(1)  // newest first
    assert.equal(updRow[2], '修改')
    assert.equal(updRow[3], '人员')
    assert.equal(updRow[4], String(p.id))
    assert.equal(updRow[5], p.name, 'the record by its name')
    assert.equal(updRow[6], '职务: 科员 → 科长', 'only the changed field')
    assert.equal(createRow[2], '新增')
    // Field labels of the record type, coded values and references by name.
    assert.match(createRow[6], new RegExp(`姓名: ${p.name}`))
    assert.match(createRow[6], /所在组织: 机关第二支部/, 'a referenced org by its name')
    assert.match(createRow[6], /人员类别: 在职党员/, 'a coded value by its label')
    assert.match(createRow[6], /已归档: 否/)
    // Time as read in China: the UTC time of the entry plus eight hours.
    const utc = new Date(list.items[0].at)
    const china = new Date(utc.getTime() + 8 * 3600e3).toISOString().replace('T', ' ').slice(0, 19)
    assert.equal(updRow[0], china)
    assert.equal(updRow[8], list.items[0].request_id)

    // dangwei's export holds nothing above 机关党委, as its list.
    const seen = (await dw.get('/audit?limit=1&record_type=org')).json.total
    const orgRows = readXlsxRows((await dw.get('/audit/export?record_type=org')).body)
    assert.equal(orgRows.length - 1, seen)
    for (const u of ['zhibu1', 'lingdao', 'dangyuan1']) assertError(await c[u].get('/audit/export'), 403, 'permission_denied')
    assertError(await dw.get('/audit/export?from=tomorrow'), 400, 'invalid_argument', 'from')
  })

  test('the audit log cannot be written through the API', async () => {
    for (const m of ['POST', 'PATCH', 'PUT', 'DELETE']) {
      assertError(await admin.request(m, '/audit', { json: m === 'DELETE' ? undefined : {} }), 405, 'method_not_allowed')
    }
  })
})
