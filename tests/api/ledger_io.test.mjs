// Ledger items in and out of Excel and the overdue job (issue 9, ledjob):
// the .xlsx export's columns and rows in the caller's scope, the import round
// trip (export → import → the same 台账), the import template (filled in, it
// imports), every refusal writing nothing, the daily overdue job on the
// server's clock (notices once, escalation to the org admins after the config
// file's days, once with two processes), and the overdue counts per
// organization and per leader.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import {
  API, BIN, assertError, demoIds, loginAll, request, snapshot, spawnServe, startServer, waitForLog,
} from './harness.mjs'
import { advanceClock, chinaDate, iso, unread } from './events_helpers.mjs'
import { BOUNDARY, multipart } from './uploads.mjs'
import { readXlsxRows, unzip, writeXlsx, zip } from './xlsx.mjs'

// The usual 台账 columns as issue 9 lists them, then the optional 类别 and 领域.
const STANDARD = ['序号', '问题/事项', '整改措施/办理措施', '责任单位', '责任人', '责任领导', '时限', '进展情况', '完成情况', '销号日期', '验收人']
const COLUMNS = [...STANDARD, '类别', '领域']
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

// Escalation one day after an item is marked overdue (default 3).
const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dx-ledger-io-'))
const configFile = path.join(configDir, 'duxing.conf')
fs.writeFileSync(configFile, '# 台账\n[ledger]\nescalate_after_days = 1\n')

const srv = await startServer('ledger_io', { args: ['--test-hooks', '--config', configFile] })
after(async () => {
  await srv.stop()
  fs.rmSync(configDir, { recursive: true, force: true })
})

let u, ids, now

before(async () => {
  now = await advanceClock(srv, 1)
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
})

// Every title of this file holds TAG, so that its exports and counts leave
// out the items other modules' demo steps add.
const TAG = 'io测'
const Q = encodeURIComponent(TAG)

/** 08:00 China time `days` days after today's (China) date on the server's clock (ms). */
function morningAfter(days) {
  const china = new Date(now + 8 * 3600_000)
  return Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate() + days, 8) - 8 * 3600_000
}

/** The job's log line of the pass of the period starting at `start` (ms): [marked, escalated]. */
async function passOf(server, start) {
  const line = await waitForLog(server,
    new RegExp(`ledger: \\d+ items overdue, \\d+ escalated, \\d+ notices in \\d+ ms \\(ledger_overdue@${iso(start)}\\)`))
  const m = /ledger: (\d+) items overdue, (\d+) escalated/.exec(line)
  return [Number(m[1]), Number(m[2])]
}

/**
 * The 08:00 China time mornings after `from` (ms) up to `last`: the passes a
 * clock moving from `from` to `last` crosses. A clock moved past a morning
 * at once runs that morning's pass late, as of the moved time (as a server
 * down over the morning does): the tests stop at each, so that each pass
 * runs as of its own day whatever the time of day the test starts at.
 */
function morningsUntil(from, last) {
  const out = []
  for (let m = last; m > from; m -= 86400_000) out.unshift(m)
  return out
}

/** Moves the server's clock to just past the next `days`-th 08:00 China time, pass by pass; returns the last pass's counts. */
async function runPass(days) {
  let counts
  for (const morning of morningsUntil(now, morningAfter(days))) {
    now = await advanceClock(srv, Math.ceil((morning + 1000 - now) / 1000))
    counts = await passOf(srv, morning)
  }
  u = await loginAll(srv) // sessions idle past their limit on the moved clock
  return counts
}

async function createItem(by, extra = {}) {
  const r = await by.post('/ledger/items', {
    kind: 'rectification', org_id: ids.branch1.id, title: `${TAG}整改${Math.random().toString(36).slice(2, 8)}`,
    responsible_person_id: ids.member.id, leader_person_id: ids.secretary.id, deadline: chinaDate(now + 30 * 86400_000),
    ...extra,
  })
  assert.equal(r.status, 201, r.text)
  return r.json
}

async function step(by, item, action, text) {
  const r = await by.post(`/ledger/items/${item.id}/${action}`, { version: item.version, text })
  assert.equal(r.status, 200, `${action}: ${r.text}`)
  return r.json
}

async function exportRows(by, query) {
  const r = await by.get(`/ledger/items.xlsx?${query}`)
  assert.equal(r.status, 200, r.text)
  assert.match(r.headers['content-type'], /spreadsheetml/)
  return readXlsxRows(r.body)
}

function importFile(by, query, data, { name = '台账.xlsx' } = {}) {
  return by.request('POST', `/ledger/items/import?${query}`, {
    body: multipart([{ name, data, type: XLSX }]),
    headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
  })
}

/** Items and audit entries as the system admin sees them: equal means nothing written. */
async function ledgerState() {
  const items = await u.admin.get('/ledger/items?include_archived=true&limit=1')
  assert.equal(items.status, 200, items.text)
  return { items: items.json.total, ...(await snapshot(u.admin)) }
}

test('the export lists the items of the caller\'s scope in the 台账 columns', async () => {
  let item = await createItem(u.zhibu1, { title: `${TAG}食堂卫生整改`, measures: '每周检查一次\n建立台账', item_class: 'immediate' })
  item = await step(u.zhibu1, item, 'accept', '')
  for (const text of ['已制定检查表', '完成第一次检查']) {
    const p = await u.dangyuan1.post(`/ledger/items/${item.id}/progress`, { text })
    assert.equal(p.status, 201, p.text)
  }
  item = (await u.zhibu1.get(`/ledger/items/${item.id}`)).json
  item = await step(u.dangyuan1, item, 'submit', '整改完成，检查表已归档')
  item = await step(u.zhibu1, item, 'close', '验收合格')
  const open = await createItem(u.zhibu1, { title: `${TAG}学习室改造`, deadline: chinaDate(now + 60 * 86400_000) })
  const other = await createItem(u.dangwei, {
    org_id: ids.branch2.id, title: `${TAG}二支部事项`, responsible_person_id: null, leader_person_id: null,
  })

  const rows = await exportRows(u.zhibu1, `q=${Q}&sort=id`)
  assert.deepEqual(rows[0], COLUMNS)
  const titles = rows.slice(1).map((r) => r[1])
  assert.deepEqual(titles, [`${TAG}食堂卫生整改`, `${TAG}学习室改造`])
  assert.ok(!titles.includes(other.title), 'another branch\'s item is not in the secretary\'s export')
  const closed = rows.find((r) => r[1] === `${TAG}食堂卫生整改`)
  assert.deepEqual(closed.slice(1), [`${TAG}食堂卫生整改`, '每周检查一次\n建立台账', '机关第一支部', ids.member.name, ids.secretary.name,
    item.deadline, '已制定检查表\n完成第一次检查', '整改完成，检查表已归档', chinaDate(now), ids.secretary.name, '立行立改'])
  const openRow = rows.find((r) => r[1] === `${TAG}学习室改造`)
  assert.equal(openRow[6], open.deadline)
  assert.equal(openRow[9] ?? '', '', 'an open item has no 销号日期')
  assert.deepEqual(rows.slice(1).map((r) => r[0]), rows.slice(1).map((_, i) => String(i + 1)))

  // The list's filters: by status, and the whole bureau for the org admin.
  const closedOnly = await exportRows(u.dangwei, `status=closed&q=${Q}`)
  assert.deepEqual(closedOnly.slice(1).map((r) => r[1]), [`${TAG}食堂卫生整改`])
  const all = await exportRows(u.dangwei, `q=${Q}&sort=id`)
  assert.ok(all.some((r) => r[1] === other.title))

  // Saved under the kind's name and the day's China date.
  const savedAs = async (query) => {
    const r = await u.zhibu1.get(`/ledger/items.xlsx?${query}`)
    return decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(r.headers['content-disposition'])[1])
  }
  assert.equal(await savedAs(`kind=rectification&q=${Q}`), `整改事项台账-${chinaDate(now)}.xlsx`)
  assert.equal(await savedAs(`kind=project&q=${Q}`), `实事项目台账-${chinaDate(now)}.xlsx`)
  assert.equal(await savedAs(`q=${Q}`), `台账-${chinaDate(now)}.xlsx`)

  assertError(await u.zhibu1.get('/ledger/items.xlsx?status=finished'), 400, 'invalid_argument', 'status')
  assertError(await request(srv, 'GET', `${API}/ledger/items.xlsx`), 401, 'unauthenticated')
})

test('an exported 台账 imports back as the same items', async () => {
  const query = `org_id=${ids.branch1.id}&q=${Q}&sort=id`
  const first = await exportRows(u.dangwei, query)
  assert.equal(first.length, 3, 'the items of the test before')
  const r = await u.dangwei.get(`/ledger/items.xlsx?${query}`)
  const imported = await importFile(u.dangwei, 'kind=concern', r.body)
  assert.equal(imported.status, 200, imported.text)
  assert.deepEqual(imported.json, { imported: first.length - 1, skipped: 0 })
  const back = await exportRows(u.dangwei, `kind=concern&source_type=import&q=${Q}&sort=id`)
  assert.deepEqual(back, first, 'the same 台账 once imported')
  // The closed row lands closed, by its verifier on its date; the others are open.
  const list = await u.dangwei.get(`/ledger/items?kind=concern&source_type=import&q=${Q}&limit=100`)
  assert.equal(list.json.total, first.length - 1)
  const closed = list.json.items.find((i) => i.title === `${TAG}食堂卫生整改`)
  assert.equal(closed.status, 'closed')
  assert.equal(closed.closed_by_name, ids.secretary.name)
  assert.equal(closed.responsible_person_id, ids.member.id)
  assert.equal(closed.leader_person_id, ids.secretary.id)
  assert.ok(list.json.items.filter((i) => i.title !== closed.title).every((i) => i.status !== 'closed'))
  const timeline = await u.dangwei.get(`/ledger/items/${closed.id}/timeline`)
  assert.deepEqual(timeline.json.items.map((e) => e.kind), ['created', 'progress', 'closed'])
})

test('an export of projects imports into an empty campaign with the same 类别 and 领域', async () => {
  const campaign = async (name) => {
    const r = await u.dangwei.post('/campaigns', {
      org_id: ids.committee.id, name: `${TAG}${name}${Math.random().toString(36).slice(2, 6)}`, year: 2025,
      start_date: '2025-03-01', end_date: '2025-12-31', goals: ['办实事'], phases: [], study_points: [],
    })
    assert.equal(r.status, 201, r.text)
    return r.json
  }
  const [from, to] = [await campaign('项目来源'), await campaign('项目导入')]
  await createItem(u.dangwei, { kind: 'project', campaign_id: from.id, title: `${TAG}加装电梯`, item_class: 'long_term', project_area: 'elderly_children', deadline: null })
  await createItem(u.dangwei, { kind: 'project', campaign_id: from.id, title: `${TAG}便民服务点`, project_area: 'convenience', deadline: null })
  const query = (c) => `kind=project&campaign_id=${c.id}&q=${Q}&sort=id`
  const exported = await exportRows(u.dangwei, query(from))
  assert.deepEqual(exported[0], COLUMNS)
  assert.deepEqual(exported.slice(1).map((r) => [r[1], r[11] ?? '', r[12] ?? '']),
    [[`${TAG}加装电梯`, '长期坚持', '一老一小'], [`${TAG}便民服务点`, '', '便民服务']])
  const file = (await u.dangwei.get(`/ledger/items.xlsx?${query(from)}`)).body
  const imported = await importFile(u.dangwei, `kind=project&campaign_id=${to.id}`, file)
  assert.equal(imported.status, 200, imported.text)
  assert.deepEqual(imported.json, { imported: 2, skipped: 0 })
  const list = await u.dangwei.get(`/ledger/items?${query(to)}`)
  assert.deepEqual(list.json.items.map((i) => [i.title, i.item_class, i.project_area]),
    [[`${TAG}加装电梯`, 'long_term', 'elderly_children'], [`${TAG}便民服务点`, null, 'convenience']])
  // Rows of the file before 类别 and 领域 were exported (the usual columns only) still import.
  const old = writeXlsx([STANDARD, ['', `${TAG}旧台账一行`, '', '机关第一支部']])
  const r = await importFile(u.dangwei, `kind=project&campaign_id=${to.id}`, old)
  assert.equal(r.status, 200, r.text)
})

test('re-importing the same rows is refused row by row unless they are skipped', async () => {
  const rows = [COLUMNS,
    ['1', `${TAG}重复一`, '', '机关第一支部'],
    ['2', `${TAG}重复二`, '', '机关第一支部'],
  ]
  const first = await importFile(u.zhibu1, 'kind=rectification', writeXlsx(rows))
  assert.equal(first.status, 200, first.text)
  assert.deepEqual(first.json, { imported: 2, skipped: 0 })
  const made = (await u.zhibu1.get(`/ledger/items?kind=rectification&source_type=import&q=${encodeURIComponent(`${TAG}重复`)}&sort=id`)).json.items
  assert.equal(made.length, 2)

  const again = writeXlsx([...rows, ['3', `${TAG}重复三`, '', '机关第一支部']])
  const REPEAT = '与台账中已有事项重复（同一责任单位、同一事项）'
  const before = await ledgerState()
  const e = assertError(await importFile(u.zhibu1, 'kind=rectification', again), 422, 'invalid_argument', 'skip_existing')
  assert.deepEqual(e.details.map((d) => [d.row, d.column, d.reason]),
    [[2, '问题/事项', REPEAT], [3, '问题/事项', REPEAT]], 'named by what the user sees, not by an id')
  assert.deepEqual(await ledgerState(), before)
  assertError(await importFile(u.zhibu1, 'kind=rectification&skip_existing=perhaps', again), 400, 'invalid_argument', 'skip_existing')
  assert.deepEqual(await ledgerState(), before)

  const skipped = await importFile(u.zhibu1, 'kind=rectification&skip_existing=true', again)
  assert.equal(skipped.status, 200, skipped.text)
  assert.deepEqual(skipped.json, { imported: 1, skipped: 2 })
  const after = (await u.zhibu1.get(`/ledger/items?kind=rectification&source_type=import&q=${encodeURIComponent(`${TAG}重复`)}&sort=id`)).json.items
  assert.deepEqual(after.map((i) => i.title), [`${TAG}重复一`, `${TAG}重复二`, `${TAG}重复三`])
  // The same rows as another kind are not repeats.
  const concern = await importFile(u.zhibu1, 'kind=concern', writeXlsx(rows))
  assert.deepEqual(concern.json, { imported: 2, skipped: 0 })
})

test('a bad import is refused whole, every bad row named, nothing written', async () => {
  const before = await ledgerState()
  const good = ['', '好的一行', '', '机关第一支部', '', '', '', '', '', '', '']
  const file = writeXlsx([
    COLUMNS,
    good,
    ['', '', '措施', '机关第一支部'],                                   // 2+1: no title
    ['', '找不到单位', '', '机关第九支部'],                            // unknown org
    ['', '别人的单位', '', '机关第二支部'],                            // not the secretary's
    ['', '时限不对', '', '机关第一支部', '', '', '2021-13-01'],
    ['', '只有销号日期', '', '机关第一支部', '', '', '', '', '', '2021-06-01', ''],
    ['', '自己验收', '', '机关第一支部', ids.member.name, '', '', '', '', '2021-06-01', ids.member.name],
    ['', '查无此人', '', '机关第一支部', '不存在的人'],
  ])
  const bad = await importFile(u.zhibu1, 'kind=rectification', file)
  const e = assertError(bad, 422, 'invalid_argument')
  assert.deepEqual(e.details.map((d) => [d.row, d.column]), [
    [3, '问题/事项'], [4, '责任单位'], [5, '责任单位'], [6, '时限'], [7, '验收人'], [8, '验收人'], [9, '责任人']])
  assert.match(e.details.find((d) => d.row === 4).reason, /机关第九支部/)
  assert.match(e.details.find((d) => d.row === 8).reason, /责任人不能验收自己的事项/)
  for (const d of e.details) assert.match(d.reason, /[\u4e00-\u9fff]/)
  assert.deepEqual(await ledgerState(), before)

  // Members and leaders are refused from the request head, before the body.
  assertError(await importFile(u.dangyuan1, 'kind=rectification', writeXlsx([COLUMNS, good])), 403, 'permission_denied')
  assertError(await importFile(u.lingdao, 'kind=rectification', writeXlsx([COLUMNS, good])), 403, 'permission_denied')
  assertError(await request(srv, 'POST', `${API}/ledger/items/import?kind=concern`, { body: 'x' }), 401)
  // The request itself.
  assertError(await importFile(u.zhibu1, '', writeXlsx([COLUMNS, good])), 400, 'invalid_argument', 'kind')
  assertError(await importFile(u.zhibu1, 'kind=wish', writeXlsx([COLUMNS, good])), 400, 'invalid_argument', 'kind')
  assertError(await importFile(u.zhibu1, 'kind=concern&campaign_id=999999', writeXlsx([COLUMNS, good])), 400,
    'invalid_argument', 'campaign_id')
  assertError(await importFile(u.zhibu1, 'kind=concern', Buffer.from('not a workbook')), 400, 'invalid_argument')
  assertError(await importFile(u.zhibu1, 'kind=concern', writeXlsx([['序号', '标题'], ['1', '缺列']])), 422, 'invalid_argument')
  assertError(await u.zhibu1.request('POST', '/ledger/items/import?kind=concern',
    { body: writeXlsx([COLUMNS, good]), headers: { 'Content-Type': XLSX } }), 415)
  const noFile = await u.zhibu1.request('POST', '/ledger/items/import?kind=concern', {
    body: multipart([], { note: 'x' }), headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
  })
  assertError(noFile, 400, 'invalid_argument', 'file')
  const many = [COLUMNS, ...Array.from({ length: 5001 }, (_, i) => ['', `事项${i}`, '', '机关第一支部'])]
  assertError(await importFile(u.zhibu1, 'kind=concern', writeXlsx(many)), 413, 'too_large')
  assert.deepEqual(await ledgerState(), before)
})

/**
 * The downloaded template with its example row (row 2) replaced by `rows`, as
 * someone filling it in Excel does: its header, widths and 填写说明 tab kept.
 */
function fillIn(template, rows) {
  const files = unzip(template)
  const name = 'xl/worksheets/sheet1.xml'
  const xml = files.get(name).toString('utf8')
  const example = /<row r="2"[^>]*>[\s\S]*?<\/row>/
  assert.match(xml, example, 'the template has its example row')
  const escape = (v) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const cell = (v, c, r) => (v ? `<c r="${String.fromCharCode(65 + c)}${r}" t="inlineStr"><is><t>${escape(v)}</t></is></c>` : '')
  const filled = rows.map((cells, i) => `<row r="${i + 2}">${cells.map((v, c) => cell(v, c, i + 2)).join('')}</row>`).join('')
  files.set(name, Buffer.from(xml.replace(example, filled)))
  return zip(Object.fromEntries(files))
}

test('the import template holds the 台账 columns, an example and notes; filled in, it imports', async () => {
  const res = await u.zhibu1.get('/ledger/items/import-template')
  assert.equal(res.status, 200, res.text)
  assert.equal(res.headers['content-type'], XLSX)
  assert.match(res.headers['content-disposition'], /^attachment;.*ledger-template\.xlsx/)
  assert.match(res.headers['content-disposition'], /filename\*=UTF-8''/)
  const rows = readXlsxRows(res.body)
  assert.deepEqual(rows[0].map((h) => h.replace(/\*$/, '')), COLUMNS)
  assert.deepEqual(rows[0].filter((h) => h.endsWith('*')), ['问题/事项*', '责任单位*'])
  assert.equal(rows.length, 2, 'one example row')
  const notes = readXlsxRows(res.body, 1).map((r) => r[0]).join('\n')
  for (const says of [/删除示例行/, /机关第二支部\/第一党小组/, /YYYY-MM-DD/, /验收人不能是责任人/, /不会导入任何数据/]) {
    assert.match(notes, says)
  }

  // As downloaded, its example names people the bureau does not have: refused at
  // row 2, nothing written (an example left in is not taken for a real item).
  const before = await ledgerState()
  const asIs = assertError(await importFile(u.zhibu1, 'kind=rectification', res.body), 422, 'invalid_argument')
  assert.ok(asIs.details.length >= 1 && asIs.details.every((d) => d.row === 2), JSON.stringify(asIs.details))
  assert.deepEqual(await ledgerState(), before)

  // Filled in with the branch's items, it imports as they were written.
  const filled = fillIn(res.body, [
    ['1', `${TAG}模板一`, '每月检查一次', '机关第一支部', ids.member.name, ids.secretary.name,
      chinaDate(now + 20 * 86400_000), '已部署', '', '', ''],
    ['2', `${TAG}模板二`, '', '机关第一支部', ids.member.name, '', '', '', '已完成', chinaDate(now), ids.secretary.name],
  ])
  assert.equal(readXlsxRows(filled, 1).length, readXlsxRows(res.body, 1).length, 'the notes tab is kept')
  const imported = await importFile(u.zhibu1, 'kind=rectification', filled)
  assert.equal(imported.status, 200, imported.text)
  assert.deepEqual(imported.json, { imported: 2, skipped: 0 })
  const list = await u.zhibu1.get(`/ledger/items?kind=rectification&source_type=import&q=${encodeURIComponent(`${TAG}模板`)}&sort=id`)
  assert.equal(list.status, 200, list.text)
  assert.deepEqual(list.json.items.map((i) => [i.title, i.status, i.responsible_person_id]), [
    [`${TAG}模板一`, 'in_progress', ids.member.id], [`${TAG}模板二`, 'closed', ids.member.id]])

  // Refused as the import is: to members and leaders (they write no org's records), and without a session.
  assertError(await u.dangyuan1.get('/ledger/items/import-template'), 403, 'permission_denied')
  assertError(await u.lingdao.get('/ledger/items/import-template'), 403, 'permission_denied')
  assertError(await request(srv, 'GET', `${API}/ledger/items/import-template`), 401, 'unauthenticated')
})

test('the overdue job marks, notifies once, escalates after the configured day, and feeds the counts', async () => {
  const item = await createItem(u.zhibu1, { title: `${TAG}党员活动室改造`, deadline: chinaDate(now) })
  const other = await createItem(u.dangwei, {
    org_id: ids.branch2.id, title: `${TAG}二支部逾期`, deadline: chinaDate(now), leader_person_id: null, responsible_person_id: null,
  })
  const before = (await unread(u.dangyuan1, 'ledger_overdue')).length
  // The first pass also marks the demo ledger's deliberately overdue self-check item;
  // this test's items, marked today, are not escalated (escalated_at below).
  const [marked] = await runPass(1)
  assert.ok(marked >= 2, `both items marked: ${marked}`)
  const notices = await unread(u.dangyuan1, 'ledger_overdue')
  assert.equal(notices.length, before + 1)
  assert.match(notices[0].text, new RegExp(item.title))
  assert.equal((await unread(u.zhibu1, 'ledger_overdue')).filter((n) => n.text.includes(item.title)).length, 1)
  const got = (await u.zhibu1.get(`/ledger/items/${item.id}`)).json
  assert.equal(got.overdue, true)
  assert.ok(got.overdue_since)
  assert.equal(got.escalated_at, null)
  const timeline = await u.zhibu1.get(`/ledger/items/${item.id}/timeline`)
  assert.ok(timeline.json.items.some((e) => e.kind === 'overdue'))

  // The counts, in each caller's reach.
  const byOrg = await u.dangwei.get('/ledger/overdue/by-org')
  assert.equal(byOrg.status, 200, byOrg.text)
  const b1 = byOrg.json.items.find((r) => r.org_id === ids.branch1.id)
  assert.ok(b1.overdue >= 1)
  assert.equal(b1.org_name, '机关第一支部')
  assert.equal(b1.list_query, `overdue=true&org_id=${ids.branch1.id}`)
  const listed = await u.dangwei.get(`/ledger/items?${b1.list_query}&limit=100`)
  assert.ok(listed.json.total >= b1.overdue, 'the list holds the org\'s subtree')
  assert.ok(byOrg.json.items.some((r) => r.org_id === ids.branch2.id))
  const mine = await u.zhibu1.get('/ledger/overdue/by-org?kind=rectification')
  const mineB1 = mine.json.items.find((r) => r.org_id === ids.branch1.id)
  assert.equal(mineB1.list_query, `overdue=true&org_id=${ids.branch1.id}&kind=rectification`)
  assert.ok(!mine.json.items.some((r) => r.org_id === ids.branch2.id), 'not another branch')
  const byLeader = await u.lingdao.get('/ledger/overdue/by-leader')
  assert.equal(byLeader.status, 200, byLeader.text)
  const zhao = byLeader.json.items.find((r) => r.leader_person_id === ids.secretary.id)
  assert.equal(zhao.leader_name, ids.secretary.name)
  // Those without a supervising leader (this test's 二支部 item, the demo's overdue self-check item): one row.
  const none = byLeader.json.items.filter((r) => r.leader_person_id === null)
  assert.equal(none.length, 1)
  assert.equal(none[0].leader_name, '未定责任领导')
  assert.ok(none[0].overdue >= 2, `no leader: ${none[0].overdue}`)
  assert.equal(none[0].list_query, 'overdue=true&no_leader=true')
  const noLeader = await u.lingdao.get(`/ledger/items?${none[0].list_query}&limit=100`)
  assert.equal(noLeader.status, 200, noLeader.text)
  assert.equal(noLeader.json.total, none[0].overdue)
  assert.ok(noLeader.json.items.some((i) => i.id === other.id))
  assert.ok(noLeader.json.items.every((i) => i.leader_person_id === null && i.overdue))
  assertError(await u.dangwei.get('/ledger/items?no_leader=yes'), 400, 'invalid_argument', 'no_leader')
  const own = await u.dangyuan1.get('/ledger/overdue/by-org')
  assert.ok(own.json.items.every((r) => r.org_id === ids.branch1.id), 'a member counts only their own items')
  assertError(await u.dangwei.get('/ledger/overdue/by-org?kind=wish'), 400, 'invalid_argument', 'kind')
  assertError(await u.dangwei.get('/ledger/overdue/by-leader?campaign_id=x'), 400, 'invalid_argument', 'campaign_id')
  assertError(await request(srv, 'GET', `${API}/ledger/overdue/by-org`), 401, 'unauthenticated')
  assertError(await request(srv, 'GET', `${API}/ledger/overdue/by-leader`), 401, 'unauthenticated')

  // A day later (the config file's 1 day): 督办 to the org admins of 机关党委.
  const escalatedBefore = (await unread(u.dangwei, 'ledger_escalated')).length
  const [, escalatedLater] = await runPass(1)
  assert.ok(escalatedLater >= 2, `both items escalated: ${escalatedLater}`)
  const escalated = await unread(u.dangwei, 'ledger_escalated')
  // One notice for the pass's items (both branches'), naming them.
  assert.equal(escalated.length, escalatedBefore + 1)
  assert.match(escalated[0].title, /^\d+ 项台账事项督办$/)
  assert.ok(escalated[0].text.includes(item.title) && escalated[0].text.includes(other.title), escalated[0].text)
  assert.equal((await unread(u.dangyuan1, 'ledger_escalated')).length, 0)
  const after = (await u.zhibu1.get(`/ledger/items/${item.id}`)).json
  assert.ok(after.escalated_at)
  assert.equal((await unread(u.dangyuan1, 'ledger_overdue')).length, before + 1, 'no second overdue notice')
})

test('with two processes on one database the overdue pass notifies once', async () => {
  const b = await spawnServe(srv.dbUrl, { args: ['--test-hooks', '--config', configFile] })
  try {
    const item = await createItem(u.zhibu1, { title: `${TAG}两个进程`, deadline: chinaDate(now) })
    const before = (await unread(u.dangyuan1, 'ledger_overdue')).length
    // Each process's clock to the same mornings (see morningsUntil): each
    // scheduler enqueues each morning's run, one runs it.
    let bNow = await advanceClock(b, 1)
    let marked
    for (const morning of morningsUntil(now, morningAfter(1))) {
      const target = morning + 1000
      const moveA = async () => { now = await advanceClock(srv, Math.ceil((target - now) / 1000)) }
      const moveB = async () => { bNow = await advanceClock(b, Math.ceil((target - bNow) / 1000)) }
      await Promise.all([moveA(), moveB()]);
      [marked] = await Promise.any([passOf(srv, morning), passOf(b, morning)])
    }
    assert.ok(marked >= 1)
    u = await loginAll(srv)
    const after = await unread(u.dangyuan1, 'ledger_overdue')
    assert.equal(after.length, before + 1, 'one notice, from one process')
    assert.match(after[0].text, new RegExp(item.title))
  } finally {
    await b.stop()
  }
})

test('serve refuses a config file with an unknown setting or a bad value', async () => {
  for (const text of ['[ledger]\nescalate_after_days = 400\n', '[ledger]\nescalate_days = 2\n', 'not a setting\n']) {
    const file = path.join(configDir, 'bad.conf')
    fs.writeFileSync(file, text)
    const result = await new Promise((resolve) => {
      execFile(BIN, ['serve', '--db', srv.dbUrl, '--listen', '127.0.0.1:0', '--config', file],
        { timeout: 20_000 }, (error, stdout, stderr) => resolve({ code: error?.code ?? 0, stderr }))
    })
    assert.notEqual(result.code, 0, `refused: ${text}`)
    assert.match(result.stderr, /配置/, result.stderr)
  }
})
