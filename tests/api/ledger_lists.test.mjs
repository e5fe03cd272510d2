// The ledger's lists, board and overdue counts as the pages read them
// (issue 9's new-user pass): the header's campaign (campaign_id: its items
// and those of no campaign, never another campaign's), the default order
// (open items first, overdue then the nearest deadline, closed last) paged
// by cursor without a duplicate or a gap, and the concerns' 回访 filter.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { assertError, demoIds, loginAll, startServer, uniqueName } from './harness.mjs'
import { chinaDate } from './events_helpers.mjs'

let srv, u, ids
const inDays = (n) => chinaDate(Date.now() + n * 86_400_000)

before(async () => {
  srv = await startServer('ledger_lists')
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
})
after(() => srv?.stop())

async function campaign() {
  const r = await u.dangwei.post('/campaigns', {
    org_id: ids.committee.id, name: uniqueName('学习教育'), year: 2025,
    start_date: '2025-03-01', end_date: '2025-12-31', goals: ['学党史'],
    phases: [{ name: '学习教育', start_date: '2025-03-01', end_date: '2025-12-31' }],
    study_points: ['学习重点一'],
  })
  assert.equal(r.status, 201, r.text)
  return r.json
}

/** An item of 机关第一支部 (钱党员 responsible) titled `title`. */
async function item(title, extra = {}) {
  const r = await u.zhibu1.post('/ledger/items', {
    kind: 'rectification', org_id: ids.branch1.id, title, measures: '按期整改',
    responsible_person_id: ids.member.id, deadline: inDays(30), item_class: 'deadline', ...extra,
  })
  assert.equal(r.status, 201, r.text)
  return r.json
}

/** Closes `it`: accepted and verified by the secretary, submitted by the responsible member. */
async function close(it) {
  for (const [step, client] of [['accept', u.zhibu1], ['submit', u.dangyuan1], ['close', u.zhibu1]]) {
    const r = await client.post(`/ledger/items/${it.id}/${step}`, { version: it.version, text: '说明' })
    assert.equal(r.status, 200, `${step}: ${r.text}`)
    it = r.json
  }
  return it
}

/** The titles of the list's items, sorted (compared with sorted()). */
async function titles(client, query) {
  const r = await client.get(`/ledger/items?${query}`)
  assert.equal(r.status, 200, r.text)
  return r.json.items.map((i) => i.title).sort()
}
const sorted = (list) => [...list].sort()

describe('the header campaign', () => {
  test('lists, the board and the overdue counts read one campaign and the items of none', async () => {
    const a = await campaign()
    const b = await campaign()
    const tag = uniqueName('活动筛选')
    await item(`${tag}甲1`, { campaign_id: a.id, deadline: inDays(-3) })
    await item(`${tag}甲2`, { campaign_id: a.id, deadline: inDays(-4) })
    await item(`${tag}乙1`, { campaign_id: b.id })
    await item(`${tag}无`)
    assert.deepEqual(await titles(u.dangwei, `campaign_id=${a.id}&q=${encodeURIComponent(tag)}`),
      sorted([`${tag}甲1`, `${tag}甲2`, `${tag}无`]))
    assert.deepEqual(await titles(u.dangwei, `campaign_id=${b.id}&q=${encodeURIComponent(tag)}`),
      sorted([`${tag}乙1`, `${tag}无`]))
    // 我的任务 of the responsible member, in one campaign.
    assert.deepEqual(await titles(u.dangyuan1, `mine=true&campaign_id=${b.id}&q=${encodeURIComponent(tag)}`),
      sorted([`${tag}乙1`, `${tag}无`]))
    // The board: campaign a holds one item more than b (the rest is shared).
    const board = async (c) => {
      const r = await u.dangwei.get(`/ledger/board?campaign_id=${c.id}&org_id=${ids.branch1.id}`)
      assert.equal(r.status, 200, r.text)
      return r.json
    }
    const [ba, bb] = [await board(a), await board(b)]
    assert.equal(ba.total - bb.total, 1)
    assert.equal(ba.overdue - bb.overdue, 2)
    // The overdue counts by organization: a's two overdue items of the branch.
    const byOrg = async (c) => {
      const r = await u.dangwei.get(`/ledger/overdue/by-org?campaign_id=${c.id}`)
      assert.equal(r.status, 200, r.text)
      return r.json.items.find((x) => x.org_id === ids.branch1.id)?.overdue ?? 0
    }
    assert.equal(await byOrg(a) - await byOrg(b), 2)
    assertError(await u.dangwei.get('/ledger/board?campaign_id=x'), 400, 'invalid_argument', 'campaign_id')
  })
})

describe('the default order', () => {
  test('open items first (overdue, then the nearest deadline), closed last, paged by cursor', async () => {
    const c = await campaign()
    const tag = uniqueName('默认排序')
    const q = `campaign_id=${c.id}&q=${encodeURIComponent(tag)}&limit=2`
    await item(`${tag}-open-later`, { campaign_id: c.id, deadline: inDays(10) })
    await close(await item(`${tag}-closed-early`, { campaign_id: c.id, deadline: inDays(-10) }))
    await item(`${tag}-open-overdue`, { campaign_id: c.id, deadline: inDays(-5) })
    await close(await item(`${tag}-closed-late`, { campaign_id: c.id, deadline: inDays(20) }))
    await item(`${tag}-open-soon`, { campaign_id: c.id, deadline: inDays(5) })
    await close(await item(`${tag}-closed-mid`, { campaign_id: c.id, deadline: inDays(1) }))
    const seen = []
    let cursor = ''
    for (let page = 0; page < 3; page++) {
      const r = await u.dangwei.get(`/ledger/items?${q}${cursor ? `&cursor=${cursor}` : ''}`)
      assert.equal(r.status, 200, r.text)
      assert.equal(r.json.total, 6)
      assert.equal(r.json.items.length, 2)
      seen.push(...r.json.items.map((i) => i.title.slice(tag.length + 1)))
      cursor = r.json.next_cursor
      assert.equal(!cursor, page === 2, `page ${page + 1}'s cursor`)
    }
    assert.deepEqual(seen, ['open-overdue', 'open-soon', 'open-later', 'closed-early', 'closed-mid', 'closed-late'])
    // Sorting by deadline on asking still mixes them.
    const byDeadline = await u.dangwei.get(`/ledger/items?${q.replace('limit=2', 'limit=6')}&sort=deadline`)
    assert.deepEqual(byDeadline.json.items.map((i) => i.title.slice(tag.length + 1)),
      ['closed-early', 'open-overdue', 'closed-mid', 'open-soon', 'open-later', 'closed-late'])
    assertError(await u.dangwei.get(`/ledger/items?${q}&sort=opened`), 400, 'invalid_argument', 'sort')
  })
})

describe('回访 of concerns', () => {
  test('the list filters by the satisfaction, or none recorded', async () => {
    const c = await campaign()
    const tag = uniqueName('回访筛选')
    const concern = (title) => item(`${tag}${title}`, { kind: 'concern', campaign_id: c.id, anonymous: true, item_class: null })
    const satisfied = await close(await concern('满意'))
    const fed = await u.zhibu1.post(`/ledger/items/${satisfied.id}/feedback`, { version: satisfied.version, satisfaction: 'satisfied' })
    assert.equal(fed.status, 200, fed.text)
    await close(await concern('已办未回访'))
    await concern('办理中')
    const q = `kind=concern&campaign_id=${c.id}&q=${encodeURIComponent(tag)}`
    assert.deepEqual(await titles(u.dangwei, `${q}&satisfaction=satisfied`), sorted([`${tag}满意`]))
    assert.deepEqual(await titles(u.dangwei, `${q}&satisfaction=none`), sorted([`${tag}办理中`, `${tag}已办未回访`]))
    assert.deepEqual(await titles(u.dangwei, `${q}&satisfaction=unsatisfied`), sorted([]))
    assert.equal((await u.dangwei.get(`/ledger/items?${q}`)).json.items.find((i) => i.title === `${tag}满意`).satisfaction,
      'satisfied')
    assertError(await u.dangwei.get(`/ledger/items?${q}&satisfaction=great`), 400, 'invalid_argument', 'satisfaction')
    // Scope still holds: a leader reads, a member of no such item reads none.
    assert.deepEqual(await titles(u.lingdao, `${q}&satisfaction=satisfied`), sorted([`${tag}满意`]))
  })
})
