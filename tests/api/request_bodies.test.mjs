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

let u, ids, campaign, exam, call
before(async () => {
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
  campaign = (await u.admin.get('/campaigns')).json.items[0]
  exam = (await u.dangwei.get('/assessments/exams')).json.items[0]
  call = (await u.dangwei.get('/assessments/report-calls')).json.items[0]
  assert.ok(campaign && exam && call, 'the demo has a campaign, an exam and a report competition')
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
    400, 'invalid_argument', 'question_id')
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

  test('staff still get the body checked (400 naming the field), then their scope', async () => {
    assertError(await raw(u.zhibu1, 'POST', '/people', '{"bogus":1}'), 400, 'invalid_argument')
    assertError(await raw(u.dangwei, 'POST', '/assessments/exams', '{}'), 400, 'invalid_argument', 'org_id')
    assertError(await raw(u.zhibu1, 'POST', '/campaigns', '{'), 400, 'invalid_argument')
  })
})
