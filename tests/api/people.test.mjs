// People: create/read/edit/archive, optimistic versions, list filters,
// Chinese name search, pagination, sorting, duplicates.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  assertError, assertUnchanged, demoIds, firstSignIn, login, newPerson, PASSWORD, snapshot, startServer, subtreeIds, uniqueName,
} from './harness.mjs'

const srv = await startServer('people')
after(() => srv.stop())

let admin, dw, ids
before(async () => {
  admin = await login(srv, 'admin')
  dw = await login(srv, 'dangwei')
  ids = await demoIds(admin)
})

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
const q = (s) => encodeURIComponent(s)

let accountSeq = 0
/** A fresh account with `roles`, signed in; its id is `client.accountId`. */
async function newAccount(roles) {
  accountSeq += 1
  const username = `dup${accountSeq}x${process.pid % 1000}`
  const res = await admin.post('/accounts', { username, display_name: uniqueName('账号'), password: PASSWORD, roles })
  assert.equal(res.status, 201, res.text)
  const client = await firstSignIn(srv, username)
  client.accountId = res.json.id
  return client
}

/** Asserts that only `n` out-of-scope duplicate entries were written since `before`. */
async function assertOnlyHitsAudited(before, n) {
  const now = await snapshot(admin)
  assert.deepEqual({ ...now, audit_total: 0, audit_last: 0 }, { ...before, audit_total: 0, audit_last: 0 })
  assert.equal(now.audit_total, before.audit_total + n)
  const last = (await admin.get(`/audit?limit=${n}`)).json.items
  for (const e of last) assert.match(e.action, /^duplicate_(hit|refused)$/)
}

async function create(body) {
  const r = await dw.post('/people', body)
  assert.equal(r.status, 201, r.text)
  return r.json
}

/** A fresh branch under 机关党委, so list assertions see only our rows. */
async function freshBranch() {
  const r = await dw.post('/orgs', { parent_id: ids.committee.id, name: uniqueName('人员测试支部'), kind: 'branch' })
  assert.equal(r.status, 201, r.text)
  return r.json
}

describe('round trip', () => {
  test('create with every field, read it back', async () => {
    const body = {
      name: '欧阳晓澜', gender: 'female', birth_date: '1986-02-28', party_join_date: '2010-07-01',
      category: 'probationary', org_id: ids.group1.id, department_id: ids.office.id, post: '四级主任科员',
      phone: '+86 139-0000-1111', community_id: ids.community['X路社区'].id, status: 'active',
    }
    const r = await dw.post('/people', body)
    assert.equal(r.status, 201, r.text)
    const p = r.json
    assert.deepEqual(Object.keys(p).sort(), ['archived', 'birth_date', 'category', 'community_id', 'community_name',
      'created_at', 'department_id', 'department_name', 'gender', 'id', 'name', 'org_id', 'org_name',
      'party_join_date', 'phone', 'post', 'status', 'updated_at', 'version'].sort())
    for (const [k, v] of Object.entries(body)) assert.deepEqual(p[k], v, k)
    assert.equal(p.org_name, '第一党小组')
    assert.equal(p.department_name, '办公室')
    assert.equal(p.community_name, 'X路社区')
    assert.equal(p.archived, false)
    assert.equal(p.version, 1)
    assert.match(p.created_at, ISO)
    assert.equal(p.updated_at, p.created_at)
    const got = await dw.get(`/people/${p.id}`)
    assert.equal(got.status, 200)
    assert.deepEqual(got.json, p)
    const audit = await admin.get(`/audit?record_type=person&record_id=${p.id}`)
    assert.equal(audit.json.total, 1)
    assert.equal(audit.json.items[0].action, 'create')
  })

  test('only the required fields: defaults are filled in', async () => {
    const p = await create({ name: uniqueName('最少'), category: 'resident', org_id: ids.committee.id })
    assert.equal(p.gender, null)
    assert.equal(p.birth_date, null)
    assert.equal(p.party_join_date, null)
    assert.equal(p.department_id, null)
    assert.equal(p.community_id, null)
    assert.equal(p.post, '')
    assert.equal(p.phone, '')
    assert.equal(p.status, 'active')
  })

  test('patch changes only what is sent; null clears; version goes up', async () => {
    const p = await create(newPerson(ids.branch2.id, {
      gender: 'male', birth_date: '1979-03-03', department_id: ids.office.id, post: '科员', phone: '13811112222',
    }))
    const r = await dw.patch(`/people/${p.id}`, { version: 1, post: '科长', gender: null, department_id: null })
    assert.equal(r.status, 200, r.text)
    const u = r.json
    assert.equal(u.version, 2)
    assert.equal(u.post, '科长')
    assert.equal(u.gender, null)
    assert.equal(u.department_id, null)
    assert.equal(u.department_name, null)
    assert.equal(u.phone, '13811112222')
    assert.equal(u.birth_date, '1979-03-03')
    assert.equal(u.name, p.name)
    assert.equal(u.created_at, p.created_at)
    assert.deepEqual((await dw.get(`/people/${p.id}`)).json, u)
    // Move to another branch, change category and status.
    const m = await dw.patch(`/people/${p.id}`, { version: 2, org_id: ids.branch3.id, category: 'staff', status: 'transferred_out' })
    assert.equal(m.status, 200, m.text)
    assert.equal(m.json.org_name, '机关第三支部')
    assert.equal(m.json.status, 'transferred_out')
    assert.equal(m.json.version, 3)
    // An empty patch (version only) is accepted and changes nothing but the version.
    const e = await dw.patch(`/people/${p.id}`, { version: 3 })
    assert.equal(e.status, 200, e.text)
    assert.equal(e.json.post, '科长')
    const audit = await admin.get(`/audit?record_type=person&record_id=${p.id}`)
    const upd = audit.json.items.filter((a) => a.action === 'update')
    assert.equal(upd.length, 3)
    const first = upd[upd.length - 1]
    assert.equal(first.before.post, '科员')
    assert.equal(first.after.post, '科长')
    assert.equal(first.before.gender, 'male')
    assert.equal(first.after.gender, null)
  })

  test('archive: hidden from the list, still readable, no longer editable', async () => {
    const b = await freshBranch()
    const p = await create(newPerson(b.id, { birth_date: '1990-09-09' }))
    const keep = await create(newPerson(b.id))
    const list1 = await dw.get(`/people?org_id=${b.id}`)
    assert.equal(list1.json.total, 2)
    const a = await dw.post(`/people/${p.id}/archive`, { version: 1 })
    assert.equal(a.status, 200, a.text)
    assert.equal(a.json.archived, true)
    assert.equal(a.json.version, 2)
    const list2 = await dw.get(`/people?org_id=${b.id}`)
    assert.deepEqual(list2.json.items.map((x) => x.id), [keep.id])
    assert.equal(list2.json.total, 1)
    const list3 = await dw.get(`/people?org_id=${b.id}&include_archived=true`)
    assert.deepEqual(list3.json.items.map((x) => x.id).sort(), [p.id, keep.id].sort())
    assert.equal(list3.json.total, 2)
    assert.equal(list3.json.items.find((x) => x.id === p.id).archived, true)
    const got = await dw.get(`/people/${p.id}`)
    assert.equal(got.status, 200)
    assert.equal(got.json.archived, true)
    const before = await snapshot(admin)
    assertError(await dw.patch(`/people/${p.id}`, { version: 2, post: 'x' }), 422, 'failed_precondition')
    assertError(await dw.post(`/people/${p.id}/archive`, { version: 2 }), 422, 'failed_precondition')
    await assertUnchanged(admin, before)
    // Search and filters also hide it unless asked.
    assert.equal((await dw.get(`/people?q=${q(p.name)}`)).json.total, 0)
    assert.equal((await dw.get(`/people?q=${q(p.name)}&include_archived=true`)).json.total, 1)
    const entry = (await admin.get(`/audit?record_type=person&record_id=${p.id}&action=archive`)).json.items[0]
    assert.equal(entry.before.archived, 'false')
    assert.equal(entry.after.archived, 'true')
  })
})

describe('versions', () => {
  test('a stale version → 409 conflict and the record unchanged', async () => {
    const p = await create(newPerson(ids.branch2.id, { post: '原职务' }))
    const ok = await dw.patch(`/people/${p.id}`, { version: 1, post: '新职务' })
    assert.equal(ok.status, 200)
    const current = (await dw.get(`/people/${p.id}`)).json
    const before = await snapshot(admin)
    assertError(await dw.patch(`/people/${p.id}`, { version: 1, post: '过时的修改' }), 409, 'conflict', 'version')
    assertError(await dw.patch(`/people/${p.id}`, { version: 99, post: '将来的修改' }), 409, 'conflict', 'version')
    assertError(await dw.post(`/people/${p.id}/archive`, { version: 1 }), 409, 'conflict', 'version')
    await assertUnchanged(admin, before)
    assert.deepEqual((await dw.get(`/people/${p.id}`)).json, current)
  })

  test('two simultaneous edits of one version: one wins, the other gets 409', async () => {
    const p = await create(newPerson(ids.branch2.id))
    const other = await login(srv, 'admin')
    const [a, b] = await Promise.all([
      dw.patch(`/people/${p.id}`, { version: 1, post: '甲的修改' }),
      other.patch(`/people/${p.id}`, { version: 1, post: '乙的修改' }),
    ])
    const statuses = [a.status, b.status].sort()
    assert.deepEqual(statuses, [200, 409], `${a.text} / ${b.text}`)
    const winner = a.status === 200 ? a : b
    const now = (await dw.get(`/people/${p.id}`)).json
    assert.equal(now.post, winner.json.post)
    assert.equal(now.version, 2)
    const audit = await admin.get(`/audit?record_type=person&record_id=${p.id}&action=update`)
    assert.equal(audit.json.total, 1, 'only the winner is audited')
  })
})

describe('duplicates', () => {
  test('same name and birth date → 409 already_exists; anything else is fine', async () => {
    const name = uniqueName('重名')
    const p = await create(newPerson(ids.branch2.id, { name, birth_date: '1975-05-05' }))
    const before = await snapshot(admin)
    assertError(await dw.post('/people', newPerson(ids.branch3.id, { name, birth_date: '1975-05-05' })),
      409, 'already_exists', 'name')
    await assertUnchanged(admin, before)
    const other = await create(newPerson(ids.branch3.id, { name, birth_date: '1975-05-06' }))
    await create(newPerson(ids.branch3.id, { name }))
    await create(newPerson(ids.branch3.id, { name }))
    // Editing into a duplicate is refused too.
    const before2 = await snapshot(admin)
    assertError(await dw.patch(`/people/${other.id}`, { version: 1, birth_date: '1975-05-05' }), 409, 'already_exists', 'name')
    await assertUnchanged(admin, before2)
    // The org admin reads both branches: told where the other person is.
    const told = assertError(await dw.post('/people', newPerson(ids.branch3.id, { name, birth_date: '1975-05-05' })),
      409, 'already_exists', 'name')
    assert.match(told.message, /机关第二支部/)
    assert.match(told.message, new RegExp(`编号 ${p.id}\\b`))
    // Re-saving a person with its own name and date is not a duplicate of itself.
    const self = await dw.patch(`/people/${p.id}`, { version: 1, name, birth_date: '1975-05-05', post: '科员' })
    assert.equal(self.status, 200, self.text)
  })
})

describe('field rules', () => {
  test('control characters in any text field are refused, as every import refuses them', async () => {
    const before = await snapshot(admin)
    for (const [field, value] of [['name', '张\u0007三'], ['name', '\u001b[31m李四'], ['post', '科员\u0085'],
      ['phone', '138\u0000']]) {
      assertError(await dw.post('/people', newPerson(ids.branch2.id, { [field]: value })), 400, 'invalid_argument', field)
    }
    await assertUnchanged(admin, before)
    const p = (await dw.post('/people', newPerson(ids.branch2.id))).json
    const before2 = await snapshot(admin)
    assertError(await dw.patch(`/people/${p.id}`, { version: p.version, post: '科\t员' }), 400, 'invalid_argument', 'post')
    await assertUnchanged(admin, before2)
  })

  test('a 3,000-byte name is refused as over the limit of the field rule', async () => {
    const before = await snapshot(admin)
    const res = await dw.post('/people', newPerson(ids.branch2.id, { name: '名'.repeat(1000) }))
    assertError(res, 400, 'invalid_argument', 'name')
    assert.match(res.json.error.message, /50/)
    await assertUnchanged(admin, before)
  })
})

describe('duplicates outside the caller\'s scope', () => {
  test('a branch secretary learns nothing about a person in another branch', async () => {
    const name = uniqueName('外支部')
    const other = await create(newPerson(ids.branch2.id, { name, birth_date: '1966-06-06' }))
    const zb = await login(srv, 'zhibu1') // secretary of 机关第一支部
    const before = await snapshot(admin)
    const res = await zb.post('/people', newPerson(ids.branch1.id, { name, birth_date: '1966-06-06' }))
    const e = assertError(res, 409, 'already_exists', 'name')
    assert.equal(e.message, '与系统中已有人员重复，请联系机关党委')
    assert.ok(!res.text.includes('机关第二支部'), res.text)
    assert.doesNotMatch(res.text, new RegExp(`\\b${other.id}\\b`))
    await assertOnlyHitsAudited(before, 2) // one entry per side
  })

  test('each hit is audited for the org admins of either side, not shown to the secretary; the 6th in a day is 429', async () => {
    const sec = await newAccount([{ role: 'branch_secretary', org_id: ids.branch1.id }])
    const admin2 = await newAccount([{ role: 'org_admin', org_id: ids.branch2.id }])
    const name = uniqueName('查重探查')
    const other = await create(newPerson(ids.branch2.id, { name, birth_date: '1970-03-03' }))
    const own = await create(newPerson(ids.branch1.id, { name: uniqueName('本支部'), birth_date: '1971-04-04' }))
    const before = await snapshot(admin)
    const probe = () => sec.post('/people', newPerson(ids.branch1.id, { name, birth_date: '1970-03-03' }))
    for (let i = 0; i < 4; i++) {
      const e = assertError(await probe(), 409, 'already_exists', 'name')
      assert.equal(e.message, '与系统中已有人员重复，请联系机关党委')
    }
    // An edit that makes a person match counts too (the 5th).
    const edit = await sec.patch(`/people/${own.id}`, { version: own.version, name, birth_date: '1970-03-03' })
    assert.equal(assertError(edit, 409, 'already_exists', 'name').message, '与系统中已有人员重复，请联系机关党委')
    await assertOnlyHitsAudited(before, 10)

    const sixth = assertError(await probe(), 429, 'resource_exhausted')
    assert.equal(sixth.message, '查重命中次数过多，请联系机关党委')
    // Past the limit a probe that matches nobody is refused the same way, so
    // the refusal tells nothing; a person without a birth date still goes in.
    const none = await sec.post('/people', newPerson(ids.branch1.id, { name: uniqueName('无此人'), birth_date: '1970-03-03' }))
    assert.equal(assertError(none, 429, 'resource_exhausted').message, '查重命中次数过多，请联系机关党委')
    assert.equal((await sec.post('/people', newPerson(ids.branch1.id, { name: uniqueName('无生日') }))).status, 201)

    // 机关党委's admin sees every hit (one entry per side) and refusal.
    const hits = (await dw.get(`/audit?action=duplicate_hit&record_id=${other.id}&limit=100`)).json
    assert.equal(hits.total, 10)
    for (const h of hits.items) {
      assert.equal(h.record_type, 'person')
      assert.equal(h.after.name, name)
      assert.equal(h.after.birth_date, '1970-03-03')
      assert.equal(h.after.existing_person_id, String(other.id))
    }
    assert.deepEqual(hits.items.map((h) => h.after.via).filter((v) => v === 'update').length, 2)
    const refusals = (await dw.get('/audit?action=duplicate_refused&limit=100')).json.items.filter((r) => r.actor_id === sec.accountId)
    assert.equal(refusals.length, 2)
    // The admin of the existing person's branch alone sees that side's entries.
    assert.equal((await admin2.get(`/audit?action=duplicate_hit&record_id=${other.id}&limit=100`)).json.total, 5)
    // The secretary sees none of it.
    assertError(await sec.get('/audit?action=duplicate_hit'), 403, 'permission_denied')
  })

  test('a duplicate inside the caller\'s scope keeps its detailed message and counts no hit', async () => {
    const sec = await newAccount([{ role: 'branch_secretary', org_id: ids.branch1.id }])
    const name = uniqueName('本支部重复')
    const mine = await create(newPerson(ids.branch1.id, { name, birth_date: '1980-08-08' }))
    const before = await snapshot(admin)
    for (let i = 0; i < 6; i++) {
      const e = assertError(await sec.post('/people', newPerson(ids.branch1.id, { name, birth_date: '1980-08-08' })), 409, 'already_exists', 'name')
      assert.match(e.message, new RegExp(`机关第一支部，编号 ${mine.id}`))
    }
    await assertUnchanged(admin, before)
  })
})

describe('search', () => {
  let b
  const names = ['籍澜', '籍澜生', '欧阳澜', '澜', '百分%号', '下划_线', '反斜\\杠']
  before(async () => {
    b = await freshBranch()
    for (const n of names) await create(newPerson(b.id, { name: n }))
  })
  const found = async (s, extra = '') => {
    const r = await dw.get(`/people?org_id=${b.id}&q=${q(s)}&limit=500${extra}`)
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.total, r.json.items.length)
    return r.json.items.map((x) => x.name).sort()
  }

  test('two-character names are found by their full name and by substrings', async () => {
    assert.deepEqual(await found('籍澜'), ['籍澜', '籍澜生'].sort())
    assert.deepEqual(await found('阳澜'), ['欧阳澜'])
    assert.deepEqual(await found('欧阳澜'), ['欧阳澜'])
  })

  test('one-character queries', async () => {
    assert.deepEqual(await found('澜'), ['籍澜', '籍澜生', '欧阳澜', '澜'].sort())
    assert.deepEqual(await found('籍'), ['籍澜', '籍澜生'].sort())
    assert.deepEqual(await found('生'), ['籍澜生'])
    assert.deepEqual(await found('无'), [])
  })

  test('LIKE wildcards are literal', async () => {
    assert.deepEqual(await found('%'), ['百分%号'])
    assert.deepEqual(await found('_'), ['下划_线'])
    assert.deepEqual(await found('\\'), ['反斜\\杠'])
    assert.deepEqual(await found('%号'), ['百分%号'])
  })

  test('search across the bureau: every hit contains the query', async () => {
    const r = await dw.get(`/people?q=${q('王')}&limit=500`)
    assert.equal(r.status, 200)
    assert.ok(r.json.total > 0)
    for (const p of r.json.items) assert.ok(p.name.includes('王'), p.name)
    const t = await dw.get(`/people?q=${q('钱党员')}`)
    assert.deepEqual(t.json.items.map((x) => x.name), ['钱党员'])
  })
})

describe('filters', () => {
  test('org_id selects the whole subtree', async () => {
    const orgs = (await admin.get('/orgs')).json.items
    const inGroup = await create(newPerson(ids.group1.id))
    const b1 = await dw.get(`/people?org_id=${ids.branch1.id}&limit=500`)
    const scope = subtreeIds(orgs, ids.branch1.id)
    for (const p of b1.json.items) assert.ok(scope.has(p.org_id))
    assert.ok(b1.json.items.some((p) => p.id === inGroup.id), 'a 党小组 member is in its branch')
    const g = await dw.get(`/people?org_id=${ids.group1.id}&limit=500`)
    assert.ok(g.json.items.every((p) => p.org_id === ids.group1.id))
    assert.ok(g.json.items.some((p) => p.id === inGroup.id))
    const committee = await dw.get(`/people?org_id=${ids.committee.id}&limit=1`)
    const all = await dw.get('/people?limit=1')
    assert.equal(committee.json.total, all.json.total, 'everyone is under 机关党委')
    let sum = 0
    for (const br of [ids.branch1, ids.branch2, ids.branch3, ids.retired]) {
      sum += (await dw.get(`/people?org_id=${br.id}&limit=1`)).json.total
    }
    const direct = (await dw.get(`/people?limit=500&org_id=${ids.committee.id}`)).json.items
      .filter((p) => p.org_id === ids.committee.id).length
    assert.ok(sum + direct <= committee.json.total)
  })

  test('category and status', async () => {
    const retired = await dw.get('/people?category=retired_member&limit=500')
    assert.equal(retired.status, 200)
    assert.ok(retired.json.total >= 40, `${retired.json.total} retired members`)
    assert.ok(retired.json.items.every((p) => p.category === 'retired_member'))
    const p = await create(newPerson(ids.retired.id, { category: 'retired_member' }))
    const r2 = await dw.get('/people?category=retired_member&limit=1')
    assert.equal(r2.json.total, retired.json.total + 1)
    const d = await dw.patch(`/people/${p.id}`, { version: 1, status: 'deceased' })
    assert.equal(d.status, 200)
    const dead = await dw.get('/people?status=deceased&limit=500')
    assert.ok(dead.json.items.some((x) => x.id === p.id))
    assert.ok(dead.json.items.every((x) => x.status === 'deceased'))
    const both = await dw.get(`/people?status=deceased&category=retired_member&org_id=${ids.retired.id}`)
    assert.ok(both.json.items.some((x) => x.id === p.id))
    const none = await dw.get(`/people?status=deceased&category=family`)
    assert.ok(none.json.items.every((x) => x.category === 'family' && x.status === 'deceased'))
    const active = await dw.get('/people?status=active&category=retired_member&limit=1')
    assert.equal(active.json.total, retired.json.total)
  })
})

describe('pagination and sorting', () => {
  test('limit/offset pages are disjoint and add up; total is the full count', async () => {
    const all = await dw.get('/people?limit=40&sort=name')
    const p1 = await dw.get('/people?limit=20&offset=0&sort=name')
    const p2 = await dw.get('/people?limit=20&offset=20&sort=name')
    assert.equal(p1.json.items.length, 20)
    assert.equal(p2.json.items.length, 20)
    assert.equal(p1.json.total, all.json.total)
    assert.equal(p2.json.total, all.json.total)
    assert.deepEqual([...p1.json.items, ...p2.json.items].map((x) => x.id), all.json.items.map((x) => x.id))
    const last = await dw.get(`/people?limit=10&offset=${all.json.total - 3}&sort=name`)
    assert.equal(last.json.items.length, 3)
    const past = await dw.get(`/people?limit=10&offset=${all.json.total + 5}`)
    assert.deepEqual(past.json.items, [])
    assert.equal(past.json.total, all.json.total)
    const dflt = await dw.get('/people')
    assert.equal(dflt.json.items.length, Math.min(50, dflt.json.total), 'default limit 50')
    const max = await dw.get('/people?limit=500')
    assert.equal(max.json.items.length, Math.min(500, max.json.total))
  })

  test('sort by name is pinyin order (surnames read as surnames), -name the reverse; created_at', async () => {
    const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0)
    const b = await freshBranch()
    for (const name of ['赵六', '张三', '曾平', '王五', '李四', '安娜', '陈明', '单杰', '邓平']) {
      await create(newPerson(b.id, { name }))
    }
    const names = async (sort) => (await dw.get(`/people?org_id=${b.id}&sort=${sort}`)).json.items.map((x) => x.name)
    const pinyin = ['安娜', '陈明', '邓平', '李四', '单杰', '王五', '曾平', '张三', '赵六']
    assert.deepEqual(await names('name'), pinyin)
    assert.deepEqual(await names('-name'), [...pinyin].reverse())
    // Across the bureau, -name is exactly the reverse of name.
    const byName = (await dw.get('/people?limit=500&sort=name')).json.items.map((x) => x.id)
    const desc = (await dw.get('/people?limit=500&sort=-name')).json.items.map((x) => x.id)
    assert.deepEqual(desc, [...byName].reverse())
    const created = (await dw.get('/people?limit=500&sort=-created_at')).json.items.map((x) => x.created_at)
    assert.deepEqual(created, [...created].sort(cmp).reverse())
  })

  test('sort by birth_date and -birth_date; people without a date come last either way', async () => {
    const b = await freshBranch()
    const made = []
    for (const d of ['1990-01-01', null, '1970-12-31', '1985-06-15', null]) {
      made.push(await create(newPerson(b.id, { birth_date: d })))
    }
    const asc = (await dw.get(`/people?org_id=${b.id}&sort=birth_date`)).json.items.map((x) => x.birth_date)
    assert.deepEqual(asc, ['1970-12-31', '1985-06-15', '1990-01-01', null, null])
    const desc = (await dw.get(`/people?org_id=${b.id}&sort=-birth_date`)).json.items.map((x) => x.birth_date)
    assert.deepEqual(desc, ['1990-01-01', '1985-06-15', '1970-12-31', null, null])
    // Across the bureau, dated people are in order.
    const all = (await dw.get('/people?limit=500&sort=-birth_date')).json.items.map((x) => x.birth_date)
    const dated = all.filter((d) => d !== null)
    assert.deepEqual(dated, [...dated].sort().reverse())
    assert.deepEqual(all.slice(0, dated.length), dated, 'no undated person before a dated one')
  })

  test('sort by party_join_date', async () => {
    const items = (await dw.get(`/people?org_id=${ids.retired.id}&limit=500&sort=party_join_date`)).json.items
    const dates = items.map((x) => x.party_join_date).filter((d) => d !== null)
    assert.deepEqual(dates, [...dates].sort())
  })
})
