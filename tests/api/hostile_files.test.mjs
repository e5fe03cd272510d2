// Hostile uploads over HTTP: the file readers refuse them with a clear error
// in the shared shape, within their budgets, and nothing is written. Bad cell
// text (not UTF-8, control characters) does not stop the reader: every bad
// cell is listed in one 422, by row and header title, none of its bytes echoed.
// (The readers' own unit tests in src/tabular/ cover each limit in detail.)
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertError, assertUnchanged, login, snapshot, startServer } from './harness.mjs'
import { zip } from './xlsx.mjs'

const srv = await startServer('hostile-files')
after(() => srv.stop())

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

let admin, dw
before(async () => {
  admin = await login(srv, 'admin')
  dw = await login(srv, 'dangwei')
})

/** Fails unless the answer's bytes are well-formed UTF-8. */
function assertUtf8(res) {
  assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(res.body), 'the answer is valid UTF-8')
}

function upload(body, type) {
  return dw.request('POST', '/people/import', { body, headers: { 'Content-Type': type } })
}

const sheet = (rows) =>
  `<?xml version="1.0"?><worksheet ${MAIN}><sheetData>${rows}</sheetData></worksheet>`

test('one shared string in 200,000 cells (a 12 KB file, 400 MB decoded) → 413', async () => {
  const before = await snapshot(admin)
  // A good header first: the import reads rows as a stream and stops at a bad
  // header before any other row is decoded, so the rows behind one are what
  // the table budget must stop.
  const header = '<row r="1">' + ['姓名', '人员类别', '所在支部'].map((t, i) =>
    `<c r="${'ABC'[i]}1" t="inlineStr"><is><t>${t}</t></is></c>`).join('') + '</row>'
  const row = '<row>' + '<c t="s"><v>0</v></c>'.repeat(10) + '</row>'
  const file = zip({
    'xl/sharedStrings.xml': `<sst ${MAIN}><si><t>${'名'.repeat(2000)}</t></si></sst>`,
    'xl/worksheets/sheet1.xml': sheet(header + row.repeat(20000)),
  })
  assert.ok(file.length < 64 * 1024, `small upload: ${file.length} bytes`)
  const e = assertError(await upload(file, XLSX), 413, 'too_large')
  assert.match(e.message, /Excel 文件内容过多/)
  await assertUnchanged(admin, before)
})

test('an .xlsx name of 3,000 0x80 bytes (not UTF-8) → 422 naming the cell by its header, with every other bad cell', async () => {
  const before = await snapshot(admin)
  const inline = (ref, text) => Buffer.concat([
    Buffer.from(`<c r="${ref}" t="inlineStr"><is><t>`), Buffer.from(text), Buffer.from('</t></is></c>'),
  ])
  const xml = Buffer.concat([
    Buffer.from(`<?xml version="1.0"?><worksheet ${MAIN}><sheetData><row r="1">`),
    inline('A1', '姓名'), inline('B1', '人员类别'), inline('C1', '所在支部'),
    Buffer.from('</row><row r="2">'),
    inline('A2', Buffer.alloc(3000, 0x80)), inline('B2', '群众'), inline('C2', '机关第一支部'),
    inline('D2', Buffer.from([0x41, 0xc0, 0xaf])), // a column without a header
    Buffer.from('</row></sheetData></worksheet>'),
  ])
  const res = await upload(zip({ 'xl/worksheets/sheet1.xml': xml }), XLSX)
  const e = assertError(res, 422, 'invalid_argument')
  assertUtf8(res)
  assert.deepEqual(e.details.map((d) => `${d.row}:${d.column}`), ['2:姓名', '2:D'])
  assert.match(e.details[0].reason, /^姓名.*UTF-8/)
  assert.match(e.details[1].reason, /^第 D 列/)
  assert.match(e.message, /未导入任何数据/)
  await assertUnchanged(admin, before)
})

test('CSV cells with control characters → 422 naming each cell by its header', async () => {
  const before = await snapshot(admin)
  const body = '姓名*,人员类别,所在支部\n张\u0001三,群众,机关第一支部\n李四,群众,机关\u001b[31m第一支部\n'
  const res = await upload(body, 'text/csv; charset=utf-8')
  const e = assertError(res, 422, 'invalid_argument')
  assertUtf8(res)
  assert.deepEqual(e.details.map((d) => `${d.row}:${d.column}`), ['2:姓名', '3:所在支部'])
  assert.deepEqual(e.details.map((d) => d.reason), ['姓名不能包含控制字符', '所在支部不能包含控制字符'])
  assert.ok(!res.text.includes('\u001b') && !res.text.includes('\\u001b'), res.text)
  await assertUnchanged(admin, before)
})
