// Ledger kinds 1 and 2 (issue 9): the plan board of the demo's 2021 plan,
// plan-task evidence and working group, the 我为群众办实事 figures from the
// records (恳谈会 61 次, 322 人, 问题 32 个, 办成实事 17 件), the kinds' own
// rules on concerns, and the public 晒单 page read without a session: only
// closed projects and concerns, only their public fields (checked over
// every field of every item kind), bounded per address. Every operation
// with a success and a refusal, refusals writing nothing.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { API, assertError, demoIds, loginAll, request, startServer, uniqueName } from './harness.mjs'

// --test-hooks: the clock is stopped below, so the public page's
// per-minute bound is counted within one minute of the server's clock.
const srv = await startServer('ledger_kinds', { args: ['--test-hooks'] })
after(() => srv.stop())

let u, ids, campaign, events
before(async () => {
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
  const list = await u.admin.get('/campaigns?year=2021')
  campaign = list.json.items.find((c) => c.name === '党史学习教育')
  assert.ok(campaign)
  const ev = await u.admin.get(`/events?campaign_id=${campaign.id}&limit=500`)
  assert.equal(ev.status, 200, ev.text)
  events = ev.json.items
  // Stop the server's clock (it then moves only when a test moves it).
  const clock = await request(srv, 'POST', `${API}/test-hooks/clock`, { json: { advance_seconds: 1 } })
  assert.equal(clock.status, 200, clock.text)
})

const eventsTitled = (prefix) => events.filter((e) => e.title.startsWith(prefix)).map((e) => e.id)

async function board(client = u.dangwei) {
  const res = await client.get(`/ledger/plan/${campaign.id}/board`)
  assert.equal(res.status, 200, res.text)
  return res.json
}

/** The plan task titled `title` on the board. */
async function task(title) {
  for (const part of (await board()).parts) {
    const t = part.tasks.find((x) => x.title === title)
    if (t) return t
  }
  assert.fail(`no task ${title}`)
}

async function evidence(id, client = u.dangwei) {
  const res = await client.get(`/ledger/items/${id}/evidence`)
  assert.equal(res.status, 200, res.text)
  return res.json
}

/** A refusal that leaves the task's links and version as they were. */
async function refusedOn(id, fn, status, code, field) {
  const before = await evidence(id)
  const e = assertError(await fn(), status, code, field)
  assert.deepEqual(await evidence(id), before, 'nothing was written')
  return e
}

const RESEARCH = '开展“学史力行”统计调研分析竞赛'
const MECHANISM = '建立常态化长效化学习机制，巩固拓展党史学习教育成果'

describe('ledger kinds: plan', () => {
  test('the demo plan board: four parts, counts, progress and tasks without evidence, in scope', async () => {
    const b = await board()
    assert.deepEqual(b.parts.map((p) => p.part), ['overall', 'focus', 'main_work', 'leadership'])
    let total = 0
    for (const p of b.parts) {
      assert.ok(p.total > 0, p.part)
      assert.equal(p.tasks.length, p.total)
      assert.equal(Object.values(p.by_status).reduce((a, n) => a + n, 0), p.total)
      assert.equal(p.progress_percent, Math.floor(p.closed * 100 / p.total))
      assert.deepEqual(p.without_evidence, p.tasks.filter((t) => t.evidence_count === 0).map((t) => t.id))
      total += p.total
    }
    assert.equal(b.total, total)
    const main = b.parts[2]
    assert.ok(main.tasks.filter((t) => t.title.startsWith('落实5号文：')).length === 16)
    assert.ok(main.tasks.some((t) => t.plan_action === 'optional'))
    const serving = main.tasks.find((t) => t.title.startsWith('开展“我为群众办实事”实践活动'))
    assert.equal(serving.evidence_count, 61)
    assert.equal(serving.group_name, '实践组')
    assert.ok(main.without_evidence.length > 0)
    // The committee's plan: a leader reads it all, a branch secretary none.
    assert.equal((await board(u.lingdao)).total, b.total)
    assert.equal((await board(u.zhibu1)).total, 0)
    assertError(await u.dangwei.get('/ledger/plan/999999/board'), 404, 'not_found', 'campaign_id')
    assertError(await u.dangwei.get('/ledger/plan/abc/board'), 400, 'invalid_argument')
  })

  test('evidence: readable events of the campaign, versioned, refusals writing nothing', async () => {
    const t = await task(RESEARCH)
    assert.equal(t.evidence_count, 0)
    const before = await evidence(t.id)
    assert.deepEqual(before.events, [])
    const lectures = eventsTitled('全国统计系统党史专题讲座')
    assert.equal(lectures.length, 4)
    const set = await u.dangwei.put(`/ledger/items/${t.id}/evidence`,
      { version: before.version, event_ids: [lectures[1], lectures[0], lectures[1]] })
    assert.equal(set.status, 200, set.text)
    assert.equal(set.json.version, before.version + 1)
    assert.deepEqual(set.json.events.map((e) => e.id).sort(), [lectures[0], lectures[1]].sort())
    assert.equal((await task(RESEARCH)).evidence_count, 2)
    const v = set.json.version
    // Audited on the item.
    const audit = await u.admin.get(`/audit?record_type=ledger_item&record_id=${t.id}&limit=5`)
    assert.equal(audit.status, 200, audit.text)
    assert.ok(audit.json.items.some((a) => a.action === 'update'), audit.text)

    const put = (client, body) => client.put(`/ledger/items/${t.id}/evidence`, body)
    await refusedOn(t.id, () => put(u.dangwei, { version: before.version, event_ids: [] }), 409, 'conflict', 'version')
    await refusedOn(t.id, () => put(u.dangwei, { version: v, event_ids: [lectures[2], 999999] }), 404, 'not_found', 'event_ids')
    await refusedOn(t.id, () => put(u.dangwei, { version: v }), 400, 'invalid_argument', 'event_ids')
    await refusedOn(t.id, () => put(u.dangwei, { version: v, event_ids: [], extra: 1 }), 400, 'invalid_argument')
    await refusedOn(t.id, () => put(u.dangwei, { version: v, event_ids: 'x' }), 400, 'invalid_argument', 'event_ids')
    // Read-only roles are refused before the body is read; another branch does not see the task.
    await refusedOn(t.id, () => put(u.lingdao, { version: v, event_ids: [] }), 403, 'permission_denied')
    await refusedOn(t.id, () => put(u.dangyuan1, { version: v, event_ids: [] }), 403, 'permission_denied')
    await refusedOn(t.id, () => put(u.zhibu1, { version: v, event_ids: [] }), 404, 'not_found')
    assertError(await u.zhibu1.get(`/ledger/items/${t.id}/evidence`), 404, 'not_found')
    assertError(await u.dangwei.get('/ledger/items/999999/evidence'), 404, 'not_found')
    // Only plan tasks take evidence.
    const concern = (await u.dangwei.get(`/ledger/items?kind=concern&campaign_id=${campaign.id}&limit=1`)).json.items[0]
    assertError(await u.dangwei.put(`/ledger/items/${concern.id}/evidence`, { version: concern.version, event_ids: [] }),
      422, 'failed_precondition', 'kind')
  })

  test('a working group of the campaign owns a task', async () => {
    const t = await task(MECHANISM)
    const leadership = await u.dangwei.get(`/campaigns/${campaign.id}/leadership`)
    assert.equal(leadership.status, 200, leadership.text)
    const publicity = leadership.json.groups.find((g) => g.name === '宣传组')
    assert.ok(publicity, leadership.text)
    const before = await evidence(t.id)
    const set = await u.dangwei.put(`/ledger/items/${t.id}/group`, { version: before.version, group_id: publicity.id })
    assert.equal(set.status, 200, set.text)
    assert.equal(set.json.group_name, '宣传组')
    assert.equal((await task(MECHANISM)).group_name, '宣传组')
    const v = set.json.version
    const put = (client, body) => client.put(`/ledger/items/${t.id}/group`, body)
    await refusedOn(t.id, () => put(u.dangwei, { version: v, group_id: 999999 }), 400, 'invalid_argument', 'group_id')
    await refusedOn(t.id, () => put(u.dangwei, { version: before.version, group_id: null }), 409, 'conflict', 'version')
    await refusedOn(t.id, () => put(u.dangwei, { version: v }), 400, 'invalid_argument', 'group_id')
    await refusedOn(t.id, () => put(u.dangyuan1, { version: v, group_id: null }), 403, 'permission_denied')
    const cleared = await put(u.dangwei, { version: v, group_id: null })
    assert.equal(cleared.status, 200, cleared.text)
    assert.equal(cleared.json.group_id, null)
  })
})

describe('ledger kinds: 我为群众办实事', () => {
  test('the speech\'s figures come from the records, in the caller\'s scope', async () => {
    const all = await u.admin.get(`/ledger/figures/${campaign.id}`)
    assert.equal(all.status, 200, all.text)
    assert.deepEqual(all.json, {
      campaign_id: campaign.id, forums_held: 61, residents_taking_part: 322, concerns_collected: 32,
      concerns_resolved: 24, projects_done: 17, projects_total: 20,
    })
    // 机关第一支部 holds the forums of X路社区.
    const branch = await u.zhibu1.get(`/ledger/figures/${campaign.id}`)
    assert.equal(branch.status, 200, branch.text)
    assert.equal(branch.json.forums_held, 18)
    assert.ok(branch.json.concerns_collected < 32)
    assertError(await u.dangyuan1.get(`/ledger/figures/${campaign.id}`), 403, 'permission_denied')
    assertError(await u.admin.get('/ledger/figures/999999'), 404, 'not_found', 'campaign_id')
  })

  test('a concern is raised at a forum of its campaign; anonymous means no name or contact', async () => {
    const forum = events.find((e) => e.title.includes('恳谈会'))
    const lecture = eventsTitled('全国统计系统党史专题讲座')[0]
    const base = {
      kind: 'concern', campaign_id: campaign.id, org_id: forum.org_id, title: uniqueName('诉求'),
      source_type: 'event', source_id: forum.id, requester_name: '王桂英', requester_contact: '13973601000',
    }
    const count = async () => (await u.admin.get(`/ledger/items?kind=concern&limit=1`)).json.total
    const n = await count()
    assertError(await u.admin.post('/ledger/items', { ...base, source_id: lecture }), 400, 'invalid_argument', 'source_id')
    assertError(await u.admin.post('/ledger/items', { ...base, anonymous: true }), 400, 'invalid_argument', 'requester_name')
    assertError(await u.admin.post('/ledger/items', { ...base, plan_part: 'focus' }), 400, 'invalid_argument', 'plan_part')
    assertError(await u.admin.post('/ledger/items', { ...base, kind: 'rectification', project_area: 'medical',
      source_type: null, source_id: null, requester_name: '', requester_contact: '' }), 400, 'invalid_argument', 'project_area')
    assert.equal(await count(), n, 'nothing was written')
    const made = await u.admin.post('/ledger/items', base)
    assert.equal(made.status, 201, made.text)
    const anon = await u.admin.post('/ledger/items', { ...base, requester_name: '', requester_contact: '', anonymous: true })
    assert.equal(anon.status, 201, anon.text)
  })
})

// Every text field of an item: public ones marked PUB_, the others SECRET_.
const KIND_FIELDS = {
  plan_task: { plan_part: 'main_work', plan_action: 'optional' },
  concern: { requester_name: 'SECRET_requester_name', requester_contact: 'SECRET_requester_contact' },
  project: { project_area: 'medical', target: 'SECRET_target' },
}

/** A closed item of `kind` whose every text field holds a marker. */
async function closedMarkedItem(kind) {
  const made = await u.dangwei.post('/ledger/items', {
    kind, campaign_id: campaign.id, org_id: ids.branch1.id, title: `PUB_title_${kind}`,
    description: `SECRET_description_${kind}`, measures: `PUB_measures_${kind}`,
    source_text: `SECRET_source_text_${kind}`, responsible_person_id: ids.member.id,
    deadline: '2030-12-31', item_class: 'deadline', target: `SECRET_target_${kind}`,
    ...KIND_FIELDS[kind],
  })
  assert.equal(made.status, 201, made.text)
  let item = made.json
  const step = async (action, text) => {
    const res = await u.dangwei.post(`/ledger/items/${item.id}/${action}`, { version: item.version, text })
    assert.equal(res.status, 200, `${action}: ${res.text}`)
    item = res.json
  }
  await step('accept', `SECRET_accept_${kind}`)
  const progress = await u.dangwei.post(`/ledger/items/${item.id}/progress`,
    { text: `SECRET_progress_${kind}`, attachment_ids: [] })
  assert.equal(progress.status, 201, progress.text)
  item = (await u.dangwei.get(`/ledger/items/${item.id}`)).json
  await step('submit', `PUB_result_${kind}`)
  await step('close', `SECRET_verification_${kind}`)
  if (kind === 'concern') {
    const fb = await u.dangwei.post(`/ledger/items/${item.id}/feedback`,
      { version: item.version, satisfaction: 'satisfied', note: `SECRET_satisfaction_${kind}`, reopen: false })
    assert.equal(fb.status, 200, fb.text)
  }
  return item
}

describe('ledger kinds: the public 晒单 page', () => {
  test('read without a session; no personal field of any item kind reaches it', async () => {
    const voc = JSON.parse((await request(srv, 'GET', `${API}/vocabularies`)).text)
    const kinds = voc.ledger_kind.map((t) => t.code)
    assert.ok(kinds.includes('concern') && kinds.includes('project') && kinds.length >= 6)
    for (const kind of kinds) await closedMarkedItem(kind)
    // An open concern is not on the page.
    const open = await u.dangwei.post('/ledger/items', {
      kind: 'concern', campaign_id: campaign.id, org_id: ids.branch1.id, title: 'SECRET_open_concern', anonymous: true,
    })
    assert.equal(open.status, 201, open.text)

    const res = await request(srv, 'GET', `${API}/public/ledger/${campaign.id}`)
    assert.equal(res.status, 200, res.text)
    const page = res.json
    assert.deepEqual(Object.keys(page).sort(),
      ['campaign_id', 'campaign_name', 'concerns', 'figures', 'projects', 'truncated', 'unit_name', 'year'])
    assert.equal(page.campaign_name, '党史学习教育')
    assert.equal(page.unit_name, '市统计局党组', 'the unit: the root of the campaign\'s organization tree')
    assert.equal(page.figures.forums_held, 61)
    assert.equal(page.figures.residents_taking_part, 322)
    assert.equal(page.figures.projects_done, 18)  // the demo's 17 and ours
    assert.equal(page.figures.concerns_resolved, 25)
    for (const c of page.concerns) {
      assert.deepEqual(Object.keys(c).sort(), ['closed_on', 'id', 'measures', 'org_name', 'result', 'title'])
    }
    for (const p of page.projects) {
      assert.deepEqual(Object.keys(p).sort(),
        ['closed_on', 'id', 'measures', 'org_name', 'project_area', 'result', 'title'])
    }
    const text = res.text
    assert.ok(!text.includes('SECRET_'), 'no personal or private field')
    for (const name of [ids.member.name, '机关党委（孙干事）', '13973601']) assert.ok(!text.includes(name), name)
    // Closed concerns and projects with their public fields; no other kind.
    for (const kind of kinds) {
      const listed = [...page.concerns, ...page.projects].find((i) => i.title === `PUB_title_${kind}`)
      if (kind !== 'concern' && kind !== 'project') {
        assert.equal(listed, undefined, kind)
        continue
      }
      assert.ok(listed, kind)
      assert.equal(listed.measures, `PUB_measures_${kind}`)
      assert.equal(listed.result, `PUB_result_${kind}`)
      assert.equal(listed.org_name, '机关第一支部')
      assert.match(listed.closed_on, /^\d{4}-\d{2}-\d{2}$/)
    }
    assert.equal(page.projects.find((p) => p.title === 'PUB_title_project').project_area, 'medical')
  })

  test('unknown, preparing (筹备) and archived campaigns are not found; bad ids refused', async () => {
    assertError(await request(srv, 'GET', `${API}/public/ledger/999999`), 404, 'not_found', 'campaign_id')
    assertError(await request(srv, 'GET', `${API}/public/ledger/abc`), 400, 'invalid_argument')
    const made = await u.dangwei.post('/campaigns', {
      org_id: ids.committee.id, name: uniqueName('晒单测试'), year: 2025, start_date: '2025-03-01', end_date: '2025-12-31',
    })
    assert.equal(made.status, 201, made.text)
    assert.equal(made.json.status, 'preparing')
    const preparing = await request(srv, 'GET', `${API}/public/ledger/${made.json.id}`)
    assertError(preparing, 404, 'not_found', 'campaign_id')
    assert.equal(preparing.json.error.message, '学习教育活动不存在', 'answered as an unknown campaign')
    const active = await u.dangwei.patch(`/campaigns/${made.json.id}`, { version: made.json.version, status: 'active' })
    assert.equal(active.status, 200, active.text)
    const ok = await request(srv, 'GET', `${API}/public/ledger/${made.json.id}`)
    assert.equal(ok.status, 200, ok.text)
    assert.deepEqual(ok.json.projects, [])
    const archived = await u.dangwei.post(`/campaigns/${made.json.id}/archive`, { version: active.json.version })
    assert.equal(archived.status, 200, archived.text)
    assertError(await request(srv, 'GET', `${API}/public/ledger/${made.json.id}`), 404, 'not_found', 'campaign_id')
  })

  test('one address may ask 120 times a minute of the server\'s clock', async () => {
    const ask = (localAddress) => request(srv, 'GET', `${API}/public/ledger/${campaign.id}`, { localAddress })
    // The clock is stopped: all of these fall in one minute.
    await request(srv, 'POST', `${API}/test-hooks/clock`, { json: { advance_seconds: 60 } })
    for (let i = 0; i < 120; i++) assert.equal((await ask('127.0.9.9')).status, 200, `request ${i + 1}`)
    const refused = await ask('127.0.9.9')
    assertError(refused, 429, 'resource_exhausted')
    assert.ok(Number(refused.headers['retry-after']) >= 1)
    assert.equal((await ask('127.0.9.10')).status, 200, 'another address is served')
    await request(srv, 'POST', `${API}/test-hooks/clock`, { json: { advance_seconds: 60 } })
    assert.equal((await ask('127.0.9.9')).status, 200, 'the next minute')
  })
})
