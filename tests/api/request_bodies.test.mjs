// How every JSON body is read, on any route: a key an object repeats is
// refused (JsonBody::Parse, once for all routes), and on write routes only
// staff who write records may use, the role is checked before the body is
// read, so a member or a leader gets 403 whatever they send and learns
// nothing of the body's rules (api/record_routes.hpp WritersOnly). Nothing
// is written by any refusal here.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertError, assertUnchanged, demoIds, loginAll, snapshot, startServer } from './harness.mjs'

const srv = await startServer('request_bodies')
after(() => srv.stop())

let u, ids, campaign, exam, call, eventType, site, event, material, document, group
before(async () => {
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
  campaign = (await u.admin.get('/campaigns')).json.items[0]
  exam = (await u.dangwei.get('/assessments/exams')).json.items[0]
  call = (await u.dangwei.get('/assessments/report-calls')).json.items[0]
  assert.ok(campaign && exam && call, 'the demo has a campaign, an exam and a report competition')
  eventType = (await u.admin.get('/event-types')).json.items[0]
  site = (await u.admin.get('/red-sites')).json.items[0]
  event = (await u.dangwei.get('/events?limit=1')).json.items[0]
  material = (await u.admin.get('/study/materials')).json.items[0]
  const withDocuments = await Promise.all((await u.admin.get('/campaigns')).json.items.map(async (c) =>
    (await u.admin.get(`/documents?campaign_id=${c.id}&limit=1`)).json.items[0]))
  document = withDocuments.find(Boolean)
  const leadership = await Promise.all((await u.admin.get('/campaigns')).json.items.map(async (c) =>
    (await u.admin.get(`/campaigns/${c.id}/leadership`)).json))
  group = leadership.flatMap((l) => l.groups ?? []).find((g) => (g.members ?? []).length > 0)
  assert.ok(eventType && site && event && material && document && group,
    'the demo has an event type, a red site, an event, a material, a document and a leadership group with members')
})

/** Sends `text` as a JSON body exactly as written. */
function raw(client, method, path, text) {
  return client.request(method, path, { body: text, headers: { 'Content-Type': 'application/json' } })
}

describe('JSON bodies', () => {
  test('a key an object repeats is refused with 400 on that key, on every route', async () => {
    const person = (await u.dangwei.get(`/people/${ids.member.id}`)).json
    const before = await snapshot(u.admin)
    // {"post":"a","post":"b"} would be read as "b" here and perhaps as "a" elsewhere.
    assertError(await raw(u.dangwei, 'PATCH', `/people/${person.id}`,
      `{"version":${person.version},"post":"甲","post":"乙"}`), 400, 'invalid_argument', 'post')
    assertError(await raw(u.admin, 'PATCH', `/campaigns/${campaign.id}`,
      `{"version":${campaign.version},"name":"改名","name":"${campaign.name}"}`), 400, 'invalid_argument', 'name')
    // Inside a nested object too, and the same key once its escapes are read.
    assertError(await raw(u.dangwei, 'POST', '/assessments/papers',
      `{"org_id":${ids.committee.id},"title":"卷","kind":"fixed","items":[{"question_id":1,"points":1,"question_id":2}]}`),
    400, 'invalid_argument', 'items[0].question_id')
    assertError(await raw(u.dangwei, 'PATCH', `/people/${person.id}`,
      `{"version":${person.version},"post":"甲","p\\u006fst":"乙"}`), 400, 'invalid_argument', 'post')
    await assertUnchanged(u.admin, before, 'after bodies with repeated keys')
    // The same body without the repeat is written.
    const ok = await raw(u.dangwei, 'PATCH', `/people/${person.id}`,
      `{"version":${person.version},"post":"${person.post ?? ''}"}`)
    assert.equal(ok.status, 200, ok.text)
  })
})

describe('the role before the body', () => {
  // Bodies that are wrong in every way a reader could learn from: not JSON,
  // unknown fields, missing required ones, wrong types.
  const bad = ['{', '{"bogus":1}', '{}', '{"org_id":"x","name":42,"version":"1"}']
  const routes = () => [
    ['POST', '/people'],
    ['PATCH', `/people/${ids.member.id}`],
    ['POST', `/people/${ids.member.id}/archive`],
    ['POST', '/orgs'],
    ['PATCH', `/orgs/${ids.branch1.id}`],
    ['POST', '/communities'],
    ['POST', '/campaigns'],
    ['PATCH', `/campaigns/${campaign.id}`],
    ['POST', '/assessments/categories'],
    ['POST', '/assessments/questions'],
    ['POST', '/assessments/papers'],
    ['POST', '/assessments/exams'],
    ['PUT', `/assessments/exams/${exam.id}`],
    ['POST', `/assessments/exams/${exam.id}/publish-results`],
    ['PUT', `/assessments/exams/${exam.id}/graders`],
    ['POST', '/assessments/commendations'],
    ['POST', '/assessments/report-calls'],
    ['POST', `/assessments/report-calls/${call.id}/stage`],
    ['POST', `/assessments/report-calls/${call.id}/assignments`],
    // events: types, red sites, events and the invited list (a member's own
    // leave request and sign-in are theirs to send: not here)
    ['POST', '/event-types'],
    ['PATCH', `/event-types/${eventType.id}`],
    ['POST', '/red-sites'],
    ['PATCH', `/red-sites/${site.id}`],
    ['POST', '/events'],
    ['PATCH', `/events/${event.id}`],
    ['POST', `/events/${event.id}/archive`],
    ['POST', `/events/${event.id}/cancel`],
    ['POST', `/events/${event.id}/attendance`],
    ['DELETE', `/events/${event.id}/attendance/${ids.member.id}`],
    ['POST', `/events/${event.id}/attendance/${ids.member.id}/sign-in`],
    ['POST', `/events/${event.id}/attendance/${ids.member.id}/leave-decision`],
    ['POST', `/events/${event.id}/attendance/${ids.member.id}/makeup`],
    // study: materials and the 学习强国 import (own log entries are not here)
    ['POST', '/study/materials'],
    ['PATCH', `/study/materials/${material.id}`],
    ['POST', `/study/materials/${material.id}/archive`],
    ['POST', '/study/xuexi/uploads/1/check'],
    ['POST', '/study/xuexi/uploads/1/import'],
    // documents and leadership of a campaign
    ['POST', '/documents'],
    ['PATCH', `/documents/${document.id}`],
    ['POST', `/documents/${document.id}/archive`],
    ['POST', `/campaigns/${campaign.id}/leadership-groups`],
    ['PATCH', `/leadership-groups/${group.id}`],
    ['POST', `/leadership-groups/${group.id}/members`],
    ['PATCH', `/leadership-members/${group.members[0].id}`],
    ['POST', `/leadership-members/${group.members[0].id}/hand-over`],
    // accounts (one's own password and tokens are /auth's)
    ['POST', '/accounts'],
    ['PATCH', `/accounts/${u.dangyuan1.user.id}`],
    ['POST', `/accounts/${u.dangyuan1.user.id}/password`],
    ['DELETE', `/accounts/${u.dangyuan1.user.id}/tokens/1`],
  ]

  test('a member and a leader get 403 on staff write routes of several modules, whatever the body', async () => {
    const before = await snapshot(u.admin)
    for (const who of ['dangyuan1', 'lingdao']) {
      for (const [method, path] of routes()) {
        for (const body of bad) {
          const e = assertError(await raw(u[who], method, path, body), 403, 'permission_denied')
          assert.equal(e.field, '', `${who} ${method} ${path} ${body}: no field of the body named`)
        }
      }
    }
    await assertUnchanged(u.admin, before, 'after refused writes')
  })

  test("what members legitimately send is not refused by role: their own leave, sign-in and study log", async () => {
    // Bad bodies from a member still reach the body's rules (400), not 403.
    assertError(await raw(u.dangyuan1, 'POST', '/study/logs', '{"bogus":1}'), 400, 'invalid_argument')
    assertError(await raw(u.dangyuan1, 'POST', `/events/${event.id}/leave`, '{'), 400, 'invalid_argument')
    assertError(await raw(u.dangyuan1, 'POST', `/events/${event.id}/sign-in`, '{"bogus":1}'), 400, 'invalid_argument')
    assertError(await raw(u.dangyuan1, 'POST', '/auth/password', '{}'), 400, 'invalid_argument')
  })

  test('staff still get the body checked (400 naming the field), then their scope', async () => {
    assertError(await raw(u.zhibu1, 'POST', '/people', '{"bogus":1}'), 400, 'invalid_argument')
    assertError(await raw(u.dangwei, 'POST', '/assessments/exams', '{}'), 400, 'invalid_argument', 'org_id')
    assertError(await raw(u.zhibu1, 'POST', '/campaigns', '{'), 400, 'invalid_argument')
  })
})
