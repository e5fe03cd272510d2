// Documents (/documents): the demo's 5号文 with its 16 planned activities,
// create/edit (activities keep their ids; ones left out are archived)/
// archive written by the campaign's org admins and read in scope, planned
// against held (events linked to an activity), files through the
// attachments service, and every refusal in the shared error shape with
// nothing written.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertError, demoIds, loginAll, startServer, uniqueName } from './harness.mjs'

const srv = await startServer('documents')
after(() => srv.stop())

let u, ids, demoCampaign, campaign
before(async () => {
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
  const list = await u.admin.get('/campaigns?year=2021')
  demoCampaign = list.json.items.find((c) => c.name === '党史学习教育')
  const made = await u.dangwei.post('/campaigns', {
    org_id: ids.committee.id, name: uniqueName('文件测试'), year: 2025,
    start_date: '2025-03-01', end_date: '2025-12-31',
  })
  assert.equal(made.status, 201, made.text)
  campaign = made.json
})

/** The campaign's documents (archived too) with their activities, and the audit log's size. */
async function state() {
  const list = await u.admin.get(`/documents?campaign_id=${campaign.id}&include_archived=true&limit=500`)
  assert.equal(list.status, 200, list.text)
  const docs = await Promise.all(list.json.items.map((d) => u.admin.get(`/documents/${d.id}`)))
  const a = await u.admin.get('/audit?limit=1')
  return { docs: docs.map((d) => d.json), audit: a.json.total }
}

async function refused(fn, status, code, field) {
  const before = await state()
  const e = assertError(await fn(), status, code, field)
  assert.deepEqual(await state(), before, 'nothing was written')
  return e
}

/** One text file as a browser's multipart upload. */
function upload(client, recordId, name, text) {
  const b = '----DuxingDocumentTest'
  const data = Buffer.concat([
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      'Content-Type: text/plain\r\n\r\n'),
    Buffer.from(text), Buffer.from(`\r\n--${b}--\r\n`)])
  return client.request('POST', `/attachments?record_type=document&record_id=${recordId}`, {
    body: data, headers: { 'Content-Type': `multipart/form-data; boundary=${b}` },
  })
}

function body(extra = {}) {
  return {
    campaign_id: campaign.id, title: uniqueName('活动安排'), number: '7号文', issuer: '中共市统计局党组',
    issued_on: '2025-03-20', summary: '第一段\n第二段',
    activities: [
      { title: '专题学习会', planned_start: '2025-04-01', planned_end: '2025-06-30' },
      { title: '主题党日', planned_start: '2025-07-01', planned_end: '2025-07-01', org_id: ids.branch1.id },
    ],
    ...extra,
  }
}

describe('documents', () => {
  test('the demo 5号文: 16 planned activities, read by everyone in scope', async () => {
    const list = await u.dangyuan1.get(`/documents?campaign_id=${demoCampaign.id}`)
    assert.equal(list.status, 200, list.text)
    const doc = list.json.items.find((d) => d.number === '5号文')
    assert.ok(doc, list.text)
    assert.equal(doc.activity_count, 16)
    assert.equal(doc.may_write, false)
    assert.equal(doc.activities, undefined)
    const got = await u.lingdao.get(`/documents/${doc.id}`)
    assert.equal(got.status, 200, got.text)
    assert.equal(got.json.activities.length, 16)
    assert.ok(got.json.activities.some((a) => a.group_name === '宣传组'))
    assert.ok(got.json.activities.every((a) => Array.isArray(a.held)))
    assertError(await u.dangyuan1.get('/documents'), 400, 'invalid_argument', 'campaign_id')
    assertError(await u.dangyuan1.get('/documents?campaign_id=999999'), 404, 'not_found', 'campaign_id')
    assertError(await u.dangyuan1.get('/documents/999999'), 404, 'not_found')
    assertError(await u.dangyuan1.get(`/documents?campaign_id=${demoCampaign.id}&sort=number`), 400,
      'invalid_argument', 'sort')
  })

  test('create, edit keeping activity ids, archive; paging and search', async () => {
    const made = await u.dangwei.post('/documents', body())
    assert.equal(made.status, 201, made.text)
    const d = made.json
    assert.equal(d.activity_count, 2)
    assert.deepEqual(d.activities.map((a) => a.title), ['专题学习会', '主题党日'])
    assert.equal(d.activities[1].org_name, '机关第一支部')
    const [first, second] = d.activities

    // Reorder, rename the second, drop the first, add a new one: ids stay.
    const edited = await u.dangwei.patch(`/documents/${d.id}`, {
      version: 1,
      activities: [
        { id: second.id, title: '主题党日（改）', planned_start: '2025-07-01', planned_end: '2025-07-02' },
        { title: '新增活动', planned_start: '2025-08-01', planned_end: '2025-08-31' },
      ],
    })
    assert.equal(edited.status, 200, edited.text)
    assert.equal(edited.json.version, 2)
    assert.equal(edited.json.activities[0].id, second.id)
    assert.equal(edited.json.activities[0].title, '主题党日（改）')
    assert.ok(!edited.json.activities.some((a) => a.id === first.id))
    await refused(() => u.dangwei.patch(`/documents/${d.id}`, { version: 1, title: '过时' }), 409,
      'conflict', 'version')
    // An id of another document's activity (or of one of this document's
    // that was taken out, then brought back) is checked against the document.
    await refused(() => u.dangwei.patch(`/documents/${d.id}`, {
      version: 2,
      activities: [{ id: 999999, title: '外来', planned_start: '2025-07-01', planned_end: '2025-07-01' }],
    }), 400, 'invalid_argument', 'activities[0].id')

    const second_doc = await u.dangwei.post('/documents', body({ title: '另一份文件', issued_on: '2025-01-05', activities: [] }))
    assert.equal(second_doc.status, 201, second_doc.text)
    const page1 = await u.dangwei.get(`/documents?campaign_id=${campaign.id}&limit=1`)
    assert.equal(page1.json.total, 2)
    assert.equal(page1.json.items[0].title, '另一份文件')  // by date, earliest first
    const page2 = await u.dangwei.get(`/documents?campaign_id=${campaign.id}&limit=1&cursor=${page1.json.next_cursor}`)
    assert.equal(page2.json.items[0].id, d.id)
    const found = await u.dangwei.get(`/documents?campaign_id=${campaign.id}&q=${encodeURIComponent('另一份')}`)
    assert.deepEqual(found.json.items.map((x) => x.title), ['另一份文件'])

    await refused(() => u.zhibu1.post(`/documents/${d.id}/archive`, { version: 2 }), 403, 'permission_denied')
    const archived = await u.dangwei.post(`/documents/${d.id}/archive`, { version: 2 })
    assert.equal(archived.status, 200, archived.text)
    assert.equal(archived.json.archived, true)
    const left = await u.dangwei.get(`/documents?campaign_id=${campaign.id}`)
    assert.deepEqual(left.json.items.map((x) => x.title), ['另一份文件'])
    await refused(() => u.dangwei.patch(`/documents/${d.id}`, { version: 3, title: '归档后改' }), 422,
      'failed_precondition')
  })

  test('bad documents are refused and write nothing', async () => {
    const post = (extra, by = u.dangwei) => by.post('/documents', body(extra))
    await refused(() => post({}, u.zhibu1), 403, 'permission_denied')
    await refused(() => post({}, u.dangyuan1), 403, 'permission_denied')
    await refused(() => post({ title: '' }), 400, 'invalid_argument', 'title')
    await refused(() => post({ issued_on: '2025-02-30' }), 400, 'invalid_argument', 'issued_on')
    await refused(() => post({ campaign_id: 999999 }), 404, 'not_found', 'campaign_id')
    await refused(() => post({
      activities: [{ title: '倒置', planned_start: '2025-05-01', planned_end: '2025-04-01' }],
    }), 400, 'invalid_argument', 'activities[0].planned_end')
    // An org outside the admin's scope (the bureau's party group above 机关党委).
    await refused(() => post({
      activities: [{ title: '局党组活动', planned_start: '2025-05-01', planned_end: '2025-05-01', org_id: ids.bureau.id }],
    }), 404, 'not_found', 'activities[0].org_id')
    // A working group of another campaign.
    const demo = await u.admin.get(`/campaigns/${demoCampaign.id}/leadership`)
    const foreignGroup = demo.json.groups[2].id
    await refused(() => post({
      activities: [{ title: '别的活动的组', planned_start: '2025-05-01', planned_end: '2025-05-01', group_id: foreignGroup }],
    }), 400, 'invalid_argument', 'activities[0].group_id')
    await refused(() => post({ activities: [{ title: 'x', planned_start: '2025-05-01' }] }), 400,
      'invalid_argument', 'activities[0].planned_end')
    await refused(() => post({ activities: [{ title: 'x', planned_start: '2025-05-01', planned_end: '2025-05-01', note: 1 }] }),
      400, 'invalid_argument', 'activities')
    await refused(() => post({ extra: true }), 400, 'invalid_argument', 'extra')
  })

  test('an event linked to a planned activity shows it held; a wrong link is refused', async () => {
    const made = await u.dangwei.post('/documents', body())
    assert.equal(made.status, 201, made.text)
    const d = made.json
    const [planned, other] = d.activities
    const types = await u.dangwei.get('/event-types')
    const event = (extra) => u.zhibu1.post('/events', {
      org_id: ids.branch1.id, title: '支部专题学习会', campaign_id: campaign.id,
      type_id: types.json.items.find((t) => t.code === 'topic_study').id,
      starts_at: '2025-04-10T01:00:00Z', ends_at: '2025-04-10T03:00:00Z', place: '局三楼会议室',
      target_org_ids: [ids.branch1.id], target_categories: ['member'],
      document_id: d.id, document_activity_id: planned.id, ...extra,
    })
    // An activity of another document, a document of another campaign, an
    // activity without its document: refused, nothing written.
    const events = async () => (await u.admin.get('/events?include_archived=true&limit=1')).json.total
    const before = await events()
    const demoDocs = await u.admin.get(`/documents?campaign_id=${demoCampaign.id}`)
    assertError(await event({ document_activity_id: 999999 }), 400, 'invalid_argument', 'document_activity_id')
    assertError(await event({ document_id: demoDocs.json.items[0].id }), 400, 'invalid_argument', 'document_id')
    assertError(await event({ document_id: null }), 400, 'invalid_argument', 'document_id')
    assert.equal(await events(), before)

    const held = await event()
    assert.equal(held.status, 201, held.text)
    const got = await u.dangyuan1.get(`/documents/${d.id}`)
    assert.equal(got.json.held_activity_count, 1)
    const shown = got.json.activities.find((a) => a.id === planned.id)
    // A member reads the document; the branch's event is not theirs to name.
    assert.deepEqual(shown.held, [])
    const staff = await u.zhibu1.get(`/documents/${d.id}`)
    assert.deepEqual(staff.json.activities.find((a) => a.id === planned.id).held.map((e) => e.id), [held.json.id])
    assert.deepEqual(staff.json.activities.find((a) => a.id === other.id).held, [])
  })

  test('files of a document: its writers attach, its readers list them', async () => {
    const made = await u.dangwei.post('/documents', body({ activities: [] }))
    assert.equal(made.status, 201, made.text)
    const up = await upload(u.dangwei, made.json.id, 'notice.txt', '庆祝中国共产党成立100周年活动安排')
    assert.equal(up.status, 201, up.text)
    const seen = await u.dangyuan1.get(`/attachments?record_type=document&record_id=${made.json.id}`)
    assert.equal(seen.status, 200, seen.text)
    assert.equal(seen.json.items.length, 1)
    const denied = await upload(u.zhibu1, made.json.id, 'x.txt', 'x')
    assertError(denied, 403, 'permission_denied')
  })
})
