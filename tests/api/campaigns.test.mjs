// Campaigns (/campaigns) and the current-campaign selector
// (/account/current-campaign): CRUD round trip, validation, stale versions,
// status workflow, scope (org admins of the organizing org's subtree write,
// everyone in scope reads), nothing written by a refusal.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { Client, assertError, demoIds, loginAll, startServer, uniqueName } from './harness.mjs'

const srv = await startServer('campaigns')
after(() => srv.stop())

let u, ids
before(async () => {
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
})

function body(extra = {}) {
  return {
    org_id: ids.committee.id,
    name: uniqueName('学习教育'),
    year: 2025,
    start_date: '2025-03-01',
    end_date: '2025-12-31',
    goals: ['学党史', '悟思想', '办实事', '开新局'],
    phases: [
      { name: '学习教育', start_date: '2025-03-01', end_date: '2025-10-31' },
      { name: '专题组织生活会', start_date: '2025-09-01', end_date: '2025-10-31' },
      { name: '总结', start_date: '2025-11-01', end_date: '2025-12-31' },
    ],
    study_points: ['学习重点一', '学习重点二'],
    ...extra,
  }
}

async function mk(by = u.dangwei, extra = {}) {
  const r = await by.post('/campaigns', body(extra))
  assert.equal(r.status, 201, r.text)
  return r.json
}

/** Every campaign (archived too) as the system admin sees it. */
async function state() {
  const r = await u.admin.get('/campaigns?include_archived=true')
  assert.equal(r.status, 200, r.text)
  return r.json
}

async function refused(fn, status, code, field) {
  const before = await state()
  const e = assertError(await fn(), status, code, field)
  assert.deepEqual(await state(), before, 'nothing was written')
  return e
}

describe('campaigns', () => {
  test('create, get, edit (versioned), archive: a round trip', async () => {
    const c = await mk()
    assert.equal(c.status, 'preparing')
    assert.equal(c.org_name, '市统计局机关党委')
    assert.equal(c.version, 1)
    assert.deepEqual(c.goals, ['学党史', '悟思想', '办实事', '开新局'])
    assert.deepEqual(c.phases.map((p) => p.name), ['学习教育', '专题组织生活会', '总结'])
    const got = await u.dangyuan1.get(`/campaigns/${c.id}`)
    assert.equal(got.status, 200, got.text)
    assert.deepEqual(got.json, c)

    const edited = await u.dangwei.patch(`/campaigns/${c.id}`, {
      version: 1, status: 'active', study_points: ['改后的重点'], name: '  改后的名称  ',
    })
    assert.equal(edited.status, 200, edited.text)
    assert.equal(edited.json.version, 2)
    assert.equal(edited.json.status, 'active')
    assert.equal(edited.json.name, '改后的名称')
    assert.deepEqual(edited.json.study_points, ['改后的重点'])
    assert.deepEqual(edited.json.goals, c.goals)

    // Stale version: 409, nothing changed.
    await refused(() => u.dangwei.patch(`/campaigns/${c.id}`, { version: 1, name: '过时' }),
      409, 'conflict', 'version')
    await refused(() => u.dangwei.post(`/campaigns/${c.id}/archive`, { version: 1 }), 409, 'conflict')

    const audit = await u.admin.get(`/audit?record_type=campaign&record_id=${c.id}`)
    assert.deepEqual(audit.json.items.map((e) => e.action), ['update', 'create'])

    const archived = await u.dangwei.post(`/campaigns/${c.id}/archive`, { version: 2 })
    assert.equal(archived.status, 200, archived.text)
    assert.equal(archived.json.archived, true)
    const listed = (await u.dangwei.get('/campaigns')).json.items.map((x) => x.id)
    assert.ok(!listed.includes(c.id))
    const withArchived = (await u.dangwei.get('/campaigns?include_archived=true')).json.items.map((x) => x.id)
    assert.ok(withArchived.includes(c.id))
    await refused(() => u.dangwei.patch(`/campaigns/${c.id}`, { version: 3, name: '再改' }),
      422, 'failed_precondition')
  })

  test('status moves one step forward: preparing → active → ended', async () => {
    const c = await mk()
    await refused(() => u.dangwei.patch(`/campaigns/${c.id}`, { version: 1, status: 'ended' }),
      422, 'failed_precondition', 'status')
    const a = await u.dangwei.patch(`/campaigns/${c.id}`, { version: 1, status: 'active' })
    assert.equal(a.status, 200, a.text)
    await refused(() => u.dangwei.patch(`/campaigns/${c.id}`, { version: 2, status: 'preparing' }),
      422, 'failed_precondition', 'status')
    const e = await u.dangwei.patch(`/campaigns/${c.id}`, { version: 2, status: 'ended' })
    assert.equal(e.json.status, 'ended')
    await refused(() => u.dangwei.patch(`/campaigns/${c.id}`, { version: 3, status: 'active' }),
      422, 'failed_precondition', 'status')
  })

  test('validation: 400 naming the field, nothing written', async () => {
    const cases = [
      [{ name: '' }, 'name'],
      [{ name: '党史\n学习' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ year: 1999 }, 'year'],
      [{ year: 2026 }, 'start_date'],
      [{ start_date: '2025-02-30' }, 'start_date'],
      [{ end_date: '2025-02-01' }, 'end_date'],
      [{ goals: ['学党史', '学党史'] }, 'goals'],
      [{ goals: 'not a list' }, 'goals'],
      [{ goals: [1] }, 'goals'],
      [{ study_points: [''] }, 'study_points'],
      [{ phases: [{ name: '学习', start_date: '2025-02-01', end_date: '2025-03-01' }] }, 'phases[0].start_date'],
      [{ phases: [{ name: '乙', start_date: '2025-05-01', end_date: '2025-06-01' },
        { name: '甲', start_date: '2025-04-01', end_date: '2025-06-01' }] }, 'phases[1].start_date'],
      [{ phases: [{ name: '', start_date: '2025-05-01', end_date: '2025-06-01' }] }, 'phases[0].name'],
      [{ phases: [{ name: '甲' }] }, 'phases'],
      [{ phases: [{ name: '甲', start_date: '2025-05-01', end_date: '2025-06-01', extra: 1 }] }, 'phases'],
      [{ status: 'running' }, 'status'],
      [{ unknown: 1 }, 'unknown'],
    ]
    for (const [extra, field] of cases) {
      await refused(() => u.dangwei.post('/campaigns', body(extra)), 400, 'invalid_argument', field)
    }
    const missing = body()
    delete missing.start_date
    await refused(() => u.dangwei.post('/campaigns', missing), 400, 'invalid_argument', 'start_date')
    const c = await mk()
    await refused(() => u.dangwei.patch(`/campaigns/${c.id}`, { version: 1, end_date: '2025-06-30' }),
      400, 'invalid_argument')
    await refused(() => u.dangwei.patch(`/campaigns/${c.id}`, { name: '没有版本' }), 400, 'invalid_argument', 'version')
    assertError(await u.dangwei.get('/campaigns?status=running'), 400, 'invalid_argument', 'status')
    assertError(await u.dangwei.get('/campaigns?year=abc'), 400, 'invalid_argument')
    assertError(await u.dangwei.get('/campaigns/abc'), 400, 'invalid_argument')
  })

  test('scope: org admins of the subtree write, everyone in scope reads, others get 403/404', async () => {
    const c = await mk()
    // Read by every demo role (members of the branches included).
    for (const who of ['admin', 'dangwei', 'zhibu1', 'dangyuan1', 'lingdao']) {
      const r = await u[who].get(`/campaigns/${c.id}`)
      assert.equal(r.status, 200, `${who}: ${r.text}`)
      assert.ok((await u[who].get('/campaigns')).json.items.some((x) => x.id === c.id), who)
    }
    // Written only by org admins of the committee's subtree and system admins.
    for (const who of ['zhibu1', 'dangyuan1', 'lingdao']) {
      await refused(() => u[who].patch(`/campaigns/${c.id}`, { version: 1, name: '越权' }), 403, 'permission_denied')
      await refused(() => u[who].post(`/campaigns/${c.id}/archive`, { version: 1 }), 403, 'permission_denied')
      // Who writes no records at all is refused before the body is read (no field named).
      await refused(() => u[who].post('/campaigns', body({ org_id: ids.branch1.id })), 403, 'permission_denied', who === 'zhibu1' ? 'org_id' : '')
    }
    // The bureau's party group is above the committee: its campaign is the system admin's to make.
    await refused(() => u.dangwei.post('/campaigns', body({ org_id: ids.bureau.id })), 403, 'permission_denied', 'org_id')
    await refused(() => u.dangwei.post('/campaigns', body({ org_id: 99999999 })), 404, 'not_found', 'org_id')
    const sys = await mk(u.admin, { org_id: ids.bureau.id })
    assert.equal((await u.dangwei.get(`/campaigns/${sys.id}`)).status, 200)

    // A branch's own campaign: branch 2's is not there for branch 1's member.
    const b2 = await mk(u.dangwei, { org_id: ids.branch2.id })
    assertError(await u.dangyuan1.get(`/campaigns/${b2.id}`), 404, 'not_found')
    assert.ok(!(await u.dangyuan1.get('/campaigns')).json.items.some((x) => x.id === b2.id))
    assertError(await u.zhibu1.patch(`/campaigns/${b2.id}`, { version: 1, name: '越权' }), 404, 'not_found')
    assertError(await u.dangyuan1.put('/account/current-campaign', { campaign_id: b2.id }), 404, 'not_found')
    const edited = await u.admin.patch(`/campaigns/${b2.id}`, { version: 1, name: uniqueName('第二支部') })
    assert.equal(edited.status, 200, edited.text)
  })

  test('filters: year, status, archived', async () => {
    const y = await mk(u.dangwei, { year: 2024, start_date: '2024-03-01', end_date: '2024-12-31', phases: [] })
    const r = await u.dangyuan1.get('/campaigns?year=2024')
    assert.deepEqual(r.json.items.map((x) => x.id), [y.id])
    assert.equal(r.json.total, 1)
    await u.dangwei.patch(`/campaigns/${y.id}`, { version: 1, status: 'active' })
    assert.ok((await u.dangyuan1.get('/campaigns?status=active')).json.items.every((x) => x.status === 'active'))
    assert.ok((await u.dangyuan1.get('/campaigns?status=active')).json.items.some((x) => x.id === y.id))
    assert.ok(!(await u.dangyuan1.get('/campaigns?status=preparing')).json.items.some((x) => x.id === y.id))
  })

  test('current campaign: defaults to the newest active in scope, remembered per account', async () => {
    const cur = await u.lingdao.get('/account/current-campaign')
    assert.equal(cur.status, 200, cur.text)
    const active = (await u.lingdao.get('/campaigns?status=active')).json.items
    if (active.length) assert.equal(cur.json.campaign.id, active[0].id)
    const chosen = await mk(u.dangwei, { year: 2023, start_date: '2023-04-01', end_date: '2024-01-31', phases: [] })
    const put = await u.lingdao.put('/account/current-campaign', { campaign_id: chosen.id })
    assert.equal(put.status, 200, put.text)
    assert.equal(put.json.campaign.id, chosen.id)
    assert.equal((await u.lingdao.get('/account/current-campaign')).json.campaign.id, chosen.id)
    // Another account keeps its own.
    const other = (await u.zhibu1.get('/account/current-campaign')).json.campaign
    assert.notEqual(other?.id, chosen.id)
    assertError(await u.lingdao.put('/account/current-campaign', { campaign_id: 99999999 }), 404, 'not_found')
    assertError(await u.lingdao.put('/account/current-campaign', {}), 400, 'invalid_argument', 'campaign_id')
    assertError(await u.lingdao.put('/account/current-campaign', { campaign_id: chosen.id }, { csrf: null }), 403)
    // Archived: the choice falls back to the default, and cannot be chosen again.
    await u.dangwei.post(`/campaigns/${chosen.id}/archive`, { version: 1 })
    assert.notEqual((await u.lingdao.get('/account/current-campaign')).json.campaign?.id, chosen.id)
    assertError(await u.lingdao.put('/account/current-campaign', { campaign_id: chosen.id }), 422, 'failed_precondition')
  })

  test('signed out: 401 on every campaign endpoint, nothing written', async () => {
    const c = await mk()
    const anon = new Client(srv)
    const calls = [['GET', '/campaigns'], ['POST', '/campaigns', body()], ['GET', `/campaigns/${c.id}`],
      ['PATCH', `/campaigns/${c.id}`, { version: 1, name: '匿名' }], ['POST', `/campaigns/${c.id}/archive`, { version: 1 }],
      ['GET', '/account/current-campaign'], ['PUT', '/account/current-campaign', { campaign_id: c.id }]]
    for (const [method, p, json] of calls) {
      await refused(() => anon.request(method, p, { json }), 401, 'unauthenticated')
    }
  })
})
