// The bureau's knowledge competition times a city (bench/exam_load.sh runs
// it): TAKERS takers start a closed-book exam within RAMP seconds, each saves
// ANSWERS answers with think time and hands in. Prints saves/s, p99 of save
// and of submit, the lost acknowledged saves and submissions (checked in the
// database after the run: every acknowledged save's seq is stored or
// overtaken, every acknowledged hand-in is submitted, each score equals a
// recomputation from the stored answers) and the server's peak resident
// memory. CRASH=1: the server is killed with SIGKILL in the middle of the run
// and restarted; clients retry what was not acknowledged (saves with the same
// seq: idempotent). SQLite only (the database is read with sqlite3). The
// server allows every connection from the one client address (a city's
// takers come from many: --max-connections-per-address).
//   node bench/exam_load.mjs   TAKERS=5000 ANSWERS=30 RAMP=30 THINK_MS=1000 CRASH=0 CONNECTIONS=64
import { execFileSync, spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const BIN = process.env.DUXING_BIN || path.join(REPO, 'build/duxing')
const TAKERS = +(process.env.TAKERS || 5000)
const ANSWERS = +(process.env.ANSWERS || 30)
const RAMP = +(process.env.RAMP || 30)
const THINK_MS = +(process.env.THINK_MS || 1000)
const CRASH = process.env.CRASH === '1'
const CONNECTIONS = +(process.env.CONNECTIONS || 64)
const PORT = +(process.env.PORT || 18491)
const PASSWORD = 'bench-pass-2021'
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dx-exam-load-'))
const dbFile = path.join(work, 'dx.db')
// An empty web root of its own: the static file layer opens the files of its
// root, and a close of any descriptor of the database file drops the
// process's SQLite locks (POSIX), so the database never lies in it.
const webRoot = path.join(work, 'web')
fs.mkdirSync(webRoot)
const dbUrl = `sqlite:${dbFile}`
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS })
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function sql(query) {
  return execFileSync('sqlite3', ['-separator', '\t', dbFile, query], { encoding: 'utf8', maxBuffer: 1 << 30 })
    .split('\n').filter(Boolean).map((l) => l.split('\t'))
}

let server = null
// Whatever happens, the server this script started does not outlive it.
process.on('exit', () => { try { server?.kill('SIGKILL') } catch {} })
let peakRssKb = 0
function rss() {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'))
    if (m) peakRssKb = Math.max(peakRssKb, +m[1])
  } catch {}
}
async function startServer() {
  server = spawn(BIN, ['serve', '--db', dbUrl, '--listen', `127.0.0.1:${PORT}`, '--web', webRoot, '--max-connections-per-address', '100000'], {
    stdio: ['ignore', fs.openSync(path.join(work, 'serve.log'), 'a'), fs.openSync(path.join(work, 'serve.log'), 'a')],
  })
  for (let i = 0; i < 600; i++) {
    try {
      if ((await call('GET', '/api/v1/health', { fresh: true })).status === 200) return
    } catch {}
    await sleep(50)
  }
  throw new Error('server did not start: ' + fs.readFileSync(path.join(work, 'serve.log'), 'utf8').slice(-2000))
}

function call(method, p, { token, cookie, csrf, json, fresh } = {}) {
  return new Promise((resolve, reject) => {
    const body = json === undefined ? null : Buffer.from(JSON.stringify(json))
    const headers = {}
    if (body) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = body.length }
    if (token) headers.Authorization = `Bearer ${token}`
    if (cookie) headers.Cookie = cookie
    if (csrf) headers['X-CSRF-Token'] = csrf
    const req = http.request({ host: '127.0.0.1', port: PORT, method, path: p, headers, agent: fresh ? false : agent }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString()
        let parsed = null
        try { parsed = JSON.parse(text) } catch {}
        resolve({ status: res.statusCode, json: parsed, text, headers: res.headers })
      })
    })
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    if (body) req.write(body)
    req.end()
  })
}

// --- set-up: the demo bureau, TAKERS members with API tokens, a bank, a paper, an exam
fs.writeFileSync(path.join(work, 'pw'), PASSWORD + '\n')
execFileSync(BIN, ['init', '--db', dbUrl, '--demo', '--demo-password-file', path.join(work, 'pw')], { stdio: 'ignore' })
const [[branchId, branchPath]] = sql("SELECT id, path FROM orgs WHERE name = '机关第一支部'")
const tokens = Array.from({ length: TAKERS }, () => 'dx_' + crypto.randomBytes(32).toString('hex'))
const hashes = execFileSync('python3', ['-c',
  'import sys,hashlib\nfor l in sys.stdin: print(hashlib.blake2b(l.strip().encode(),digest_size=32).hexdigest())'],
{ input: tokens.join('\n') + '\n', encoding: 'utf8' }).trim().split('\n')
const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
let seed = "BEGIN;\n"
for (let i = 0; i < TAKERS; i++) {
  seed += `INSERT INTO people (id, name, category, org_id, org_path, created_at, updated_at) VALUES (${900000 + i}, '考生${i}', 'member', ${branchId}, '${branchPath}', '${now}', '${now}');\n`
  seed += `INSERT INTO accounts (id, username, display_name, password_hash, person_id, created_at, updated_at) SELECT ${900000 + i}, 'taker${i}', '考生${i}', password_hash, ${900000 + i}, '${now}', '${now}' FROM accounts WHERE username = 'dangyuan1';\n`
  seed += `INSERT INTO role_grants (account_id, role, org_id, created_at) VALUES (${900000 + i}, 'member', ${branchId}, '${now}');\n`
  seed += `INSERT INTO api_tokens (account_id, name, token_hash, created_at) VALUES (${900000 + i}, 'bench', '${hashes[i]}', '${now}');\n`
}
seed += 'COMMIT;\n'
fs.writeFileSync(path.join(work, 'seed.sql'), seed)
execFileSync('sqlite3', [dbFile, `.read ${path.join(work, 'seed.sql')}`])

const [[committeeId]] = sql("SELECT id FROM orgs WHERE name = '市统计局机关党委'")
await startServer()
const login = await call('POST', '/api/v1/auth/login', { json: { username: 'dangwei', password: PASSWORD } })
if (login.status !== 200) throw new Error('login: ' + login.text)
const admin = { cookie: /duxing_session=[^;]+/.exec([].concat(login.headers['set-cookie']).join(';'))[0], csrf: login.json.csrf_token }
const cat = await call('POST', '/api/v1/assessments/categories', { ...admin, json: { org_id: +committeeId, name: '党史' } })
if (cat.status !== 201) throw new Error('category: ' + cat.text)
const items = []
for (let i = 0; i < ANSWERS; i++) {
  const q = await call('POST', '/api/v1/assessments/questions', { ...admin, json: {
    org_id: +committeeId, category_id: cat.json.id, type: 'single', stem: `第 ${i + 1} 题`, options: ['甲', '乙', '丙', '丁'], correct_options: [1] } })
  if (q.status !== 201) throw new Error('question: ' + q.text)
  items.push({ question_id: q.json.id, points: 1 })
}
const paper = await call('POST', '/api/v1/assessments/papers', { ...admin, json: { org_id: +committeeId, title: '竞赛', kind: 'fixed', items } })
const iso = (s) => new Date(Date.now() + s * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
const exam = await call('POST', '/api/v1/assessments/exams', { ...admin, json: {
  org_id: +committeeId, title: '党史知识竞赛', paper_id: paper.json.id, mode: 'closed_book', opens_at: iso(-60),
  closes_at: iso(86400), time_limit_seconds: 7200, grace_seconds: 60, published: true } })
if (exam.status !== 201) throw new Error('exam: ' + exam.text)

// --- the run
const saveMs = [], submitMs = []
const acked = []  // [attempt, question, seq, value]
const submitted = new Set()
let saves = 0, retries = 0
const retryWhy = {}
async function retrying(fn) {
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fn()
      if (r.status < 500 && r.status !== 429) return r
      retryWhy[r.status] = (retryWhy[r.status] || 0) + 1
      if (process.env.VERBOSE) console.log(r.status, r.text.slice(0, 200))
    } catch (e) {
      retryWhy[e.code || e.message] = (retryWhy[e.code || e.message] || 0) + 1
    }
    retries++
    await sleep(100)
  }
  throw new Error('gave up after 200 tries')
}
async function taker(i) {
  await sleep(Math.random() * RAMP * 1000)
  const token = tokens[i]
  const a = await retrying(() => call('POST', `/api/v1/assessments/exams/${exam.json.id}/attempts`, { token }))
  if (a.status !== 200) throw new Error('start: ' + a.text)
  const qs = a.json.questions
  for (let k = 0; k < ANSWERS; k++) {
    await sleep(Math.random() * THINK_MS * 2)
    const q = qs[k % qs.length]
    const value = [q.options[Math.floor(Math.random() * q.options.length)].key]
    const t0 = performance.now()
    const r = await retrying(() => call('PUT', `/api/v1/assessments/attempts/${a.json.id}/answers/${q.question_id}`, { token, json: { value, seq: k + 1 } }))
    saveMs.push(performance.now() - t0)
    if (r.status !== 200) throw new Error(`save: taker ${i} attempt ${a.json.id} (person ${a.json.person_id}, started ${a.json.started_at}) question ${q.question_id} seq ${k + 1}: ` + r.text)
    acked.push([a.json.id, q.question_id, k + 1, value[0]])
    saves++
  }
  const t0 = performance.now()
  const s = await retrying(() => call('POST', `/api/v1/assessments/attempts/${a.json.id}/submit`, { token }))
  submitMs.push(performance.now() - t0)
  if (s.status !== 200) throw new Error('submit: ' + s.text)
  submitted.add(a.json.id)
}
const rssTimer = setInterval(rss, 200)
const t0 = performance.now()
let failedTakers = 0
const run = Promise.all(Array.from({ length: TAKERS }, (_, i) => taker(i).catch((e) => {
  if (failedTakers++ < 3) console.log(String(e.message).slice(0, 400))
})))
if (CRASH) {
  // Kill when about half of all saves were acknowledged, then restart.
  while (saves < (TAKERS * ANSWERS) / 2) await sleep(50)
  rss()
  server.kill('SIGKILL')
  console.log(`SIGKILL after ${saves} acknowledged saves`)
  await new Promise((r) => server.once('exit', r))
  await startServer()
}
await run
const seconds = (performance.now() - t0) / 1000
rss()
clearInterval(rssTimer)
server.kill('SIGTERM')
await new Promise((r) => server.once('exit', r))

// --- checks against the database
const stored = new Map(sql('SELECT attempt_id, question_id, seq, value FROM attempt_answers')
  .map(([a, q, s, v]) => [`${a}/${q}`, { seq: +s, value: v }]))
let lost = 0
for (const [a, q, seq, value] of acked) {
  const s = stored.get(`${a}/${q}`)
  if (!s || s.seq < seq || (s.seq === seq && s.value !== value)) lost++
}
const status = new Map(sql('SELECT id, status, score FROM attempts').map(([id, st, sc]) => [+id, { st, sc: +sc }]))
let lostSubmits = 0
for (const id of submitted) if (status.get(id)?.st !== 'submitted') lostSubmits++
const recomputed = new Map()
for (const [key, s] of stored) {
  const a = +key.split('/')[0]
  recomputed.set(a, (recomputed.get(a) || 0) + (s.value === '1' ? 100 : 0))
}
let wrongScores = 0
for (const id of submitted) if ((recomputed.get(id) || 0) !== status.get(id)?.sc) wrongScores++
const p99 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] : 0 }
console.log(`takers ${TAKERS}, answers each ${ANSWERS}, ramp ${RAMP} s, think ≤ ${2 * THINK_MS} ms, crash ${CRASH ? 'SIGKILL + restart' : 'no'}`)
console.log(`saves ${saves} in ${seconds.toFixed(1)} s: ${(saves / seconds).toFixed(0)} saves/s (think time included), retries ${retries} ${JSON.stringify(retryWhy)}`)
console.log(`p99 save ${p99(saveMs).toFixed(1)} ms, p99 submit ${p99(submitMs).toFixed(1)} ms`)
console.log(`lost acknowledged saves ${lost}, lost submissions ${lostSubmits}, scores differing from a recomputation ${wrongScores}`)
console.log(`takers whose run failed ${failedTakers}; journal ${sql('PRAGMA journal_mode')[0]}`)
console.log(`server peak RSS ${(peakRssKb / 1024).toFixed(0)} MB`)
for (const l of fs.readFileSync(path.join(work, 'serve.log'), 'utf8').split('\n')) {
  if (/warn|error|queue|budget|limit/i.test(l) && !/ 200 |" 200|status=200/.test(l)) console.log('server:', l.slice(0, 300))
}
fs.rmSync(work, { recursive: true, force: true })
process.exit(lost || lostSubmits || wrongScores || failedTakers ? 1 : 0)
