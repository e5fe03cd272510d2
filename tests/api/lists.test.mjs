// Lists (docs/ARCHITECTURE.md "Lists"): cursor paging, bounded offsets,
// indexed Chinese and pinyin name search, totals, scope — people, accounts
// and the audit log.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertError, demoIds, login, newPerson, startServer } from './harness.mjs'

const srv = await startServer('lists')
after(() => srv.stop())

let admin, dw, zhibu1, ids
before(async () => {
  admin = await login(srv, 'admin')
  dw = await login(srv, 'dangwei')
  zhibu1 = await login(srv, 'zhibu1')
  ids = await demoIds(admin)
})

const q = (s) => encodeURIComponent(s)

/** Every item of `path` (with its query) followed page by page through next_cursor. */
async function walk(client, path, limit) {
  const sep = path.includes('?') ? '&' : '?'
  const items = []
  let cursor = null
  for (let guard = 0; guard < 500; guard++) {
    const res = await client.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
    assert.equal(res.status, 200, res.text)
    items.push(...res.json.items)
    cursor = res.json.next_cursor
    if (cursor === null) return { items, total: res.json.total }
  }
  assert.fail('more pages than expected')
}

async function all(client, path) {
  const sep = path.includes('?') ? '&' : '?'
  const res = await client.get(`${path}${sep}limit=500`)
  assert.equal(res.status, 200, res.text)
  assert.equal(res.json.next_cursor, null)
  return res.json
}

describe('cursor paging', () => {
  test('people, accounts and the audit log: every row once, in the order of one long page', async () => {
    for (const path of ['/people', '/people?sort=-birth_date', '/people?sort=created_at&q=' + q('王'),
      '/accounts', '/audit']) {
      const whole = await all(admin, path)
      const paged = await walk(admin, path, 7)
      assert.deepEqual(paged.items.map((x) => x.id), whole.items.map((x) => x.id), path)
      assert.equal(paged.total, whole.total, path)
      assert.equal(new Set(paged.items.map((x) => x.id)).size, paged.items.length, path)
    }
  })

  test('a changed, cut or foreign cursor, a deep offset or both at once: 400, nothing served', async () => {
    const first = await admin.get('/people?limit=2')
    const cursor = first.json.next_cursor
    assert.match(cursor, /^[0-9a-f]+$/)
    const flipped = cursor.slice(0, 6) + (cursor[6] === '0' ? '1' : '0') + cursor.slice(7)
    for (const bad of [flipped, cursor.slice(0, -2), 'zz', 'a'.repeat(1025)]) {
      assertError(await admin.get(`/people?limit=2&cursor=${bad}`), 400, 'invalid_argument', 'cursor')
    }
    // The cursor belongs to its sort, filters and caller.
    assertError(await admin.get(`/people?limit=2&sort=-name&cursor=${cursor}`), 400, 'invalid_argument', 'cursor')
    assertError(await admin.get(`/people?limit=2&q=${q('王')}&cursor=${cursor}`), 400, 'invalid_argument', 'cursor')
    assertError(await dw.get(`/people?limit=2&cursor=${cursor}`), 400, 'invalid_argument', 'cursor')
    assertError(await admin.get('/people?offset=10001'), 400, 'invalid_argument', 'offset')
    assertError(await admin.get(`/people?offset=2&cursor=${cursor}`), 400, 'invalid_argument', 'offset')
    assertError(await admin.get('/accounts?offset=10001'), 400, 'invalid_argument', 'offset')
    assertError(await admin.get('/audit?cursor=00'), 400, 'invalid_argument', 'cursor')
    assert.equal((await admin.get('/people?offset=10000')).status, 200)
  })
})

describe('name search', () => {
  test('characters, pinyin and initials find the same people a scan of the list finds; after a rename too', async () => {
    const made = await admin.post('/people', newPerson(ids.branch1.id, { name: '曾试图', birth_date: '1971-03-04' }))
    assert.equal(made.status, 201, made.text)
    const names = async (text) => (await all(admin, `/people?q=${q(text)}`)).items.map((p) => p.name)
    for (const text of ['曾试', '试图', '曾', '曾试图', 'zengshi', 'zst', 'ZST', 'zeng shi tu']) {
      assert.ok((await names(text)).includes('曾试图'), text)
    }
    assert.ok(!(await names('cengshi')).includes('曾试图'), '曾 as a surname reads zeng')
    // The same people and order as the whole list filtered by hand.
    const every = (await walk(admin, '/people', 500)).items
    const found = await all(admin, `/people?q=${q('试')}`)
    assert.deepEqual(found.items.map((p) => p.id), every.filter((p) => p.name.includes('试')).map((p) => p.id))
    assert.equal(found.total, found.items.length)
    const renamed = await admin.patch(`/people/${made.json.id}`, { version: made.json.version, name: '单试图' })
    assert.equal(renamed.status, 200, renamed.text)
    assert.ok(!(await names('zst')).includes('单试图'))
    assert.ok((await names('sst')).includes('单试图'))
    assert.ok((await names('shanshi')).includes('单试图'))
    assert.ok(!(await names('曾试')).includes('单试图'))
    assertError(await admin.get(`/people?q=${'a'.repeat(41)}`), 400, 'invalid_argument', 'q')
  })

  test('a branch secretary finds only their scope, and the total counts only it', async () => {
    const mine = (await walk(zhibu1, '/people', 500)).items
    const mineIds = new Set(mine.map((p) => p.id))
    for (const text of ['王', '李', 'w', 'l', 'zh']) {
      const res = await walk(zhibu1, `/people?q=${q(text)}`, 3)
      const everyone = await walk(admin, `/people?q=${q(text)}`, 500)
      for (const p of res.items) assert.ok(mineIds.has(p.id), `${text}: ${p.name} is out of scope`)
      const expected = everyone.items.filter((p) => mineIds.has(p.id)).map((p) => p.id)
      assert.deepEqual(res.items.map((p) => p.id), expected, text)
      assert.equal(res.total, expected.length, text)
    }
  })
})
