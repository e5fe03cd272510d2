// The organization tree: create, rename, move without cycles, archive.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  assertError, assertUnchanged, demoIds, login, newPerson, snapshot, startServer, subtreeIds, uniqueName,
} from './harness.mjs'

const srv = await startServer('orgs')
after(() => srv.stop())

let admin, dw, zb, ids
before(async () => {
  admin = await login(srv, 'admin')
  dw = await login(srv, 'dangwei')
  zb = await login(srv, 'zhibu1')
  ids = await demoIds(admin)
})

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/

async function mk(parentId, kind = 'branch', extra = {}) {
  const r = await dw.post('/orgs', { parent_id: parentId, name: uniqueName('组织'), kind, ...extra })
  assert.equal(r.status, 201, r.text)
  return r.json
}

async function get(id) {
  const r = await admin.get(`/orgs/${id}`)
  assert.equal(r.status, 200, r.text)
  return r.json
}

describe('create and rename', () => {
  test('create a child and a grandchild', async () => {
    const name = uniqueName('新支部')
    const r = await dw.post('/orgs', { parent_id: ids.committee.id, name, kind: 'branch', sort_order: 7 })
    assert.equal(r.status, 201, r.text)
    const o = r.json
    assert.deepEqual(Object.keys(o).sort(), ['archived', 'created_at', 'id', 'kind', 'name', 'parent_id', 'sort_order',
      'updated_at', 'version'].sort())
    assert.equal(o.parent_id, ids.committee.id)
    assert.equal(o.name, name)
    assert.equal(o.kind, 'branch')
    assert.equal(o.sort_order, 7)
    assert.equal(o.archived, false)
    assert.equal(o.version, 1)
    assert.match(o.created_at, ISO)
    assert.deepEqual(await get(o.id), o)
    const g = await mk(o.id, 'group')
    assert.equal(g.parent_id, o.id)
    assert.equal(g.sort_order, 0)
    const list = (await dw.get('/orgs')).json
    assert.equal(list.total, list.items.length)
    assert.ok(list.items.some((x) => x.id === g.id && x.parent_id === o.id))
    const audit = await admin.get(`/audit?record_type=org&record_id=${o.id}`)
    assert.equal(audit.json.items[0].action, 'create')
    assert.equal(audit.json.items[0].after.name, name)
    // Every kind can be created.
    for (const kind of ['party_group', 'party_committee', 'general_branch', 'branch', 'group', 'department']) {
      const k = await mk(ids.committee.id, kind)
      assert.equal(k.kind, kind)
    }
  })

  test('rename and re-kind: version goes up, audited with before and after', async () => {
    const o = await mk(ids.committee.id)
    const newName = uniqueName('改名支部')
    const r = await dw.patch(`/orgs/${o.id}`, { version: 1, name: newName, kind: 'general_branch', sort_order: 3 })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.name, newName)
    assert.equal(r.json.kind, 'general_branch')
    assert.equal(r.json.sort_order, 3)
    assert.equal(r.json.version, 2)
    assert.equal(r.json.parent_id, ids.committee.id)
    const entry = (await admin.get(`/audit?record_type=org&record_id=${o.id}&action=update`)).json.items[0]
    assert.equal(entry.before.name, o.name)
    assert.equal(entry.after.name, newName)
    assert.equal(entry.actor_id, dw.user.id)
    // People of a renamed org show the new name.
    const p = (await dw.post('/people', newPerson(o.id))).json
    await dw.patch(`/orgs/${o.id}`, { version: 2, name: `${newName}二` })
    assert.equal((await dw.get(`/people/${p.id}`)).json.org_name, `${newName}二`)
  })

  test('a stale version → 409 and the org unchanged', async () => {
    const o = await mk(ids.committee.id)
    assert.equal((await dw.patch(`/orgs/${o.id}`, { version: 1, name: uniqueName('一改') })).status, 200)
    const now = await get(o.id)
    const before = await snapshot(admin)
    assertError(await dw.patch(`/orgs/${o.id}`, { version: 1, name: '过时' }), 409, 'conflict', 'version')
    assertError(await dw.patch(`/orgs/${o.id}`, { version: 1, parent_id: ids.branch2.id }), 409, 'conflict', 'version')
    assertError(await dw.post(`/orgs/${o.id}/archive`, { version: 1 }), 409, 'conflict', 'version')
    await assertUnchanged(admin, before)
    assert.deepEqual(await get(o.id), now)
  })
})

describe('move', () => {
  test('a subtree moves with its people; scopes follow', async () => {
    const a = await mk(ids.committee.id)
    const a1 = await mk(a.id, 'group')
    const a2 = await mk(a1.id, 'group')
    const p = (await dw.post('/people', newPerson(a2.id))).json
    assert.equal((await zb.get(`/people/${p.id}`)).status, 404, 'not yet in 机关第一支部')

    const r = await dw.patch(`/orgs/${a.id}`, { version: a.version, parent_id: ids.branch1.id })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.parent_id, ids.branch1.id)
    assert.equal(r.json.version, 2)
    // Descendants keep their parents.
    assert.equal((await get(a1.id)).parent_id, a.id)
    assert.equal((await get(a2.id)).parent_id, a1.id)
    // The subtree's people are now listed under the new parent's subtree...
    const inB1 = await dw.get(`/people?org_id=${ids.branch1.id}&limit=500`)
    assert.ok(inB1.json.items.some((x) => x.id === p.id))
    const inB2 = await dw.get(`/people?org_id=${ids.branch2.id}&limit=500`)
    assert.ok(!inB2.json.items.some((x) => x.id === p.id))
    // ...and the branch secretary's scope now covers the moved subtree.
    assert.equal((await zb.get(`/people/${p.id}`)).status, 200)
    const zorgs = (await zb.get('/orgs')).json.items.map((o) => o.id)
    for (const id of [a.id, a1.id, a2.id]) assert.ok(zorgs.includes(id))
    const zp = await zb.get('/people?limit=500')
    assert.ok(zp.json.items.some((x) => x.id === p.id))

    // Move it on, to 机关第二支部: out of zhibu1's reach again.
    const r2 = await dw.patch(`/orgs/${a.id}`, { version: 2, parent_id: ids.branch2.id })
    assert.equal(r2.status, 200, r2.text)
    assert.equal((await zb.get(`/people/${p.id}`)).status, 404)
    assert.ok((await dw.get(`/people?org_id=${ids.branch2.id}&limit=500`)).json.items.some((x) => x.id === p.id))
    assert.ok(!(await zb.get('/orgs')).json.items.some((o) => o.id === a2.id))
    const entry = (await admin.get(`/audit?record_type=org&record_id=${a.id}&action=move`)).json
    assert.equal(entry.total, 2)
    assert.equal(entry.items[0].before.parent_id, String(ids.branch1.id))
    assert.equal(entry.items[0].after.parent_id, String(ids.branch2.id))
  })

  test('no cycles: under itself or its own descendant → 422, nothing changes', async () => {
    const a = await mk(ids.committee.id)
    const a1 = await mk(a.id, 'group')
    const a2 = await mk(a1.id, 'group')
    const before = await snapshot(admin)
    for (const target of [a.id, a1.id, a2.id]) {
      assertError(await dw.patch(`/orgs/${a.id}`, { version: 1, parent_id: target }), 422, 'failed_precondition', 'parent_id')
    }
    assertError(await dw.patch(`/orgs/${a1.id}`, { version: 1, parent_id: a2.id }), 422, 'failed_precondition', 'parent_id')
    assertError(await admin.patch(`/orgs/${ids.bureau.id}`, { version: ids.bureau.version, parent_id: ids.branch1.id }),
      422, 'failed_precondition', 'parent_id')
    await assertUnchanged(admin, before)
    // Moving a child up to its grandparent is fine.
    const up = await dw.patch(`/orgs/${a2.id}`, { version: 1, parent_id: a.id })
    assert.equal(up.status, 200, up.text)
  })

  test('not under an archived org, not by someone without authority over both ends', async () => {
    const a = await mk(ids.committee.id)
    const gone = await mk(ids.committee.id)
    assert.equal((await dw.post(`/orgs/${gone.id}/archive`, { version: 1 })).status, 200)
    const before = await snapshot(admin)
    assertError(await dw.patch(`/orgs/${a.id}`, { version: 1, parent_id: gone.id }), 422, 'failed_precondition', 'parent_id')
    assertError(await dw.post('/orgs', { parent_id: gone.id, name: uniqueName('孤'), kind: 'group' }),
      422, 'failed_precondition', 'parent_id')
    assertError(await dw.patch(`/orgs/${a.id}`, { version: 1, parent_id: ids.bureau.id }), 404, 'not_found', 'parent_id')
    await assertUnchanged(admin, before)
  })
})

describe('archive', () => {
  test('an org with people → 422; once they are moved out it archives', async () => {
    const o = await mk(ids.committee.id)
    const p = (await dw.post('/people', newPerson(o.id))).json
    const before = await snapshot(admin)
    const e = assertError(await dw.post(`/orgs/${o.id}/archive`, { version: 1 }), 422, 'failed_precondition')
    assert.match(e.message, /人员/)
    await assertUnchanged(admin, before)
    assert.equal((await dw.patch(`/people/${p.id}`, { version: 1, org_id: ids.branch3.id })).status, 200)
    const r = await dw.post(`/orgs/${o.id}/archive`, { version: 1 })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.json.archived, true)
    assert.equal(r.json.version, 2)
  })

  test('a department with staff assigned → 422', async () => {
    const d = await mk(ids.committee.id, 'department')
    const p = (await dw.post('/people', newPerson(ids.branch3.id, { department_id: d.id }))).json
    const before = await snapshot(admin)
    assertError(await dw.post(`/orgs/${d.id}/archive`, { version: 1 }), 422, 'failed_precondition')
    await assertUnchanged(admin, before)
    assert.equal((await dw.post(`/people/${p.id}/archive`, { version: 1 })).status, 200)
    assert.equal((await dw.post(`/orgs/${d.id}/archive`, { version: 1 })).status, 200, 'archived people do not hold it')
  })

  test('an org with active children → 422', async () => {
    const o = await mk(ids.committee.id)
    const child = await mk(o.id, 'group')
    const before = await snapshot(admin)
    assertError(await dw.post(`/orgs/${o.id}/archive`, { version: 1 }), 422, 'failed_precondition')
    await assertUnchanged(admin, before)
    assert.equal((await dw.post(`/orgs/${child.id}/archive`, { version: 1 })).status, 200)
    assert.equal((await dw.post(`/orgs/${o.id}/archive`, { version: 1 })).status, 200)
  })

  test('archived: hidden from the list unless asked, frozen, no new people', async () => {
    const o = await mk(ids.committee.id)
    const r = await dw.post(`/orgs/${o.id}/archive`, { version: 1 })
    assert.equal(r.status, 200)
    assert.ok(!(await dw.get('/orgs')).json.items.some((x) => x.id === o.id))
    const all = (await dw.get('/orgs?include_archived=true')).json.items
    assert.equal(all.find((x) => x.id === o.id).archived, true)
    assert.equal((await dw.get(`/orgs/${o.id}`)).json.archived, true)
    const before = await snapshot(admin)
    assertError(await dw.patch(`/orgs/${o.id}`, { version: 2, name: '复活' }), 422, 'failed_precondition')
    assertError(await dw.post(`/orgs/${o.id}/archive`, { version: 2 }), 422, 'failed_precondition')
    assertError(await dw.post('/people', newPerson(o.id)), 400, 'invalid_argument', 'org_id')
    const imp = await dw.request('POST', '/people/import', {
      body: `姓名,人员类别,所在支部\n${uniqueName('归档')},在职党员,${o.name}\n`, headers: { 'Content-Type': 'text/csv' },
    })
    assertError(imp, 422, 'invalid_argument')
    await assertUnchanged(admin, before)
    const entry = (await admin.get(`/audit?record_type=org&record_id=${o.id}&action=archive`)).json.items[0]
    assert.equal(entry.before.archived, 'false')
    assert.equal(entry.after.archived, 'true')
  })
})

describe('head counts', () => {
  test('the list gives each org its people, as the people list counts them, within the caller\'s sight', async () => {
    const b = await mk(ids.committee.id)
    const list = async (who, query = '') => {
      const r = await who.get(`/orgs${query}`)
      assert.equal(r.status, 200, r.text)
      return Object.fromEntries(r.json.items.map((o) => [o.id, o.people_count]))
    }
    assert.equal((await list(dw))[b.id], 0)
    const made = []
    for (let i = 0; i < 3; i++) {
      const p = await dw.post('/people', newPerson(b.id, { department_id: ids.office.id }))
      assert.equal(p.status, 201, p.text)
      made.push(p.json)
    }
    const archived = await dw.post(`/people/${made[2].id}/archive`, { version: made[2].version })
    assert.equal(archived.status, 200, archived.text)
    const counts = await list(dw)
    assert.equal(counts[b.id], 2, 'archived people are not counted')
    assert.equal(counts[b.id], (await dw.get(`/people?org_id=${b.id}`)).json.total)
    // Summed over a subtree, the counts give the list total of its root.
    const orgs = (await dw.get('/orgs')).json.items
    for (const root of [ids.committee, ids.branch1, ids.branch2]) {
      const sum = [...subtreeIds(orgs, root.id)]
        .filter((id) => orgs.find((o) => o.id === id).kind !== 'department')
        .reduce((n, id) => n + counts[id], 0)
      assert.equal(sum, (await dw.get(`/people?org_id=${root.id}`)).json.total, root.name)
    }
    // A department counts its staff across the branches the caller sees.
    const all = (await dw.get('/people?limit=500')).json.items
    assert.equal(counts[ids.office.id], all.filter((p) => p.department_id === ids.office.id).length)
    // zhibu1 sees the department's staff of its own branch only.
    const mine = (await zb.get('/people?limit=500')).json.items
    const zbCounts = await list(zb, '?kind=department')  // departments are listed to every staff role
    assert.equal(zbCounts[ids.office.id], mine.filter((p) => p.department_id === ids.office.id).length)
    assert.ok(zbCounts[ids.office.id] < counts[ids.office.id])
    // Only lists carry counts.
    assert.equal('people_count' in (await get(b.id)), false)
  })
})

describe('names: one line of text, unique among siblings', () => {
  /** Runs `fn` (returning a response), asserts the error and that nothing was written. */
  async function refused(fn, status, code, field) {
    const before = await snapshot(admin)
    const e = assertError(await fn(), status, code, field)
    await assertUnchanged(admin, before)
    return e
  }

  // Inner ones: the API trims leading and trailing blanks (tab and line breaks too).
  const controls = { 'line feed': '第一\n支部', tab: '第一\t支部', escape: '\u001b[31m支部', DEL: '支部\u007f甲',
    'C1 NEL': '支部\u0085甲', 'C1 CSI': '支部\u009b甲' }

  for (const [what, name] of Object.entries(controls)) {
    test(`a ${what} in a name: create and rename → 400 naming 组织名称, nothing written`, async () => {
      const o = await mk(ids.committee.id)
      let e = await refused(() => dw.post('/orgs', { parent_id: ids.committee.id, name, kind: 'branch' }),
        400, 'invalid_argument', 'name')
      assert.match(e.message, /组织名称.*控制字符/)
      e = await refused(() => dw.patch(`/orgs/${o.id}`, { version: o.version, name }), 400, 'invalid_argument', 'name')
      assert.match(e.message, /组织名称.*控制字符/)
    })
  }

  test('a name that is not UTF-8 → 400, nothing written', async () => {
    const body = Buffer.concat([Buffer.from(`{"parent_id":${ids.committee.id},"kind":"branch","name":"支部`),
      Buffer.from([0x80, 0xff]), Buffer.from('"}')])
    await refused(() => dw.request('POST', '/orgs', { body, headers: { 'Content-Type': 'application/json' } }),
      400, 'invalid_argument')
  })

  test('letters, digits, spaces and punctuation inside a name are fine', async () => {
    const name = uniqueName('第一 党支部（机关）·A-1')
    const r = await dw.post('/orgs', { parent_id: ids.committee.id, name, kind: 'branch' })
    assert.equal(r.status, 201, r.text)
    assert.equal(r.json.name, name)
  })

  test('create under a parent that has a child of that name → 409, nothing written', async () => {
    const parent = await mk(ids.committee.id, 'general_branch')
    const first = await mk(parent.id)
    const e = await refused(() => dw.post('/orgs', { parent_id: parent.id, name: first.name, kind: 'department' }),
      409, 'already_exists', 'name')
    assert.equal(e.message, '同一上级组织下已有同名组织')
    // The demo's own names too.
    await refused(() => dw.post('/orgs', { parent_id: ids.committee.id, name: '机关第一支部', kind: 'branch' }),
      409, 'already_exists', 'name')
  })

  test('two top-level orgs of one name → 409', async () => {
    await refused(() => admin.post('/orgs', { name: '市统计局党组', kind: 'party_group' }), 409, 'already_exists', 'name')
  })

  test('the same name under another parent is another org', async () => {
    const p1 = await mk(ids.committee.id, 'general_branch')
    const p2 = await mk(ids.committee.id, 'general_branch')
    const a = await mk(p1.id, 'group')
    const r = await dw.post('/orgs', { parent_id: p2.id, name: a.name, kind: 'group' })
    assert.equal(r.status, 201, r.text)
  })

  test('rename to a sibling\'s name → 409; keeping one\'s own name is fine', async () => {
    const a = await mk(ids.committee.id)
    const b = await mk(ids.committee.id)
    const e = await refused(() => dw.patch(`/orgs/${b.id}`, { version: b.version, name: a.name }), 409, 'already_exists', 'name')
    assert.equal(e.message, '同一上级组织下已有同名组织')
    const same = await dw.patch(`/orgs/${b.id}`, { version: b.version, name: b.name, sort_order: 5 })
    assert.equal(same.status, 200, same.text)
  })

  test('move under a parent that has a child of that name → 409, nothing written', async () => {
    const p1 = await mk(ids.committee.id, 'general_branch')
    const p2 = await mk(ids.committee.id, 'general_branch')
    const a = await mk(p1.id, 'group')
    const b = (await dw.post('/orgs', { parent_id: p2.id, name: a.name, kind: 'group' })).json
    await refused(() => dw.patch(`/orgs/${b.id}`, { version: b.version, parent_id: p1.id }), 409, 'already_exists', 'name')
    // Moving and renaming at once is judged by the new name.
    const r = await dw.patch(`/orgs/${b.id}`, { version: b.version, parent_id: p1.id, name: uniqueName('改名小组') })
    assert.equal(r.status, 200, r.text)
  })

  test('an archived sibling does not hold its name', async () => {
    const a = await mk(ids.committee.id)
    assert.equal((await dw.post(`/orgs/${a.id}/archive`, { version: a.version })).status, 200)
    const r = await dw.post('/orgs', { parent_id: ids.committee.id, name: a.name, kind: 'branch' })
    assert.equal(r.status, 201, r.text)
    // And a second live one is refused again.
    await refused(() => dw.post('/orgs', { parent_id: ids.committee.id, name: a.name, kind: 'branch' }),
      409, 'already_exists', 'name')
  })

  test('parallel creates of one name under one parent: exactly one wins', async () => {
    const parent = await mk(ids.committee.id, 'general_branch')
    const name = uniqueName('并发支部')
    const answers = await Promise.all(Array.from({ length: 6 },
      () => dw.post('/orgs', { parent_id: parent.id, name, kind: 'branch' })))
    assert.deepEqual(answers.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409])
    for (const r of answers.filter((x) => x.status === 409)) assertError(r, 409, 'already_exists', 'name')
    const list = (await dw.get('/orgs')).json.items.filter((o) => o.parent_id === parent.id)
    assert.deepEqual(list.map((o) => o.name), [name])
  })
})

describe('people import: branch and department names that are not unique', () => {
  const HEADER = ['姓名', '人员类别', '所在支部', '所在科室']
  const cases = [
    { column: '所在支部', kind: 'branch', cells: (name) => [name, ''], reason: /支部名称.*不唯一/ },
    { column: '所在科室', kind: 'department', cells: (name) => ['机关第一支部', name], reason: /科室名称.*不唯一/ },
  ]
  for (const { column, kind, cells, reason } of cases) {
    test(`a ${kind} name held under two parents → the row's ${column} names it not unique, nothing imported`, async () => {
      const name = uniqueName(`同名${kind}`)
      for (let i = 0; i < 2; ++i) {
        const parent = await mk(ids.committee.id, 'general_branch')
        assert.equal((await dw.post('/orgs', { parent_id: parent.id, name, kind })).status, 201)
      }
      const before = await snapshot(admin)
      const csv = `${HEADER.join(',')}\n${[uniqueName('导入人'), '在职党员', ...cells(name)].join(',')}\n`
      const e = assertError(await dw.request('POST', '/people/import', {
        body: csv, headers: { 'Content-Type': 'text/csv; charset=utf-8' },
      }), 422, 'invalid_argument')
      assert.deepEqual(e.details.map((d) => [d.row, d.column]), [[2, column]])
      assert.match(e.details[0].reason, reason)
      await assertUnchanged(admin, before)
    })
  }
})
