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
//
// The takers run in CLIENTS node worker threads (CONNECTIONS keep-alive
// sockets shared among them). The load is closed-loop (a taker's next save
// waits for the last answer), so the script also prints what the schedule
// offered: the saves/s that would be sent were every save answered at once,
// what was sent on time, and the client's own timer lag. The schedule offers
// RATE saves/s once every taker has started (default 2,100: the issue's
// target is at least 2,000 saves/s sustained with p99 save under 50 ms, so
// p99 is measured at that rate, not above the server's capacity): each taker
// thinks up to 2 x THINK_MS before a save, THINK_MS = TAKERS / RATE seconds
// by default (5,000 takers: 2.4 s, a question read and answered in 0 to 4.8
// s, every taker busy from the end of the ramp for about 40 s). THINK_MS set
// overrides RATE (THINK_MS=1000: about 4,500/s, above capacity, where saves
// queue and p99 measures the queue). When the client lags (its event loops late by more
// than CLIENT_LAG_MS at p99) the figures measure node, not the server: the
// script says so and fails.
//   node bench/exam_load.mjs   TAKERS=5000 ANSWERS=30 RAMP=30 RATE=2100 (or THINK_MS) CRASH=0 CONNECTIONS=64 CLIENTS=2 [WORKERS=4 COMMIT_WORKERS=16]
import { execFileSync, spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const BIN = process.env.DUXING_BIN || path.join(REPO, 'build/duxing')
const TAKERS = +(process.env.TAKERS || 5000)
const ANSWERS = +(process.env.ANSWERS || 30)
const RAMP = +(process.env.RAMP || 30)
const RATE = +(process.env.RATE || 2100)
const THINK_MS = process.env.THINK_MS ? +process.env.THINK_MS : Math.round((TAKERS * 1000) / RATE)
const CRASH = process.env.CRASH === '1'
const CONNECTIONS = +(process.env.CONNECTIONS || 64)
const CLIENTS = Math.max(1, +(process.env.CLIENTS || 2))
// The server's worker pools, serve's own defaults unless set: --workers (4)
// and --commit-workers (16), the pool of the routes whose write waits for a
// group commit (a taker's start, answers and hand-in). A group holds at most
// one write per thread waiting on it: quiet machine, 2026-11-30, 2,100
// saves/s, every route on one pool: p99 save 233 ms with 4 threads, 56 ms
// with 8, 15 ms with 16, at the same server CPU per save.
const WORKERS = process.env.WORKERS || ''
const COMMIT_WORKERS = process.env.COMMIT_WORKERS || ''
const poolFlags = [...(WORKERS ? ['--workers', WORKERS] : []), ...(COMMIT_WORKERS ? ['--commit-workers', COMMIT_WORKERS] : [])]
const CLIENT_LAG_MS = +(process.env.CLIENT_LAG_MS || 100)
const PORT = +(process.env.PORT || 18491)
const PASSWORD = 'bench-pass-2021'
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dx-exam-load-'))
const dbFile = path.join(work, 'dx.db')
// An empty web root of its own: the static file layer opens the files of its
// root, and a close of any descriptor of the database file drops the
// process's SQLite locks (POSIX), so the database never lies in it.
const webRoot = path.join(work, 'web')
fs.mkdirSync(webRoot)
const dbUrl = `sqlite:${dbFile}`
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })  // the set-up's calls

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
  server = spawn(BIN, ['serve', '--db', dbUrl, '--listen', `127.0.0.1:${PORT}`, '--web', webRoot, '--max-connections-per-address', '100000',
    ...poolFlags], {
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
const cat = await call('POST', '/api/v1/assessments/categories', { ...admin, json: { org_id: +committeeId, name: '压力测试竞赛题' } })
if (cat.status !== 201) throw new Error('category: ' + cat.text)
const items = []
// Every question's options in the bank's order; 乙 is right. Takers answer in
// their paper's keys, the database stores the bank's index.
const OPTIONS = ['甲', '乙', '丙', '丁']
for (let i = 0; i < ANSWERS; i++) {
  const q = await call('POST', '/api/v1/assessments/questions', { ...admin, json: {
    org_id: +committeeId, category_id: cat.json.id, type: 'single', stem: `第 ${i + 1} 题`, options: OPTIONS, correct_options: [1] } })
  if (q.status !== 201) throw new Error('question: ' + q.text)
  items.push({ question_id: q.json.id, points: 1 })
}
const paper = await call('POST', '/api/v1/assessments/papers', { ...admin, json: { org_id: +committeeId, title: '竞赛', kind: 'fixed', items } })
const iso = (s) => new Date(Date.now() + s * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
const exam = await call('POST', '/api/v1/assessments/exams', { ...admin, json: {
  org_id: +committeeId, title: '党史知识竞赛', paper_id: paper.json.id, mode: 'closed_book', opens_at: iso(-60),
  closes_at: iso(86400), time_limit_seconds: 7200, grace_seconds: 60, published: true } })
if (exam.status !== 201) throw new Error('exam: ' + exam.text)

// The server's CPU time (user + system, ms) so far: per acknowledged save it
// tells the cost of a save however busy the machine is (a shared machine's
// other work slows the run, not the CPU a save takes).
const CLOCK_TICK_MS = 1000 / +execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })
function serverCpuMs() {
  try {
    const f = fs.readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (+f[11] + +f[12]) * CLOCK_TICK_MS  // utime, stime (fields 14, 15)
  } catch { return 0 }
}
let cpuMs = -serverCpuMs()

// --- the run, in CLIENTS threads
const t0 = performance.timeOrigin + performance.now()
const progress = new Array(CLIENTS).fill(0)
const saves = () => progress.reduce((x, y) => x + y, 0)
const results = []
const clients = Array.from({ length: CLIENTS }, (_, w) => {
  const from = Math.floor((TAKERS * w) / CLIENTS), to = Math.floor((TAKERS * (w + 1)) / CLIENTS)
  const worker = new Worker(new URL('./exam_load_client.mjs', import.meta.url), { workerData: {
    port: PORT, ANSWERS, RAMP, THINK_MS, examId: exam.json.id, tokens: tokens.slice(from, to), from, to,
    sockets: Math.max(1, Math.floor(CONNECTIONS / CLIENTS)), t0 } })
  return new Promise((resolve, reject) => {
    worker.on('message', (m) => {
      if (m.progress !== undefined) progress[w] = m.progress
      if (m.done) results[w] = m.done
    })
    worker.on('error', reject)
    worker.on('exit', (code) => (results[w] ? resolve() : reject(new Error(`client ${w} exited ${code}`))))
  })
})
const rssTimer = setInterval(rss, 200)
const run = Promise.all(clients)
if (CRASH) {
  // Kill when about half of all saves were acknowledged, then restart.
  while (saves() < (TAKERS * ANSWERS) / 2) await sleep(50)
  rss()
  cpuMs += serverCpuMs()
  server.kill('SIGKILL')
  console.log(`SIGKILL after ${saves()} acknowledged saves`)
  await new Promise((r) => server.once('exit', r))
  await startServer()
  cpuMs -= serverCpuMs()
}
await run
const seconds = (performance.timeOrigin + performance.now() - t0) / 1000
rss()
cpuMs += serverCpuMs()
clearInterval(rssTimer)
server.kill('SIGTERM')
await new Promise((r) => server.once('exit', r))
const all = (k) => results.flatMap((r) => r[k])
const saveMs = all('saveMs'), submitMs = all('submitMs'), acked = all('acked'), submitted = new Set(all('submitted'))
const retries = results.reduce((n, r) => n + r.retries, 0)
const retryWhy = {}
for (const r of results) for (const [k, v] of Object.entries(r.retryWhy)) retryWhy[k] = (retryWhy[k] || 0) + v
const failedTakers = results.reduce((n, r) => n + r.failed, 0)
for (const r of results) for (const e of r.errors) console.log(e)
const clientLag = Math.max(...results.map((r) => r.lagP99))
// Per second of the run: saves the schedule offered, sent and acknowledged.
const perSecond = (times) => {
  const n = new Array(Math.ceil(seconds) + 600).fill(0)
  for (const t of times) n[Math.max(0, Math.floor(t / 1000))]++
  return n
}
const best = (counts, window = 10) => {
  let top = 0
  for (let i = 0; i + window <= counts.length; i++) top = Math.max(top, counts.slice(i, i + window).reduce((x, y) => x + y, 0) / window)
  return top
}
const offeredPeak = best(perSecond(all('planned')))
const sentPeak = best(perSecond(all('sent')))
const ackedPeak = best(perSecond(acked.map((x) => x[4])))

// --- checks against the database
const stored = new Map(sql('SELECT attempt_id, question_id, seq, value FROM attempt_answers')
  .map(([a, q, s, v]) => [`${a}/${q}`, { seq: +s, value: v }]))
let lost = 0
for (const [a, q, seq, text] of acked) {
  const s = stored.get(`${a}/${q}`)
  if (!s || s.seq < seq || (s.seq === seq && OPTIONS[+s.value] !== text)) lost++
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
console.log(`server: ${poolFlags.join(' ') || 'default worker pools'}; client: ${CLIENTS} node threads, ${CONNECTIONS} connections, timer lag p99 ${clientLag.toFixed(1)} ms (limit ${CLIENT_LAG_MS} ms)`)
console.log(`offered by the schedule ${offeredPeak.toFixed(0)} saves/s, sent ${sentPeak.toFixed(0)} saves/s, acknowledged ${ackedPeak.toFixed(0)} saves/s sustained (busiest 10 s of each)`)
console.log(`saves ${acked.length} in ${seconds.toFixed(1)} s: ${(acked.length / seconds).toFixed(0)} saves/s over the whole run (ramp and think time included), retries ${retries} ${JSON.stringify(retryWhy)}`)
console.log(`p99 save ${p99(saveMs).toFixed(1)} ms, p99 submit ${p99(submitMs).toFixed(1)} ms`)
// Save latency by when the save was sent: during the ramp every taker's start
// (a paper drawn and written) competes with the saves; after it only saves and
// hand-ins run.
const saveSent = all('saveSent')
const windows = new Map()
for (let i = 0; i < saveMs.length; i++) {
  const w = Math.floor(saveSent[i] / 10000)
  if (!windows.has(w)) windows.set(w, [])
  windows.get(w).push(saveMs[i])
}
console.log('save latency by 10 s window of sending: ' + [...windows.keys()].sort((a, b) => a - b)
  .map((w) => `${w * 10}s ${(windows.get(w).length / 10).toFixed(0)}/s p99 ${p99(windows.get(w)).toFixed(0)}`).join('; '))
const afterRamp = saveMs.filter((_, i) => saveSent[i] >= RAMP * 1000)
console.log(`p99 save once every taker has started (sent after ${RAMP} s): ${p99(afterRamp).toFixed(1)} ms over ${afterRamp.length} saves`)
console.log(`lost acknowledged saves ${lost}, lost submissions ${lostSubmits}, scores differing from a recomputation ${wrongScores}`)
console.log(`takers whose run failed ${failedTakers}; journal ${sql('PRAGMA journal_mode')[0]}`)
console.log(`server peak RSS ${(peakRssKb / 1024).toFixed(0)} MB; server CPU ${(cpuMs / 1000).toFixed(1)} s, ${(cpuMs / Math.max(1, acked.length + submitted.size)).toFixed(3)} ms per acknowledged save or hand-in`)
const met = (ok) => (ok ? 'MET' : 'NOT MET')
if (!CRASH) {  // across a kill and restart, saves wait for the new process: no latency target
  console.log(`targets (issue 10): p99 save < 50 ms ${met(p99(saveMs) < 50)}; >= 2,000 saves/s acknowledged sustained ${met(ackedPeak >= 2000)}`)
}
console.log(`targets (issue 10): 0 lost ${met(!lost && !lostSubmits && !wrongScores)}; peak RSS < 500 MB ${met(peakRssKb < 500 * 1024)}`)
for (const l of fs.readFileSync(path.join(work, 'serve.log'), 'utf8').split('\n')) {
  if (/warn|error|queue|budget|limit/i.test(l) && !/ 200 |" 200|status=200/.test(l)) console.log('server:', l.slice(0, 300))
}
fs.rmSync(work, { recursive: true, force: true })
let clientBound = false
if (clientLag > CLIENT_LAG_MS) {
  console.log(`!!! THE CLIENT IS THE BOTTLENECK: node's timers ran ${clientLag.toFixed(0)} ms late at p99; the figures above measure node, not the server (raise CLIENTS or free the machine)`)
  clientBound = true
}
process.exit(lost || lostSubmits || wrongScores || failedTakers || clientBound ? 1 : 0)
