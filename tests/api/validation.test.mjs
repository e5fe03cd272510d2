// Bad input: each answers the one error shape with the right status and
// field, and writes nothing.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  API, assertError, assertUnchanged, demoIds, login, newPerson, request, snapshot, startServer, uniqueName,
} from './harness.mjs'

const srv = await startServer('validation')
after(() => srv.stop())

let admin, dw, ids, person, org, community
before(async () => {
  admin = await login(srv, 'admin')
  dw = await login(srv, 'dangwei')
  ids = await demoIds(admin)
  const p = await dw.post('/people', newPerson(ids.branch2.id, { birth_date: '1980-01-01' }))
  assert.equal(p.status, 201, p.text)
  person = p.json
  const o = await dw.post('/orgs', { parent_id: ids.committee.id, name: uniqueName('校验支部'), kind: 'branch' })
  assert.equal(o.status, 201, o.text)
  org = o.json
  community = ids.community['善溪村']
})

/** Runs `fn` (returning a response), asserts the error and that nothing was written. */
async function refused(fn, status, code, field) {
  const before = await snapshot(admin)
  const res = await fn()
  const e = assertError(res, status, code, field)
  await assertUnchanged(admin, before)
  return e
}

const raw = (method, p, body, type = 'application/json') =>
  dw.request(method, p, { body, headers: { 'Content-Type': type } })

describe('malformed bodies', () => {
  const bodies = {
    'truncated JSON': '{"name":"张三","category":',
    'not JSON': 'name=张三&category=member',
    'trailing garbage': '{"name":"张三"} x',
    'single quotes': "{'name':'张三'}",
    empty: '',
    'JSON array': '[{"name":"张三"}]',
    'JSON string': '"张三"',
    'JSON number': '42',
    'JSON null': 'null',
    'nested too deep': '{"name":' + '['.repeat(40) + ']'.repeat(40) + '}',
    'invalid UTF-8': Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]),
      Buffer.from(`","category":"member","org_id":${1}}`)]),
  }
  for (const [what, body] of Object.entries(bodies)) {
    test(`POST /people with ${what} → 400`, async () => {
      await refused(() => raw('POST', '/people', body), 400, 'invalid_argument')
    })
  }
  test('PATCH, archive, orgs, communities, tokens and login refuse malformed JSON too', async () => {
    await refused(() => raw('PATCH', `/people/${person.id}`, '{"version":'), 400, 'invalid_argument')
    await refused(() => raw('PATCH', `/people/${person.id}`, '[]'), 400, 'invalid_argument')
    await refused(() => raw('POST', `/people/${person.id}/archive`, 'version=1'), 400, 'invalid_argument')
    await refused(() => raw('POST', '/orgs', '{'), 400, 'invalid_argument')
    await refused(() => raw('PATCH', `/orgs/${org.id}`, 'null'), 400, 'invalid_argument')
    await refused(() => raw('POST', `/orgs/${org.id}/archive`, ''), 400, 'invalid_argument')
    await refused(() => raw('POST', '/communities', '{"name":}'), 400, 'invalid_argument')
    await refused(() => raw('PATCH', `/communities/${community.id}`, '1'), 400, 'invalid_argument')
    await refused(() => raw('POST', '/auth/tokens', '{"name":"x",}'), 400, 'invalid_argument')
    await refused(() => raw('POST', '/auth/password', '"x"'), 400, 'invalid_argument')
    await refused(() => request(srv, 'POST', `${API}/auth/login`, { body: '{"username":"admin"', headers: { 'Content-Type': 'application/json' } }),
      400, 'invalid_argument')
  })
})

describe('fields', () => {
  const base = () => newPerson(ids.branch2.id)
  const cases = [
    ['name missing', (b) => { delete b.name }, 'name'],
    ['name null', (b) => { b.name = null }, 'name'],
    ['name blank', (b) => { b.name = '   ' }, 'name'],
    ['name a number', (b) => { b.name = 123 }, 'name'],
    ['name an object', (b) => { b.name = { zh: '张三' } }, 'name'],
    ['name 51 characters', (b) => { b.name = '张'.repeat(51) }, 'name'],
    ['name with a NUL', (b) => { b.name = '张\u0000三' }, 'name'],
    ['category missing', (b) => { delete b.category }, 'category'],
    ['category unknown', (b) => { b.category = 'boss' }, 'category'],
    ['category a label, not a code', (b) => { b.category = '在职党员' }, 'category'],
    ['org_id missing', (b) => { delete b.org_id }, 'org_id'],
    ['org_id a string', (b) => { b.org_id = String(ids.branch2.id) }, 'org_id'],
    ['org_id a fraction', (b) => { b.org_id = 1.5 }, 'org_id'],
    ['org_id unknown', (b) => { b.org_id = 999999 }, 'org_id'],
    ['org_id a department', (b) => { b.org_id = ids.office.id }, 'org_id'],
    ['gender unknown', (b) => { b.gender = 'x' }, 'gender'],
    ['gender a boolean', (b) => { b.gender = true }, 'gender'],
    ['birth_date 2021-02-30', (b) => { b.birth_date = '2021-02-30' }, 'birth_date'],
    ['birth_date 2021-13-01', (b) => { b.birth_date = '2021-13-01' }, 'birth_date'],
    ['birth_date 2021/01/01', (b) => { b.birth_date = '2021/01/01' }, 'birth_date'],
    ['birth_date 1990-1-1', (b) => { b.birth_date = '1990-1-1' }, 'birth_date'],
    ['birth_date with a time', (b) => { b.birth_date = '1990-01-01T00:00:00Z' }, 'birth_date'],
    ['birth_date a number', (b) => { b.birth_date = 19900101 }, 'birth_date'],
    ['party_join_date 2019-02-29', (b) => { b.party_join_date = '2019-02-29' }, 'party_join_date'],
    ['party_join_date before birth', (b) => { b.birth_date = '1990-05-01'; b.party_join_date = '1980-01-01' }, 'party_join_date'],
    ['status unknown', (b) => { b.status = 'gone' }, 'status'],
    ['post 51 characters', (b) => { b.post = '科'.repeat(51) }, 'post'],
    ['phone with letters', (b) => { b.phone = '139abc' }, 'phone'],
    ['phone 21 digits', (b) => { b.phone = '1'.repeat(21) }, 'phone'],
    ['department_id a branch', (b) => { b.department_id = ids.branch3.id }, 'department_id'],
    ['department_id a string', (b) => { b.department_id = '5' }, 'department_id'],
    ['community_id unknown', (b) => { b.community_id = 999999 }, 'community_id'],
    ['unknown field', (b) => { b.nickname = '小张' }, 'nickname'],
    ['read-only field id', (b) => { b.id = 5 }, 'id'],
    ['read-only field version', (b) => { b.version = 1 }, 'version'],
    ['read-only field archived', (b) => { b.archived = false }, 'archived'],
  ]
  for (const [what, change, field] of cases) {
    test(`POST /people: ${what} → 400 ${field}`, async () => {
      const b = base()
      change(b)
      await refused(() => dw.post('/people', b), 400, 'invalid_argument', field)
    })
  }

  test('name of exactly 50 characters is accepted; of 50 CJK + spaces trimmed too', async () => {
    const name = '长'.repeat(48) + uniqueName('').slice(-2)
    const r = await dw.post('/people', newPerson(ids.branch2.id, { name }))
    assert.equal(r.status, 201, r.text)
    assert.equal(r.json.name, name)
    const t = await dw.post('/people', newPerson(ids.branch2.id, { name: `  ${name.slice(0, 40)}乙  ` }))
    assert.equal(t.status, 201, t.text)
    assert.equal(t.json.name, `${name.slice(0, 40)}乙`)
  })

  const patchCases = [
    ['version missing', {}, 'version'],
    ['version a string', { version: '1' }, 'version'],
    ['version null', { version: null }, 'version'],
    ['name a number', { name: 5 }, 'name'],
    ['name empty', { name: '' }, 'name'],
    ['name 51 characters', { name: '王'.repeat(51) }, 'name'],
    ['category unknown', { category: 'chief' }, 'category'],
    ['status unknown', { status: 'retired' }, 'status'],
    ['birth_date 2021-02-30', { birth_date: '2021-02-30' }, 'birth_date'],
    ['org_id unknown', { org_id: 424242 }, 'org_id'],
    ['unknown field', { favourite: 'tea' }, 'favourite'],
  ]
  for (const [what, change, field] of patchCases) {
    test(`PATCH /people/{id}: ${what} → 400 ${field}`, async () => {
      const body = 'version' in change || what.startsWith('version') ? { ...change } : { version: person.version, ...change }
      await refused(() => dw.patch(`/people/${person.id}`, body), 400, 'invalid_argument', field)
      const now = (await dw.get(`/people/${person.id}`)).json
      assert.equal(now.version, person.version, 'record unchanged')
    })
  }

  test('archive: version missing, wrong type, unknown field', async () => {
    await refused(() => dw.post(`/people/${person.id}/archive`, {}), 400, 'invalid_argument', 'version')
    await refused(() => dw.post(`/people/${person.id}/archive`, { version: 'one' }), 400, 'invalid_argument', 'version')
    await refused(() => dw.post(`/people/${person.id}/archive`, { version: person.version, reason: '调走' }), 400, 'invalid_argument', 'reason')
  })

  test('orgs: missing, wrong, unknown, over-long fields and bad kinds', async () => {
    const ok = { parent_id: ids.committee.id, name: uniqueName('支部'), kind: 'branch' }
    await refused(() => dw.post('/orgs', { ...ok, name: undefined }), 400, 'invalid_argument', 'name')
    await refused(() => dw.post('/orgs', { ...ok, name: '  ' }), 400, 'invalid_argument', 'name')
    await refused(() => dw.post('/orgs', { ...ok, name: '支'.repeat(101) }), 400, 'invalid_argument', 'name')
    await refused(() => dw.post('/orgs', { ...ok, kind: undefined }), 400, 'invalid_argument', 'kind')
    await refused(() => dw.post('/orgs', { ...ok, kind: 'team' }), 400, 'invalid_argument', 'kind')
    await refused(() => dw.post('/orgs', { ...ok, kind: '党支部' }), 400, 'invalid_argument', 'kind')
    await refused(() => dw.post('/orgs', { ...ok, parent_id: 'x' }), 400, 'invalid_argument', 'parent_id')
    await refused(() => dw.post('/orgs', { ...ok, sort_order: 1.5 }), 400, 'invalid_argument', 'sort_order')
    await refused(() => dw.post('/orgs', { ...ok, color: 'red' }), 400, 'invalid_argument', 'color')
    await refused(() => dw.post('/orgs', { ...ok, sort_order: 3000000000 }), 400, 'invalid_argument', 'sort_order')
    await refused(() => dw.patch(`/orgs/${org.id}`, { version: org.version, sort_order: -3000000000 }),
      400, 'invalid_argument', 'sort_order')
    await refused(() => dw.post('/orgs', { ...ok, parent_id: 999999 }), 404, 'not_found', 'parent_id')
    await refused(() => dw.patch(`/orgs/${org.id}`, { name: '新名' }), 400, 'invalid_argument', 'version')
    await refused(() => dw.patch(`/orgs/${org.id}`, { version: org.version, kind: 'club' }), 400, 'invalid_argument', 'kind')
    await refused(() => dw.patch(`/orgs/${org.id}`, { version: org.version, name: '' }), 400, 'invalid_argument', 'name')
    await refused(() => dw.patch(`/orgs/${org.id}`, { version: org.version, path: '/1/' }), 400, 'invalid_argument', 'path')
    await refused(() => dw.patch(`/orgs/${org.id}`, { version: org.version, parent_id: 999999 }), 404, 'not_found', 'parent_id')
  })

  test('communities: missing, wrong, unknown, over-long fields and bad kinds', async () => {
    const ok = { name: uniqueName('社区'), kind: 'linked', street: '桃花仑街道' }
    await refused(() => dw.post('/communities', { ...ok, name: undefined }), 400, 'invalid_argument', 'name')
    await refused(() => dw.post('/communities', { ...ok, name: '社'.repeat(101) }), 400, 'invalid_argument', 'name')
    await refused(() => dw.post('/communities', { ...ok, street: '街'.repeat(101) }), 400, 'invalid_argument', 'street')
    await refused(() => dw.post('/communities', { ...ok, kind: 'city' }), 400, 'invalid_argument', 'kind')
    await refused(() => dw.post('/communities', { ...ok, kind: 7 }), 400, 'invalid_argument', 'kind')
    await refused(() => dw.post('/communities', { ...ok, households: 300 }), 400, 'invalid_argument', 'households')
    await refused(() => dw.patch(`/communities/${community.id}`, { version: community.version, kind: 'town' }), 400, 'invalid_argument', 'kind')
    await refused(() => dw.patch(`/communities/${community.id}`, { street: 'x' }), 400, 'invalid_argument', 'version')
  })
})

describe('ids, routes, methods, sizes', () => {
  for (const bad of ['abc', '0', '-1', '1.5', '1e3', '99999999999999999999', '%20', '0x10', '+5']) {
    test(`/people/${bad} → 400`, async () => {
      assertError(await dw.get(`/people/${bad}`), 400, 'invalid_argument', 'id')
      await refused(() => dw.patch(`/people/${bad}`, { version: 1, post: 'x' }), 400, 'invalid_argument', 'id')
      await refused(() => dw.post(`/people/${bad}/archive`, { version: 1 }), 400, 'invalid_argument', 'id')
    })
  }

  test('bad ids on orgs, communities and tokens → 400', async () => {
    assertError(await dw.get('/orgs/abc'), 400, 'invalid_argument', 'id')
    await refused(() => dw.patch('/orgs/-3', { version: 1 }), 400, 'invalid_argument', 'id')
    await refused(() => dw.post('/orgs/0/archive', { version: 1 }), 400, 'invalid_argument', 'id')
    await refused(() => dw.patch('/communities/x', { version: 1 }), 400, 'invalid_argument', 'id')
    await refused(() => dw.del('/auth/tokens/abc'), 400, 'invalid_argument', 'id')
  })

  test('ids that do not exist → 404', async () => {
    assertError(await dw.get('/people/987654'), 404, 'not_found')
    await refused(() => dw.patch('/people/987654', { version: 1, post: 'x' }), 404, 'not_found')
    await refused(() => dw.post('/people/987654/archive', { version: 1 }), 404, 'not_found')
    assertError(await dw.get('/orgs/987654'), 404, 'not_found')
    await refused(() => dw.patch('/orgs/987654', { version: 1, name: 'x' }), 404, 'not_found')
    await refused(() => dw.patch('/communities/987654', { version: 1, name: 'x' }), 404, 'not_found')
  })

  test('unknown routes → 404', async () => {
    for (const p of ['/api/v1/nothing', '/api/v1/people/1/nothing', '/api/v1/people/1/archive/x', '/api/v2/people',
      '/api/v1', '/api/v1/', '/api/people', '/api/v1/PEOPLE']) {
      assertError(await dw.get(p), 404, 'not_found')
      assertError(await request(srv, 'GET', p), 404, 'not_found')
    }
    await refused(() => dw.post('/api/v1/persons', newPerson(ids.branch2.id)), 404, 'not_found')
  })

  test('wrong methods → 405', async () => {
    const cases = [['DELETE', `/people/${person.id}`], ['PUT', '/people'], ['PUT', `/people/${person.id}`],
      ['POST', '/auth/me'], ['GET', '/auth/login'], ['PATCH', '/orgs'], ['DELETE', `/orgs/${org.id}`],
      ['GET', `/people/${person.id}/archive`], ['POST', '/health'], ['DELETE', '/audit'], ['PUT', '/people/import'],
      // A literal segment wins over {id}: /people/import is not person "import".
      ['PATCH', '/people/import'], ['DELETE', '/people/export'], ['POST', '/people/import-template']]
    for (const [m, p] of cases) {
      const before = await snapshot(admin)
      const res = await dw.request(m, p, { json: m === 'GET' || m === 'DELETE' ? undefined : { version: 1 } })
      assertError(res, 405, 'method_not_allowed')
      const allow = (res.headers.allow || '').split(',').map((x) => x.trim()).filter(Boolean)
      assert.ok(allow.length > 0 && !allow.includes(m), `Allow header of ${m} ${p}: ${res.headers.allow}`)
      await assertUnchanged(admin, before, `${m} ${p}`)
    }
    // Also before sign-in.
    const anon = await request(srv, 'DELETE', `${API}/people/1`)
    assertError(anon, 405, 'method_not_allowed')
    const allow = anon.headers.allow.split(',').map((x) => x.trim())
    assert.ok(allow.includes('GET') && allow.includes('PATCH'), anon.headers.allow)
    assert.ok(allow.every((m) => ['GET', 'HEAD', 'PATCH'].includes(m)), anon.headers.allow)
  })

  test('a 2 MiB JSON body → 413, nothing written', async () => {
    const big = JSON.stringify({ ...newPerson(ids.branch2.id), post: 'x'.repeat(2 * 1024 * 1024) })
    await refused(() => raw('POST', '/people', big), 413, 'too_large')
    const patch = JSON.stringify({ version: person.version, post: '科'.repeat(700 * 1024) })
    await refused(() => raw('PATCH', `/people/${person.id}`, patch), 413, 'too_large')
    await refused(() => raw('POST', '/orgs', JSON.stringify({ name: 'x'.repeat(1100 * 1024) })), 413, 'too_large')
    // The connection is usable afterwards.
    assert.equal((await dw.get('/people?limit=1')).status, 200)
  })

  test('a body just under the 64 KiB of JSON routes is parsed (and refused for its content, not its size); over it 413', async () => {
    const body = JSON.stringify({ ...newPerson(ids.branch2.id), post: 'x'.repeat(63 * 1024) })
    assert.ok(Buffer.byteLength(body) < 64 * 1024)
    await refused(() => raw('POST', '/people', body), 400, 'invalid_argument', 'post')
    const over = JSON.stringify({ ...newPerson(ids.branch2.id), post: 'x'.repeat(65 * 1024) })
    await refused(() => raw('POST', '/people', over), 413, 'too_large')
  })

  test('an import over its limit (512 bytes for each of the 100,000 rows it may hold) → 413', async () => {
    const row = '某某,男,1990-01-01,,在职党员,机关第一支部\n'
    const body = '姓名,性别,出生日期,入党日期,人员类别,所在支部\n' + row.repeat(Math.ceil((100000 * 512 + 1) / Buffer.byteLength(row)))
    await refused(() => raw('POST', '/people/import', body, 'text/csv'), 413, 'too_large')
  })
})

describe('query parameters', () => {
  const cases = [
    ['/people?limit=0', 'limit'], ['/people?limit=501', 'limit'], ['/people?limit=abc', 'limit'],
    ['/people?limit=10.5', 'limit'], ['/people?offset=-1', 'offset'], ['/people?offset=x', 'offset'],
    ['/people?category=boss', 'category'], ['/people?status=dead', 'status'], ['/people?sort=age', 'sort'],
    ['/people?sort=-id', 'sort'], ['/people?org_id=abc', 'org_id'], ['/people?include_archived=maybe', 'include_archived'],
    ['/people/export?category=boss', 'category'], ['/people/export?sort=phone', 'sort'],
    ['/orgs?include_archived=yes', 'include_archived'], ['/communities?include_archived=2', 'include_archived'],
    ['/audit?from=2021-02-30', 'from'], ['/audit?to=yesterday', 'to'], ['/audit?actor_id=me', 'actor_id'],
    ['/audit?record_id=1x', 'record_id'], ['/audit?limit=1000', 'limit'],
    [`/people?q=${'张'.repeat(201)}`, 'q'],
    ['/people?q=%FF', 'q'], ['/people?q=%E5%BC', 'q'], ['/people?q=a%00b', 'q'], ['/people?q=%00', 'q'],
    ['/people?q=%ED%A0%80', 'q'], ['/people?q=%E0%80%AF', 'q'], ['/people?q=%F4%90%80%80', 'q'], ['/people?q=%C0%AF', 'q'],
    ['/audit?record_type=%FF', 'record_type'], ['/audit?action=%C3', 'action'], ['/orgs?include_archived=%FE', 'include_archived'],
  ]
  for (const [p, field] of cases) {
    test(`GET ${p.length > 60 ? p.slice(0, 40) + '…' : p} → 400 ${field}`, async () => {
      const url = p.replace(/q=([^%&]*)$/, (_, q) => `q=${encodeURIComponent(q)}`)
      assertError(await dw.get(url), 400, 'invalid_argument', field)
    })
  }
  test('GET /people?org_id=987654 → 404 org_id', async () => {
    assertError(await dw.get('/people?org_id=987654'), 404, 'not_found', 'org_id')
  })
})

describe('import input', () => {
  test('wrong content type, empty file, missing columns', async () => {
    // Another type than .xlsx or CSV: 415, decided before the body is read.
    await refused(() => raw('POST', '/people/import', '姓名,人员类别,所在支部\n甲,在职党员,机关第一支部\n', 'application/json'),
      415, 'unsupported_media_type')
    await refused(() => raw('POST', '/people/import', '', 'text/csv'), 400, 'invalid_argument')
    const e = await refused(() => raw('POST', '/people/import', '姓名,性别\n甲,男\n', 'text/csv'), 422, 'invalid_argument')
    assert.deepEqual(e.details.map((d) => d.column).sort(), ['人员类别', '所在支部'].sort())
    for (const d of e.details) assert.equal(d.row, 1)
    await refused(() => raw('POST', '/people/import', 'PK\u0003\u0004garbage', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
      400, 'invalid_argument')
    await refused(() => raw('POST', '/people/import?dry_run=perhaps', '姓名,人员类别,所在支部\n', 'text/csv'),
      400, 'invalid_argument', 'dry_run')
  })
})

describe('errors inside arrays', () => {
  let event
  before(async () => {
    const types = (await dw.get('/event-types')).json.items
    event = {
      org_id: ids.committee.id, title: '专题讲座', type_id: types[0].id,
      starts_at: '2026-03-01T01:00:00Z', ends_at: '2026-03-01T03:00:00Z',
    }
  })

  test('name the element and its key in the field and the message', async () => {
    const cases = [
      // A key repeated inside an element (not the top-level "title").
      [`{"title":"专题讲座","speakers":[{"name":"甲"},{"name":"乙","title":"教授","title":"讲师"}]}`, 'speakers[1].title'],
      [JSON.stringify({ ...event, speakers: [{ name: '甲' }, { name: '乙', title: 7 }] }), 'speakers[1].title'],
      [JSON.stringify({ ...event, speakers: [{ name: '甲', rank: 1 }] }), 'speakers[0].rank'],
      [JSON.stringify({ ...event, speakers: [{ name: '甲' }, '乙'] }), 'speakers[1]'],
      // A bad scalar element is named, not its array.
      [JSON.stringify({ ...event, co_org_ids: [ids.branch1.id, ids.branch2.id, 'x'] }), 'co_org_ids[2]'],
      [JSON.stringify({ ...event, target_categories: ['member', 3] }), 'target_categories[1]'],
    ]
    for (const [body, field] of cases) {
      const e = await refused(() => raw('POST', '/events', body), 400, 'invalid_argument', field)
      assert.ok(e.message.includes(field), `the message names ${field}: ${e.message}`)
    }
  })
})
