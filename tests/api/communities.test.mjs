// Communities and villages (社区/村): text rules, one per name and street,
// and the people import telling a name shared by several streets.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertError, assertUnchanged, demoIds, login, snapshot, startServer, uniqueName } from './harness.mjs'

const srv = await startServer('communities')
after(() => srv.stop())

let admin, dw, ids
before(async () => {
  admin = await login(srv, 'admin')
  dw = await login(srv, 'dangwei')
  ids = await demoIds(admin)
})

async function mk(extra = {}) {
  const r = await dw.post('/communities', { name: uniqueName('社区'), kind: 'linked', street: uniqueName('街道'), ...extra })
  assert.equal(r.status, 201, r.text)
  return r.json
}

/** Runs `fn` (returning a response), asserts the error and that nothing was written. */
async function refused(fn, status, code, field) {
  const before = await snapshot(admin)
  const e = assertError(await fn(), status, code, field)
  await assertUnchanged(admin, before)
  return e
}

describe('text fields: one line each', () => {
  // Inner ones: the API trims leading and trailing blanks (tab and line breaks too).
  const controls = { 'line feed': '幸福\n社区', 'carriage return': '幸福\r社区', tab: '幸福\t社区',
    escape: '\u001b[2J社区', DEL: '社区\u007f甲', 'C1 NEL': '社区\u0085甲', 'C1 0x80': '社区\u0080甲' }
  for (const [what, text] of Object.entries(controls)) {
    test(`a ${what} in name or street: create and update → 400 naming the field, nothing written`, async () => {
      const c = await mk()
      let e = await refused(() => dw.post('/communities', { name: text, kind: 'rural', street: '某镇' }),
        400, 'invalid_argument', 'name')
      assert.match(e.message, /社区\/村名称.*控制字符/)
      e = await refused(() => dw.post('/communities', { name: uniqueName('社区'), kind: 'rural', street: text }),
        400, 'invalid_argument', 'street')
      assert.match(e.message, /街道\/镇.*控制字符/)
      e = await refused(() => dw.patch(`/communities/${c.id}`, { version: c.version, name: text }),
        400, 'invalid_argument', 'name')
      assert.match(e.message, /社区\/村名称/)
      e = await refused(() => dw.patch(`/communities/${c.id}`, { version: c.version, street: text }),
        400, 'invalid_argument', 'street')
      assert.match(e.message, /街道\/镇/)
    })
  }

  test('a name or street that is not UTF-8 → 400, nothing written', async () => {
    for (const field of ['name', 'street']) {
      const other = field === 'name' ? '"street":"某镇"' : `"name":"${uniqueName('社区')}"`
      const body = Buffer.concat([Buffer.from(`{"kind":"rural",${other},"${field}":"社区`),
        Buffer.from([0xc3, 0x28]), Buffer.from('"}')])
      await refused(() => dw.request('POST', '/communities', { body, headers: { 'Content-Type': 'application/json' } }),
        400, 'invalid_argument')
    }
  })

  test('bounds: 100 characters each; an empty street is fine', async () => {
    assert.equal((await dw.post('/communities', { name: uniqueName('社').padEnd(100, '区'), kind: 'rural', street: '镇'.repeat(100) })).status, 201)
    await refused(() => dw.post('/communities', { name: '社'.repeat(101), kind: 'rural' }), 400, 'invalid_argument', 'name')
    await refused(() => dw.post('/communities', { name: uniqueName('社区'), kind: 'rural', street: '街'.repeat(101) }),
      400, 'invalid_argument', 'street')
    const c = await mk({ street: '' })
    assert.equal(c.street, '')
  })
})

describe('one community per name and street', () => {
  test('the same name in the same street → 409 已有同名社区, nothing written', async () => {
    const c = await mk()
    const e = await refused(() => dw.post('/communities', { name: c.name, kind: 'check_in', street: c.street }),
      409, 'already_exists', 'name')
    assert.equal(e.message, '已有同名社区')
    // A demo community too.
    await refused(() => dw.post('/communities', { name: 'X路社区', kind: 'linked', street: '桃花仑街道' }),
      409, 'already_exists', 'name')
    // Without a street, twice.
    const bare = await mk({ street: '' })
    await refused(() => dw.post('/communities', { name: bare.name, kind: 'rural' }), 409, 'already_exists', 'name')
  })

  test('the same name in another street is another community', async () => {
    const c = await mk()
    const r = await dw.post('/communities', { name: c.name, kind: 'linked', street: uniqueName('另一街道') })
    assert.equal(r.status, 201, r.text)
  })

  test('renaming or moving to another street onto an existing one → 409; other edits pass', async () => {
    const a = await mk()
    const b = await mk({ street: a.street })
    await refused(() => dw.patch(`/communities/${b.id}`, { version: b.version, name: a.name }), 409, 'already_exists', 'name')
    const c = await mk({ name: a.name, street: uniqueName('别处街道') })
    await refused(() => dw.patch(`/communities/${c.id}`, { version: c.version, street: a.street }), 409, 'already_exists', 'name')
    const kind = await dw.patch(`/communities/${a.id}`, { version: a.version, kind: 'rural', name: a.name })
    assert.equal(kind.status, 200, kind.text)
  })

  test('an archived community does not hold its name; archiving is never blocked', async () => {
    const a = await mk()
    assert.equal((await dw.post(`/communities/${a.id}/archive`, { version: a.version })).status, 200)
    const again = await dw.post('/communities', { name: a.name, kind: 'linked', street: a.street })
    assert.equal(again.status, 201, again.text)
    assert.equal((await dw.post(`/communities/${again.json.id}/archive`, { version: again.json.version })).status, 200)
    assert.equal((await dw.post('/communities', { name: a.name, kind: 'linked', street: a.street })).status, 201)
  })

  test('parallel creates of one name and street: exactly one wins', async () => {
    const name = uniqueName('并发社区')
    const answers = await Promise.all(Array.from({ length: 6 },
      () => dw.post('/communities', { name, kind: 'linked', street: '并发街道' })))
    assert.deepEqual(answers.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409])
    const list = (await dw.get('/communities')).json.items.filter((c) => c.name === name)
    assert.equal(list.length, 1)
  })
})

describe('people import: a community name shared by two streets', () => {
  const HEADER = ['姓名', '人员类别', '所在支部', '居住社区']
  const upload = (body) => dw.request('POST', '/people/import', {
    body, headers: { 'Content-Type': 'text/csv; charset=utf-8' },
  })

  test('→ the row names it not unique (no silent pick), nothing imported; a unique name imports', async () => {
    const a = await mk()
    await mk({ name: a.name })  // another street
    const before = await snapshot(admin)
    const e = assertError(await upload(`${HEADER.join(',')}\n${uniqueName('导入人')},在职党员,机关第一支部,${a.name}\n`),
      422, 'invalid_argument')
    assert.deepEqual(e.details.map((d) => [d.row, d.column]), [[2, '居住社区']])
    assert.match(e.details[0].reason, /社区名称.*不唯一/)
    await assertUnchanged(admin, before)
    const person = uniqueName('导入人')
    const ok = await upload(`${HEADER.join(',')}\n${person},在职党员,机关第一支部,善溪村\n`)
    assert.equal(ok.status, 200, ok.text)
    const found = (await admin.get(`/people?q=${encodeURIComponent(person)}`)).json.items
    assert.equal(found[0].community_id, ids.community['善溪村'].id)
  })
})
