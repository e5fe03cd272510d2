// Who may remove a file attached to a record (issue 9, attacker pass): its
// uploader, or a writer of the record's organization (org admin, branch
// secretary) — not everyone who may attach to the record. On a ledger item
// (its responsible member attaches) and a 专题组织生活会 (its invitees
// attach). A file a record refers to stays: 422 with a message that says so.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { assertError, memberAccount, startServer } from './harness.mjs'
import { eventsSetup } from './events_helpers.mjs'
import { upload } from './uploads.mjs'

const srv = await startServer('attachments_owner')
after(() => srv.stop())

let u, ids, types, member2
const IN_USE = '该文件已被进展记录或会议发言引用，不能删除'

before(async () => {
  ;({ u, ids, types } = await eventsSetup(srv))
  member2 = (await memberAccount(srv, u.admin, ids.branch1.id, 'owner_member2')).client
})

/** Uploads one text file by `client` to the record; returns its id. */
async function put(client, query, name) {
  const r = await upload(client, query, [{ name, data: `${name} 的内容` }])
  assert.equal(r.status, 201, r.text)
  return r.json.items[0].id
}

/** Asserts that the file is still there (its reader `client` reads it). */
async function present(client, id) {
  const r = await client.get(`/attachments/${id}`)
  assert.equal(r.status, 200, `file ${id}: ${r.status} ${r.text}`)
}

describe('a ledger item', () => {
  let query, item
  before(async () => {
    const lingdao = (await u.admin.get('/accounts?q=lingdao')).json.items.find((a) => a.username === 'lingdao')
    const made = await u.zhibu1.post('/ledger/items', {
      kind: 'rectification', org_id: ids.branch1.id, title: '附件删除权限事项', measures: '每月集中学习一次',
      responsible_person_id: ids.member.id, leader_person_id: lingdao.person_id, deadline: '2099-12-31',
      item_class: 'deadline',
    })
    assert.equal(made.status, 201, made.text)
    const accepted = await u.zhibu1.post(`/ledger/items/${made.json.id}/accept`, { version: made.json.version, text: '受理' })
    assert.equal(accepted.status, 200, accepted.text)
    item = accepted.json
    query = `record_type=ledger_item&record_id=${item.id}`
  })

  test('the responsible member removes their own file, not the secretary\'s; the secretary removes either', async () => {
    const secretarys = await put(u.zhibu1, query, '书记上传的整改方案.txt')
    const members = await put(u.dangyuan1, query, '责任人的学习记录.txt')
    const refused = await u.dangyuan1.del(`/attachments/${secretarys}`)
    assertError(refused, 403, 'permission_denied')
    assert.match(refused.json.error.message, /只能删除自己上传的文件/)
    await present(u.zhibu1, secretarys)
    // The supervising leader reads the item's files but removes none.
    assertError(await u.lingdao.del(`/attachments/${members}`), 403, 'permission_denied')
    await present(u.dangyuan1, members)
    assert.equal((await u.dangyuan1.del(`/attachments/${members}`)).status, 204)
    const another = await put(u.dangyuan1, query, '责任人的第二份记录.txt')
    assert.equal((await u.zhibu1.del(`/attachments/${another}`)).status, 204, 'a writer of the branch removes it')
    assert.equal((await u.zhibu1.del(`/attachments/${secretarys}`)).status, 204)
    const audit = await u.admin.get(`/audit?record_type=attachment&action=attachment_remove&limit=100`)
    assert.deepEqual(audit.json.items.map((e) => e.record_id).filter((id) => [secretarys, members, another].includes(id)).sort(),
      [secretarys, members, another].sort())
  })

  test('a file a progress update refers to is not removed: 422 saying why', async () => {
    const file = await put(u.dangyuan1, query, '进展附件.txt')
    const p = await u.dangyuan1.post(`/ledger/items/${item.id}/progress`, { text: '已集中学习一次', attachment_ids: [file] })
    assert.equal(p.status, 201, p.text)
    for (const who of [u.dangyuan1, u.zhibu1]) {
      const r = await who.del(`/attachments/${file}`)
      assertError(r, 422, 'failed_precondition')
      assert.equal(r.json.error.message, IN_USE)
    }
    await present(u.dangyuan1, file)
  })
})

describe('a 专题组织生活会', () => {
  let query, path
  before(async () => {
    const e = await u.zhibu1.post('/events', {
      org_id: ids.branch1.id, title: '附件删除权限专题组织生活会', type_id: types.life_meeting.id,
      starts_at: '2026-02-20T01:00:00Z', ends_at: '2026-02-20T04:00:00Z',
      target_org_ids: [ids.branch1.id], target_categories: ['member', 'probationary'], status: 'published',
    })
    assert.equal(e.status, 201, e.text)
    query = `record_type=life_meeting&record_id=${e.json.id}`
    path = `/ledger/life-meetings/${e.json.id}`
  })

  test('invitees remove their own uploads only; the secretary removes any', async () => {
    const secretarys = await put(u.zhibu1, query, '会议方案.txt')
    const mine = await put(u.dangyuan1, query, '钱党员的发言提纲.txt')
    const theirs = await put(member2, query, '另一党员的发言提纲.txt')
    for (const [who, id] of [[member2, mine], [u.dangyuan1, theirs], [u.dangyuan1, secretarys], [member2, secretarys]]) {
      assertError(await who.del(`/attachments/${id}`), 403, 'permission_denied')
    }
    for (const id of [secretarys, mine, theirs]) await present(u.zhibu1, id)
    assert.equal((await member2.del(`/attachments/${theirs}`)).status, 204)
    assert.equal((await u.zhibu1.del(`/attachments/${mine}`)).status, 204)
    assert.equal((await u.zhibu1.del(`/attachments/${secretarys}`)).status, 204)
  })

  test('a file named as a speech is not removed: 422 saying why', async () => {
    const meeting = (await u.dangyuan1.get(path)).json
    const me = meeting.members.find((m) => m.person_id === ids.member.id)
    const file = await put(u.dangyuan1, query, '我的发言.txt')
    const linked = await u.dangyuan1.patch(`${path}/members/${ids.member.id}`, { version: me.version, speech_attachment_id: file })
    assert.equal(linked.status, 200, linked.text)
    const r = await u.dangyuan1.del(`/attachments/${file}`)
    assertError(r, 422, 'failed_precondition')
    assert.equal(r.json.error.message, IN_USE)
    await present(u.dangyuan1, file)
  })
})
