// Ledger items (台账, issue 9) over HTTP on the real binary: every operation
// with a success and a refusal; scope (a branch secretary sees and edits only
// their branch's items, a leader reads and cannot write, a responsible person
// outside the branch sees their own items); the workflow with invalid moves
// (409 naming the state), the verifier rule (422), stale versions and edits
// of closed items (409) writing nothing; progress with a file, extensions
// decided by the supervising leader, 回访; strict bodies (400); lists and the
// board.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  PASSWORD, assertError, assertUnchanged, demoIds, firstSignIn, loginAll, memberAccount, snapshot,
  startServer, uniqueName,
} from './harness.mjs'
import { chinaDate, unread } from './events_helpers.mjs'
import { upload } from './uploads.mjs'

let srv, u, ids, leader, outsider
const today = chinaDate(Date.now())
const inDays = (n) => chinaDate(Date.now() + n * 86_400_000)

before(async () => {
  srv = await startServer('ledger')
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
  // A supervising leader of the test's items (the demo's 局领导 lingdao is the
  // plan's) and a member of the second branch.
  const people = await u.admin.get(`/people?org_id=${ids.branch3.id}&limit=1`)
  const made = await u.admin.post('/accounts', {
    username: 'ledger_leader', display_name: people.json.items[0].name, password: PASSWORD,
    person_id: people.json.items[0].id, roles: [{ role: 'leader', org_id: ids.bureau.id }],
  })
  assert.equal(made.status, 201, made.text)
  leader = { client: await firstSignIn(srv, 'ledger_leader'), person: people.json.items[0] }
  outsider = await memberAccount(srv, u.admin, ids.branch2.id, 'ledger_out')
})
after(() => srv?.stop())

/** A rectification item of 机关第一支部: 钱党员 responsible, the leader supervising. */
function itemBody(extra = {}) {
  return {
    kind: 'rectification', org_id: ids.branch1.id, title: '理论学习不够深入', measures: '每月集中学习一次',
    responsible_person_id: ids.member.id, leader_person_id: leader.person.id, deadline: inDays(30),
    item_class: 'deadline', ...extra,
  }
}

async function create(client, extra = {}) {
  const r = await client.post('/ledger/items', itemBody(extra))
  assert.equal(r.status, 201, r.text)
  return r.json
}

/** Takes `item` through `steps` ([path, client, text]) and returns it. */
async function walk(item, steps) {
  for (const [step, client, text = '说明'] of steps) {
    const r = await client.post(`/ledger/items/${item.id}/${step}`, { version: item.version, text })
    assert.equal(r.status, 200, `${step}: ${r.text}`)
    item = r.json
  }
  return item
}

describe('items', () => {
  test('a branch secretary registers an item of their branch; the rest is refused with nothing written', async () => {
    const item = await create(u.zhibu1)
    assert.equal(item.status, 'pending')
    assert.equal(item.status_label, '待受理')
    assert.equal(item.kind_label, '整改事项')
    assert.equal(item.org_name, '机关第一支部')
    assert.equal(item.responsible_name, '钱党员')
    assert.equal(item.original_deadline, item.deadline)
    assert.equal(item.overdue, false)
    assert.equal(item.may.accept, true)
    assert.equal(item.may.submit, false)

    const before = await snapshot(u.admin)
    assertError(await u.zhibu1.post('/ledger/items', itemBody({ org_id: ids.branch2.id })), 404, 'not_found', 'org_id')
    assertError(await u.lingdao.post('/ledger/items', itemBody()), 403, 'permission_denied')
    assertError(await u.dangyuan1.post('/ledger/items', itemBody()), 403, 'permission_denied')
    assertError(await u.zhibu1.post('/ledger/items', { ...itemBody(), colour: 'red' }), 400, 'invalid_argument', 'colour')
    assertError(await u.zhibu1.post('/ledger/items', itemBody({ title: 123 })), 400, 'invalid_argument', 'title')
    assertError(await u.zhibu1.post('/ledger/items', itemBody({ kind: 'wish' })), 400, 'invalid_argument', 'kind')
    assertError(await u.zhibu1.post('/ledger/items', itemBody({ deadline: '2026-02-30' })), 400, 'invalid_argument', 'deadline')
    assertError(await u.zhibu1.post('/ledger/items', itemBody({ item_class: '立行立改' })), 400, 'invalid_argument', 'item_class')
    assertError(await u.zhibu1.post('/ledger/items', itemBody({ responsible_person_id: outsider.person.id })), 400, 'invalid_argument', 'responsible_person_id')
    assertError(await u.zhibu1.post('/ledger/items', itemBody({ requester_name: '王大爷' })), 400, 'invalid_argument', 'requester_name')
    await assertUnchanged(u.admin, before, 'by refused creates')

    const got = await u.dangyuan1.get(`/ledger/items/${item.id}`)
    assert.equal(got.status, 200, got.text)
    assert.equal(got.json.title, '理论学习不够深入')
    assertError(await u.zhibu1.get('/ledger/items/999999'), 404, 'not_found')
  })

  test('scope: the secretary sees only their branch, a leader reads and cannot write, an outside responsible person sees their own', async () => {
    const own = await create(u.zhibu1, { title: '一支部范围事项' })
    const other = await create(u.dangwei, {
      title: '二支部范围事项', org_id: ids.branch2.id, responsible_person_id: outsider.person.id,
    })
    const across = await create(u.dangwei, { title: '外支部责任人事项', responsible_person_id: outsider.person.id })

    const titles = async (client, q = '范围事项') =>
      (await client.get(`/ledger/items?q=${encodeURIComponent(q)}&limit=100`)).json.items.map((x) => x.title).sort()
    assert.deepEqual(await titles(u.zhibu1), ['一支部范围事项'])
    assert.deepEqual(await titles(u.lingdao), ['一支部范围事项', '二支部范围事项'])
    assert.deepEqual(await titles(outsider.client), ['二支部范围事项'])
    assert.deepEqual(await titles(outsider.client, '外支部责任人'), ['外支部责任人事项'])
    assert.deepEqual(await titles(u.dangyuan1), ['一支部范围事项'])

    assertError(await u.zhibu1.get(`/ledger/items/${other.id}`), 404, 'not_found')
    assertError(await u.dangyuan1.get(`/ledger/items/${across.id}`), 404, 'not_found')
    const seen = await outsider.client.get(`/ledger/items/${across.id}`)
    assert.equal(seen.status, 200, seen.text)
    assert.equal(seen.json.may.edit, false)

    const before = await snapshot(u.admin)
    assertError(await u.zhibu1.patch(`/ledger/items/${other.id}`, { version: other.version, title: '改' }), 404, 'not_found')
    assertError(await u.lingdao.patch(`/ledger/items/${own.id}`, { version: own.version, title: '改' }), 403, 'permission_denied')
    assertError(await u.dangyuan1.patch(`/ledger/items/${own.id}`, { version: own.version, title: '改' }), 403, 'permission_denied')
    assertError(await u.zhibu1.patch(`/ledger/items/${own.id}`, { version: own.version, titel: '改' }), 400, 'invalid_argument', 'titel')
    assertError(await u.zhibu1.patch(`/ledger/items/${own.id}`, { version: own.version, deadline: 20260101 }), 400, 'invalid_argument', 'deadline')
    await assertUnchanged(u.admin, before, 'by refused edits')
    const edited = await u.zhibu1.patch(`/ledger/items/${own.id}`, { version: own.version, title: '一支部范围事项（改）', deadline: inDays(40) })
    assert.equal(edited.status, 200, edited.text)
    assert.equal(edited.json.version, own.version + 1)
    assert.equal(edited.json.original_deadline, own.deadline)
  })

  test('requester name and contact reach only those who may write the org', async () => {
    const concern = await create(u.zhibu1, {
      kind: 'concern', title: '小区路灯不亮', requester_name: '王大爷', requester_contact: '13800000000', item_class: null,
    })
    assert.equal(concern.requester_contact, '13800000000')
    const byLeader = await u.lingdao.get(`/ledger/items/${concern.id}`)
    assert.equal(byLeader.json.requester_name, '')
    assert.equal(byLeader.json.requester_contact, '')
    const byMember = await u.dangyuan1.get(`/ledger/items/${concern.id}`)
    assert.equal(byMember.json.requester_contact, '')
  })
})

describe('workflow', () => {
  test('accept → submit → return → submit → close → reopen, with the timeline', async () => {
    let item = await create(u.zhibu1, { title: '流程事项' })
    assertError(await u.dangyuan1.post(`/ledger/items/${item.id}/accept`, { version: item.version }), 403, 'permission_denied')
    item = await walk(item, [['accept', u.zhibu1, '已受理']])
    assert.equal(item.status, 'in_progress')
    assertError(await u.dangyuan1.post(`/ledger/items/${item.id}/submit`, { version: item.version, text: '' }), 400, 'invalid_argument', 'text')
    item = await walk(item, [['submit', u.dangyuan1, '已完成学习']])
    assert.equal(item.result, '已完成学习')
    assertError(await u.dangyuan1.post(`/ledger/items/${item.id}/return`, { version: item.version, text: '不行' }), 403, 'permission_denied')
    item = await walk(item, [['return', leader.client, '材料不全'], ['submit', u.dangyuan1, '已补齐']])
    assertError(await u.dangyuan1.post(`/ledger/items/${item.id}/close`, { version: item.version, text: '好' }), 403, 'permission_denied')
    item = await walk(item, [['close', u.zhibu1, '验收合格']])
    assert.equal(item.status, 'closed')
    assert.equal(item.closed_by_name, '赵书记')
    assert.equal(item.verification_note, '验收合格')
    assert.equal(item.may.reopen, true)
    assertError(await leader.client.post(`/ledger/items/${item.id}/reopen`, { version: item.version, text: '复查' }), 403, 'permission_denied')
    assertError(await u.zhibu1.post(`/ledger/items/${item.id}/reopen`, { version: item.version }), 400, 'invalid_argument', 'text')
    item = await walk(item, [['reopen', u.zhibu1, '复查发现反弹']])
    assert.equal(item.status, 'in_progress')
    assert.equal(item.closed_at, null)

    const tl = await u.dangyuan1.get(`/ledger/items/${item.id}/timeline`)
    assert.equal(tl.status, 200, tl.text)
    assert.deepEqual(tl.json.items.map((e) => e.kind),
      ['created', 'accepted', 'submitted', 'returned', 'submitted', 'closed', 'reopened'])
    const returned = tl.json.items[3]
    assert.equal(returned.text, '材料不全')
    assert.equal(returned.from_status, 'to_verify')
    assert.equal(returned.to_status, 'in_progress')
    assert.equal(returned.person_name, leader.client.user.display_name)
    assertError(await outsider.client.get(`/ledger/items/${item.id}/timeline`), 404, 'not_found')

    const audit = await u.admin.get(`/audit?record_type=ledger_item&record_id=${item.id}&limit=50`)
    assert.equal(audit.status, 200, audit.text)
    assert.ok(audit.json.items.some((e) => e.action === 'ledger_close'), 'the close is audited')
    const notes = await u.dangyuan1.get('/notifications?limit=100')
    assert.ok(notes.json.items.some((n) => n.kind === 'ledger_returned'), 'the responsible person is told of the return')
  })

  test('invalid moves are 409 naming the state; the responsible person verifying their own item is 422; nothing written', async () => {
    let item = await create(u.zhibu1, { title: '无效流转事项' })
    const before = await snapshot(u.admin)
    const close = assertError(await u.zhibu1.post(`/ledger/items/${item.id}/close`, { version: item.version, text: '销号' }), 409, 'conflict', 'status')
    assert.match(close.message, /待受理/)
    assertError(await u.zhibu1.post(`/ledger/items/${item.id}/submit`, { version: item.version, text: '完成' }), 409, 'conflict', 'status')
    assertError(await u.zhibu1.post(`/ledger/items/${item.id}/reopen`, { version: item.version, text: '重办' }), 409, 'conflict', 'status')
    await assertUnchanged(u.admin, before, 'by invalid moves')

    // The secretary responsible for an item writes the org but may not verify it.
    let own = await create(u.zhibu1, { title: '书记本人事项', responsible_person_id: ids.secretary.id })
    own = await walk(own, [['accept', u.zhibu1]])
    // 完成情况 may take its whole bound in Chinese (15,000 bytes), not one more character.
    assertError(await u.zhibu1.post(`/ledger/items/${own.id}/submit`, { version: own.version, text: '完'.repeat(5001) }), 400, 'invalid_argument', 'text')
    own = await walk(own, [['submit', u.zhibu1, '完'.repeat(5000)]])
    assert.equal(own.may.close, false)
    const before2 = await snapshot(u.admin)
    const e = assertError(await u.zhibu1.post(`/ledger/items/${own.id}/close`, { version: own.version, text: '自验' }), 422, 'failed_precondition', 'verifier')
    assert.equal(e.message, '责任人不能验收自己的事项')
    await assertUnchanged(u.admin, before2, 'by a self-verification')
    own = await walk(own, [['close', leader.client, '同意销号']])
    assert.equal(own.status, 'closed')
  })

  test('a stale version is 409 with nothing written; a closed item is not edited; archive', async () => {
    const item = await create(u.zhibu1, { title: '版本事项' })
    const edited = await u.zhibu1.patch(`/ledger/items/${item.id}`, { version: item.version, measures: '新措施' })
    assert.equal(edited.status, 200, edited.text)
    const before = await snapshot(u.admin)
    assertError(await u.zhibu1.patch(`/ledger/items/${item.id}`, { version: item.version, title: '旧版本' }), 409, 'conflict', 'version')
    assertError(await u.zhibu1.post(`/ledger/items/${item.id}/accept`, { version: item.version }), 409, 'conflict', 'version')
    await assertUnchanged(u.admin, before, 'by stale writes')
    const closed = await walk(edited.json, [['accept', u.zhibu1], ['submit', u.dangyuan1, '完成'], ['close', u.zhibu1, '合格']])
    const e = assertError(await u.zhibu1.patch(`/ledger/items/${item.id}`, { version: closed.version, title: '改' }), 409, 'conflict')
    assert.equal(e.message, '已销号的事项不能修改')

    assertError(await u.zhibu1.post(`/ledger/items/${item.id}/archive`, { version: closed.version - 1 }), 409, 'conflict', 'version')
    assertError(await u.lingdao.post(`/ledger/items/${item.id}/archive`, { version: closed.version }), 403, 'permission_denied')
    const archived = await u.zhibu1.post(`/ledger/items/${item.id}/archive`, { version: closed.version })
    assert.equal(archived.status, 200, archived.text)
    assert.equal(archived.json.archived, true)
    const list = await u.zhibu1.get(`/ledger/items?q=${encodeURIComponent('版本事项')}`)
    assert.equal(list.json.total, 0)
    const all = await u.zhibu1.get(`/ledger/items?q=${encodeURIComponent('版本事项')}&include_archived=true`)
    assert.equal(all.json.total, 1)
  })
})

describe('progress, extensions and feedback', () => {
  test('the responsible member reports progress with a file', async () => {
    let item = await create(u.zhibu1, { title: '进展事项' })
    assertError(await u.dangyuan1.post(`/ledger/items/${item.id}/progress`, { text: '开始' }), 409, 'conflict', 'status')
    item = await walk(item, [['accept', u.zhibu1]])
    const up = await upload(u.dangyuan1, `record_type=ledger_item&record_id=${item.id}`, [{ name: '学习记录.txt', data: '第一次集中学习' }])
    assert.equal(up.status, 201, up.text)
    const file = up.json.items[0]
    assertError(await outsider.client.post(`/ledger/items/${item.id}/progress`, { text: '我来报' }), 404, 'not_found')
    assertError(await u.lingdao.post(`/ledger/items/${item.id}/progress`, { text: '我来报' }), 403, 'permission_denied')
    assertError(await u.dangyuan1.post(`/ledger/items/${item.id}/progress`, { text: '报', attachment_ids: [file.id, 'x'] }), 400, 'invalid_argument', 'attachment_ids[1]')
    const r = await u.dangyuan1.post(`/ledger/items/${item.id}/progress`, { text: '已集中学习一次', attachment_ids: [file.id] })
    assert.equal(r.status, 201, r.text)
    assert.equal(r.json.kind, 'progress')
    assert.equal(r.json.attachments[0].file_name, '学习记录.txt')
    const tl = await u.zhibu1.get(`/ledger/items/${item.id}/timeline`)
    assert.equal(tl.json.items.at(-1).attachments[0].id, file.id)
    const got = await u.zhibu1.get(`/ledger/items/${item.id}`)
    assert.equal(got.json.version, item.version + 1)
    // The file is read under the item's rights.
    assert.equal((await u.lingdao.get(`/attachments/${file.id}/content`)).status, 200)
  })

  test('an extension is decided by the supervising leader: deadline moved, original kept', async () => {
    let item = await create(u.zhibu1, { title: '延期事项' })
    item = await walk(item, [['accept', u.zhibu1]])
    assertError(await u.dangyuan1.post(`/ledger/items/${item.id}/extensions`, { reason: '需要时间', new_deadline: inDays(10) }), 400, 'invalid_argument', 'new_deadline')
    assertError(await u.dangyuan1.post(`/ledger/items/${item.id}/extensions`, { reason: '需要时间', new_deadline: '下月' }), 400, 'invalid_argument', 'new_deadline')
    const asked = await u.dangyuan1.post(`/ledger/items/${item.id}/extensions`, { reason: '需要时间', new_deadline: inDays(60) })
    assert.equal(asked.status, 201, asked.text)
    assert.equal(asked.json.state, 'pending')
    assertError(await u.dangyuan1.post(`/ledger/items/${item.id}/extensions`, { reason: '再申请', new_deadline: inDays(90) }), 409, 'conflict')
    const pending = await leader.client.get(`/ledger/items/${item.id}`)
    assert.equal(pending.json.may.decide_extension, true)
    assert.equal(pending.json.pending_extension.id, asked.json.id)

    assertError(await u.zhibu1.post(`/ledger/extensions/${asked.json.id}/decide`, { approve: true }), 403, 'permission_denied')
    assertError(await outsider.client.post(`/ledger/extensions/${asked.json.id}/decide`, { approve: true }), 404, 'not_found')
    assertError(await leader.client.post(`/ledger/extensions/${asked.json.id}/decide`, { note: '同意' }), 400, 'invalid_argument', 'approve')
    const decided = await leader.client.post(`/ledger/extensions/${asked.json.id}/decide`, { approve: true, note: '同意' })
    assert.equal(decided.status, 200, decided.text)
    assert.equal(decided.json.state, 'approved')
    const moved = await u.dangyuan1.get(`/ledger/items/${item.id}`)
    assert.equal(moved.json.deadline, inDays(60))
    assert.equal(moved.json.original_deadline, item.deadline)

    const list = await u.dangyuan1.get(`/ledger/items/${item.id}/extensions`)
    assert.equal(list.status, 200, list.text)
    assert.equal(list.json.items.length, 1)
    assertError(await outsider.client.get(`/ledger/items/${item.id}/extensions`), 404, 'not_found')
  })

  test('局领导 lingdao decides the demo\'s pending extension on a plan task he supervises, and edits no other item', async () => {
    // The demo's request: on an open plan task lingdao's person supervises, filed by its responsible
    // person (a working group's head without an account), lingdao notified.
    const notices = await unread(u.lingdao, 'ledger_extension_requested')
    assert.equal(notices.length, 1, JSON.stringify(notices))
    const mine = await u.lingdao.get('/ledger/items?mine=true&kind=plan_task&limit=100')
    assert.equal(mine.status, 200, mine.text)
    const open = mine.json.items.filter((i) => i.status !== 'closed')
    const asked = open.filter((i) => i.may.decide_extension)
    assert.equal(asked.length, 1, 'one request awaits lingdao')
    const item = (await u.lingdao.get(`/ledger/items/${asked[0].id}`)).json
    const x = item.pending_extension
    assert.equal(x.state, 'pending')
    assert.equal(x.old_deadline, item.deadline)
    assert.equal(item.may.edit, false)
    assert.equal(item.may.accept, false)
    assert.equal(x.requested_by_account_id ?? null, null)
    const asking = (await u.lingdao.get(`/ledger/items/${item.id}/timeline`)).json.items
      .filter((e) => e.kind === 'extension_requested')
    assert.deepEqual(asking.map((e) => e.person_name), [item.responsible_name])

    // Supervising gives lingdao no write rights: no edit of this or another item, nothing written.
    const other = open.find((i) => i.id !== item.id)
    const before = await snapshot(u.admin)
    assertError(await u.lingdao.patch(`/ledger/items/${other.id}`, { version: other.version, title: '改' }), 403, 'permission_denied')
    assertError(await u.lingdao.patch(`/ledger/items/${item.id}`, { version: item.version, title: '改' }), 403, 'permission_denied')
    assertError(await u.lingdao.post(`/ledger/items/${other.id}/progress`, { text: '我来报' }), 403, 'permission_denied')
    assertError(await u.lingdao.post(`/ledger/items/${other.id}/extensions`, { reason: '需要时间', new_deadline: inDays(200) }), 403, 'permission_denied')
    assertError(await u.lingdao.post('/ledger/items', itemBody()), 403, 'permission_denied')
    // Only the supervising leader decides: not 机关党委, not a branch that does not read the plan.
    assertError(await u.dangwei.post(`/ledger/extensions/${x.id}/decide`, { approve: true }), 403, 'permission_denied')
    assertError(await u.zhibu1.post(`/ledger/extensions/${x.id}/decide`, { approve: true }), 404, 'not_found')
    await assertUnchanged(u.admin, before, 'by refused writes')

    const officeBefore = (await unread(u.dangwei, 'ledger_extension_decided')).length
    const decided = await u.lingdao.post(`/ledger/extensions/${x.id}/decide`, { approve: true, note: '同意延期，抓紧落实' })
    assert.equal(decided.status, 200, decided.text)
    assert.equal(decided.json.state, 'approved')
    const moved = (await u.dangwei.get(`/ledger/items/${item.id}`)).json
    assert.equal(moved.deadline, x.new_deadline)
    assert.equal(moved.original_deadline, item.original_deadline)
    assert.equal(moved.pending_extension, null)
    // The requester has no account to notify; 机关党委 did not ask and gets no notice.
    assert.equal((await unread(u.dangwei, 'ledger_extension_decided')).length, officeBefore)
    assertError(await u.lingdao.post(`/ledger/extensions/${x.id}/decide`, { approve: false }), 409, 'conflict')
  })

  test('the demo member dangyuan1 asks for an extension on their own rectification item; 赵书记 zhibu1 decides it', async () => {
    // 钱党员's item from 机关第一支部's 专题组织生活会, in progress, supervised by the branch secretary.
    const mine = await u.dangyuan1.get('/ledger/items?mine=true&kind=rectification&limit=100')
    assert.equal(mine.status, 200, mine.text)
    const own = mine.json.items.filter((i) => i.source_type === 'event' && i.status === 'in_progress' &&
      i.responsible_person_id === ids.member.id)
    assert.equal(own.length, 1, JSON.stringify(mine.json.items.map((i) => [i.id, i.title, i.status])))
    let item = (await u.dangyuan1.get(`/ledger/items/${own[0].id}`)).json
    assert.equal(item.leader_name, '赵书记')
    assert.equal(item.may.request_extension, true, JSON.stringify(item.may))
    const newDeadline = chinaDate(Date.parse(`${item.deadline}T12:00:00+08:00`) + 30 * 86_400_000)
    const asked = await u.dangyuan1.post(`/ledger/items/${item.id}/extensions`, { reason: '年报任务集中，申请延后一个月', new_deadline: newDeadline })
    assert.equal(asked.status, 201, asked.text)
    // The member cannot decide; the secretary can, and is notified.
    assertError(await u.dangyuan1.post(`/ledger/extensions/${asked.json.id}/decide`, { approve: true }), 403, 'permission_denied')
    assert.ok((await unread(u.zhibu1, 'ledger_extension_requested')).some((n) => n.link?.record_id === item.id))
    const seen = (await u.zhibu1.get(`/ledger/items/${item.id}`)).json
    assert.equal(seen.may.decide_extension, true)
    const decided = await u.zhibu1.post(`/ledger/extensions/${asked.json.id}/decide`, { approve: true, note: '同意' })
    assert.equal(decided.status, 200, decided.text)
    assert.equal(decided.json.state, 'approved')
    item = (await u.dangyuan1.get(`/ledger/items/${item.id}`)).json
    assert.equal(item.deadline, newDeadline)
    assert.equal(item.original_deadline, own[0].deadline)
    assert.equal(item.pending_extension, null)
    const tl = (await u.dangyuan1.get(`/ledger/items/${item.id}/timeline`)).json.items
    assert.deepEqual(tl.filter((e) => e.kind.startsWith('extension_')).map((e) => [e.kind, e.person_name]),
      [['extension_requested', '钱党员'], ['extension_decided', '赵书记']])
  })

  test('回访 on a closed concern, apart from the status; unsatisfied reopens', async () => {
    let concern = await create(u.zhibu1, { kind: 'concern', title: '楼道堆物', anonymous: true, item_class: null })
    assertError(await u.zhibu1.post(`/ledger/items/${concern.id}/feedback`, { version: concern.version, satisfaction: 'satisfied' }), 409, 'conflict', 'status')
    concern = await walk(concern, [['accept', u.zhibu1], ['submit', u.dangyuan1, '已清理'], ['close', u.zhibu1, '现场查看']])
    assertError(await u.zhibu1.post(`/ledger/items/${concern.id}/feedback`, { version: concern.version, satisfaction: 'great' }), 400, 'invalid_argument', 'satisfaction')
    const fed = await u.zhibu1.post(`/ledger/items/${concern.id}/feedback`, { version: concern.version, satisfaction: 'basically', note: '还行' })
    assert.equal(fed.status, 200, fed.text)
    assert.equal(fed.json.status, 'closed')
    assert.equal(fed.json.satisfaction, 'basically')
    const again = await u.zhibu1.post(`/ledger/items/${concern.id}/feedback`, { version: fed.json.version, satisfaction: 'unsatisfied', note: '又堆上了', reopen: true })
    assert.equal(again.status, 200, again.text)
    assert.equal(again.json.status, 'in_progress')
    assert.equal(again.json.satisfaction, 'unsatisfied')

    let task = await create(u.zhibu1, { title: '非诉求事项' })
    task = await walk(task, [['accept', u.zhibu1], ['submit', u.dangyuan1, '完成'], ['close', u.zhibu1, '合格']])
    assertError(await u.zhibu1.post(`/ledger/items/${task.id}/feedback`, { version: task.version, satisfaction: 'satisfied' }), 422, 'failed_precondition', 'kind')
  })
})

describe('lists and the board', () => {
  test('filters (overdue, due within days, class, mine, q of two characters), sorts, paging and the board', async () => {
    // A branch of its own: the demo's branches hold the demo's items (ledger kinds' demo steps).
    const own = await u.dangwei.post('/orgs', { parent_id: ids.committee.id, name: uniqueName('台账列表支部'), kind: 'branch' })
    assert.equal(own.status, 201, own.text)
    const past = await create(u.dangwei, { title: '食堂卫生整改', org_id: own.json.id, deadline: '2020-01-01', responsible_person_id: null, leader_person_id: null })
    const soon = await create(u.dangwei, { title: '档案整理整改', org_id: own.json.id, deadline: inDays(3), item_class: 'immediate', responsible_person_id: null, leader_person_id: null })
    const branch3 = `org_id=${own.json.id}`
    const titles = async (query) => {
      const r = await u.dangwei.get(`/ledger/items?${branch3}&${query}`)
      assert.equal(r.status, 200, r.text)
      return r.json.items.map((x) => x.title)
    }
    assert.deepEqual(await titles('overdue=true'), ['食堂卫生整改'])
    assert.deepEqual(await titles('due_within_days=7'), ['档案整理整改'])
    assert.deepEqual(await titles('item_class=immediate'), ['档案整理整改'])
    assert.deepEqual(await titles(`q=${encodeURIComponent('食堂')}`), ['食堂卫生整改'])
    assert.deepEqual(await titles(`q=${encodeURIComponent('整改')}&sort=-deadline`), ['档案整理整改', '食堂卫生整改'])
    const listed = await u.dangwei.get(`/ledger/items?${branch3}`)
    assert.equal(listed.json.items.find((x) => x.id === past.id).overdue, true)
    assert.equal(listed.json.items.find((x) => x.id === soon.id).overdue, false)
    const page = await u.dangwei.get(`/ledger/items?${branch3}&limit=1`)
    assert.equal(page.json.total, 2)
    const next = await u.dangwei.get(`/ledger/items?${branch3}&limit=1&cursor=${page.json.next_cursor}`)
    assert.equal(next.json.items[0].id, soon.id)
    const mine = await u.dangyuan1.get('/ledger/items?mine=true&limit=100')
    assert.ok(mine.json.items.length > 0)
    assert.ok(mine.json.items.every((x) => x.responsible_person_id === ids.member.id || x.leader_person_id === ids.member.id))

    assertError(await u.dangwei.get('/ledger/items?sort=title'), 400, 'invalid_argument', 'sort')
    assertError(await u.dangwei.get('/ledger/items?status=done'), 400, 'invalid_argument', 'status')
    assertError(await u.dangwei.get('/ledger/items?due_within_days=9999'), 400, 'invalid_argument', 'due_within_days')

    const board = await u.dangwei.get(`/ledger/board?${branch3}`)
    assert.equal(board.status, 200, board.text)
    assert.deepEqual(board.json, { pending: 2, in_progress: 0, to_verify: 0, closed: 0, overdue: 1, total: 2 })
    const none = await u.zhibu1.get(`/ledger/board?${branch3}`)
    assert.equal(none.json.total, 0)
    assertError(await u.dangwei.get('/ledger/board?kind=wish'), 400, 'invalid_argument', 'kind')
  })
})
