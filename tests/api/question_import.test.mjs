// The question bank's .xlsx import (all or nothing, every bad row by row and
// column), its export in the same columns (round trip), the template, and
// hostile files refused with nothing written.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertError, demoIds, login, startServer } from './harness.mjs'
import { readXlsxRows, writeXlsx, zip } from './xlsx.mjs'

const srv = await startServer('question-import')
after(() => srv.stop())

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const OPTIONS = 'ABCDEFGHIJ'.split('').map((l) => `选项${l}`)
const HEADER = ['分类*', '题型*', '难度*', '题干*', ...OPTIONS, '答案*', '解析', '标签', '填空规则']

let admin, dw, zhibu, member, leader, ids
before(async () => {
  ;[admin, dw, zhibu, member, leader] = await Promise.all(
    ['admin', 'dangwei', 'zhibu1', 'dangyuan1', 'lingdao'].map((n) => login(srv, n)))
  ids = await demoIds(admin)
})

/** A data row: category, type, difficulty, stem, options, answer, explanation, tags, rules. */
function row(category, type, difficulty, stem, options, answer, explanation = '', tags = '', rules = '') {
  const opts = [...options]
  while (opts.length < 10) opts.push('')
  return [category, type, String(difficulty), stem, ...opts, answer, explanation, tags, rules]
}

function upload(client, body, { org = ids.committee.id, type = XLSX } = {}) {
  return client.request('POST', `/assessments/questions/import?org_id=${org}`, { body, headers: { 'Content-Type': type } })
}

async function exportRows(client = dw, org = ids.committee.id) {
  const res = await client.request('GET', `/assessments/questions/export?org_id=${org}`)
  assert.equal(res.status, 200, res.text)
  assert.match(res.headers['content-type'], /spreadsheetml/)
  return readXlsxRows(res.body)
}

/** The bank's rows (export, header dropped) and the audit log's size: equal twice, nothing was written. */
async function bankState(org = ids.committee.id) {
  const [rows, audit] = await Promise.all([exportRows(admin, org), admin.get('/audit?limit=1')])
  return { rows: rows.slice(1), audit: audit.json.total }
}

const GOOD = [
  row('测试/导入', '单选题', 1, '导入测试：中共一大召开于哪一年？', ['1920年', '1921年', '1922年'], 'B', '1921年7月。', '导入，一大'),
  row('测试/导入', '多选题', 2, '导入测试：三大战役是', ['辽沈', '淮海', '平津', '渡江'], 'ABC'),
  row('测试/导入/判断', '判断题', 3, '导入测试：遵义会议在遵义召开。', [], '正确'),
  row('测试', '填空题', 4, '导入测试：____年____月', [], '1921；7|七', '', '', '不分顺序'),
  row('测试', '简答题', 5, '导入测试：简述"两个确立"。', [], '参考答案'),
]

describe('import and export', () => {
  test('a good file imports every row; the export gives them back in the same columns', async () => {
    const before = await bankState()
    const res = await upload(dw, writeXlsx([HEADER, ...GOOD]))
    assert.equal(res.status, 200, res.text)
    assert.deepEqual(res.json, { imported: 5 })
    const rows = await exportRows()
    assert.deepEqual(rows[0], HEADER)
    const mine = rows.slice(1).filter((r) => r[3].startsWith('导入测试'))
    const pad = (r) => { const c = [...r]; while (c.length < HEADER.length) c.push(''); return c }
    const sortedTags = (r) => { const c = [...r]; c[16] = c[16].split('，').sort().join('，'); return c }
    assert.deepEqual(mine.map(pad), GOOD.map(sortedTags))
    assert.equal(rows.length - 1, before.rows.length + 5)
    // One type only; an unknown type is refused.
    const tf = await dw.request('GET', `/assessments/questions/export?org_id=${ids.committee.id}&type=true_false`)
    assert.equal(tf.status, 200)
    const tfRows = readXlsxRows(tf.body).slice(1)
    assert.ok(tfRows.length > 0 && tfRows.every((r) => r[1] === '判断题'))
    assertError(await dw.request('GET', `/assessments/questions/export?org_id=${ids.committee.id}&type=essay`), 400, 'invalid_argument', 'type')
    // The exported file imports again as it is (every question added once more).
    const again = await upload(dw, writeXlsx(rows))
    assert.equal(again.status, 200, again.text)
    assert.equal(again.json.imported, rows.length - 1)
  })

  test('the template downloads with its instructions and imports as it is', async () => {
    const res = await dw.request('GET', '/assessments/questions/import-template')
    assert.equal(res.status, 200)
    assert.match(res.headers['content-disposition'], /questions-template\.xlsx/)
    const rows = readXlsxRows(res.body)
    assert.deepEqual(rows[0], HEADER)
    assert.match(readXlsxRows(res.body, 1).flat().join('\n'), /答案：单选题填一个字母/)
    const imported = await upload(dw, res.body)
    assert.equal(imported.status, 200, imported.text)
    assert.equal(imported.json.imported, rows.length - 1)
  })

  test('CSV in the same columns is accepted too', async () => {
    const line = (cells) => cells.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')
    const body = [HEADER, row('测试', '判断题', 1, 'CSV 导入测试', [], '错误')].map(line).join('\n') + '\n'
    const res = await upload(dw, body, { type: 'text/csv; charset=utf-8' })
    assert.equal(res.status, 200, res.text)
    assert.equal(res.json.imported, 1)
  })
})

describe('bad files are refused whole, every bad row named', () => {
  test('bad rows: 422 listing each by row and column, nothing written', async () => {
    const before = await bankState()
    const res = await upload(dw, writeXlsx([
      HEADER,
      row('测试', '单选题', 1, '好的一行', ['甲', '乙'], 'A'),
      row('', '问答题', 6, '题', [], ''),
      row('测试', '单选题', 1, '题', ['甲', '乙'], 'E'),
      row('测试', '判断题', 1, '题', [], '也许'),
    ]))
    const e = assertError(res, 422, 'invalid_argument')
    assert.match(e.message, /3 行错误/)
    const byRow = {}
    for (const d of e.details) (byRow[d.row] ??= new Set()).add(d.column)
    assert.equal(byRow[2], undefined)
    assert.deepEqual([...byRow[3]].sort(), ['分类', '答案'].sort()) // empty required cells first
    assert.deepEqual([...byRow[4]], ['答案'])
    assert.deepEqual([...byRow[5]], ['答案'])
    assert.deepEqual(await bankState(), before)
  })

  test('missing required columns: 422 naming them', async () => {
    const before = await bankState()
    const res = await upload(dw, writeXlsx([['分类', '题干'], ['测试', '题']]))
    const e = assertError(res, 422, 'invalid_argument')
    assert.deepEqual(e.details.map((d) => d.column), ['题型', '难度', '答案'])
    assert.deepEqual(await bankState(), before)
  })

  test('hostile files: zip bomb 413, wrong type 415, not a workbook 400, oversized 413; nothing written', async () => {
    const before = await bankState()
    const good = writeXlsx([HEADER, row('测试', '判断题', 1, '不该写入', [], '正确')])
    // A worksheet that inflates past the import's 16 MiB budget from a few KB.
    const bomb = zip({
      '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      'xl/workbook.xml': '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>',
      'xl/_rels/workbook.xml.rels': '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      'xl/worksheets/sheet1.xml': '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
        ' '.repeat(24 << 20) + '</sheetData></worksheet>',
    })
    assert.ok(bomb.length < 100_000)
    assertError(await upload(dw, bomb), 413, 'too_large')
    assertError(await upload(dw, good, { type: 'application/pdf' }), 415)
    assertError(await upload(dw, Buffer.from('%PDF-1.4 not a workbook')), 400, 'invalid_argument')
    assertError(await upload(dw, Buffer.alloc((8 << 20) + 1, 0x41)), 413)
    const many = [HEADER]
    for (let i = 0; i < 2001; i++) many.push(row('测试', '判断题', 1, `第 ${i} 题`, [], '正确'))
    assertError(await upload(dw, writeXlsx(many)), 413, 'too_large')
    assertError(await upload(dw, writeXlsx([HEADER])), 400, 'invalid_argument')
    assert.deepEqual(await bankState(), before)
  })
})

describe('role and scope are checked before the upload is read', () => {
  test('a member and a branch secretary outside their branch: 404; the leader (reads, never writes): 403; unknown org 404', async () => {
    const before = await bankState()
    const file = writeXlsx([HEADER, row('测试', '判断题', 1, '越权导入', [], '正确')])
    assertError(await upload(member, file), 404)
    assertError(await upload(leader, file), 403, 'permission_denied')
    assertError(await upload(zhibu, file), 404, 'not_found')
    assertError(await upload(dw, file, { org: 999999 }), 404, 'not_found')
    assertError(await dw.request('POST', '/assessments/questions/import', { body: file, headers: { 'Content-Type': XLSX } }), 400, 'invalid_argument', 'org_id')
    assert.deepEqual(await bankState(), before)
    // The branch secretary imports into their own branch's bank.
    const own = await upload(zhibu, file, { org: ids.branch1.id })
    assert.equal(own.status, 200, own.text)
  })

  test('export and template: refused to those who may not write the bank', async () => {
    assertError(await member.request('GET', `/assessments/questions/export?org_id=${ids.committee.id}`), 404)
    assertError(await leader.request('GET', `/assessments/questions/export?org_id=${ids.committee.id}`), 403)
    assertError(await member.request('GET', '/assessments/questions/import-template'), 403, 'permission_denied')
  })
})
