// Harness for the API tests: each test file starts its own `duxing serve` on a
// fresh database (SQLite file or a new PostgreSQL database) with the demo
// bureau, and talks HTTP to it.
//
// Environment:
//   DUXING_BIN       the binary (default <repo>/build/duxing)
//   DUXING_DB_KIND   sqlite (default) | postgresql
//   DUXING_PG_DIR, DUXING_PG_PORT   for postgresql: the server started with
//                    scripts/pg-test-server.sh start DIR PORT
//   DUXING_API_CALLS_DIR   where every request made through request() (and so
//                    every Client) is recorded, one JSON line {method, path,
//                    status} per call, one file per test process (default
//                    test-output/api-calls/<DB_KIND>); tests/api/coverage.mjs
//                    reads them
import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const BIN = process.env.DUXING_BIN || path.join(REPO, 'build/duxing')
export const DB_KIND = process.env.DUXING_DB_KIND || 'sqlite'
export const PASSWORD = 'api-test-pass-2021'
export const API = '/api/v1'
const PG_SCRIPT = path.join(REPO, 'scripts/pg-test-server.sh')
const PGBIN = process.env.PGBIN || '/usr/lib/postgresql/15/bin'
const LOG_DIR = path.join(REPO, 'test-output/api')
const CALLS_DIR = process.env.DUXING_API_CALLS_DIR || path.join(REPO, 'test-output/api-calls', DB_KIND)
const callsFile = path.join(CALLS_DIR,
  `${path.basename(process.argv[1] || 'node', '.mjs')}-${process.pid}.jsonl`)
let callsDirMade = false

/** Appends one API call to this process's record (see DUXING_API_CALLS_DIR). */
function recordCall(method, urlPath, status) {
  const p = urlPath.split('?')[0]
  if (!p.startsWith(API + '/')) return
  if (!callsDirMade) {
    fs.mkdirSync(CALLS_DIR, { recursive: true })
    callsDirMade = true
  }
  fs.appendFileSync(callsFile, JSON.stringify({ method, path: p, status }) + '\n')
}

// One keep-alive-free agent: every request opens its own connection, so no
// socket outlives a test and SIGTERM finds the server idle.
const agent = new http.Agent({ keepAlive: false })

/** Makes a fresh, empty database; returns {url, drop()}. */
async function freshDatabase(dir, label) {
  if (DB_KIND === 'sqlite') {
    return { url: `sqlite:${path.join(dir, 'duxing.db')}`, drop: async () => {} }
  }
  if (DB_KIND !== 'postgresql') throw new Error(`DUXING_DB_KIND must be sqlite or postgresql, not ${DB_KIND}`)
  const pgDir = process.env.DUXING_PG_DIR
  const pgPort = process.env.DUXING_PG_PORT
  if (!pgDir || !pgPort) {
    throw new Error('DUXING_DB_KIND=postgresql needs DUXING_PG_DIR and DUXING_PG_PORT ' +
      '(scripts/pg-test-server.sh start DIR PORT)')
  }
  const name = `dxapi_${label}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`
    .toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 63)
  const { stdout } = await run(PG_SCRIPT, ['createdb', pgDir, pgPort, name])
  const url = stdout.trim().split('\n').pop()
  assert.match(url, /^postgresql:\/\//)
  return {
    url,
    // Best effort: keeps the test cluster from filling up across runs.
    drop: async () => {
      try {
        await run(path.join(PGBIN, 'psql'), ['-X', '-q', '-h', '127.0.0.1', '-p', pgPort, '-U', 'postgres',
          '-d', 'postgres', '-c', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`])
      } catch { /* the cluster may already be gone */ }
    },
  }
}

// How long stop() waits for the exit after SIGTERM before it takes the server
// for hung: well past the server's own bounds (shutdown grace 20 s).
const STOP_HANG_MS = 90_000

/** Spawns `duxing serve` on port 0; resolves once the port is known and /health answers. */
export async function spawnServe(dbUrl, { web = path.join(REPO, 'web/dist'), logFile, args = [] } = {}) {
  const child = spawn(BIN, ['serve', '--db', dbUrl, '--listen', '127.0.0.1:0', '--web', web, '--workers', '2', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  let port
  try {
    port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not report its port in 20 s:\n${log}`)), 20_000)
      const onData = (chunk) => {
        log += chunk
        if (logFile) fs.appendFileSync(logFile, chunk)
        const m = /serving http:\/\/127\.0\.0\.1:(\d+)/.exec(log)
        if (m) {
          clearTimeout(timer)
          resolve(Number(m[1]))
        }
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', onData)
      exited.then(({ code, signal }) => {
        clearTimeout(timer)
        reject(new Error(`server exited early (${code ?? signal}):\n${log}`))
      })
    })
  } catch (e) {
    child.kill('SIGKILL')
    throw e
  }
  const srv = {
    port,
    base: `http://127.0.0.1:${port}`,
    process: child,
    exited,
    log: () => log,
    /**
     * SIGTERM, then waits for the exit. Returns {code, signal, ms}. The server
     * bounds its own stop (requests being answered get a 20-s grace;
     * a job run gives up); SIGKILL only after STOP_HANG_MS, a hang detector
     * (the answer then has signal 'SIGKILL' and the log says so).
     */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return { ...(await exited), ms: 0 }
      const t0 = Date.now()
      child.kill('SIGTERM')
      const timer = setTimeout(() => {
        log += `\n[harness] no exit ${STOP_HANG_MS / 1000} s after SIGTERM: SIGKILL\n`
        child.kill('SIGKILL')
      }, STOP_HANG_MS)
      const r = await exited
      clearTimeout(timer)
      return { ...r, ms: Date.now() - t0 }
    },
  }
  try {
    for (let i = 0; ; i++) {
      const r = await request(srv, 'GET', `${API}/health`).catch((e) => e)
      if (r.status === 200) break
      if (i > 100) throw new Error(`/health did not answer 200 in 10 s: ${r.status ?? r}\n${log}`)
      await new Promise((res) => setTimeout(res, 100))
    }
  } catch (e) {
    child.kill('SIGKILL')
    throw e
  }
  return srv
}

/**
 * Starts a server for one test file: fresh database, `init --demo` with a
 * password file, `serve`. Returns {base, port, dbUrl, stop(), restart()}.
 * Call it at the top of a test file and register `after(() => srv.stop())`.
 */
export async function startServer(label = 'api', opts = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dx-api-'))
  const pwFile = path.join(dir, 'pw')
  fs.writeFileSync(pwFile, PASSWORD + '\n')
  let db = null
  let current
  const logFile = path.join(LOG_DIR, `${label}-${DB_KIND}.log`)
  try {
    db = await freshDatabase(dir, label)
    await run(BIN, ['init', '--db', db.url, '--demo', '--demo-password-file', pwFile])
    fs.mkdirSync(LOG_DIR, { recursive: true })
    fs.writeFileSync(logFile, '')
    current = await spawnServe(db.url, { ...opts, logFile })
  } catch (e) {
    await db?.drop()
    fs.rmSync(dir, { recursive: true, force: true })
    throw e
  }
  const handle = {
    dbUrl: db.url,
    get base() { return current.base },
    get port() { return current.port },
    get process() { return current.process },
    /** Resolves with {code, signal} when the running server exits. */
    get exited() { return current.exited },
    log: () => current.log(),
    /** Stops the running server (SIGTERM) and returns how it ended. */
    stopServer: () => current.stop(),
    /** Stops (if running) and starts a new server on the same database. */
    async restart(o = {}) {
      await current.stop()
      current = await spawnServe(db.url, { ...opts, ...o, logFile })
      return handle
    },
    /** Stops the server and removes the database. */
    async stop() {
      await current.stop()
      await db.drop()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
  return handle
}

/**
 * One HTTP request with node:http. `body` is a string/Buffer sent as is,
 * `json` is serialized. Returns {status, headers, text, json, body}.
 */
export function request(srv, method, urlPath, { headers = {}, body, json, localAddress, timeout = 30_000 } = {}) {
  let payload = body
  const h = { ...headers }
  if (json !== undefined) {
    payload = JSON.stringify(json)
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json'
  }
  if (payload !== undefined) h['Content-Length'] = Buffer.byteLength(payload)
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: srv.port, method, path: urlPath, headers: h, agent, localAddress, timeout,
    }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const buf = Buffer.concat(chunks)
        const text = buf.toString('utf8')
        let parsed
        if (/json/.test(res.headers['content-type'] || '') && text.length) {
          try { parsed = JSON.parse(text) } catch { parsed = undefined }
        }
        recordCall(method, urlPath, res.statusCode)
        resolve({ status: res.statusCode, headers: res.headers, text, json: parsed, body: buf })
      })
    })
    req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: timed out`)))
    req.on('error', reject)
    if (payload !== undefined) req.write(payload)
    req.end()
  })
}

/**
 * A signed-in (or anonymous) caller. Keeps the session cookie and the CSRF
 * token; sends X-CSRF-Token on unsafe methods unless told otherwise
 * (`csrf: false` omits it, `csrf: 'x'` sends 'x'). With `bearer` it sends
 * Authorization: Bearer instead of the cookie.
 */
export class Client {
  constructor(srv, { bearer, localAddress } = {}) {
    this.srv = srv
    this.cookie = null
    this.csrf = null
    this.bearer = bearer ?? null
    this.localAddress = localAddress
    this.user = null
  }

  async request(method, p, opts = {}) {
    const headers = { ...(opts.headers || {}) }
    if (this.cookie && opts.cookie !== false) headers.Cookie = `duxing_session=${this.cookie}`
    if (this.bearer) headers.Authorization = `Bearer ${this.bearer}`
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method)
    const csrf = 'csrf' in opts ? opts.csrf : this.csrf
    if (unsafe && csrf) headers['X-CSRF-Token'] = csrf
    const url = p.startsWith('/api/') ? p : API + p
    const res = await request(this.srv, method, url, {
      headers, body: opts.body, json: opts.json, localAddress: opts.localAddress ?? this.localAddress,
      timeout: opts.timeout,
    })
    for (const c of [].concat(res.headers['set-cookie'] || [])) {
      const m = /^duxing_session=([^;]*)/.exec(c)
      if (m) this.cookie = /Max-Age=0/i.test(c) || !m[1] ? null : m[1]
    }
    return res
  }

  get(p, opts) { return this.request('GET', p, opts) }
  post(p, json, opts = {}) { return this.request('POST', p, { ...opts, json: json ?? opts.json }) }
  patch(p, json, opts = {}) { return this.request('PATCH', p, { ...opts, json }) }
  put(p, json, opts = {}) { return this.request('PUT', p, { ...opts, json }) }
  del(p, opts) { return this.request('DELETE', p, opts) }

  /** POST /auth/login; on 200 keeps cookie, csrf token and user. Returns the response. */
  async login(username, password = PASSWORD) {
    const res = await this.request('POST', '/auth/login', { json: { username, password } })
    if (res.status === 200) {
      this.csrf = res.json.csrf_token
      this.user = res.json.user
    }
    return res
  }
}

/** Signs `username` in (demo password) and returns its client; fails the test otherwise. */
export async function login(srv, username, { password = PASSWORD, localAddress } = {}) {
  const c = new Client(srv, { localAddress })
  const res = await c.login(username, password)
  assert.equal(res.status, 200, `login ${username}: ${res.status} ${res.text}`)
  assert.ok(c.cookie, 'login set the session cookie')
  return c
}

/**
 * Signs in an account whose password an administrator set (created or reset
 * in 账号管理) and changes it to `newPassword`, as the server demands before
 * anything else (403 password_change_required); returns the client, whose
 * session the change keeps.
 */
export async function firstSignIn(srv, username, { password = PASSWORD, newPassword = 'Own-choice-2021' } = {}) {
  const c = await login(srv, username, { password })
  assert.equal(c.user.must_change_password, true, `${username} must change the password set for it`)
  const res = await c.post('/auth/password', { old_password: password, new_password: newPassword })
  assert.equal(res.status, 204, `password change of ${username}: ${res.status} ${res.text}`)
  return c
}

/**
 * A new member account of `orgId`, made by `admin`, linked to the first member
 * of that org who has no account yet, and signed in (its first password
 * changed): `{ client, account, person }`. Fails the test when there is none.
 */
export async function memberAccount(srv, admin, orgId, username) {
  const accounts = await admin.get('/accounts?limit=500')
  const linked = new Set(accounts.json.items.map((a) => a.person_id).filter(Boolean))
  const people = await admin.get(`/people?org_id=${orgId}&category=member&limit=100`)
  const person = people.json.items.find((p) => !linked.has(p.id))
  assert.ok(person, `a member of org ${orgId} without an account`)
  const made = await admin.post('/accounts', {
    username, display_name: person.name, password: PASSWORD, person_id: person.id, roles: [{ role: 'member', org_id: orgId }],
  })
  assert.equal(made.status, 201, made.text)
  const client = await firstSignIn(srv, username)
  return { client, account: made.json, person }
}

/** Signs in all five demo accounts (in parallel). */
export async function loginAll(srv) {
  const names = ['admin', 'dangwei', 'zhibu1', 'dangyuan1', 'lingdao']
  const clients = await Promise.all(names.map((n) => login(srv, n)))
  return Object.fromEntries(names.map((n, i) => [n, clients[i]]))
}

/** A client that authenticates with an API token (no cookie, no CSRF). */
export function bearerClient(srv, token) {
  return new Client(srv, { bearer: token })
}

/** Creates an API token for `client` and returns the secret. */
export async function createToken(client, name = 'script') {
  const res = await client.post('/auth/tokens', { name, expires_in_days: 30 })
  assert.equal(res.status, 201, res.text)
  return res.json
}

/**
 * The keys that an attempt's paper gives the options of question
 * `questionId` reading `texts`, in that order. Keys are per attempt (a
 * closed-book paper shuffles the options and keys them "A", "B", ... as
 * shown): a test answers by what the taker reads, never by bank index.
 */
export function optionKeys(attempt, questionId, ...texts) {
  const q = attempt.questions.find((x) => x.question_id === questionId)
  assert.ok(q, `question ${questionId} is on the paper`)
  return texts.map((text) => {
    const option = q.options.find((o) => o.text === text)
    assert.ok(option, `option ${text} of question ${questionId}`)
    return option.key
  })
}

/**
 * Asserts the one error shape {"error":{"code","message","field"}} (plus
 * details/retry_after where they belong), the status, and optionally code
 * and field. Returns the error object.
 */
export function assertError(res, status, code, field) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`)
  assert.match(res.headers['content-type'] || '', /^application\/json/)
  assert.ok(res.json && typeof res.json === 'object', `error body is JSON: ${res.text}`)
  assert.deepEqual(Object.keys(res.json), ['error'], `only the error object: ${res.text}`)
  const e = res.json.error
  const allowed = new Set(['code', 'message', 'field', 'details', 'retry_after'])
  for (const k of Object.keys(e)) assert.ok(allowed.has(k), `unexpected key error.${k}`)
  assert.equal(typeof e.code, 'string')
  assert.equal(typeof e.message, 'string')
  assert.equal(typeof e.field, 'string')
  assert.match(e.message, /[\u4e00-\u9fff]/, `message is Chinese: ${e.message}`)
  if (code !== undefined) assert.equal(e.code, code, `code: ${res.text}`)
  if (field !== undefined) assert.equal(e.field, field, `field: ${res.text}`)
  return e
}

/**
 * What the database holds, as the system admin sees it through the API:
 * audit log size and newest entry, every person, org and community with
 * its version. Two equal snapshots mean nothing was written in between.
 */
export async function snapshot(admin) {
  const [a, p, o, c] = await Promise.all([
    admin.get('/audit?limit=1'),
    admin.get('/people?include_archived=true&limit=500&sort=created_at'),
    admin.get('/orgs?include_archived=true'),
    admin.get('/communities?include_archived=true'),
  ])
  for (const r of [a, p, o, c]) assert.equal(r.status, 200, r.text)
  const people = [p.json]
  for (let off = 500; off < p.json.total; off += 500) {
    const more = await admin.get(`/people?include_archived=true&limit=500&offset=${off}&sort=created_at`)
    people.push(more.json)
  }
  return {
    audit_total: a.json.total,
    audit_last: a.json.items[0]?.id ?? null,
    people_total: p.json.total,
    people: digest(people.flatMap((x) => x.items).map((x) => `${x.id}:${x.version}:${x.archived}`).join(',')),
    orgs: o.json.items.map((x) => `${x.id}:${x.version}:${x.archived}:${x.parent_id}`).join(','),
    communities: c.json.items.map((x) => `${x.id}:${x.version}:${x.archived}`).join(','),
  }
}

function digest(s) {
  return crypto.createHash('sha1').update(s).digest('hex').slice(0, 16)
}

/** Asserts that nothing changed since `before` (see snapshot). */
export async function assertUnchanged(admin, before, what = '') {
  assert.deepEqual(await snapshot(admin), before, `nothing was written ${what}`)
}

/** Ids of the demo organization, communities and well-known people, as admin sees them. */
export async function demoIds(admin) {
  const orgs = await admin.get('/orgs?include_archived=true')
  assert.equal(orgs.status, 200)
  const org = {}
  for (const o of orgs.json.items) org[o.name] = o
  const cms = await admin.get('/communities')
  const community = {}
  for (const c of cms.json.items) community[c.name] = c
  const find = async (q) => {
    const r = await admin.get(`/people?q=${encodeURIComponent(q)}`)
    assert.equal(r.json.total, 1, `exactly one ${q}`)
    return r.json.items[0]
  }
  return {
    org,
    community,
    bureau: org['市统计局党组'],
    committee: org['市统计局机关党委'],
    branch1: org['机关第一支部'],
    branch2: org['机关第二支部'],
    branch3: org['机关第三支部'],
    retired: org['离退休干部支部'],
    group1: org['第一党小组'],
    office: org['办公室'],
    secretary: await find('赵书记'),
    member: await find('钱党员'),
  }
}

/** Ids of every org in the subtree rooted at `rootId` (from an org list). */
export function subtreeIds(orgItems, rootId) {
  const ids = new Set([rootId])
  let grew = true
  while (grew) {
    grew = false
    for (const o of orgItems) {
      if (o.parent_id !== null && ids.has(o.parent_id) && !ids.has(o.id)) {
        ids.add(o.id)
        grew = true
      }
    }
  }
  return ids
}

let seq = 0
/** A name unlikely to collide with the demo data (Chinese, <= 50 chars). */
export function uniqueName(prefix = '测试') {
  seq += 1
  const tail = '甲乙丙丁戊己庚辛壬癸'
  let n = seq
  let s = ''
  do {
    s = tail[n % 10] + s
    n = Math.floor(n / 10)
  } while (n > 0)
  return `${prefix}${s}${process.pid % 1000}`
}

/** A body for POST /people. */
export function newPerson(orgId, extra = {}) {
  return { name: uniqueName('新人'), category: 'member', org_id: orgId, ...extra }
}

/**
 * Resolves with the first line of the running server's log that matches
 * `pattern` (already written or still to come); fails after `timeout` ms
 * (a guard, not a measurement).
 */
export function waitForLog(srv, pattern, { timeout = 20_000 } = {}) {
  const child = srv.process
  return new Promise((resolve, reject) => {
    const find = () => srv.log().split('\n').find((l) => pattern.test(l))
    const done = (line, err) => {
      clearTimeout(timer)
      child.stdout.off('data', check)
      child.stderr.off('data', check)
      if (err) reject(err)
      else resolve(line)
    }
    // The harness appends to the log on the same 'data' events: look after it.
    const check = () => setImmediate(() => {
      const line = find()
      if (line) done(line)
    })
    const timer = setTimeout(() => done(null, new Error(`no log line ${pattern} in ${timeout} ms:\n${srv.log()}`)), timeout)
    child.stdout.on('data', check)
    child.stderr.on('data', check)
    check()
  })
}

/**
 * One raw TCP connection to the server, for what node:http would not send:
 * targets spelled as is (--path-as-is), bodies declared and never sent,
 * several requests on one connection. `send(data)` writes bytes; `response()`
 * resolves with the next complete response {status, headers, body: Buffer,
 * text} (complete by Content-Length, or when the server closes); `closed`
 * resolves when the server ends the connection; `close()` destroys it.
 * Fails a response() not complete within `timeout` ms (a guard, not a
 * measurement). `localAddress` (e.g. 127.0.0.2) connects from another
 * loopback address.
 */
export function rawConnection(port, { timeout = 20_000, localAddress } = {}) {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress })
  let buf = Buffer.alloc(0)
  let ended = false
  let waiter = null
  const closed = new Promise((resolve) => socket.on('close', resolve))
  const connected = new Promise((resolve, reject) => {
    socket.on('connect', resolve)
    socket.on('error', reject)
  })
  socket.on('error', () => { ended = true; waiter?.() })
  socket.on('data', (d) => { buf = Buffer.concat([buf, d]); waiter?.() })
  socket.on('end', () => { ended = true; waiter?.() })
  function take() {
    const end = buf.indexOf('\r\n\r\n')
    if (end < 0) return null
    const lines = buf.subarray(0, end).toString('latin1').split('\r\n')
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0])?.[1])
    const headers = {}
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':')
      headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim()
    }
    if (status === 100) {
      buf = buf.subarray(end + 4)
      return take()
    }
    const length = headers['content-length'] !== undefined ? Number(headers['content-length']) : null
    const have = buf.length - end - 4
    if (length === null ? !ended : have < length) return null
    const body = buf.subarray(end + 4, end + 4 + (length ?? have))
    buf = buf.subarray(end + 4 + body.length)
    return { status, headers, body, text: body.toString('utf8') }
  }
  return {
    socket,
    closed,
    connected,
    async send(data) {
      await connected
      await new Promise((resolve) => socket.write(data, () => resolve()))
    },
    response() {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no complete response in ${timeout} ms`)), timeout)
        waiter = () => {
          const r = take()
          if (r) {
            clearTimeout(timer)
            waiter = null
            resolve(r)
          } else if (ended) {
            clearTimeout(timer)
            waiter = null
            reject(new Error(`connection ended without a complete response: ${buf.toString('latin1').slice(0, 200)}`))
          }
        }
        waiter()
      })
    },
    close() { socket.destroy() },
  }
}

/**
 * Resolves once the server has sent something on the raw connection `c`:
 * after a head with `Expect: 100-continue`, its 100 Continue, which says the
 * request was admitted and its body is awaited. Fails after 20 s (a guard).
 */
export function continued(c) {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error('no 100 Continue')), 20_000)
    const check = () => {
      if (c.socket.bytesRead === 0) return c.socket.once('data', check)
      clearTimeout(guard)
      resolve()
    }
    check()
  })
}

/** Sends one raw request (head text, optional body) on a new connection; resolves with the response. */
export async function rawRequest(port, head, { body, timeout } = {}) {
  const c = rawConnection(port, { timeout })
  try {
    await c.send(head)
    if (body !== undefined) await c.send(body)
    const res = await c.response()
    const [method, target] = String(head).split('\r\n', 1)[0].split(' ')
    recordCall(method, target ?? '', res.status)
    return res
  } finally {
    c.close()
  }
}
