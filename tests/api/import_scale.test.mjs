// People import at city scale (issue 11): one file of 100,000 people, read as
// a stream, checked row by row and written all or nothing; the row cap is a
// serve flag (--import-max-rows).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertError, assertUnchanged, login, snapshot, startServer } from './harness.mjs'
import { writeXlsx } from './xlsx.mjs'

const srv = await startServer('import_scale')
after(() => srv.stop())

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const HEADER = ['姓名', '性别', '出生日期', '入党日期', '人员类别', '所在支部', '所在科室', '职务', '联系电话', '居住社区', '状态']
const ROWS = 100000
const BRANCHES = ['机关第一支部', '机关第二支部', '机关第三支部']
// A bound on one request (a 100,000-row import on a loaded machine), not an
// assertion on its time.
const LONG = { timeout: 15 * 60_000 }

let admin, dw
before(async () => {
  admin = await login(srv, 'admin')
  dw = await login(srv, 'dangwei')
})

/** Data row i (0-based) of the big file: spreadsheet row i + 2. */
function person(i) {
  const day = new Date(Date.UTC(1950, 0, 1) + (i % 13000) * 86400000).toISOString().slice(0, 10)
  return [`规模${i}`, i % 2 ? '男' : '女', day, '', i % 5 ? '在职党员' : '干部职工', BRANCHES[i % 3],
    i % 7 ? '' : '综合统计科', `科员${i % 10}`, '139' + String(i).padStart(8, '0'), i % 11 ? '' : '临兴街社区', '正常']
}

function rows(n, change = () => {}) {
  return Array.from({ length: n }, (_, i) => {
    const r = person(i)
    change(i, r)
    return r
  })
}

const csv = (data) => [HEADER, ...data].map((r) => r.join(',')).join('\n') + '\n'

function upload(client, body, type = 'text/csv', query = '') {
  return client.request('POST', `/people/import${query}`, { body, headers: { 'Content-Type': type }, ...LONG })
}

async function peopleTotal() {
  return (await admin.get('/people?include_archived=true&limit=1')).json.total
}

describe('one bad row among 100,000: nothing is written, and the answer names its row and column', () => {
  test('CSV: an unknown category at row 99,999', async () => {
    const before = await snapshot(admin)
    const file = csv(rows(ROWS, (i, r) => { if (i + 2 === 99999) r[4] = '党员' }))
    const e = assertError(await upload(dw, file), 422, 'invalid_argument')
    assert.equal(e.message, '文件有 1 行错误，未导入任何数据')
    assert.deepEqual(e.details.map((d) => [d.row, d.column, d.reason]), [[99999, '人员类别', '未知的人员类别“党员”']])
    await assertUnchanged(admin, before)
  })

  test('.xlsx: an invalid birth date at row 99,999', async () => {
    const before = await snapshot(admin)
    const file = writeXlsx([HEADER, ...rows(ROWS, (i, r) => { if (i + 2 === 99999) r[2] = '1980-02-30' })])
    const e = assertError(await upload(dw, file, XLSX), 422, 'invalid_argument')
    assert.deepEqual(e.details.map((d) => [d.row, d.column]), [[99999, '出生日期']])
    await assertUnchanged(admin, before)
  })

  test('every row bad: the report lists the first 1,000 problems and counts every bad row', async () => {
    const before = await snapshot(admin)
    const file = csv(rows(ROWS, (i, r) => { r[5] = '没有这个支部' }))
    const e = assertError(await upload(dw, file), 422, 'invalid_argument')
    assert.equal(e.message, `文件有 ${ROWS} 行错误，未导入任何数据（列出前 1000 条）`)
    assert.equal(e.details.length, 1000)
    assert.deepEqual(e.details.slice(0, 2).map((d) => [d.row, d.column]), [[2, '所在支部'], [3, '所在支部']])
    assert.equal(e.details.at(-1).row, 1001)
    await assertUnchanged(admin, before)
  })

  test('a duplicate at the last row of 100,000 (same name and birth date as row 2)', async () => {
    const before = await snapshot(admin)
    const file = csv(rows(ROWS, (i, r) => { if (i === ROWS - 1) { r[0] = '规模0'; r[2] = person(0)[2] } }))
    const e = assertError(await upload(dw, file, 'text/csv', '?dry_run=true'), 422, 'invalid_argument')
    assert.deepEqual(e.details.map((d) => [d.row, d.column, d.reason]),
      [[ROWS + 1, '姓名', '与文件中前面的行重复（姓名和出生日期相同）']])
    await assertUnchanged(admin, before)
  })

  test('100,001 data rows: 413 naming the cap, nothing written', async () => {
    const before = await snapshot(admin)
    const e = assertError(await upload(dw, csv(rows(ROWS + 1))), 413, 'too_large')
    assert.match(e.message, /一次最多导入 100000 行/)
    await assertUnchanged(admin, before)
  })
})

describe('100,000 people in one file', () => {
  test('a 100,000-row CSV imports completely: every row, its fields, one audit entry each', async () => {
    const start = await peopleTotal()
    const auditBefore = (await admin.get('/audit?action=import&limit=1')).json.total
    const res = await upload(dw, csv(rows(ROWS)))
    assert.equal(res.status, 200, res.text)
    assert.deepEqual(res.json, { imported: ROWS, dry_run: false })
    assert.equal(await peopleTotal(), start + ROWS)
    assert.equal((await admin.get('/audit?action=import&limit=1')).json.total, auditBefore + ROWS)
    for (const i of [0, 1, 49999, 77777, ROWS - 1]) {
      const r = await admin.get(`/people?q=${encodeURIComponent(`规模${i}`)}&include_archived=true`)
      const found = r.json.items.filter((p) => p.name === `规模${i}`)
      assert.equal(found.length, 1, `规模${i}`)
      const p = found[0]
      const want = person(i)
      assert.equal(p.gender, i % 2 ? 'male' : 'female')
      assert.equal(p.birth_date, want[2])
      assert.equal(p.category, i % 5 ? 'member' : 'staff')
      assert.equal(p.org_name, want[5])
      assert.equal(p.department_name, i % 7 ? null : '综合统计科')
      assert.equal(p.post, want[7])
      assert.equal(p.phone, want[8])
      assert.equal(p.community_name, i % 11 ? null : '临兴街社区')
      assert.equal(p.status, 'active')
    }
  })

  test('serve --import-max-rows sets the cap: 5 rows pass, 6 are 413 naming it', async () => {
    await srv.restart({ args: ['--import-max-rows', '5'] })
    const client = await login(srv, 'dangwei')
    const small = rows(6).map((r) => { r[0] = `上限${r[0]}`; return r })
    const e = assertError(await upload(client, csv(small)), 413, 'too_large')
    assert.match(e.message, /一次最多导入 5 行/)
    const ok = await upload(client, csv(small.slice(0, 5)))
    assert.equal(ok.status, 200, ok.text)
    assert.equal(ok.json.imported, 5)
  })
})
