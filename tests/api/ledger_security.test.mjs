// The ledger (issue 9) attacked over HTTP on the real binary: the holes an
// attacker found, each with the refusal that closes it and nothing written.
// - a pending extension request is not decided once its item is closed, nor
//   by the item's responsible person who also supervises it;
// - an import names only a campaign the caller reads (else its closed
//   concerns would land on another organization's public 晒单 page);
// - an enterprise visit's visitor is a person the caller reads (else any
//   person's name is read back by id);
// - the public page counts an IPv6 client by its /64, as sign-in does;
// - a closed item takes no new file and keeps the files it has.
// (The overdue job against a concurrent edit is ledger_races_test.cpp.)
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  API, PASSWORD, assertError, assertUnchanged, firstSignIn, request, snapshot, startServer, uniqueName,
} from './harness.mjs'
import { advanceClock, chinaDate, eventsSetup } from './events_helpers.mjs'
import { BOUNDARY, multipart, upload } from './uploads.mjs'
import { writeXlsx } from './xlsx.mjs'

// --test-hooks: the clock is stopped below (the public page's bound is per
// minute of it); --trust-proxy: the client address of the public page comes
// from X-Forwarded-For, so that IPv6 clients can be played from loopback.
const srv = await startServer('ledger_security', { args: ['--test-hooks', '--trust-proxy'] })
after(() => srv.stop())

const COLUMNS = ['序号', '问题/事项', '整改措施/办理措施', '责任单位', '责任人', '责任领导', '时限', '进展情况', '完成情况', '销号日期', '验收人']
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

let u, ids, types, leader, now
const inDays = (n) => chinaDate(now + n * 86_400_000)

before(async () => {
  ;({ u, ids, types } = await eventsSetup(srv))
  now = await advanceClock(srv, 1) // stops the server's clock
  // A supervising leader with a person (the demo's 局领导 has none).
  const people = await u.admin.get(`/people?org_id=${ids.branch3.id}&limit=1`)
  const person = people.json.items[0]
  const made = await u.admin.post('/accounts', {
    username: 'sec_leader', display_name: person.name, password: PASSWORD, person_id: person.id,
    roles: [{ role: 'leader', org_id: ids.bureau.id }],
  })
  assert.equal(made.status, 201, made.text)
  leader = { client: await firstSignIn(srv, 'sec_leader'), person }
})

async function create(client, extra = {}) {
  const r = await client.post('/ledger/items', {
    kind: 'rectification', org_id: ids.branch1.id, title: uniqueName('安全测试事项'), measures: '措施',
    responsible_person_id: ids.member.id, leader_person_id: leader.person.id, deadline: inDays(30), ...extra,
  })
  assert.equal(r.status, 201, r.text)
  return r.json
}

async function step(client, item, action, text = '说明') {
  const r = await client.post(`/ledger/items/${item.id}/${action}`, { version: item.version, text })
  assert.equal(r.status, 200, `${action}: ${r.text}`)
  return r.json
}

describe('extensions', () => {
  test('a request still pending when its item is closed is not decided: 409, the closed item unchanged', async () => {
    let item = await create(u.zhibu1)
    item = await step(u.zhibu1, item, 'accept')
    const asked = await u.dangyuan1.post(`/ledger/items/${item.id}/extensions`, { reason: '需要时间', new_deadline: inDays(60) })
    assert.equal(asked.status, 201, asked.text)
    item = (await u.zhibu1.get(`/ledger/items/${item.id}`)).json
    item = await step(u.dangyuan1, item, 'submit', '已完成')
    item = await step(u.zhibu1, item, 'close', '合格')
    const seen = await leader.client.get(`/ledger/items/${item.id}`)
    assert.equal(seen.json.status, 'closed')
    assert.equal(seen.json.may.decide_extension, false, 'no decision offered on a closed item')
    const before = await snapshot(u.admin)
    const e = assertError(await leader.client.post(`/ledger/extensions/${asked.json.id}/decide`, { approve: true, note: '同意' }),
      409, 'conflict', 'approve')
    // Closing ended the request (已失效), so it is not decided after.
    assert.equal(e.message, '该延期申请已失效：事项已销号，延期申请不再审批')
    await assertUnchanged(u.admin, before, 'by a decision on a closed item')
    const after = (await u.zhibu1.get(`/ledger/items/${item.id}`)).json
    assert.equal(after.deadline, item.deadline)
    assert.equal(after.version, item.version)
  })

  test('the responsible person who also supervises the item does not decide their own request', async () => {
    // 机关党委 names the leader both responsible and supervising.
    let item = await create(u.dangwei, { org_id: ids.branch3.id, responsible_person_id: leader.person.id })
    item = await step(u.dangwei, item, 'accept')
    const asked = await leader.client.post(`/ledger/items/${item.id}/extensions`, { reason: '需要时间', new_deadline: inDays(90) })
    assert.equal(asked.status, 201, asked.text)
    const seen = await leader.client.get(`/ledger/items/${item.id}`)
    assert.equal(seen.json.may.decide_extension, false)
    const before = await snapshot(u.admin)
    const e = assertError(await leader.client.post(`/ledger/extensions/${asked.json.id}/decide`, { approve: true }),
      422, 'failed_precondition', 'verifier')
    assert.match(e.message, /责任人/)
    await assertUnchanged(u.admin, before, 'by a self-decided extension')
    assert.equal((await u.dangwei.get(`/ledger/items/${item.id}`)).json.deadline, item.deadline)
  })
})

describe('files', () => {
  test('a closed item takes no new file and its files are not removed: 409, nothing written', async () => {
    let item = await create(u.zhibu1)
    item = await step(u.zhibu1, item, 'accept')
    const kept = await upload(u.dangyuan1, `record_type=ledger_item&record_id=${item.id}`, [{ name: '整改前.txt', data: '照片说明' }])
    assert.equal(kept.status, 201, kept.text)
    item = (await u.zhibu1.get(`/ledger/items/${item.id}`)).json
    item = await step(u.dangyuan1, item, 'submit', '已完成')
    item = await step(u.zhibu1, item, 'close', '合格')
    const before = await snapshot(u.admin)
    for (const client of [u.dangyuan1, u.zhibu1]) {
      const added = await upload(client, `record_type=ledger_item&record_id=${item.id}`, [{ name: '补充.txt', data: '补' }])
      assertError(added, 409, 'conflict', 'status')
      assertError(await client.del(`/attachments/${kept.json.items[0].id}`), 409, 'conflict', 'status')
    }
    await assertUnchanged(u.admin, before, 'by files of a closed item')
    assert.equal((await u.dangyuan1.get(`/attachments/${kept.json.items[0].id}`)).status, 200, 'the file is still read')
  })
})

describe('import', () => {
  function importFile(client, query, data) {
    return client.request('POST', `/ledger/items/import?${query}`, {
      body: multipart([{ name: '台账.xlsx', data, type: XLSX }]),
      headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    })
  }

  test('only into a campaign the caller reads: another organization\'s campaign is refused as unknown, nothing written', async () => {
    // A campaign of 机关第二支部, which 机关第一支部's secretary does not read.
    const made = await u.dangwei.post('/campaigns', {
      org_id: ids.branch2.id, name: uniqueName('二支部活动'), year: 2026, start_date: '2026-03-01', end_date: '2026-12-31',
    })
    assert.equal(made.status, 201, made.text)
    // Active, so its public page is served (a campaign in 筹备 has none).
    const active = await u.dangwei.patch(`/campaigns/${made.json.id}`, { version: made.json.version, status: 'active' })
    assert.equal(active.status, 200, active.text)
    const other = active.json
    assertError(await u.zhibu1.get(`/campaigns/${other.id}`), 404, 'not_found')
    const title = uniqueName('冒名诉求')
    const file = writeXlsx([
      COLUMNS,
      ['1', title, '已处理', '机关第一支部', '', '', '', '', '已办结', '2021-06-01', ids.secretary.name],
    ])
    const items = async () => (await u.admin.get('/ledger/items?include_archived=true&limit=1')).json.total
    const before = { items: await items(), ...(await snapshot(u.admin)) }
    assertError(await importFile(u.zhibu1, `kind=concern&campaign_id=${other.id}`, file), 400, 'invalid_argument', 'campaign_id')
    assert.deepEqual({ items: await items(), ...(await snapshot(u.admin)) }, before, 'nothing written')
    const page = await request(srv, 'GET', `${API}/public/ledger/${other.id}`)
    assert.equal(page.status, 200, page.text)
    assert.ok(!page.text.includes(title), 'nothing on the other campaign\'s public page')
    // The same file into a campaign the secretary reads is imported.
    const own = (await u.admin.get('/campaigns?year=2021')).json.items.find((c) => c.name === '党史学习教育')
    const ok = await importFile(u.zhibu1, `kind=concern&campaign_id=${own.id}`, file)
    assert.equal(ok.status, 200, ok.text)
    assert.equal(ok.json.imported, 1)
  })
})

describe('enterprise visits', () => {
  test('the visitor is a person the caller reads: anyone else is refused as unknown, on create and on edit', async () => {
    const ev = await u.zhibu1.post('/events', {
      org_id: ids.branch1.id, title: uniqueName('千人进企业走访'), type_id: types.enterprise_visit.id,
      starts_at: '2026-02-20T01:00:00Z', ends_at: '2026-02-20T04:00:00Z', target_org_ids: [ids.branch1.id],
      target_categories: ['member'], status: 'published',
    })
    assert.equal(ev.status, 201, ev.text)
    const stranger = (await u.admin.get(`/people?org_id=${ids.branch2.id}&limit=1`)).json.items[0]
    assertError(await u.zhibu1.get(`/people/${stranger.id}`), 404, 'not_found')
    const visit = (extra = {}) => ({
      event_id: ev.json.id, enterprise_name: '华信电子有限公司', credit_code: '91350100M000100Y43',
      visitor_person_id: ids.secretary.id, visit_date: '2021-05-12', ...extra,
    })
    const before = await snapshot(u.admin)
    const e = assertError(await u.zhibu1.post('/ledger/enterprise-visits', visit({ visitor_person_id: stranger.id })),
      400, 'invalid_argument', 'visitor_person_id')
    assert.ok(!JSON.stringify(e).includes(stranger.name))
    await assertUnchanged(u.admin, before, 'by a visit naming a stranger')
    const made = await u.zhibu1.post('/ledger/enterprise-visits', visit())
    assert.equal(made.status, 201, made.text)
    const before2 = await snapshot(u.admin)
    assertError(await u.zhibu1.patch(`/ledger/enterprise-visits/${ev.json.id}`, { version: made.json.version, visitor_person_id: stranger.id }),
      400, 'invalid_argument', 'visitor_person_id')
    await assertUnchanged(u.admin, before2, 'by an edit naming a stranger')
    // 机关党委 reads both branches: its visitor may be anyone of them.
    const edited = await u.dangwei.patch(`/ledger/enterprise-visits/${ev.json.id}`, { version: made.json.version, visitor_person_id: stranger.id })
    assert.equal(edited.status, 200, edited.text)
    assert.equal(edited.json.visitor_name, stranger.name)
    // The visitor already named stays when the secretary edits something else.
    const noted = await u.zhibu1.patch(`/ledger/enterprise-visits/${ev.json.id}`, { version: edited.json.version, note: '补充走访情况' })
    assert.equal(noted.status, 200, noted.text)
  })
})

describe('the public 晒单 page', () => {
  test('an IPv6 client is counted by its /64: new addresses of one network get no more requests', async () => {
    const campaign = (await u.admin.get('/campaigns?year=2021')).json.items.find((c) => c.name === '党史学习教育')
    const ask = (ip) => request(srv, 'GET', `${API}/public/ledger/${campaign.id}`, { headers: { 'X-Forwarded-For': ip } })
    now = await advanceClock(srv, 60) // a fresh minute, and all of what follows in it
    for (let i = 1; i <= 120; i++) {
      const r = await ask(`2001:db8:5:6::${i.toString(16)}`)
      assert.equal(r.status, 200, `request ${i}: ${r.text}`)
    }
    const refused = assertError(await ask('2001:db8:5:6:ffff:1:2:3'), 429, 'resource_exhausted')
    assert.ok(refused.retry_after === undefined || refused.retry_after >= 1)
    assert.equal((await ask('2001:db8:5:7::1')).status, 200, 'another network is served')
    assert.equal((await ask('203.0.113.7')).status, 200, 'an IPv4 client is served')
  })
})
