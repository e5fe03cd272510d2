// The role-and-scope matrix: every demo role against every kind of endpoint,
// allowed and denied; denied answers carry only the error object and write
// nothing. Every operation the served OpenAPI document describes (so every
// module's, without listing them here) refuses callers who are not signed in.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  API, assertError, assertUnchanged, demoIds, login, loginAll, newPerson, request, snapshot, startServer, subtreeIds,
  uniqueName,
} from './harness.mjs'

const srv = await startServer('roles')
after(() => srv.stop())

const ROLES = ['admin', 'dangwei', 'zhibu1', 'dangyuan1', 'lingdao']
let c, ids, admin

before(async () => {
  c = await loginAll(srv)
  admin = c.admin
  ids = await demoIds(admin)
})

/** A person in `orgId`, made by admin for one case. */
async function makePerson(orgId = ids.branch1.id) {
  const r = await admin.post('/people', newPerson(orgId, { birth_date: '1985-06-01', phone: '13900000000' }))
  assert.equal(r.status, 201, r.text)
  return r.json
}

async function makeOrg(parentId = ids.committee.id, kind = 'branch') {
  const r = await admin.post('/orgs', { parent_id: parentId, name: uniqueName('矩阵支部'), kind })
  assert.equal(r.status, 201, r.text)
  return r.json
}

function csv(rows) {
  return ['姓名,性别,出生日期,人员类别,所在支部', ...rows].join('\n') + '\n'
}

// Each case: how to call it (may prepare a target with admin first), and the
// expected status for each role. A 2xx case is checked for its effect; any
// other for the error shape, a body free of the target's data, and an
// unchanged database.
const CASES = [
  {
    name: 'people list',
    expect: { admin: 200, dangwei: 200, zhibu1: 200, dangyuan1: 403, lingdao: 200 },
    call: async (u) => ({ res: await u.get('/people?limit=5') }),
  },
  {
    name: 'people get (a person of 机关第一支部, not oneself)',
    expect: { admin: 200, dangwei: 200, zhibu1: 200, dangyuan1: 404, lingdao: 200 },
    call: async (u) => ({ res: await u.get(`/people/${ids.secretary.id === u.user.person_id ? ids.member.id : ids.secretary.id}`), secret: '赵书记' }),
  },
  {
    name: 'people create (in 机关第一支部)',
    expect: { admin: 201, dangwei: 201, zhibu1: 201, dangyuan1: 403, lingdao: 403 },
    call: async (u) => {
      const body = newPerson(ids.branch1.id)
      return { res: await u.post('/people', body), check: (r) => assert.equal(r.json.name, body.name) }
    },
  },
  {
    name: 'people patch (a person of 机关第一支部)',
    expect: { admin: 200, dangwei: 200, zhibu1: 200, dangyuan1: 403, lingdao: 403 },
    prepare: () => makePerson(),
    call: async (u, p) => ({
      res: await u.patch(`/people/${p.id}`, { version: p.version, post: '副科长' }),
      secret: p.name,
      check: (r) => { assert.equal(r.json.post, '副科长'); assert.equal(r.json.version, p.version + 1) },
    }),
  },
  {
    name: 'people archive (a person of 机关第一支部)',
    expect: { admin: 200, dangwei: 200, zhibu1: 200, dangyuan1: 403, lingdao: 403 },
    prepare: () => makePerson(),
    call: async (u, p) => ({
      res: await u.post(`/people/${p.id}/archive`, { version: p.version }),
      secret: p.name,
      check: (r) => assert.equal(r.json.archived, true),
    }),
  },
  {
    name: 'people import (one row into 机关第一支部)',
    expect: { admin: 200, dangwei: 200, zhibu1: 200, dangyuan1: 403, lingdao: 403 },
    call: async (u) => ({
      res: await u.request('POST', '/people/import', {
        body: csv([`${uniqueName('导入')},男,1990-01-02,在职党员,机关第一支部`]),
        headers: { 'Content-Type': 'text/csv; charset=utf-8' },
      }),
      check: (r) => assert.equal(r.json.imported, 1),
    }),
  },
  {
    name: 'people export',
    expect: { admin: 200, dangwei: 200, zhibu1: 200, dangyuan1: 403, lingdao: 200 },
    call: async (u) => ({
      res: await u.get('/people/export'),
      check: (r) => assert.equal(r.body.subarray(0, 2).toString(), 'PK'),
    }),
  },
  {
    name: 'people import template',
    expect: { admin: 200, dangwei: 200, zhibu1: 200, dangyuan1: 403, lingdao: 200 },
    call: async (u) => ({ res: await u.get('/people/import-template') }),
  },
  {
    name: 'orgs list',
    expect: { admin: 200, dangwei: 200, zhibu1: 200, dangyuan1: 403, lingdao: 200 },
    call: async (u) => ({ res: await u.get('/orgs') }),
  },
  {
    name: 'orgs get (机关第一支部)',
    expect: { admin: 200, dangwei: 200, zhibu1: 200, dangyuan1: 404, lingdao: 200 },
    call: async (u) => ({ res: await u.get(`/orgs/${ids.branch1.id}`), secret: '机关第一支部' }),
  },
  {
    name: 'orgs create (a 党小组 under 机关第一支部)',
    expect: { admin: 201, dangwei: 201, zhibu1: 403, dangyuan1: 403, lingdao: 403 },
    call: async (u) => ({ res: await u.post('/orgs', { parent_id: ids.branch1.id, name: uniqueName('小组'), kind: 'group' }) }),
  },
  {
    name: 'orgs patch (a branch under 机关党委)',
    expect: { admin: 200, dangwei: 200, zhibu1: 404, dangyuan1: 403, lingdao: 403 },
    prepare: () => makeOrg(),
    call: async (u, o) => ({
      res: await u.patch(`/orgs/${o.id}`, { version: o.version, name: `${o.name}改` }),
      secret: o.name,
      check: (r) => assert.equal(r.json.name, `${o.name}改`),
    }),
  },
  {
    name: 'orgs patch (机关第一支部 itself)',
    expect: { admin: 200, dangwei: 200, zhibu1: 403, dangyuan1: 403, lingdao: 403 },
    call: async (u) => {
      const cur = (await admin.get(`/orgs/${ids.branch1.id}`)).json
      return { res: await u.patch(`/orgs/${cur.id}`, { version: cur.version, sort_order: cur.sort_order }) }
    },
  },
  {
    name: 'orgs archive (an empty branch)',
    expect: { admin: 200, dangwei: 200, zhibu1: 404, dangyuan1: 403, lingdao: 403 },
    prepare: () => makeOrg(),
    call: async (u, o) => ({
      res: await u.post(`/orgs/${o.id}/archive`, { version: o.version }),
      secret: o.name,
      check: (r) => assert.equal(r.json.archived, true),
    }),
  },
  {
    name: 'communities list',
    expect: { admin: 200, dangwei: 200, zhibu1: 200, dangyuan1: 403, lingdao: 200 },
    call: async (u) => ({ res: await u.get('/communities') }),
  },
  {
    name: 'communities create',
    expect: { admin: 201, dangwei: 201, zhibu1: 403, dangyuan1: 403, lingdao: 403 },
    call: async (u) => ({ res: await u.post('/communities', { name: uniqueName('社区'), kind: 'check_in', street: '大码头街道' }) }),
  },
  {
    name: 'communities patch',
    expect: { admin: 200, dangwei: 200, zhibu1: 403, dangyuan1: 403, lingdao: 403 },
    prepare: async () => {
      const r = await admin.post('/communities', { name: uniqueName('社区'), kind: 'linked', street: '某街道' })
      assert.equal(r.status, 201, r.text)
      return r.json
    },
    call: async (u, cm) => ({ res: await u.patch(`/communities/${cm.id}`, { version: cm.version, street: '桃花仑街道' }) }),
  },
  {
    name: 'accounts list',
    expect: { admin: 200, dangwei: 200, zhibu1: 403, dangyuan1: 403, lingdao: 403 },
    call: async (u) => ({ res: await u.get('/accounts') }),
  },
  {
    name: 'accounts create (a member of 机关第一支部)',
    expect: { admin: 201, dangwei: 201, zhibu1: 403, dangyuan1: 403, lingdao: 403 },
    call: async (u) => {
      const username = `u${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`
      return {
        res: await u.post('/accounts', {
          username, display_name: uniqueName('账号'), password: 'Account-pass-2021',
          roles: [{ role: 'member', org_id: ids.branch1.id }],
        }),
        check: (r) => assert.equal(r.json.username, username),
      }
    },
  },
  {
    name: 'account tokens list (dangyuan1)',
    expect: { admin: 200, dangwei: 200, zhibu1: 403, dangyuan1: 403, lingdao: 403 },
    call: async (u) => ({ res: await u.get(`/accounts/${c.dangyuan1.user.id}/tokens`) }),
  },
  {
    name: 'account token revoke (dangyuan1)',
    expect: { admin: 204, dangwei: 204, zhibu1: 403, dangyuan1: 403, lingdao: 403 },
    prepare: async () => {
      const r = await c.dangyuan1.post('/auth/tokens', { name: uniqueName('令牌'), expires_in_days: 30 })
      assert.equal(r.status, 201, r.text)
      return r.json
    },
    call: async (u, t) => ({ res: await u.del(`/accounts/${c.dangyuan1.user.id}/tokens/${t.id}`) }),
  },
  {
    name: 'own sessions list',
    expect: { admin: 200, dangwei: 200, zhibu1: 200, dangyuan1: 200, lingdao: 200 },
    call: async (u) => ({
      res: await u.get('/auth/sessions'),
      check: (r) => assert.equal(r.json.items.filter((s) => s.current).length, 1),
    }),
  },
  {
    name: 'end a session of dangyuan1 (own sessions only, whatever the role)',
    expect: { admin: 404, dangwei: 404, zhibu1: 404, dangyuan1: 204, lingdao: 404 },
    prepare: async () => {
      const other = await login(srv, 'dangyuan1')
      const r = await other.get('/auth/sessions')
      return r.json.items.find((s) => s.current)
    },
    call: async (u, s) => ({ res: await u.del(`/auth/sessions/${s.id}`) }),
  },
  {
    name: 'audit list',
    expect: { admin: 200, dangwei: 200, zhibu1: 403, dangyuan1: 403, lingdao: 403 },
    call: async (u) => ({ res: await u.get('/audit?limit=5') }),
  },
]

describe('role matrix', () => {
  for (const k of CASES) {
    for (const role of ROLES) {
      const want = k.expect[role]
      test(`${role} · ${k.name} → ${want}`, async () => {
        const u = c[role]
        const target = k.prepare ? await k.prepare() : undefined
        const before = want >= 300 ? await snapshot(admin) : null
        const { res, check, secret } = await k.call(u, target)
        if (want < 300) {
          assert.equal(res.status, want, res.text)
          if (check) check(res)
          return
        }
        const code = { 403: 'permission_denied', 404: 'not_found' }[want]
        assertError(res, want, code)
        if (secret) assert.ok(!res.text.includes(secret), `no data of the target leaks: ${res.text}`)
        await assertUnchanged(admin, before, `by ${role}`)
      })
    }
  }
})

describe('without sign-in', () => {
  // Every operation of the served document: method, path with each {param}
  // set to an existing-looking id, and whether the document marks it public.
  async function documentedOperations() {
    const res = await request(srv, 'GET', `${API}/openapi.json`)
    assert.equal(res.status, 200)
    const doc = JSON.parse(res.text)
    const ops = []
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(m)) continue
        const security = op.security ?? doc.security ?? []
        ops.push({ method: m.toUpperCase(), path: p.replace(/\{[^}]+\}/g, '1'), name: `${m.toUpperCase()} ${p}`,
          isPublic: security.length === 0 })
      }
    }
    return ops
  }

  test('every documented operation not marked public (security: []) answers 401 before reading its body', async () => {
    const ops = await documentedOperations()
    const guarded = ops.filter((o) => !o.isPublic)
    assert.ok(guarded.length > 0 && ops.some((o) => o.isPublic), `${guarded.length} of ${ops.length} guarded`)
    const before = await snapshot(admin)
    for (const o of guarded) {
      // A body that is not JSON: answering 400 or 415 would mean it was read first.
      const hasBody = !['GET', 'DELETE'].includes(o.method)
      const res = await request(srv, o.method, o.path, hasBody
        ? { body: '{"name": ', headers: { 'Content-Type': 'application/json' } } : {})
      assert.equal(res.status, 401, `${o.name} answers without sign-in: ${res.text.slice(0, 200)}`)
      assertError(res, 401, 'unauthenticated')
      assert.equal(res.json.error.field, '', o.name)
    }
    await assertUnchanged(admin, before, 'by anonymous calls')
  })

  test('operations the document marks public answer without sign-in', async () => {
    for (const o of (await documentedOperations()).filter((x) => x.isPublic)) {
      const res = await request(srv, o.method, o.path, o.method === 'GET' ? {} : { json: {} })
      assert.notEqual(res.status, 401, `${o.name}: ${res.text}`)
      assert.ok(res.status < 500, `${o.name}: ${res.text}`)
    }
  })
})

describe('scope', () => {
  test('zhibu1 lists only people of 机关第一支部 (and its 党小组)', async () => {
    const orgs = (await admin.get('/orgs')).json.items
    const scope = subtreeIds(orgs, ids.branch1.id)
    const res = await c.zhibu1.get('/people?limit=500')
    assert.equal(res.status, 200)
    assert.ok(res.json.total > 0)
    for (const p of res.json.items) assert.ok(scope.has(p.org_id), `${p.name} in ${p.org_name}`)
    const expected = await admin.get(`/people?org_id=${ids.branch1.id}&limit=500`)
    assert.equal(res.json.total, expected.json.total)
    assert.deepEqual(res.json.items.map((p) => p.id).sort(), expected.json.items.map((p) => p.id).sort())
    const all = await admin.get('/people?limit=1')
    assert.ok(all.json.total > res.json.total)
    // Searching does not widen the scope: every 王 of the bureau vs those of the branch.
    const q = encodeURIComponent('王')
    const mine = await c.zhibu1.get(`/people?q=${q}&limit=500`)
    for (const p of mine.json.items) assert.ok(scope.has(p.org_id))
  })

  test('zhibu1 sees only its own subtree of organizations', async () => {
    const res = await c.zhibu1.get('/orgs')
    assert.equal(res.status, 200)
    const all = (await admin.get('/orgs')).json.items
    const scope = subtreeIds(all, ids.branch1.id)
    assert.deepEqual(res.json.items.map((o) => o.id).sort(), [...scope].sort())
    const names = res.json.items.map((o) => o.name)
    for (const n of ['机关第一支部', '第一党小组', '第二党小组']) assert.ok(names.includes(n))
    for (const n of ['机关第二支部', '市统计局机关党委', '市统计局党组', '办公室']) assert.ok(!names.includes(n))
    assertError(await c.zhibu1.get(`/orgs/${ids.branch2.id}`), 404, 'not_found')
    assertError(await c.zhibu1.get(`/orgs/${ids.committee.id}`), 404, 'not_found')
  })

  test('zhibu1: a person of 机关第二支部 is 404 everywhere, with no data', async () => {
    const other = (await admin.get(`/people?org_id=${ids.branch2.id}&limit=1`)).json.items[0]
    const before = await snapshot(admin)
    for (const res of [
      await c.zhibu1.get(`/people/${other.id}`),
      await c.zhibu1.patch(`/people/${other.id}`, { version: other.version, post: '科长' }),
      await c.zhibu1.post(`/people/${other.id}/archive`, { version: other.version }),
    ]) {
      assertError(res, 404, 'not_found')
      assert.ok(!res.text.includes(other.name))
      assert.ok(!res.text.includes('机关第二支部'))
    }
    // Indistinguishable from an id that does not exist.
    const missing = await c.zhibu1.get('/people/987654')
    assert.equal((await c.zhibu1.get(`/people/${other.id}`)).text, missing.text)
    assert.equal((await c.zhibu1.get(`/orgs/${ids.branch2.id}`)).text, (await c.zhibu1.get('/orgs/987654')).text)
    assertError(await c.zhibu1.get(`/people?org_id=${ids.branch2.id}`), 404, 'not_found', 'org_id')
    assertError(await c.zhibu1.get(`/people/export?org_id=${ids.branch2.id}`), 404, 'not_found', 'org_id')
    // Neither can it put people there, by create, move or import.
    assertError(await c.zhibu1.post('/people', newPerson(ids.branch2.id)), 400, 'invalid_argument', 'org_id')
    const own = (await c.zhibu1.get(`/people?org_id=${ids.branch1.id}&limit=1&sort=-created_at`)).json.items[0]
    assertError(await c.zhibu1.patch(`/people/${own.id}`, { version: own.version, org_id: ids.branch2.id }),
      400, 'invalid_argument', 'org_id')
    const imp = await c.zhibu1.request('POST', '/people/import', {
      body: csv([`${uniqueName('越权')},女,1991-03-04,在职党员,机关第二支部`]), headers: { 'Content-Type': 'text/csv' },
    })
    const e = assertError(imp, 422, 'invalid_argument')
    assert.deepEqual(e.details.map((d) => [d.row, d.column]), [[2, '所在支部']])
    await assertUnchanged(admin, before)
  })

  test('dangyuan1 reads its own person only', async () => {
    const m = c.dangyuan1
    assert.equal(m.user.person_id, ids.member.id)
    const own = await m.get(`/people/${m.user.person_id}`)
    assert.equal(own.status, 200, own.text)
    assert.equal(own.json.name, '钱党员')
    assert.equal(own.json.org_id, ids.branch1.id)
    assertError(await m.get('/people'), 403, 'permission_denied')
    assertError(await m.get(`/people?org_id=${ids.branch1.id}`), 403, 'permission_denied')
    const secretary = await m.get(`/people/${ids.secretary.id}`)
    assertError(secretary, 404, 'not_found')
    assert.ok(!secretary.text.includes('赵书记'))
    // Nor may it change itself: it sees the record, so the answer is 403.
    const before = await snapshot(admin)
    assertError(await m.patch(`/people/${own.json.id}`, { version: own.json.version, phone: '13700000000' }),
      403, 'permission_denied')
    assertError(await m.post(`/people/${own.json.id}/archive`, { version: own.json.version }), 403, 'permission_denied')
    await assertUnchanged(admin, before)
  })

  test('lingdao reads everything under the bureau; every write is 403 and writes nothing', async () => {
    const l = c.lingdao
    const all = await admin.get('/people?limit=1')
    const seen = await l.get('/people?limit=1')
    assert.equal(seen.json.total, all.json.total)
    assert.equal((await l.get(`/people/${ids.member.id}`)).status, 200)
    assert.equal((await l.get(`/orgs/${ids.bureau.id}`)).status, 200)
    const p = await makePerson(ids.branch2.id)
    const o = await makeOrg()
    const cm = (await admin.get('/communities')).json.items[0]
    const before = await snapshot(admin)
    const writes = [
      () => l.post('/people', newPerson(ids.branch2.id)),
      () => l.patch(`/people/${p.id}`, { version: p.version, post: '局长' }),
      () => l.post(`/people/${p.id}/archive`, { version: p.version }),
      () => l.request('POST', '/people/import', {
        body: csv([`${uniqueName('领导导入')},男,1970-01-01,在职党员,机关第二支部`]), headers: { 'Content-Type': 'text/csv' },
      }),
      () => l.request('POST', '/people/import?dry_run=true', {
        body: csv([`${uniqueName('领导导入')},男,1970-01-01,在职党员,机关第二支部`]), headers: { 'Content-Type': 'text/csv' },
      }),
      () => l.post('/orgs', { parent_id: ids.committee.id, name: uniqueName('领导支部'), kind: 'branch' }),
      () => l.patch(`/orgs/${o.id}`, { version: o.version, name: '改名' }),
      () => l.patch(`/orgs/${o.id}`, { version: o.version, parent_id: ids.branch1.id }),
      () => l.post(`/orgs/${o.id}/archive`, { version: o.version }),
      () => l.post('/communities', { name: uniqueName('社区'), kind: 'rural', street: 'X镇' }),
      () => l.patch(`/communities/${cm.id}`, { version: cm.version, street: '改' }),
      () => l.post(`/communities/${cm.id}/archive`, { version: cm.version }),
    ]
    for (const w of writes) assertError(await w(), 403, 'permission_denied')
    await assertUnchanged(admin, before)
  })

  test('dangwei administers 机关党委 but not the 党组 above it', async () => {
    const d = c.dangwei
    assertError(await d.get(`/orgs/${ids.bureau.id}`), 404, 'not_found')
    const before = await snapshot(admin)
    assertError(await d.post('/orgs', { parent_id: ids.bureau.id, name: uniqueName('越级'), kind: 'branch' }),
      404, 'not_found', 'parent_id')
    assertError(await d.post('/orgs', { name: uniqueName('顶级'), kind: 'party_group' }), 403, 'permission_denied')
    // Moving 机关党委 itself needs authority over the 党组 it leaves.
    assertError(await d.patch(`/orgs/${ids.committee.id}`, { version: ids.committee.version, parent_id: ids.branch1.id }),
      403, 'permission_denied')
    assertError(await d.post(`/orgs/${ids.committee.id}/archive`, { version: ids.committee.version }), 403, 'permission_denied')
    await assertUnchanged(admin, before)
    const names = (await d.get('/orgs')).json.items.map((o) => o.name)
    assert.ok(!names.includes('市统计局党组'))
    assert.ok(names.includes('机关第三支部') && names.includes('办公室'))
  })

  test('audit: dangwei sees its subtree, not sign-ins of others', async () => {
    const res = await c.dangwei.get('/audit?limit=500')
    assert.equal(res.status, 200)
    const actions = new Set(res.json.items.map((e) => e.action))
    assert.ok(!actions.has('login_failed'))
    for (const e of res.json.items.filter((x) => x.action === 'login')) assert.equal(e.actor_id, c.dangwei.user.id)
  })
})
