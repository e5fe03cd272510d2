// Study (/study): materials with chapters (the four designated books seeded),
// the self-study log (own entries only, secretaries read their branch, a
// member never reads another's; minutes bounded per day), totals per person
// and org, and the 学习强国 points import (upload → check a column mapping →
// import with resolutions, all or nothing) with its ranking; hostile files
// refused with nothing written.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertError, demoIds, firstSignIn, loginAll, newPerson, startServer, uniqueName } from './harness.mjs'
import { readXlsxRows, writeXlsx, zip } from './xlsx.mjs'

const srv = await startServer('study')
after(() => srv.stop())

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
let u, ids, materials, book, other, branch1People

before(async () => {
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
  const r = await u.admin.get('/study/materials')
  assert.equal(r.status, 200, r.text)
  materials = r.json.items
  book = materials.find((m) => m.title === '中国共产党简史')
  other = materials.find((m) => m.title === '论中国共产党历史')
  const p = await u.admin.get(`/people?org_id=${ids.branch1.id}&limit=500`)
  branch1People = p.json.items
})

/** What a refused study write must leave as it was. */
async function state() {
  const [logs, audit, ranking, mats] = await Promise.all([
    u.admin.get('/study/logs?limit=500'),
    u.admin.get('/audit?limit=1'),
    u.admin.get('/study/xuexi/ranking?from=2025-01&to=2025-12'),
    u.admin.get('/study/materials?include_archived=true'),
  ])
  for (const r of [logs, audit, ranking, mats]) assert.equal(r.status, 200, r.text)
  return {
    logs: logs.json.items.map((l) => `${l.id}:${l.version}:${l.minutes}`).join(','),
    audit: audit.json.total,
    ranking: JSON.stringify(ranking.json.items),
    materials: mats.json.items.map((m) => `${m.id}:${m.version}`).join(','),
  }
}

async function refused(fn, status, code, field) {
  const before = await state()
  const e = assertError(await fn(), status, code, field)
  assert.deepEqual(await state(), before, 'nothing was written')
  return e
}

/** A member account of `person` in branch 1, signed in with its own password. */
async function memberOf(person) {
  const username = `study${person.id}x${process.pid % 1000}`
  const r = await u.admin.post('/accounts', {
    username, display_name: person.name, password: 'api-test-pass-2021', person_id: person.id,
    roles: [{ role: 'member', org_id: ids.branch1.id }],
  })
  assert.equal(r.status, 201, r.text)
  return firstSignIn(srv, username)
}

let day = 0
/** A fresh date in 2025 for each entry, so day totals never meet by chance. */
function nextDate() {
  day += 1
  const d = new Date(Date.UTC(2025, 0, 1) + day * 86400000)
  return d.toISOString().slice(0, 10)
}

function logBody(extra = {}) {
  return { study_date: nextDate(), material_id: book.id, chapter_id: book.chapters[0].id, minutes: 45,
    notes: '学习心得：重温建党历史。', ...extra }
}

describe('study materials', () => {
  test('the four designated books of 2021 are seeded with their chapters, for every account', async () => {
    const titles = ['论中国共产党历史', '毛泽东邓小平江泽民胡锦涛关于中国共产党历史论述摘编',
      '习近平新时代中国特色社会主义思想学习问答', '中国共产党简史']
    for (const t of titles) {
      const m = materials.find((x) => x.title === t)
      assert.ok(m, t)
      assert.equal(m.designated, true)
      assert.ok(m.chapters.length >= 4, `${t} has chapters`)
    }
    assert.equal(book.chapters.length, 10)
    assert.equal(book.chapters[0].title, '第一章 中国共产党的创建和投身大革命的洪流')
    const r = await u.dangyuan1.get(`/study/materials/${book.id}`)
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.json, book)
    assertError(await u.dangyuan1.get('/study/materials/999999'), 404, 'not_found')
    assertError(await u.dangyuan1.get('/study/materials?include_archived=maybe'), 400, 'invalid_argument')
  })

  test('an org admin adds, edits (chapters kept by id), archives a material; versions checked', async () => {
    const r = await u.dangwei.post('/study/materials', {
      org_id: ids.committee.id, title: uniqueName('读本'), author: '编写组',
      chapters: [{ title: '第一讲' }, { title: '第二讲' }],
    })
    assert.equal(r.status, 201, r.text)
    const m = r.json
    assert.equal(m.org_name, '市统计局机关党委')
    assert.deepEqual(m.chapters.map((c) => c.title), ['第一讲', '第二讲'])
    const e = await u.dangwei.patch(`/study/materials/${m.id}`, {
      version: m.version,
      chapters: [{ id: m.chapters[1].id, title: '第二讲（修订）' }, { title: '第三讲' }],
    })
    assert.equal(e.status, 200, e.text)
    assert.equal(e.json.chapters[0].id, m.chapters[1].id)
    assert.deepEqual(e.json.chapters.map((c) => c.title), ['第二讲（修订）', '第三讲'])
    await refused(() => u.dangwei.patch(`/study/materials/${m.id}`, { version: m.version, title: '旧版本' }),
      409, 'conflict', 'version')
    await refused(() => u.dangwei.patch(`/study/materials/${m.id}`, {
      version: e.json.version, chapters: [{ title: '重复' }, { title: '重复' }] }), 400, 'invalid_argument', 'chapters')
    await refused(() => u.dangwei.patch(`/study/materials/${book.id}`, { version: book.version, title: '改名' }),
      403, 'permission_denied')
    await refused(() => u.dangwei.post(`/study/materials/${m.id}/archive`, { version: m.version }), 409, 'conflict')
    const a = await u.dangwei.post(`/study/materials/${m.id}/archive`, { version: e.json.version })
    assert.equal(a.status, 200, a.text)
    assert.equal(a.json.archived, true)
    const list = await u.dangwei.get('/study/materials')
    assert.ok(!list.json.items.some((x) => x.id === m.id), 'archived materials leave the list')
  })

  test('a secretary or a member may not add materials; bad fields are refused', async () => {
    const body = { org_id: ids.branch1.id, title: uniqueName('读本') }
    await refused(() => u.zhibu1.post('/study/materials', body), 403, 'permission_denied', 'org_id')
    // A member is refused by role before the body is read.
    await refused(() => u.dangyuan1.post('/study/materials', body), 403, 'permission_denied', '')
    await refused(() => u.dangwei.post('/study/materials', { ...body, title: '' }), 400, 'invalid_argument', 'title')
    await refused(() => u.dangwei.post('/study/materials', { ...body, extra: 1 }), 400, 'invalid_argument', 'extra')
  })
})

describe('self-study log', () => {
  test('a member records, reads, edits and deletes their own entry', async () => {
    const r = await u.dangyuan1.post('/study/logs', logBody())
    assert.equal(r.status, 201, r.text)
    const l = r.json
    assert.equal(l.person_id, ids.member.id)
    assert.equal(l.material_title, '中国共产党简史')
    assert.equal(l.chapter_title, book.chapters[0].title)
    const got = await u.dangyuan1.get(`/study/logs/${l.id}`)
    assert.equal(got.status, 200, got.text)
    const mine = await u.dangyuan1.get('/study/logs?mine=true&limit=500')
    assert.ok(mine.json.items.some((x) => x.id === l.id))
    const e = await u.dangyuan1.patch(`/study/logs/${l.id}`, { version: l.version, minutes: 60, notes: '多行\n心得' })
    assert.equal(e.status, 200, e.text)
    assert.equal(e.json.minutes, 60)
    assert.equal(e.json.notes, '多行\n心得')
    await refused(() => u.dangyuan1.patch(`/study/logs/${l.id}`, { version: l.version, minutes: 30 }), 409, 'conflict', 'version')
    const d = await u.dangyuan1.post(`/study/logs/${l.id}/archive`, { version: e.json.version })
    assert.equal(d.status, 200, d.text)
    assert.equal(d.json.archived, true)
    await refused(() => u.dangyuan1.post(`/study/logs/${l.id}/archive`, { version: d.json.version }),
      422, 'failed_precondition')
  })

  test('minutes are bounded: > 0, at most 8 hours a day per person in total', async () => {
    const date = nextDate()
    await refused(() => u.dangyuan1.post('/study/logs', logBody({ study_date: date, minutes: 0 })), 400, 'invalid_argument', 'minutes')
    await refused(() => u.dangyuan1.post('/study/logs', logBody({ study_date: date, minutes: -5 })), 400, 'invalid_argument', 'minutes')
    await refused(() => u.dangyuan1.post('/study/logs', logBody({ study_date: date, minutes: 481 })), 400, 'invalid_argument', 'minutes')
    const first = await u.dangyuan1.post('/study/logs', logBody({ study_date: date, minutes: 300 }))
    assert.equal(first.status, 201, first.text)
    const e = await refused(() => u.dangyuan1.post('/study/logs', logBody({ study_date: date, minutes: 181 })),
      400, 'invalid_argument', 'minutes')
    assert.match(e.message, /8 小时/)
    const fits = await u.dangyuan1.post('/study/logs', logBody({ study_date: date, minutes: 180 }))
    assert.equal(fits.status, 201, fits.text)
    // An edit counts the other entries of the day, not itself.
    await refused(() => u.dangyuan1.patch(`/study/logs/${fits.json.id}`, { version: fits.json.version, minutes: 181 }),
      400, 'invalid_argument', 'minutes')
  })

  test('dates, material, chapter and notes are checked; nothing is written', async () => {
    await refused(() => u.dangyuan1.post('/study/logs', logBody({ study_date: '2099-01-01' })), 400, 'invalid_argument', 'study_date')
    await refused(() => u.dangyuan1.post('/study/logs', logBody({ study_date: '2025-02-30' })), 400, 'invalid_argument', 'study_date')
    // Before the demo's 2021 campaign (held by 机关党委 from 2021-02-26) began.
    const early = await refused(() => u.dangyuan1.post('/study/logs', logBody({ study_date: '2021-02-25' })),
      400, 'invalid_argument', 'study_date')
    assert.match(early.message, /2021-02-26/)
    await refused(() => u.dangyuan1.post('/study/logs', logBody({ material_id: 999999 })), 400, 'invalid_argument', 'material_id')
    await refused(() => u.dangyuan1.post('/study/logs', logBody({ chapter_id: other.chapters[0].id })),
      400, 'invalid_argument', 'chapter_id')
    await refused(() => u.dangyuan1.post('/study/logs', logBody({ notes: '心'.repeat(2001) })), 400, 'invalid_argument', 'notes')
    await refused(() => u.dangyuan1.post('/study/logs', logBody({ notes: '控制\u0007字符' })), 400, 'invalid_argument', 'notes')
    // Accounts without a person have no log of their own.
    await refused(() => u.dangwei.post('/study/logs', logBody()), 403, 'permission_denied')
  })

  test('secretaries read their branch; a member never reads another member\'s log', async () => {
    const r = await u.dangyuan1.post('/study/logs', logBody())
    assert.equal(r.status, 201, r.text)
    const l = r.json
    const branch = await u.zhibu1.get(`/study/logs?org_id=${ids.branch1.id}&limit=500`)
    assert.equal(branch.status, 200, branch.text)
    assert.ok(branch.json.items.some((x) => x.id === l.id), 'the secretary sees the branch member\'s entry')
    assert.ok(branch.json.items.every((x) => x.org_name === '机关第一支部' || x.org_name.includes('党小组')))
    assert.equal((await u.zhibu1.get(`/study/logs/${l.id}`)).status, 200)
    assert.equal((await u.lingdao.get(`/study/logs/${l.id}`)).status, 200)
    // The secretary reads but does not edit it.
    await refused(() => u.zhibu1.patch(`/study/logs/${l.id}`, { version: l.version, minutes: 1 }), 403, 'permission_denied')
    // Another member of the same branch.
    // Without an account yet (one person has one: the demo links 钱党员,
    // 赵书记 and the 局领导's person).
    const accounts = await u.admin.get('/accounts?limit=500')
    const linked = new Set(accounts.json.items.map((a) => a.person_id).filter(Boolean))
    const peer = branch1People.find((p) => !linked.has(p.id) && p.category === 'member')
    const other = await memberOf(peer)
    assertError(await other.get(`/study/logs/${l.id}`), 404, 'not_found')
    assertError(await other.get(`/study/logs?person_id=${ids.member.id}`), 403, 'permission_denied', 'person_id')
    assertError(await other.get(`/study/logs?org_id=${ids.branch1.id}`), 403, 'permission_denied', 'org_id')
    await refused(() => other.patch(`/study/logs/${l.id}`, { version: l.version, minutes: 1 }), 404, 'not_found')
    const own = await other.get('/study/logs?limit=500')
    assert.ok(own.json.items.every((x) => x.person_id === peer.id), 'a member lists only their own entries')
    // A secretary of branch 1 does not read branch 2.
    assertError(await u.zhibu1.get(`/study/logs?org_id=${ids.branch2.id}`), 403, 'permission_denied', 'org_id')
    assertError(await u.dangyuan1.get('/study/logs?sort=minutes'), 400, 'invalid_argument', 'sort')
    assertError(await u.dangyuan1.get('/study/logs/0'), 400, 'invalid_argument')
  })

  test('totals per person and per branch over a period', async () => {
    const date = '2024-03-15'
    const a = await u.dangyuan1.post('/study/logs', logBody({ study_date: date, minutes: 90 }))
    assert.equal(a.status, 201, a.text)
    const b = await u.zhibu1.post('/study/logs', logBody({ study_date: '2024-03-16', minutes: 30 }))
    assert.equal(b.status, 201, b.text)
    const people = await u.zhibu1.get(`/study/totals?from=2024-03-01&to=2024-03-31&org_id=${ids.branch1.id}`)
    assert.equal(people.status, 200, people.text)
    assert.deepEqual(people.json.items.map((t) => [t.name, t.minutes, t.entries]), [['钱党员', 90, 1], ['赵书记', 30, 1]])
    const orgs = await u.dangwei.get('/study/totals?by=org&from=2024-03-01&to=2024-03-31')
    assert.equal(orgs.status, 200, orgs.text)
    assert.deepEqual(orgs.json.items.map((t) => [t.name, t.minutes, t.people]), [['机关第一支部', 120, 2]])
    const own = await u.dangyuan1.get('/study/totals?from=2024-03-01&to=2024-03-31')
    assert.deepEqual(own.json.items.map((t) => t.name), ['钱党员'], 'a member totals only their own')
    assertError(await u.dangwei.get('/study/totals?from=2024-03-31&to=2024-03-01'), 400, 'invalid_argument', 'to')
    assertError(await u.dangwei.get('/study/totals?from=x&to=2024-03-01'), 400, 'invalid_argument', 'from')
    assertError(await u.dangwei.get('/study/totals?from=2024-03-01&to=2024-03-31&by=day'), 400, 'invalid_argument', 'by')
    assertError(await u.dangyuan1.get(`/study/totals?from=2024-03-01&to=2024-03-31&org_id=${ids.branch1.id}`),
      403, 'permission_denied', 'org_id')
  })

  test('totals are a grouped list: sorts, offset and cursor pages, a total equal to a plain count', async () => {
    // The demo's self-study of April to June 2021, every person in scope.
    const q = 'from=2021-04-01&to=2021-06-30'
    for (const by of ['person', 'org']) {
      const whole = await u.dangwei.get(`/study/totals?${q}&by=${by}&limit=500`)
      assert.equal(whole.status, 200, whole.text)
      const keys = whole.json.items.map((t) => t.id)
      assert.ok(keys.length > (by === 'person' ? 7 : 1), `the demo's logs: ${keys.length}`)
      assert.equal(whole.json.total, keys.length)
      assert.equal(new Set(keys).size, keys.length)
      const minutes = whole.json.items.map((t) => t.minutes)
      assert.deepEqual(minutes, [...minutes].sort((a, b) => b - a), 'most minutes first by default')
      for (const sort of ['', 'minutes', '-entries', 'name']) {
        const walked = []
        let cursor = ''
        for (let i = 0; i <= keys.length / 3 + 1; i++) {
          const page = await u.dangwei.get(`/study/totals?${q}&by=${by}&limit=3&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`)
          assert.equal(page.status, 200, page.text)
          assert.equal(page.json.total, whole.json.total)
          walked.push(...page.json.items.map((t) => t.id))
          if (!page.json.next_cursor) break
          cursor = encodeURIComponent(page.json.next_cursor)
        }
        assert.deepEqual([...walked].sort((a, b) => a - b), [...keys].sort((a, b) => a - b), sort)
        const second = await u.dangwei.get(`/study/totals?${q}&by=${by}&limit=3&offset=3&sort=${sort}`)
        assert.deepEqual(second.json.items.map((t) => t.id), walked.slice(3, 6), sort)
      }
    }
    // The orgs' minutes are the people's, summed.
    const people = (await u.dangwei.get(`/study/totals?${q}&limit=500`)).json.items
    const orgs = (await u.dangwei.get(`/study/totals?${q}&by=org&limit=500`)).json.items
    const sum = (rows) => rows.reduce((n, t) => n + t.minutes, 0)
    assert.equal(sum(orgs), sum(people))
    assertError(await u.dangwei.get(`/study/totals?${q}&sort=org_name`), 400, 'invalid_argument', 'sort')
    assertError(await u.dangwei.get(`/study/totals?${q}&cursor=forged`), 400, 'invalid_argument', 'cursor')
  })
})

describe('学习强国 points import', () => {
  /** An export as the app writes it in one version: its own column titles. */
  function exportFile(rows, header = ['序号', '姓名', '所在单位', '月份', '总积分']) {
    return writeXlsx([header, ...rows.map((r, i) => [String(i + 1), ...r])])
  }

  function upload(by, file, orgId = ids.committee.id, type = XLSX) {
    return by.request('POST', `/study/xuexi/uploads?org_id=${orgId}&file_name=${encodeURIComponent('积分.xlsx')}`,
      { body: file, headers: { 'Content-Type': type } })
  }

  const MAPPING = { name: '姓名', org: '所在单位', points: '总积分', period: '月份', period_value: '' }

  test('upload → header and samples; check → matched, unmatched, ambiguous; import resolved; ranking', async () => {
    // Two people named alike in two branches: ambiguous without the org column.
    const twin = uniqueName('同名')
    for (const [org, birth] of [[ids.branch2.id, '1980-01-01'], [ids.branch3.id, '1981-02-02']]) {
      const r = await u.dangwei.post('/people', newPerson(org, { name: twin, birth_date: birth }))
      assert.equal(r.status, 201, r.text)
    }
    const file = exportFile([
      ['钱党员', '机关第一支部', '2025-06', '1520'],
      ['赵书记', '', '2025年6月', '1310'],
      [twin, '', '2025-06', '990'],
      ['查无此人', '机关第一支部', '2025-06', '800'],
    ])
    const up = await upload(u.dangwei, file)
    assert.equal(up.status, 201, up.text)
    assert.deepEqual(up.json.header, ['序号', '姓名', '所在单位', '月份', '总积分'])
    assert.equal(up.json.rows, 4)
    assert.deepEqual(up.json.samples[0], ['1', '钱党员', '机关第一支部', '2025-06', '1520'])
    assert.equal(up.json.remembered, null)
    const id = up.json.id
    const got = await u.dangwei.get(`/study/xuexi/uploads/${id}`)
    assert.equal(got.status, 200, got.text)
    assertError(await u.zhibu1.get(`/study/xuexi/uploads/${id}`), 404, 'not_found')

    const check = await u.dangwei.post(`/study/xuexi/uploads/${id}/check`, { mapping: MAPPING })
    assert.equal(check.status, 200, check.text)
    assert.deepEqual(check.json.rows.map((r) => [r.row, r.state, r.period, r.points]), [
      [2, 'matched', '2025-06', 1520], [3, 'matched', '2025-06', 1310],
      [4, 'ambiguous', '2025-06', 990], [5, 'unmatched', '2025-06', 800]])
    assert.equal(check.json.rows[0].person_id, ids.member.id)
    assert.equal(check.json.rows[2].candidates.length, 2)
    assert.deepEqual([check.json.matched, check.json.unmatched, check.json.ambiguous], [2, 1, 1])

    // Nothing is written while a row is open.
    const e = await refused(() => u.dangwei.post(`/study/xuexi/uploads/${id}/import`, { mapping: MAPPING }),
      422, 'failed_precondition', 'resolutions')
    assert.deepEqual(e.details.map((d) => d.row), [4, 5])
    // A person outside the org subtree is refused as a choice.
    await refused(() => u.dangwei.post(`/study/xuexi/uploads/${id}/import`, {
      mapping: MAPPING, resolutions: [{ row: 4, person_id: 999999 }, { row: 5, person_id: null }] }),
    400, 'invalid_argument', 'resolutions')
    await refused(() => u.dangwei.post(`/study/xuexi/uploads/${id}/import`, {
      mapping: MAPPING, resolutions: [{ row: 40, person_id: null }] }), 400, 'invalid_argument', 'resolutions')

    const pick = check.json.rows[2].candidates[0]
    const done = await u.dangwei.post(`/study/xuexi/uploads/${id}/import`, {
      mapping: MAPPING, resolutions: [{ row: 4, person_id: pick.person_id }, { row: 5, person_id: null }] })
    assert.equal(done.status, 200, done.text)
    assert.deepEqual(done.json, { imported: 3, skipped: 1, periods: ['2025-06'] })
    await refused(() => u.dangwei.post(`/study/xuexi/uploads/${id}/import`, { mapping: MAPPING }),
      422, 'failed_precondition')

    const rank = await u.dangwei.get('/study/xuexi/ranking?from=2025-06')
    assert.equal(rank.status, 200, rank.text)
    assert.deepEqual(rank.json.items.map((r) => [r.rank, r.name, r.points]),
      [[1, '钱党员', 1520], [2, '赵书记', 1310], [3, twin, 990]])
    const byOrg = await u.dangwei.get('/study/xuexi/ranking?from=2025-01&to=2025-12&by=org')
    assert.deepEqual(byOrg.json.items.map((r) => [r.name, r.points, r.people]).slice(0, 1), [['机关第一支部', 2830, 2]])
    // A member sees their rank among their own branch (机关第一支部), no other branch's people.
    const own = await u.dangyuan1.get('/study/xuexi/ranking?from=2025-06')
    assert.deepEqual(own.json.items.map((r) => [r.rank, r.name]), [[1, '钱党员'], [2, '赵书记']])
    const ownByOrg = await u.dangyuan1.get('/study/xuexi/ranking?from=2025-06&by=org')
    assert.deepEqual(ownByOrg.json.items.map((r) => r.name), ['机关第一支部'])
    const sheet = await u.dangwei.get('/study/xuexi/ranking/export?from=2025-06')
    assert.equal(sheet.status, 200, sheet.text)
    assert.match(sheet.headers['content-disposition'], /xuexi-ranking\.xlsx/)
    assert.deepEqual(readXlsxRows(sheet.body).slice(0, 3),
      [['名次', '姓名', '所在组织', '积分'], ['1', '钱党员', '机关第一支部', '1520'], ['2', '赵书记', '机关第一支部', '1310']])
    assertError(await u.dangwei.get('/study/xuexi/ranking/export?from=2025-6x'), 400, 'invalid_argument', 'from')
    const audit = await u.admin.get('/audit?record_type=xuexi_import&limit=5')
    assert.equal(audit.json.items[0].action, 'import')

    // The next upload for the org brings back the mapping; a re-import replaces the month.
    const again = await upload(u.dangwei, exportFile([['钱党员', '机关第一支部', '2025-06', '1600']]))
    assert.equal(again.status, 201, again.text)
    assert.deepEqual(again.json.remembered, MAPPING)
    const re = await u.dangwei.post(`/study/xuexi/uploads/${again.json.id}/import`, { mapping: MAPPING })
    assert.equal(re.status, 200, re.text)
    const after = await u.dangwei.get('/study/xuexi/ranking?from=2025-06')
    assert.equal(after.json.items.find((r) => r.name === '钱党员').points, 1600)
  })

  test('a mapping without a required column, or with a title not in the header, is refused', async () => {
    const up = await upload(u.dangwei, exportFile([['钱党员', '机关第一支部', '2025-07', '100']], ['姓名', '所在单位', '月份', '总积分', '备注'].slice(0, 4).concat([])))
    assert.equal(up.status, 201, up.text)
    const id = up.json.id
    await refused(() => u.dangwei.post(`/study/xuexi/uploads/${id}/check`, { mapping: { ...MAPPING, points: '' } }),
      400, 'invalid_argument', 'mapping.points')
    await refused(() => u.dangwei.post(`/study/xuexi/uploads/${id}/import`, { mapping: { ...MAPPING, points: '积分' } }),
      400, 'invalid_argument', 'mapping.points')
    await refused(() => u.dangwei.post(`/study/xuexi/uploads/${id}/import`, { mapping: { ...MAPPING, period: '', period_value: '' } }),
      400, 'invalid_argument', 'mapping.period')
    await refused(() => u.dangwei.post(`/study/xuexi/uploads/${id}/check`, { mapping: { ...MAPPING, extra: 'x' } }),
      400, 'invalid_argument', 'mapping')
  })

  test('bad values are listed by row and nothing is written', async () => {
    const up = await upload(u.dangwei, exportFile([
      ['钱党员', '机关第一支部', '2025-08', '-5'],
      ['', '机关第一支部', '2025-08', '10'],
      ['赵书记', '机关第一支部', '八月', '10'],
    ]))
    assert.equal(up.status, 201, up.text)
    const e = await refused(() => u.dangwei.post(`/study/xuexi/uploads/${up.json.id}/check`, { mapping: MAPPING }),
      422, 'invalid_argument')
    assert.deepEqual(e.details.map((d) => [d.row, d.column]), [[2, '总积分'], [3, '姓名'], [4, '月份']])
  })

  test('one month for the whole file when the export has no month column', async () => {
    const up = await upload(u.dangwei, writeXlsx([['姓名', '部门', '积分'], ['钱党员', '机关第一支部', '700']]))
    assert.equal(up.status, 201, up.text)
    const mapping = { name: '姓名', org: '部门', points: '积分', period: '', period_value: '2025-09' }
    await refused(() => u.dangwei.post(`/study/xuexi/uploads/${up.json.id}/check`, { mapping: { ...mapping, period_value: '2025-13' } }),
      400, 'invalid_argument', 'mapping.period_value')
    const r = await u.dangwei.post(`/study/xuexi/uploads/${up.json.id}/import`, { mapping })
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.json.periods, ['2025-09'])
  })

  test('scope and role are checked before the upload is read', async () => {
    const garbage = Buffer.from('not an xlsx at all')
    await refused(() => upload(u.dangyuan1, garbage, ids.branch1.id), 404, 'not_found', 'org_id')
    await refused(() => upload(u.lingdao, garbage, ids.branch1.id), 403, 'permission_denied', 'org_id')
    await refused(() => upload(u.zhibu1, garbage, ids.branch2.id), 404, 'not_found', 'org_id')
    await refused(() => upload(u.zhibu1, garbage, 999999), 404, 'not_found', 'org_id')
    await refused(() => u.dangwei.request('POST', '/study/xuexi/uploads', { body: garbage, headers: { 'Content-Type': XLSX } }),
      400, 'invalid_argument', 'org_id')
    await refused(() => u.dangyuan1.post('/study/xuexi/uploads/1/import', { mapping: MAPPING }), 403, 'permission_denied')
    // A secretary imports for their own branch.
    const ok = await upload(u.zhibu1, exportFile([['钱党员', '机关第一支部', '2025-10', '300']]), ids.branch1.id)
    assert.equal(ok.status, 201, ok.text)
    assertError(await u.dangwei.get(`/study/xuexi/uploads/${ok.json.id}`), 404, 'not_found')
    assertError(await u.dangwei.get('/study/xuexi/ranking?from=2025-13'), 400, 'invalid_argument', 'from')
    assertError(await u.dangwei.get('/study/xuexi/ranking?from=2025-06&to=2025-01'), 400, 'invalid_argument', 'to')
    assertError(await u.dangyuan1.get(`/study/xuexi/ranking?from=2025-06&org_id=${ids.branch1.id}`), 403, 'permission_denied', 'org_id')
  })

  describe('hostile files are refused clearly and nothing is written', () => {
    const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    const sheet = (rows) => `<?xml version="1.0"?><worksheet ${MAIN}><sheetData>${rows}</sheetData></worksheet>`

    test('a zip bomb (40 MB of XML in a small file) → 413', async () => {
      const xml = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>' + ' '.repeat(40 << 20))
      const file = zip({ 'xl/worksheets/sheet1.xml': xml })
      assert.ok(file.length < 200 * 1024, `small upload: ${file.length} bytes`)
      const e = await refused(() => upload(u.dangwei, file), 413, 'too_large')
      assert.match(e.message, /Excel/)
    })

    test('huge shared strings (200,000 items) → 413', async () => {
      const file = zip({
        'xl/sharedStrings.xml': `<sst ${MAIN}>${'<si><t>积分</t></si>'.repeat(200000)}</sst>`,
        'xl/worksheets/sheet1.xml': sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
      })
      await refused(() => upload(u.dangwei, file), 413, 'too_large')
    })

    test('a file of another type → 400, another content type → 415', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
      const e = await refused(() => upload(u.dangwei, png), 400, 'invalid_argument')
      assert.match(e.message, /无法读取 Excel 文件/)
      const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)])
      assert.match((await refused(() => upload(u.dangwei, xls), 400, 'invalid_argument')).message, /\.xlsx/)
      await refused(() => upload(u.dangwei, Buffer.from('姓名,积分\n'), ids.committee.id, 'text/csv'), 415, 'unsupported_media_type')
    })

    test('a macro-enabled workbook (VBA project inside) → 400 naming the macro', async () => {
      const good = writeXlsx([['姓名', '积分'], ['钱党员', '10']])
      const { unzip } = await import('./xlsx.mjs')
      const entries = Object.fromEntries(unzip(good))
      entries['xl/vbaProject.bin'] = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.from('Attribute VB_Name')])
      const e = await refused(() => upload(u.dangwei, zip(entries)), 400, 'invalid_argument')
      assert.match(e.message, /宏/)
    })

    test('more than 5,000 data rows → 413; over 5 MB → 413 before it is read', async () => {
      const rows = Array.from({ length: 5001 }, (_, i) => [`人${i}`, '机关第一支部', '2025-06', '1'])
      const e = await refused(() => upload(u.dangwei, exportFile(rows)), 413, 'too_large')
      assert.match(e.message, /5000/)
      await refused(() => upload(u.dangwei, Buffer.alloc((5 << 20) + 1)), 413, 'too_large')
    })
  })
})
