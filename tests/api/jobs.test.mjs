// Background jobs over HTTP: many jobs run exactly once by two serve
// processes on one database, a job whose process is SIGKILLed runs again
// after its lease with its effect once, graceful shutdown leaves a running
// job to its lease, backoff and dead jobs driven by the server's clock, and
// the admin list and retry with their refusals. Job kinds test.echo,
// test.fail and test.block exist only under --test-hooks (src/jobs/test_kinds.hpp).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import {
  API, DB_KIND, REPO, assertError, login, loginAll, request, spawnServe, startServer, waitForLog,
} from './harness.mjs'

const LEASE_SECONDS = 60
const ARGS = ['--test-hooks', '--job-lease', `${LEASE_SECONDS}s`]

function hook(srv, method, p, json) {
  return request(srv, method, `${API}/test-hooks/${p}`, { json })
}

async function enqueue(srv, body) {
  const res = await hook(srv, 'POST', 'jobs', body)
  assert.equal(res.status, 201, res.text)
  return res.json.ids
}

async function moveClock(srv, seconds) {
  const res = await hook(srv, 'POST', 'clock', { advance_seconds: seconds })
  assert.equal(res.status, 200, res.text)
  return Date.parse(res.json.now)
}

/** Moves the server's clock to `iso` (a lease's end, set by another process's clock) or past it. */
async function moveClockTo(srv, iso) {
  const now = await moveClock(srv, 1)
  const left = Math.ceil((Date.parse(iso) - now) / 1000)
  if (left > 0) await moveClock(srv, left)
}

/** The job with key `key` as the admin list shows it (null when absent). */
async function findJob(admin, key) {
  for (let offset = 0; ; offset += 500) {
    const res = await admin.get(`/jobs?limit=500&offset=${offset}`)
    assert.equal(res.status, 200, res.text)
    const hit = res.json.items.find((j) => j.key === key)
    if (hit || offset + 500 >= res.json.total) return hit ?? null
  }
}

/**
 * Waits until `check()` returns a truthy value (a state reached), looking
 * again after each answer; fails after `limit` ms (a guard, not a measurement).
 */
async function waitUntil(what, check, limit = 120_000) {
  const end = Date.now() + limit
  for (;;) {
    const v = await check()
    if (v) return v
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function jobState(admin, key, state) {
  return waitUntil(`job ${key} ${state}`, async () => {
    const j = await findJob(admin, key)
    return j && j.state === state ? j : null
  })
}

describe('jobs run exactly once across processes', () => {
  let srv
  let second
  let admin
  before(async () => {
    srv = await startServer('jobs-many', { args: ARGS })
    // PostgreSQL: a second process on the same database claims from the
    // same table (FOR UPDATE SKIP LOCKED). SQLite is one process's file.
    if (DB_KIND === 'postgresql') {
      second = await spawnServe(srv.dbUrl, {
        args: ARGS, logFile: path.join(REPO, 'test-output/api/jobs-many-second-postgresql.log'),
      })
    }
    admin = await login(srv, 'admin')
  })
  after(async () => {
    await second?.stop()
    await srv?.stop()
  })

  test('1,000 jobs enqueued on both processes run once each; effects have 1,000 distinct keys', async () => {
    const servers = second ? [srv, second] : [srv]
    await Promise.all(servers.map((s, i) => enqueue(s, { kind: 'test.echo', key: `many-${i}`, count: 1000 / servers.length })))
    // Other jobs may run beside them (the modules' recurring ones, such as the
    // attachments sweep): wait until nothing is queued or running and every
    // effect is there, then look at the test.echo jobs.
    const total = async (state) => (await admin.get(`/jobs?state=${state}&limit=1`)).json.total
    await waitUntil('1,000 jobs done', async () => {
      const effects = await hook(srv, 'GET', 'jobs/effects')
      assert.equal(effects.status, 200, effects.text)
      return effects.json.effects === 1000 && (await total('queued')) === 0 && (await total('running')) === 0
    }, 600_000)  // a guard only: 3,000 commits take long on a loaded machine's disk
    const effects = await hook(srv, 'GET', 'jobs/effects')
    assert.deepEqual(effects.json, { effects: 1000, distinct_keys: 1000 })
    for (const state of ['failed', 'dead']) assert.equal(await total(state), 0, `no job ${state}`)
    // Every test job is done, in one attempt.
    const all = []
    const jobsTotal = (await admin.get('/jobs?limit=1')).json.total
    for (let offset = 0; offset < jobsTotal; offset += 500) {
      all.push(...(await admin.get(`/jobs?limit=500&offset=${offset}`)).json.items)
    }
    const echo = all.filter((j) => j.kind === 'test.echo')
    assert.equal(echo.length, 1000)
    for (const j of echo) {
      assert.equal(j.state, 'done', `${j.key} state`)
      assert.equal(j.attempts, 1, `${j.key} attempts`)
    }
    // The same keys again make no new job.
    await enqueue(srv, { kind: 'test.echo', key: 'many-0', count: 1000 / servers.length })
    assert.equal((await admin.get('/jobs?limit=1')).json.total, jobsTotal)
  })
})

describe('interrupted jobs run again after their lease', () => {
  let srv
  let admin
  before(async () => {
    srv = await startServer('jobs-lease', { args: ARGS })
    admin = await login(srv, 'admin')
  })
  after(() => srv?.stop())

  test('SIGKILL during a job: after the lease the restarted process runs it again, effect once', async () => {
    await enqueue(srv, { kind: 'test.block', key: 'killed-1' })
    await waitForLog(srv, /test job killed-1 blocking/)
    srv.process.kill('SIGKILL')
    assert.equal((await srv.exited).signal, 'SIGKILL')

    await srv.restart({ args: ARGS })
    const held = await findJob(admin, 'killed-1')
    assert.equal(held.state, 'running', 'still leased to the dead process')
    assert.equal(held.attempts, 1)

    await moveClockTo(srv, held.lease_until)
    await waitForLog(srv, /job \d+ \(test\.block, key killed-1\) attempt 2 running/)
    await waitForLog(srv, /test job killed-1 blocking/)
    const release = await hook(srv, 'POST', 'jobs/release', { key: 'killed-1' })
    assert.equal(release.status, 204, release.text)
    const done = await jobState(admin, 'killed-1', 'done')
    assert.equal(done.attempts, 2)
    assert.equal(done.last_error, null)
    const effects = await hook(srv, 'GET', 'jobs/effects')
    assert.deepEqual(effects.json, { effects: 1, distinct_keys: 1 })
  })

  test('SIGTERM during a job: the server stops at once and leaves the job to its lease', async () => {
    await enqueue(srv, { kind: 'test.block', key: 'stopped-1' })
    await waitForLog(srv, /test job stopped-1 blocking/)
    const stopped = await srv.stopServer()
    assert.equal(stopped.code, 0, `clean exit: ${JSON.stringify(stopped)}`)
    assert.match(srv.log(), /job \d+ \(test\.block\) interrupted by shutdown; left to its lease/)

    await srv.restart({ args: ARGS })
    const left = await findJob(admin, 'stopped-1')
    assert.equal(left.state, 'running')
    assert.equal(left.attempts, 1)
    assert.equal(left.last_error, null, 'an interrupted run is not a failure')
    await moveClockTo(srv, left.lease_until)
    await waitForLog(srv, /test job stopped-1 blocking/)
    await hook(srv, 'POST', 'jobs/release', { key: 'stopped-1' })
    assert.equal((await jobState(admin, 'stopped-1', 'done')).attempts, 2)
  })
})

describe('a running job keeps its lease', () => {
  const LEASE = 30
  let srv
  let admin
  before(async () => {
    srv = await startServer('jobs-heartbeat', { args: ['--test-hooks', '--job-lease', `${LEASE}s`, '--job-workers', '2'] })
    admin = await login(srv, 'admin')
  })
  after(() => srv?.stop())

  test('a job that outlasts its lease has it renewed while it runs, and runs exactly once', async () => {
    await enqueue(srv, { kind: 'test.block', key: 'long-1' })
    await waitForLog(srv, /test job long-1 blocking/)
    const first = await findJob(admin, 'long-1')
    assert.equal(first.state, 'running')
    // Three steps of 2/3 of the lease: 60 s in all, twice the lease. Each move
    // wakes the scheduler; its heartbeat renews the lease to the new now + lease.
    for (let step = 1; step <= 3; step++) {
      const now = await moveClock(srv, (LEASE * 2) / 3)
      const until = new Date(now + LEASE * 1000).toISOString().slice(0, 19)
      await waitForLog(srv, new RegExp(`job ${first.id} \\(test\\.block\\) attempt 1 lease renewed until ${until}Z`))
    }
    const held = await findJob(admin, 'long-1')
    assert.equal(held.state, 'running')
    assert.equal(held.attempts, 1, 'not claimed again')
    assert.ok(Date.parse(held.lease_until) > Date.parse(first.lease_until) + LEASE * 1000)
    // The free worker looks for due jobs: a probe enqueued now runs, and the
    // blocked job (older, so first in line were it due) is not taken again.
    await enqueue(srv, { kind: 'test.echo', key: 'probe-1' })
    await jobState(admin, 'probe-1', 'done')
    assert.equal((await findJob(admin, 'long-1')).attempts, 1)
    await hook(srv, 'POST', 'jobs/release', { key: 'long-1' })
    const done = await jobState(admin, 'long-1', 'done')
    assert.equal(done.attempts, 1)
    assert.doesNotMatch(srv.log(), /key long-1\) attempt 2/)
    assert.doesNotMatch(srv.log(), /lost its lease/)
    const effects = await hook(srv, 'GET', 'jobs/effects')
    assert.deepEqual(effects.json, { effects: 2, distinct_keys: 2 })  // long-1 and probe-1, once each
  })
})

describe('admin jobs page API', () => {
  let srv
  let c
  before(async () => {
    srv = await startServer('jobs-admin', { args: ARGS })
    c = await loginAll(srv)
  })
  after(() => srv?.stop())

  test('a failing job backs off on the server clock, then is dead with its error; retry runs it again', async () => {
    await enqueue(srv, { kind: 'test.fail', key: 'fail-1', max_attempts: 2 })
    const failed = await jobState(c.admin, 'fail-1', 'failed')
    assert.equal(failed.attempts, 1)
    assert.equal(failed.last_error, '测试任务按要求失败')
    assert.ok(Date.parse(failed.run_at) - Date.parse(failed.created_at) >= 30_000, 'waits 30 s at least')
    assert.equal(failed.lease_owner, null)
    await moveClock(srv, 30) // the first backoff (30 s)
    const dead = await jobState(c.admin, 'fail-1', 'dead')
    assert.equal(dead.attempts, 2)
    assert.equal(dead.last_error, '测试任务按要求失败')
    assert.ok(dead.finished_at)

    const list = await c.admin.get('/jobs?state=dead')
    assert.equal(list.status, 200)
    assert.deepEqual(list.json.items.map((j) => j.key), ['fail-1'])
    assert.equal(list.json.total, 1)

    const retried = await c.admin.post(`/jobs/${dead.id}/retry`)
    assert.equal(retried.status, 200, retried.text)
    assert.equal(retried.json.attempts, 0)
    const failedAgain = await waitUntil('fail-1 ran again', async () => {
      const j = await findJob(c.admin, 'fail-1')
      return j.attempts === 1 && j.state === 'failed' ? j : null
    })
    assert.equal(failedAgain.last_error, '测试任务按要求失败')
    // A failed job (waiting for its backoff) may be retried too.
    const again = await c.admin.post(`/jobs/${dead.id}/retry`)
    assert.equal(again.status, 200, again.text)

    const audit = await c.admin.get('/audit?limit=5')
    assert.ok(audit.json.items.some((e) => e.action === 'retry' && e.record_type === 'job' && e.record_id === dead.id),
      'retry is audited')
  })

  test('retrying a job that is not failed or dead is refused, nothing changes', async () => {
    await enqueue(srv, { kind: 'test.echo', key: 'ok-1' })
    const done = await jobState(c.admin, 'ok-1', 'done')
    assertError(await c.admin.post(`/jobs/${done.id}/retry`), 422, 'failed_precondition', 'state')
    assert.deepEqual(await findJob(c.admin, 'ok-1'), done)
    assertError(await c.admin.post('/jobs/999999/retry'), 404, 'not_found')
    assertError(await c.admin.post('/jobs/abc/retry'), 400, 'invalid_argument')
  })

  test('list pages by state and refuses bad filters', async () => {
    const all = await c.admin.get('/jobs?limit=1&offset=0')
    assert.equal(all.status, 200)
    assert.equal(all.json.items.length, 1)
    assert.ok(all.json.total >= 2)
    const keys = Object.keys(all.json.items[0]).sort()
    assert.deepEqual(keys, ['attempts', 'created_at', 'finished_at', 'id', 'key', 'kind', 'last_error',
      'lease_owner', 'lease_until', 'max_attempts', 'run_at', 'state'])
    assertError(await c.admin.get('/jobs?state=bogus'), 400, 'invalid_argument', 'state')
    assertError(await c.admin.get('/jobs?limit=0'), 400, 'invalid_argument')
    assertError(await c.admin.get('/jobs?offset=-1'), 400, 'invalid_argument')
  })

  test('only system administrators list or retry jobs', async () => {
    await enqueue(srv, { kind: 'test.fail', key: 'denied-1', max_attempts: 1 })
    const dead = await jobState(c.admin, 'denied-1', 'dead')
    for (const who of ['dangwei', 'zhibu1', 'dangyuan1', 'lingdao']) {
      assertError(await c[who].get('/jobs'), 403, 'permission_denied')
      assertError(await c[who].post(`/jobs/${dead.id}/retry`), 403, 'permission_denied')
    }
    const anonymous = await request(srv, 'GET', `${API}/jobs`)
    assertError(anonymous, 401)
    assert.deepEqual(await findJob(c.admin, 'denied-1'), dead, 'refused retries changed nothing')
  })
})
