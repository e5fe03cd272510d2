// People import (all or nothing, per-row errors) and the .xlsx files.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  assertError, assertUnchanged, demoIds, login, newPerson, snapshot, startServer, uniqueName,
} from './harness.mjs'
import { encodeGb18030, readXlsxRows, unzip, writeXlsx, zip } from './xlsx.mjs'

const srv = await startServer('import')
after(() => srv.stop())

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const HEADER = ['姓名', '性别', '出生日期', '入党日期', '人员类别', '所在支部', '所在科室', '职务', '联系电话', '居住社区', '状态']

let admin, dw, ids
before(async () => {
  admin = await login(srv, 'admin')
  dw = await login(srv, 'dangwei')
  ids = await demoIds(admin)
})

/** One CSV line (no line break). */
function line(cells) {
  const cell = (v) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  return cells.map((v) => cell(v ?? '')).join(',')
}

function csv(rows, { header = HEADER, bom = false, eol = '\n' } = {}) {
  const text = [header, ...rows].map(line).join(eol) + eol
  return bom ? '\ufeff' + text : text
}

function upload(client, body, type = 'text/csv; charset=utf-8', query = '') {
  return client.request('POST', `/people/import${query}`, { body, headers: { 'Content-Type': type } })
}

/** A full good row. */
function row(name, overrides = {}) {
  const r = {
    姓名: name, 性别: '女', 出生日期: '1988-08-08', 入党日期: '2012-07-01', 人员类别: '在职党员',
    所在支部: '机关第三支部', 所在科室: '综合统计科', 职务: '科员', 联系电话: '13900001111', 居住社区: '临兴街社区', 状态: '正常',
    ...overrides,
  }
  return HEADER.map((h) => r[h])
}

async function peopleTotal() {
  return (await admin.get('/people?include_archived=true&limit=1')).json.total
}

async function findOne(name) {
  const r = await admin.get(`/people?q=${encodeURIComponent(name)}&include_archived=true`)
  return r.json.items.filter((p) => p.name === name)
}

describe('good files', () => {
  test('a good CSV imports every row in one go', async () => {
    const names = [uniqueName('导入甲'), uniqueName('导入乙'), uniqueName('导入丙'), uniqueName('导入丁'), uniqueName('导入戊')]
    const rows = [
      row(names[0]),
      row(names[1], { 性别: '男', 人员类别: '预备党员', 所在支部: '机关第一支部', 所在科室: '', 居住社区: '', 状态: '' }),
      row(names[2], { 人员类别: '退休党员', 所在支部: '离退休干部支部', 状态: '已故', 出生日期: '1940-01-31', 入党日期: '1965-10-01' }),
      row(names[3], { 人员类别: '群众', 性别: '', 出生日期: '', 入党日期: '', 职务: '社区志愿者, 楼栋长', 联系电话: '' }),
      row(names[4], { 人员类别: '职工子弟', 所在支部: '市统计局机关党委', 所在科室: '', 入党日期: '', 出生日期: '2010-02-28' }),
    ]
    const before = await peopleTotal()
    const auditBefore = (await admin.get('/audit?action=import&limit=1')).json.total
    const res = await upload(dw, csv(rows, { bom: true, eol: '\r\n' }))
    assert.equal(res.status, 200, res.text)
    assert.deepEqual(res.json, { imported: 5, dry_run: false })
    assert.equal(await peopleTotal(), before + 5)
    const [a] = await findOne(names[0])
    assert.equal(a.gender, 'female')
    assert.equal(a.birth_date, '1988-08-08')
    assert.equal(a.party_join_date, '2012-07-01')
    assert.equal(a.category, 'member')
    assert.equal(a.org_name, '机关第三支部')
    assert.equal(a.department_name, '综合统计科')
    assert.equal(a.post, '科员')
    assert.equal(a.phone, '13900001111')
    assert.equal(a.community_name, '临兴街社区')
    assert.equal(a.status, 'active')
    const [b] = await findOne(names[1])
    assert.equal(b.category, 'probationary')
    assert.equal(b.department_id, null)
    assert.equal(b.community_id, null)
    assert.equal(b.status, 'active', 'empty status means 正常')
    const [c] = await findOne(names[2])
    assert.equal(c.status, 'deceased')
    assert.equal(c.category, 'retired_member')
    const [d] = await findOne(names[3])
    assert.equal(d.gender, null)
    assert.equal(d.birth_date, null)
    assert.equal(d.post, '社区志愿者, 楼栋长', 'quoted comma kept')
    const [e] = await findOne(names[4])
    assert.equal(e.category, 'family')
    assert.equal(e.org_id, ids.committee.id)
    const audit = await admin.get('/audit?action=import&limit=500')
    assert.equal(audit.json.total, auditBefore + 5, 'one audit entry per imported person')
    assert.ok(audit.json.items.slice(0, 5).every((x) => x.actor_id === dw.user.id && x.record_type === 'person'))
  })

  test('headers with *, in another order, with unknown extra columns', async () => {
    const name = uniqueName('顺序')
    const text = '所在支部*,备注,姓名*,人员类别*,出生日期\n机关第二支部,随便写,' + name + ',入党积极分子,1995-12-01\n'
    const res = await upload(dw, text)
    assert.equal(res.status, 200, res.text)
    assert.equal(res.json.imported, 1)
    const [p] = await findOne(name)
    assert.equal(p.category, 'activist')
    assert.equal(p.org_name, '机关第二支部')
  })

  test('trailing blank lines are ignored', async () => {
    const res = await upload(dw, csv([row(uniqueName('空行'))]) + '\n\n,,,\n')
    assert.equal(res.status, 200, res.text)
    assert.equal(res.json.imported, 1)
  })

  test('dry_run checks a good file and writes nothing', async () => {
    const name = uniqueName('试导')
    const before = await snapshot(admin)
    const res = await upload(dw, csv([row(name), row(uniqueName('试导'))]), 'text/csv', '?dry_run=true')
    assert.equal(res.status, 200, res.text)
    assert.deepEqual(res.json, { imported: 2, dry_run: true })
    await assertUnchanged(admin, before)
    assert.deepEqual(await findOne(name), [])
  })

  test('GB18030-encoded CSV (as saved by Excel in zh-CN)', async () => {
    const name = '国标' + uniqueName('码').slice(-4).replace(/\d/g, '')
    const text = csv([row(name, { 居住社区: '', 所在科室: '办公室' })])
    const res = await upload(dw, encodeGb18030(text), 'text/csv')
    assert.equal(res.status, 200, res.text)
    assert.equal(res.json.imported, 1)
    const [p] = await findOne(name)
    assert.ok(p, 'imported with its name decoded')
    assert.equal(p.department_name, '办公室')
    assert.equal(p.org_name, '机关第三支部')
  })
})

describe('bad files: nothing imported, every bad row reported', () => {
  test('one bad row among good ones → 422 for that row only, nothing imported', async () => {
    const rows = [row(uniqueName('好甲')), row(uniqueName('好乙')), row(uniqueName('坏丙'), { 出生日期: '2021-02-30' }),
      row(uniqueName('好丁'))]
    const before = await snapshot(admin)
    const res = await upload(dw, csv(rows))
    const e = assertError(res, 422, 'invalid_argument')
    assert.deepEqual(e.details.map((d) => [d.row, d.column]), [[4, '出生日期']])
    assert.match(e.details[0].reason, /[\u4e00-\u9fff]/)
    assert.match(e.message, /1 行/)
    await assertUnchanged(admin, before)
    for (const r of rows) assert.deepEqual(await findOne(r[0]), [])
  })

  test('several bad rows, each with its row number (header = row 1), column and reason', async () => {
    const dupName = uniqueName('文件内重复')
    const rows = [
      row(uniqueName('好')), //                                          row 2
      row(''), //                                                        row 3: 姓名 missing
      row(uniqueName('坏'), { 所在支部: '机关第九支部' }), //              row 4: unknown branch
      row(uniqueName('坏'), { 出生日期: '1990-13-01' }), //                row 5: bad date
      row(uniqueName('坏'), { 人员类别: '老板' }), //                      row 6: unknown category
      row(uniqueName('坏'), { 性别: '未知' }), //                          row 7
      row(uniqueName('坏'), { 状态: '退休' }), //                          row 8
      row(uniqueName('坏'), { 居住社区: '不存在社区' }), //                 row 9
      row(uniqueName('坏'), { 入党日期: '1980-01-01' }), //                row 10: joined before birth
      row(dupName), //                                                   row 11
      row(dupName), //                                                   row 12: duplicate in file
      row('钱党员', { 出生日期: (await findOne('钱党员'))[0].birth_date }), // row 13: duplicate of an existing person
      row(uniqueName('坏'), { 所在支部: '办公室' }), //                    row 14: a department is not a branch
      row(uniqueName('坏'), { 人员类别: '' }), //                          row 15
      row(uniqueName('坏'), { 所在支部: '' }), //                          row 16
      row(uniqueName('坏'), { 所在科室: '不存在科' }), //                   row 17
      row('名'.repeat(51)), //                                           row 18: too long
      row(uniqueName('坏'), { 联系电话: 'call me' }), //                   row 19
    ]
    const before = await snapshot(admin)
    const res = await upload(dw, csv(rows))
    const e = assertError(res, 422, 'invalid_argument')
    const got = e.details.map((d) => `${d.row}:${d.column}`)
    const want = ['3:姓名', '4:所在支部', '5:出生日期', '6:人员类别', '7:性别', '8:状态', '9:居住社区', '10:入党日期',
      '12:姓名', '13:姓名', '14:所在支部', '15:人员类别', '16:所在支部', '17:所在科室', '18:姓名', '19:联系电话']
    assert.deepEqual(got, want)
    for (const d of e.details) {
      assert.equal(typeof d.reason, 'string')
      assert.match(d.reason, /[\u4e00-\u9fff]/)
      assert.deepEqual(Object.keys(d).sort(), ['column', 'reason', 'row'])
    }
    assert.match(e.details.find((d) => d.row === 4).reason, /机关第九支部/)
    assert.match(e.message, /16 行/)
    await assertUnchanged(admin, before)
  })

  test('row numbers count blank lines in the middle, as a spreadsheet shows them', async () => {
    // header (1), good (2), blank (3), bad (4)
    const body = csv([row(uniqueName('好'))]) + '\n' + line(row(uniqueName('坏'), { 出生日期: '1990-02-30' })) + '\n'
    const res = await upload(dw, body)
    const e = assertError(res, 422, 'invalid_argument')
    assert.deepEqual(e.details.map((d) => [d.row, d.column]), [[4, '出生日期']])
  })

  test('an unknown branch alone', async () => {
    const before = await snapshot(admin)
    const res = await upload(dw, csv([row(uniqueName('无支部'), { 所在支部: '不存在的支部' })]))
    const e = assertError(res, 422, 'invalid_argument')
    assert.deepEqual(e.details.map((d) => [d.row, d.column]), [[2, '所在支部']])
    await assertUnchanged(admin, before)
  })

  test('dry_run reports the same errors and writes nothing', async () => {
    const before = await snapshot(admin)
    const res = await upload(dw, csv([row(uniqueName('好')), row(uniqueName('坏'), { 人员类别: '路人' })]), 'text/csv', '?dry_run=true')
    const e = assertError(res, 422, 'invalid_argument')
    assert.deepEqual(e.details.map((d) => [d.row, d.column]), [[3, '人员类别']])
    await assertUnchanged(admin, before)
  })

  // Too many rows: import_scale.test.mjs (100,001 rows, and the --import-max-rows flag).
  test('a header-only file, a file without required columns', async () => {
    const before = await snapshot(admin)
    assertError(await upload(dw, csv([])), 400, 'invalid_argument')
    const e = assertError(await upload(dw, '名字,类别\n张三,在职党员\n'), 422, 'invalid_argument')
    assert.deepEqual(e.details.map((d) => `${d.row}:${d.column}`).sort(), ['1:人员类别', '1:姓名', '1:所在支部'].sort())
    await assertUnchanged(admin, before)
  })

  test('not valid UTF-8 nor GB18030 → 400', async () => {
    const before = await snapshot(admin)
    const bad = Buffer.concat([Buffer.from('姓名,人员类别,所在支部\n'), Buffer.from([0xff, 0xff, 0xff, 0x2c, 0x80]), Buffer.from('\n')])
    assertError(await upload(dw, bad), 400, 'invalid_argument')
    await assertUnchanged(admin, before)
  })
})

describe('xlsx', () => {
  test('the import template is an .xlsx with the header row, and imports as is', async () => {
    const res = await dw.get('/people/import-template')
    assert.equal(res.status, 200)
    assert.equal(res.headers['content-type'], XLSX)
    assert.match(res.headers['content-disposition'], /^attachment;/)
    assert.match(res.headers['content-disposition'], /filename\*=UTF-8''/)
    assert.equal(res.body.subarray(0, 2).toString('latin1'), 'PK')
    const rows = readXlsxRows(res.body)
    assert.deepEqual(rows[0].map((h) => h.replace(/\*$/, '')), HEADER)
    assert.deepEqual(rows[0].filter((h) => h.endsWith('*')).sort(), ['姓名*', '人员类别*', '所在支部*'].sort())
    const dry = await upload(dw, res.body, XLSX, '?dry_run=true')
    assert.equal(dry.status, 200, dry.text)
    assert.equal(dry.json.imported, rows.length - 1)
    // Its second tab, 填写说明, says how to name an org whose name is not unique.
    const notes = readXlsxRows(res.body, 1).map((r) => r[0]).join('\n')
    assert.match(notes, /所在支部/)
    assert.match(notes, /路径.*机关第二支部\/第一党小组/)
  })

  test('所在支部 as a path names an org whose name is not unique; the bare name is a row error that says so', async () => {
    const group = uniqueName('党小组')
    const made = []
    for (const branch of [ids.branch1, ids.branch2]) {
      const r = await dw.post('/orgs', { parent_id: branch.id, name: group, kind: 'group' })
      assert.equal(r.status, 201, r.text)
      made.push(r.json)
    }
    const before = await snapshot(admin)
    const bare = assertError(await upload(dw, writeXlsx([['姓名', '人员类别', '所在支部'], [uniqueName('路径'), '在职党员', group]]), XLSX),
      422, 'invalid_argument')
    assert.deepEqual(bare.details.map((d) => [d.row, d.column]), [[2, '所在支部']])
    assert.match(bare.details[0].reason, new RegExp(`不唯一.*机关第一支部/${group}.*机关第二支部/${group}.*路径`))
    await assertUnchanged(admin, before)
    const unknown = assertError(await upload(dw, writeXlsx([['姓名', '人员类别', '所在支部'], [uniqueName('路径'), '在职党员', `机关第三支部/${group}`]]), XLSX),
      422, 'invalid_argument')
    assert.match(unknown.details[0].reason, /找不到组织路径/)
    await assertUnchanged(admin, before)

    const name = uniqueName('路径')
    const ok = await upload(dw, writeXlsx([['姓名', '人员类别', '所在支部'], [name, '在职党员', `机关第二支部/${group}`]]), XLSX)
    assert.equal(ok.status, 200, ok.text)
    assert.equal(ok.json.imported, 1)
    const found = await dw.get(`/people?q=${encodeURIComponent(name)}`)
    assert.equal(found.json.items.length, 1)
    assert.equal(found.json.items[0].org_id, made[1].id)
  })

  test('export of a filtered list: an .xlsx with exactly the matching rows', async () => {
    const list = await dw.get(`/people?org_id=${ids.retired.id}&limit=500&sort=name`)
    const res = await dw.get(`/people/export?org_id=${ids.retired.id}&sort=name`)
    assert.equal(res.status, 200)
    assert.equal(res.headers['content-type'], XLSX)
    assert.equal(res.headers['cache-control'], 'no-store')
    assert.equal(res.body.subarray(0, 2).toString('latin1'), 'PK')
    const rows = readXlsxRows(res.body)
    assert.deepEqual(rows[0], HEADER)
    assert.equal(rows.length - 1, list.json.total)
    assert.deepEqual(rows.slice(1).map((r) => r[0]), list.json.items.map((p) => p.name))
    const first = list.json.items[0]
    assert.equal(rows[1][2], first.birth_date ?? '')
    assert.equal(rows[1][4], '退休党员')
    assert.equal(rows[1][5], '离退休干部支部')
    // The branch secretary's export is limited to the branch.
    const zb = await login(srv, 'zhibu1')
    const mine = readXlsxRows((await zb.get('/people/export')).body)
    const branch = await zb.get('/people?limit=500')
    assert.equal(mine.length - 1, branch.json.total)
  })

  test('an export re-imported as a fresh file: duplicates refused, then accepted once the originals are archived', async () => {
    const b = (await dw.post('/orgs', { parent_id: ids.committee.id, name: uniqueName('导出支部'), kind: 'branch' })).json
    const made = []
    made.push((await dw.post('/people', newPerson(b.id, { gender: 'male', birth_date: '1981-01-01', party_join_date: '2005-05-05',
      department_id: ids.office.id, post: '科长', phone: '13512345678', community_id: ids.community['X路社区'].id }))).json)
    made.push((await dw.post('/people', newPerson(b.id, { category: 'staff', birth_date: '1992-02-29', status: 'transferred_out' }))).json)
    made.push((await dw.post('/people', newPerson(b.id, { category: 'family' }))).json)
    const file = (await dw.get(`/people/export?org_id=${b.id}&sort=name`)).body

    const before = await snapshot(admin)
    const dup = assertError(await upload(dw, file, XLSX), 422, 'invalid_argument')
    assert.equal(dup.details.length, 2, 'the two people with a birth date are duplicates')
    for (const d of dup.details) assert.equal(d.column, '姓名')
    await assertUnchanged(admin, before)

    for (const p of made) assert.equal((await dw.post(`/people/${p.id}/archive`, { version: p.version })).status, 200)
    const res = await upload(dw, file, XLSX)
    assert.equal(res.status, 200, res.text)
    assert.equal(res.json.imported, 3)
    const again = (await dw.get(`/people?org_id=${b.id}&sort=name`)).json.items
    const strip = (p) => ({ ...p, id: 0, version: 0, created_at: '', updated_at: '', archived: false })
    const byCodePoint = (x, y) => (x.name < y.name ? -1 : 1)  // the same people, whatever the list order
    assert.deepEqual(again.map(strip).sort(byCodePoint), made.map(strip).sort(byCodePoint))
  })

  test('an .xlsx with bad rows: same per-row report, nothing imported', async () => {
    const file = writeXlsx([HEADER, row(uniqueName('表好')), row(uniqueName('表坏'), { 所在支部: '第九支部' }),
      row(uniqueName('表坏'), { 出生日期: '2022-02-29' })])
    const before = await snapshot(admin)
    const e = assertError(await upload(dw, file, XLSX), 422, 'invalid_argument')
    assert.deepEqual(e.details.map((d) => `${d.row}:${d.column}`), ['3:所在支部', '4:出生日期'])
    await assertUnchanged(admin, before)
    const good = writeXlsx([HEADER, row(uniqueName('表好'))])
    const ok = await upload(dw, good, XLSX)
    assert.equal(ok.status, 200, ok.text)
    assert.equal(ok.json.imported, 1)
  })
})

/** An .xlsx of `rows` in which the cell text RAW is replaced by `bytes` as they are (not UTF-8). */
function xlsxWithBytes(rows, bytes) {
  const entries = Object.fromEntries(unzip(writeXlsx(rows)))
  const sheet = entries['xl/worksheets/sheet1.xml']
  const at = sheet.indexOf('RAW')
  entries['xl/worksheets/sheet1.xml'] = Buffer.concat([sheet.subarray(0, at), bytes, sheet.subarray(at + 3)])
  return zip(entries)
}

/** Fails unless the answer's bytes are well-formed UTF-8. */
function assertUtf8(res) {
  assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(res.body), 'the answer is valid UTF-8')
}

describe('field rules: the same as the API, for every cell', () => {
  test('a 3,000-byte name in an .xlsx is refused at its row and column, and nothing is written', async () => {
    const before = await snapshot(admin)
    const good = uniqueName('表好')
    for (const file of [
      xlsxWithBytes([HEADER, row(good), row('RAW')], Buffer.alloc(3000, 0x80)), // no UTF-8 at all
      writeXlsx([HEADER, row(good), row('名'.repeat(1000))]), //                  3,000 bytes of UTF-8
    ]) {
      const res = await upload(dw, file, XLSX)
      const e = assertError(res, 422, 'invalid_argument')
      assertUtf8(res)
      assert.deepEqual(e.details.map((d) => [d.row, d.column]), [[3, '姓名']])
      assert.match(e.details[0].reason, /姓名/)
      await assertUnchanged(admin, before)
    }
    assert.deepEqual(await findOne(good), [])
  })

  test('control characters and over-long text in any column are refused with row and column', async () => {
    const rows = [
      row(uniqueName('好')), //                                        row 2
      row(uniqueName('控') + '\u0007'), //                             row 3
      row(uniqueName('控'), { 职务: '科员\u001b[31m' }), //             row 4
      row(uniqueName('长'), { 职务: '职'.repeat(51) }), //               row 5
      row(uniqueName('长'), { 所在支部: '支'.repeat(101) }), //          row 6
      row(uniqueName('控'), { 居住社区: '临兴街\u0085社区' }), //        row 7: a C1 control
    ]
    const before = await snapshot(admin)
    const res = await upload(dw, csv(rows))
    const e = assertError(res, 422, 'invalid_argument')
    assert.deepEqual(e.details.map((d) => `${d.row}:${d.column}`), ['3:姓名', '4:职务', '5:职务', '6:所在支部', '7:居住社区'])
    assert.match(e.details.find((d) => d.row === 5).reason, /50/)
    await assertUnchanged(admin, before)
  })

  test('every imported row has its own audit entry with what was written', async () => {
    // Enough rows for several batched statements of people and of audit entries.
    const prefix = uniqueName('批')
    const rows = Array.from({ length: 1500 }, (_, i) => row(`${prefix}${i}`, {
      出生日期: new Date(Date.UTC(1950, 0, 1) + i * 86400000).toISOString().slice(0, 10),
      入党日期: '', 所在科室: i % 2 ? '综合统计科' : '', 居住社区: i % 3 ? '' : '临兴街社区', 职务: i % 5 ? '' : '科员',
    }))
    const auditBefore = (await admin.get('/audit?action=import&limit=1')).json.total
    const res = await upload(dw, csv(rows))
    assert.equal(res.status, 200, res.text)
    assert.equal(res.json.imported, 1500)
    const entries = []
    for (let offset = 0; offset < 1500; offset += 500) {
      entries.push(...(await admin.get(`/audit?action=import&limit=500&offset=${offset}`)).json.items)
    }
    assert.equal((await admin.get('/audit?action=import&limit=1')).json.total, auditBefore + 1500)
    const people = new Map()
    for (let offset = 0; offset < 1500; offset += 500) {
      const page = await admin.get(`/people?q=${encodeURIComponent(prefix)}&limit=500&offset=${offset}&sort=created_at`)
      for (const p of page.json.items) people.set(p.id, p)
    }
    assert.equal(people.size, 1500)
    for (const e of entries) {
      const p = people.get(e.record_id)
      assert.ok(p, `the entry's record ${e.record_id} is an imported person`)
      assert.equal(e.after.name, p.name)
      assert.equal(e.after.birth_date, p.birth_date)
      assert.equal(e.after.department_id, p.department_id === null ? null : String(p.department_id))
    }
  })
})

describe('duplicates outside the caller\'s scope', () => {
  test('a file tells a branch secretary only that it holds such a duplicate: no row, one hit, audited; an org admin is told where', async () => {
    const name = uniqueName('他支部')
    const other = (await dw.post('/people', newPerson(ids.branch2.id, { name, birth_date: '1979-09-09' }))).json
    const namesake = (await dw.post('/people', newPerson(ids.branch2.id, { name: uniqueName('他支部乙'), birth_date: '1960-01-01' }))).json
    const zb = await login(srv, 'zhibu1') // secretary of 机关第一支部
    // The tester's probe: one row per candidate birth date (and a second
    // person outside the scope), as a dry run.
    const dates = []
    for (let d = new Date('1979-01-01'); d < new Date('1980-01-01'); d.setUTCDate(d.getUTCDate() + 1)) dates.push(d.toISOString().slice(0, 10))
    const probe = (n, dates) => dates.map((date) => row(n, { 出生日期: date, 入党日期: '', 所在支部: '机关第一支部', 所在科室: '', 居住社区: '' }))
    const file = csv([...probe(namesake.name, ['1960-01-01']), ...probe(name, dates)])
    const before = await snapshot(admin)
    const hitsBefore = (await dw.get('/audit?action=duplicate_hit&limit=1')).json.total
    const res = await upload(zb, file, undefined, '?dry_run=true')
    const e = assertError(res, 409, 'already_exists')
    assert.equal(e.message, '文件中有人员与系统中已有人员重复，未导入任何数据，请联系机关党委')
    assert.equal(e.details, undefined, res.text)
    assert.ok(!res.text.includes('机关第二支部'), res.text)
    assert.ok(!res.text.includes('1979-09-09'), res.text)
    assert.doesNotMatch(res.text, /\d/, 'no row number, id or date')
    // One hit for the file (the first), one entry per side, seen by 机关党委.
    const hits = (await dw.get('/audit?action=duplicate_hit&limit=10')).json
    assert.equal(hits.total, hitsBefore + 2)
    for (const h of hits.items.slice(0, 2)) {
      assert.equal(h.record_id, namesake.id)
      assert.equal(h.after.via, 'import_dry_run')
      assert.equal(h.after.birth_date, '1960-01-01')
    }
    const now = await snapshot(admin)
    assert.deepEqual({ ...now, audit_total: 0, audit_last: 0 }, { ...before, audit_total: 0, audit_last: 0 })
    assert.equal(now.audit_total, before.audit_total + 2)
    assertError(await zb.get('/audit?action=duplicate_hit'), 403, 'permission_denied')

    // The org admin reads both branches: told the row, the org and the id.
    const byAdmin = assertError(await upload(dw, file, undefined, '?dry_run=true'), 422, 'invalid_argument')
    assert.deepEqual(byAdmin.details.map((d) => d.row), [2, 2 + 1 + dates.indexOf('1979-09-09')])
    assert.match(byAdmin.details[1].reason, /机关第二支部/)
    assert.match(byAdmin.details[1].reason, new RegExp(`编号 ${other.id}\\b`))
    assert.equal((await dw.get('/audit?action=duplicate_hit&limit=1')).json.total, hitsBefore + 2)
  })
})
