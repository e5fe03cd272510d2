#!/usr/bin/env node
// Operation coverage of the API tests: every operation of the OpenAPI document
// must have been called at least once with a success (2xx/3xx) and once with a
// refusal (4xx). Reads the calls the harness recorded (harness.mjs,
// DUXING_API_CALLS_DIR: one JSON line {method, path, status} per call) and the
// document the binary serves (`duxing openapi`, or --doc FILE). Exits 1 naming
// every operation that lacks either; prints one line per operation otherwise.
//
//   node tests/api/coverage.mjs [--doc FILE] [CALLS_DIR]
//
// CALLS_DIR defaults to test-output/api-calls/<DUXING_DB_KIND or sqlite>.
// scripts/test.sh empties it before each engine's API tests and runs this after.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = process.env.DUXING_BIN || path.join(REPO, 'build/duxing')
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

// Paths whose operations must document every 403, 409 and 422 the API tests
// saw them answer (the contract a client codes against); a module joins once
// its document does.
export const STATUS_CHECKED = ['/api/v1/assessments/', '/api/v1/events', '/api/v1/event-rates/']
const CHECKED_STATUSES = new Set([403, 409, 422])

// Operations that cannot be refused: public, without parameters or body, so no
// request to them is wrong. Each needs a reason; keep this list short.
const NO_REFUSAL = new Map([
  ['GET /api/v1/health', 'public liveness probe, takes nothing'],
  ['GET /api/v1/openapi.json', 'public document, takes nothing'],
  ['GET /api/v1/vocabularies', 'public labels, takes nothing'],
])

/** The operations of `doc`: [{key: 'GET /api/v1/x/{id}', method, regex, literals}]. */
export function operations(doc) {
  const base = new URL(doc.servers?.[0]?.url ?? '/', 'http://x').pathname.replace(/\/$/, '')
  const ops = []
  for (const [template, item] of Object.entries(doc.paths ?? {})) {
    const full = template.startsWith('/api/') ? template : base + template
    const parts = full.split('/')
    const regex = new RegExp('^' + parts.map((s) =>
      /^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('/') + '$')
    const literals = parts.filter((s) => !/^\{[^}]+\}$/.test(s)).length
    for (const m of METHODS) {
      if (item[m]) {
        ops.push({ key: `${m.toUpperCase()} ${full}`, method: m.toUpperCase(), regex, literals,
          statuses: new Set(Object.keys(item[m].responses ?? {})) })
      }
    }
  }
  return ops
}

/**
 * The operation a call is to, or null: same method, path matching the
 * template; where several match (/people/export and /people/{id}) the one
 * with more literal segments, as the router prefers.
 */
export function operationOf(ops, method, urlPath) {
  let best = null
  for (const op of ops) {
    if (op.method !== method || !op.regex.test(urlPath)) continue
    if (!best || op.literals > best.literals) best = op
  }
  return best
}

/** {key: {success, refusal}} for every operation, from the recorded calls. */
export function tally(ops, calls) {
  const seen = Object.fromEntries(ops.map((o) => [o.key, { success: 0, refusal: 0 }]))
  for (const c of calls) {
    const op = operationOf(ops, c.method, c.path)
    if (!op) continue
    if (c.status >= 200 && c.status < 400) seen[op.key].success++
    else if (c.status >= 400 && c.status < 500) seen[op.key].refusal++
  }
  return seen
}

/** The lines naming what is missing (empty when coverage is complete). */
export function gaps(seen) {
  const out = []
  for (const [key, s] of Object.entries(seen)) {
    const missing = []
    if (s.success === 0) missing.push('a success (2xx/3xx)')
    if (s.refusal === 0 && !NO_REFUSAL.has(key)) missing.push('a refusal (4xx)')
    if (missing.length) out.push(`${key}: no call with ${missing.join(' or ')}`)
  }
  for (const key of NO_REFUSAL.keys()) {
    if (!(key in seen)) out.push(`${key}: in the NO_REFUSAL list of coverage.mjs but not in the document`)
  }
  return out
}

/**
 * The lines naming each 403, 409 or 422 that an operation under
 * STATUS_CHECKED (or `prefixes`) answered without documenting it.
 */
export function undocumented(ops, calls, prefixes = STATUS_CHECKED) {
  const out = new Set()
  for (const c of calls) {
    if (!CHECKED_STATUSES.has(c.status)) continue
    const op = operationOf(ops, c.method, c.path)
    if (!op || !prefixes.some((p) => op.key.split(' ')[1].startsWith(p))) continue
    if (!op.statuses.has(String(c.status))) out.add(`${op.key}: answered ${c.status}, not in its documented responses`)
  }
  return [...out].sort()
}

function readCalls(dir) {
  if (!fs.existsSync(dir)) return []
  const calls = []
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (line) calls.push(JSON.parse(line))
    }
  }
  return calls
}

function main(argv) {
  let docFile = null
  const rest = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--doc') docFile = argv[++i]
    else rest.push(argv[i])
  }
  const dir = rest[0] ??
    path.join(REPO, 'test-output/api-calls', process.env.DUXING_DB_KIND || 'sqlite')
  const doc = JSON.parse(docFile ? fs.readFileSync(docFile, 'utf8')
    : execFileSync(BIN, ['openapi'], { encoding: 'utf8', maxBuffer: 64 << 20 }))
  const calls = readCalls(dir)
  if (calls.length === 0) {
    console.error(`coverage: no API calls recorded in ${dir} (run the API tests first)`)
    return 1
  }
  const ops = operations(doc)
  const seen = tally(ops, calls)
  for (const [key, s] of Object.entries(seen)) {
    console.log(`${key}: ${s.success} success, ${s.refusal} refusal`)
  }
  const unlisted = undocumented(ops, calls)
  if (unlisted.length) {
    console.error(`\ncoverage: ${unlisted.length} statuses answered but not documented:`)
    for (const m of unlisted) console.error(`  ${m}`)
    return 1
  }
  const missing = gaps(seen)
  if (missing.length) {
    console.error(`\ncoverage: ${missing.length} of ${ops.length} operations not exercised both ways ` +
      `by the API tests (${calls.length} calls in ${dir}):`)
    for (const m of missing) console.error(`  ${m}`)
    return 1
  }
  console.log(`coverage: all ${ops.length} operations called with a success and a refusal ` +
    `(${calls.length} calls)`)
  return 0
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2))
}
