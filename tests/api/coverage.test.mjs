// The operation-coverage check (coverage.mjs) itself: matching calls to
// operations by method and path template, and failing with the names of the
// operations that lack a success or a refusal. No server needed.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { gaps, operationOf, operations, tally, undocumented } from './coverage.mjs'

const run = promisify(execFile)
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'coverage.mjs')

const doc = {
  openapi: '3.0.3',
  servers: [{ url: '/' }],
  paths: {
    '/api/v1/health': { get: {} },
    '/api/v1/people': { get: {}, post: {} },
    '/api/v1/people/export': { get: {} },
    '/api/v1/people/{id}': { get: {}, patch: {} },
    '/api/v1/accounts/{id}/tokens/{token_id}': { delete: {} },
  },
}

describe('coverage check', () => {
  const ops = operations(doc)

  test('matches a call by method and path template, literal segments first', () => {
    assert.equal(operationOf(ops, 'GET', '/api/v1/people/7').key, 'GET /api/v1/people/{id}')
    assert.equal(operationOf(ops, 'GET', '/api/v1/people/abc').key, 'GET /api/v1/people/{id}')
    assert.equal(operationOf(ops, 'GET', '/api/v1/people/export').key, 'GET /api/v1/people/export')
    assert.equal(operationOf(ops, 'DELETE', '/api/v1/accounts/3/tokens/9').key,
      'DELETE /api/v1/accounts/{id}/tokens/{token_id}')
    assert.equal(operationOf(ops, 'DELETE', '/api/v1/people/7'), null, 'another method is not the operation')
    assert.equal(operationOf(ops, 'GET', '/api/v1/people/7/extra'), null, 'a template matches whole segments')
  })

  test('names each operation lacking a success or a refusal; 5xx counts as neither', () => {
    const seen = tally(ops, [
      { method: 'GET', path: '/api/v1/health', status: 200 },
      { method: 'GET', path: '/api/v1/people', status: 200 },
      { method: 'GET', path: '/api/v1/people', status: 403 },
      { method: 'POST', path: '/api/v1/people', status: 201 },
      { method: 'POST', path: '/api/v1/people', status: 500 },
      { method: 'GET', path: '/api/v1/people/export', status: 401 },
      { method: 'GET', path: '/api/v1/people/3', status: 200 },
      { method: 'GET', path: '/api/v1/people/x', status: 400 },
      { method: 'PATCH', path: '/api/v1/people/3', status: 409 },
      { method: 'PATCH', path: '/api/v1/people/3', status: 200 },
    ])
    assert.deepEqual(seen['GET /api/v1/people'], { success: 1, refusal: 1 })
    assert.deepEqual(gaps(seen), [
      'POST /api/v1/people: no call with a refusal (4xx)',
      'GET /api/v1/people/export: no call with a success (2xx/3xx)',
      'DELETE /api/v1/accounts/{id}/tokens/{token_id}: no call with a success (2xx/3xx) or a refusal (4xx)',
      'GET /api/v1/openapi.json: in the NO_REFUSAL list of coverage.mjs but not in the document',
      'GET /api/v1/vocabularies: in the NO_REFUSAL list of coverage.mjs but not in the document',
    ])
  })

  test('the command fails naming the operation, and passes once it is called both ways', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dx-coverage-'))
    try {
      const small = {
        openapi: '3.0.3',
        paths: {
          '/api/v1/health': { get: {} },
          '/api/v1/openapi.json': { get: {} },
          '/api/v1/vocabularies': { get: {} },
          '/api/v1/orgs/{id}': { get: {} },
        },
      }
      fs.writeFileSync(path.join(dir, 'doc.json'), JSON.stringify(small))
      const calls = path.join(dir, 'calls')
      fs.mkdirSync(calls)
      const lines = (rows) => rows.map((r) => JSON.stringify(r) + '\n').join('')
      fs.writeFileSync(path.join(calls, 'a-1.jsonl'), lines([
        { method: 'GET', path: '/api/v1/health', status: 200 },
        { method: 'GET', path: '/api/v1/openapi.json', status: 200 },
        { method: 'GET', path: '/api/v1/vocabularies', status: 200 },
        { method: 'GET', path: '/api/v1/orgs/1', status: 200 },
      ]))
      const failed = await run('node', [SCRIPT, '--doc', path.join(dir, 'doc.json'), calls]).catch((e) => e)
      assert.equal(failed.code, 1)
      assert.match(failed.stderr, /GET \/api\/v1\/orgs\/\{id\}: no call with a refusal \(4xx\)/)

      fs.writeFileSync(path.join(calls, 'b-2.jsonl'), lines([{ method: 'GET', path: '/api/v1/orgs/999', status: 404 }]))
      const passed = await run('node', [SCRIPT, '--doc', path.join(dir, 'doc.json'), calls])
      assert.match(passed.stdout, /coverage: all 4 operations called with a success and a refusal/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  test('names each 403, 409 or 422 a checked operation answered without documenting it', () => {
    const documented = operations({
      openapi: '3.0.3',
      paths: {
        '/api/v1/assessments/exams/{id}': { put: { responses: { 200: {}, 403: {}, 409: {} } } },
        '/api/v1/people/{id}': { patch: { responses: { 200: {} } } },
      },
    })
    const calls = [
      { method: 'PUT', path: '/api/v1/assessments/exams/3', status: 403 },
      { method: 'PUT', path: '/api/v1/assessments/exams/3', status: 409 },
      { method: 'PUT', path: '/api/v1/assessments/exams/3', status: 422 },
      { method: 'PUT', path: '/api/v1/assessments/exams/4', status: 422 },
      { method: 'PUT', path: '/api/v1/assessments/exams/4', status: 400 },
      { method: 'PATCH', path: '/api/v1/people/3', status: 422 },
    ]
    assert.deepEqual(undocumented(documented, calls), [
      'PUT /api/v1/assessments/exams/{id}: answered 422, not in its documented responses',
    ])
    assert.deepEqual(undocumented(documented, calls, ['/api/v1/people/']).length, 1)
  })

  test('no recorded calls is a failure, not a pass', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dx-coverage-'))
    try {
      fs.writeFileSync(path.join(dir, 'doc.json'), JSON.stringify(doc))
      const failed = await run('node', [SCRIPT, '--doc', path.join(dir, 'doc.json'), path.join(dir, 'none')])
        .catch((e) => e)
      assert.equal(failed.code, 1)
      assert.match(failed.stderr, /no API calls recorded/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
