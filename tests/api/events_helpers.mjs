// Helpers shared by the events and compliance API tests (events.test.mjs,
// events_more.test.mjs, compliance.test.mjs): the server's test clock, time
// text, what every file's before() gathers, unread notifications and the
// body of a branch's study event.
import assert from 'node:assert/strict'
import { API, demoIds, loginAll, request } from './harness.mjs'

/** `ms` as the API's UTC text, "2026-03-01T08:00:00Z". */
export const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
/** `n` minutes in ms. */
export const minutes = (n) => n * 60_000
/** The China date (UTC+8) of `ms`, "2026-03-01". */
export const chinaDate = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
/** The China-time quarter holding `ms`, as "2026-Q4". */
export function quarter(ms) {
  const china = new Date(ms + 8 * 3600_000)
  return `${china.getUTCFullYear()}-Q${Math.floor(china.getUTCMonth() / 3) + 1}`
}

/**
 * Moves the test clock of `srv` (serve --test-hooks) `seconds` forward, in
 * steps of at most a day (the hook's bound); returns its new time (ms).
 */
export async function advanceClock(srv, seconds) {
  let now
  for (let left = seconds; left > 0; left -= 86400) {
    const res = await request(srv, 'POST', `${API}/test-hooks/clock`, { json: { advance_seconds: Math.min(left, 86400) } })
    assert.equal(res.status, 200, res.text)
    now = Date.parse(res.json.now)
  }
  return now
}

/** The demo's signed-in clients, ids, and the event types by code. */
export async function eventsSetup(srv) {
  const u = await loginAll(srv)
  const ids = await demoIds(u.admin)
  const t = await u.dangwei.get('/event-types')
  return { u, ids, types: Object.fromEntries(t.json.items.map((x) => [x.code, x])) }
}

/** The unread notifications of `kind` of `client`'s account. */
export async function unread(client, kind) {
  const r = await client.get('/notifications?limit=100')
  assert.equal(r.status, 200, r.text)
  return r.json.items.filter((n) => n.kind === kind && !n.read_at)
}

/** A 专题学习会 of 机关第一支部 for its members, 40 to 100 minutes after `now`, with `extra`. */
export function branchEventBody(ids, types, now, extra = {}) {
  return {
    org_id: ids.branch1.id,
    title: '支部专题学习',
    type_id: types.topic_study.id,
    starts_at: iso(now + minutes(40)),
    ends_at: iso(now + minutes(100)),
    place: '局三楼会议室',
    target_org_ids: [ids.branch1.id],
    target_categories: ['member', 'probationary'],
    ...extra,
  }
}
