// The HTTP layer under attack (issue 6): files outside the web root, the
// static file set, security headers, bodies refused before they are read,
// the connection cap, Content-Type and cross-site writes.
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  API, assertError, assertUnchanged, Client, continued, DB_KIND, loginAll, rawConnection, rawRequest, request,
  snapshot, spawnServe, startServer, waitForLog,
} from './harness.mjs'

const srv = await startServer('http_hardening')
after(() => srv.stop())

let users
before(async () => {
  users = await loginAll(srv)
})

/** A GET with the target spelled exactly as given (curl --path-as-is). */
function rawGet(port, target) {
  return rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)
}

/** The head of a request whose body is declared and (maybe) never sent. */
function head(method, target, headers) {
  return `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
    Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n'
}

const sessionHeaders = (c) => ({ Cookie: `duxing_session=${c.cookie}`, 'X-CSRF-Token': c.csrf })

describe('static files: only the files under the web root at start', () => {
  // A web root of the test's own, a secret beside it, links pointing out.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dx-web-'))
  const web = path.join(tmp, 'web')
  const secretDir = path.join(tmp, 'secret')
  const secretFile = path.join(secretDir, 'x.db')
  const secret = Buffer.from(`SECRET-${crypto.randomBytes(12).toString('hex')}`)
  const index = '<!doctype html><title>t</title><script type="module" src="/assets/app.js"></script>'
  fs.mkdirSync(path.join(web, 'assets'), { recursive: true })
  fs.mkdirSync(secretDir)
  fs.writeFileSync(secretFile, secret)
  fs.writeFileSync(path.join(web, 'index.html'), index)
  fs.writeFileSync(path.join(web, 'assets/app.js'), 'console.log(1)\n')
  fs.symlinkSync(secretFile, path.join(web, 'assets/leak.db'))
  fs.symlinkSync(secretDir, path.join(web, 'linked'))
  fs.symlinkSync('/', path.join(web, 'root'))
  let web_srv
  before(async () => {
    web_srv = await spawnServe(srv.dbUrl, { web })
  })
  after(async () => {
    await web_srv?.stop()
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  // Every spelling of the issue and its class: absolute paths (one slash
  // stripped), encoded slashes and dots, backslashes, NUL, dot segments,
  // /proc links, symlinks in the web root.
  function spellings() {
    const abs = secretFile
    const enc = (s) => s.replaceAll('/', '%2F')
    const fromCwd = path.relative(process.cwd(), secretFile)
    const list = [
      `/${abs}`, `//${abs}`, `/${enc(abs)}`, `/${enc(abs).replaceAll('%2F', '%2f')}`, `/%2F${abs.slice(1)}`,
      `/%252F${abs.slice(1)}`, `//proc/self/root${abs}`, `//proc/self/cwd/${fromCwd}`, `/proc/self/root${abs}`,
      `/..${abs}`, `/../../../../../..${abs}`, `/assets/../../secret/x.db`, `/assets/%2e%2e/%2e%2e/secret/x.db`,
      `/%2e%2e/secret/x.db`, `/..%2fsecret%2fx.db`, `/assets/..%5c..%5csecret%5cx.db`, `/assets\\..\\..\\secret\\x.db`,
      `/assets/leak.db`, `/linked/x.db`, `/root${abs}`, `/root/etc/passwd`, `/${abs}%00.js`, `/assets/app.js%00${abs}`,
      `/./${abs}`, `/.${abs}`, `/assets/./../../secret/x.db`,
    ]
    if (DB_KIND === 'sqlite') {
      const dbFile = srv.dbUrl.replace(/^sqlite:/, '')
      list.push(`/${dbFile}`, `/${enc(dbFile)}`, `//proc/self/cwd/${path.relative(process.cwd(), dbFile)}`)
    }
    return list
  }

  test('no spelling of a path outside the web root returns its bytes', async () => {
    for (const target of spellings()) {
      const res = await rawGet(web_srv.port, target)
      assert.ok(!res.body.includes(secret), `${target} leaks the secret file`)
      assert.ok(!res.body.includes(Buffer.from('SQLite format 3')), `${target} leaks the database`)
      assert.ok(!res.text.includes('root:x:0:0'), `${target} leaks /etc/passwd`)
      assert.ok([400, 404].includes(res.status) || (res.status === 200 && res.text === index),
        `${target}: ${res.status} ${res.text.slice(0, 80)}`)
    }
  })

  test('the exact paths of the web root are served; client routes get index.html', async () => {
    const asset = await rawGet(web_srv.port, '/assets/app.js')
    assert.equal(asset.status, 200)
    assert.equal(asset.text, 'console.log(1)\n')
    for (const p of ['/', '/index.html', '/people', '/people/123?tab=x', '/login']) {
      const res = await rawGet(web_srv.port, p)
      assert.equal(res.status, 200, p)
      assert.equal(res.text, index, p)
    }
    assert.equal((await rawGet(web_srv.port, '/assets/missing.js')).status, 404)
  })

  test('other spellings of an asset are refused, and files added after start are never served', async () => {
    // Fixed at start: a file written now does not exist for the server, under
    // any spelling (no filesystem access per request, so nothing to cache).
    fs.writeFileSync(path.join(web, 'assets/late.js'), 'late\n')
    fs.writeFileSync(path.join(web, 'late.html'), 'late\n')
    const variants = (p) => [p, p.replace('/assets/', '/assets/./'), p.replace('/assets/', '/assets/././'),
      p.replace('/assets/', '//assets/'), p.replace('/assets/', '/assets//'), p.replace('/assets/', '/assets/x/../'),
      p.replace('/assets/', '/./assets/'), p.replace('.js', '%2ejs'), p.replace('/assets/', '/assets%2F')]
    for (const target of [...variants('/assets/late.js'), '/late.html']) {
      const res = await rawGet(web_srv.port, target)
      assert.ok([400, 404].includes(res.status), `${target}: ${res.status}`)
      assert.ok(!res.text.includes('late'), target)
    }
    // 200 spellings of a served asset: only the exact path answers with it.
    const served = []
    for (let i = 0; i < 200; i++) {
      const target = '/assets/' + './'.repeat(i % 20) + (i >= 100 ? '/' : '') + 'app.js' + (i % 3 === 0 ? '' : `?v=${i}`)
      const res = await rawGet(web_srv.port, target)
      if (res.status === 200) served.push(target.split('?')[0])
      else assert.ok([400, 404].includes(res.status), `${target}: ${res.status}`)
    }
    assert.deepEqual([...new Set(served)], ['/assets/app.js'])
    // Changing a file on disk changes nothing until a restart.
    fs.writeFileSync(path.join(web, 'assets/app.js'), 'changed\n')
    assert.equal((await rawGet(web_srv.port, '/assets/app.js')).text, 'console.log(1)\n')
  })
})

describe('headers', () => {
  const expectSecurityHeaders = (res, what) => {
    assert.equal(res.headers['x-content-type-options'], 'nosniff', what)
    assert.equal(res.headers['x-frame-options'], 'DENY', what)
    assert.equal(res.headers['referrer-policy'], 'same-origin', what)
    const csp = res.headers['content-security-policy'] || ''
    assert.match(csp, /frame-ancestors 'none'/, what)
    assert.match(csp, /default-src 'self'/, what)
    const script = /script-src ([^;]*)/.exec(csp)?.[1] ?? ''
    assert.match(script, /'self'/, what)
    assert.doesNotMatch(script, /unsafe-inline|unsafe-eval|\*/, `${what}: no inline script`)
  }

  test('the web page and static answers carry CSP, frame and referrer policies and nosniff', async () => {
    for (const p of ['/', '/people/1', '/assets/nothing-here.js', '/%2Fetc%2Fpasswd']) {
      expectSecurityHeaders(await request(srv, 'GET', p), p)
    }
  })

  test('every API answer has nosniff and no-store (personal data is never cached)', async () => {
    const answers = {
      health: await request(srv, 'GET', `${API}/health`),
      'unknown path': await request(srv, 'GET', `${API}/nothing`),
      'signed out': await request(srv, 'GET', `${API}/people`),
      people: await users.admin.get('/people?limit=5'),
      person: await users.admin.get(`/people/${(await users.admin.get('/people?limit=1')).json.items[0].id}`),
      me: await users.dangyuan1.get('/auth/me'),
      accounts: await users.admin.get('/accounts'),
      audit: await users.admin.get('/audit?limit=1'),
      export: await users.admin.get('/people/export'),
      login: await new Client(srv).login('lingdao'),
      refused: await users.dangyuan1.get('/people'),
    }
    for (const [what, res] of Object.entries(answers)) {
      assert.equal(res.headers['x-content-type-options'], 'nosniff', what)
      assert.equal(res.headers['cache-control'], 'no-store', what)
      expectSecurityHeaders(res, what)
    }
  })
})

describe('bodies refused before they are read', () => {
  test('a huge declared body gets 413 (public route) or 401 (no credentials) with only the headers sent', async () => {
    const cases = [
      ['POST', `${API}/auth/login`, { 'Content-Type': 'application/json', 'Content-Length': 31000000 }, 413, 'too_large'],
      ['POST', `${API}/people`, { 'Content-Type': 'application/json', 'Content-Length': 31000000 }, 401, 'unauthenticated'],
      ['POST', `${API}/people/import`, { 'Content-Type': 'text/csv', 'Content-Length': 31000000 }, 401, 'unauthenticated'],
      ['POST', `${API}/nothing-here`, { 'Content-Type': 'application/json', 'Content-Length': 31000000 }, 404, 'not_found'],
      ['PUT', `${API}/people`, { 'Content-Type': 'application/json', 'Content-Length': 31000000 }, 405, 'method_not_allowed'],
      ['POST', '/', { 'Content-Type': 'text/plain', 'Content-Length': 31000000 }, 405, undefined],
      ['GET', '/', { 'Content-Length': 31000000 }, 413, undefined],
    ]
    for (const [method, target, headers, status, code] of cases) {
      const c = rawConnection(srv.port)
      try {
        await c.send(head(method, target, headers))
        const res = await c.response()
        assert.equal(res.status, status, `${method} ${target}: ${res.text}`)
        if (code) assert.equal(JSON.parse(res.text).error.code, code)
        assert.equal(res.headers.connection, 'close', 'the unread body is not taken for the next request')
      } finally {
        c.close()
      }
    }
  })

  test('a signed-in caller over the route limit gets 413 before sending the body', async () => {
    const dw = users.dangwei
    for (const [target, type, length] of [[`${API}/people`, 'application/json', 2 * 1024 * 1024],
      // The import's limit: 512 bytes for each of the 100,000 rows it may hold.
      [`${API}/people/import`, 'text/csv', 100000 * 512 + 1]]) {
      const res = await rawRequest(srv.port, head('POST', target, {
        ...sessionHeaders(dw), 'Content-Type': type, 'Content-Length': length,
      }))
      assertError({ ...res, json: JSON.parse(res.text), headers: res.headers }, 413, 'too_large')
    }
  })

  test('a member and a leader sending a large import get 403 before the body is read; nothing is written', async () => {
    const before = await snapshot(users.admin)
    const row = '越权导入,在职党员,机关第二支部\n'
    const total = 9 * 1024 * 1024
    for (const who of ['dangyuan1', 'lingdao']) {
      const c = rawConnection(srv.port)
      try {
        await c.send(head('POST', `${API}/people/import`, {
          ...sessionHeaders(users[who]), 'Content-Type': 'text/csv; charset=utf-8', 'Content-Length': total,
        }))
        // The first bytes of the body, then nothing more: the answer must come anyway.
        await c.send('姓名,人员类别,所在支部\n' + row.repeat(100))
        const res = await c.response()
        assertError({ ...res, json: JSON.parse(res.text) }, 403, 'permission_denied')
      } finally {
        c.close()
      }
    }
    await assertUnchanged(users.admin, before)
  })

  test('a chunked body is counted as it arrives: 413 past the route limit', async () => {
    const c = rawConnection(srv.port)
    try {
      await c.send(head('POST', `${API}/auth/login`, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }))
      const chunk = Buffer.alloc(64 * 1024, 'x')
      const got = c.response()
      for (let i = 0; i < 20; i++) {
        await c.send(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]))
          .catch(() => {})
      }
      const res = await got
      assert.equal(res.status, 413, res.text)
      assert.equal(JSON.parse(res.text).error.code, 'too_large')
    } finally {
      c.close()
    }
  })

  test('Expect: 100-continue gets 100 only once admitted; the upload then works', async () => {
    const dw = users.dangwei
    const body = Buffer.from(`姓名,人员类别,所在支部\n继续导入${process.pid},在职党员,机关第二支部\n`)
    const c = rawConnection(srv.port)
    try {
      await c.send(head('POST', `${API}/people/import?dry_run=true`, {
        ...sessionHeaders(dw), 'Content-Type': 'text/csv', 'Content-Length': body.length, Expect: '100-continue',
      }))
      await continued(c)
      await c.send(body)
      const res = await c.response()
      assert.equal(res.status, 200, res.text)
      assert.deepEqual(JSON.parse(res.text), { imported: 1, dry_run: true })
    } finally {
      c.close()
    }
  })
})

describe('connection caps', () => {
  const health = `GET ${API}/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`

  test('past --max-connections, with every connection in a request, a new one gets 503 and is closed, logged once per burst', async () => {
    const capped = await spawnServe(srv.dbUrl, { args: ['--max-connections', '3'] })
    const held = []
    try {
      // The readiness probe's connection counts until its answer is logged
      // (it failed once when a held connection came in the same millisecond).
      await waitForLog(capped, /access GET \/api\/v1\/health 200/)
      // Three connections in a request (a body announced, not yet sent).
      for (let i = 0; i < 3; i++) held.push(await holdInRequest(capped.port))
      const refusedOnce = () => capped.log().split('\n').filter((l) => /warn.*connection limit reached/.test(l))
      for (let i = 0; i < 2; i++) {
        const extra = rawConnection(capped.port)
        const res = await extra.response()
        assertError({ ...res, json: JSON.parse(res.text) }, 503)
        assert.equal(res.headers['retry-after'], '1')
        await extra.closed
      }
      await waitForLog(capped, /connection limit reached/)
      assert.equal(refusedOnce().length, 1, capped.log())
      assert.match(refusedOnce()[0], /max-connections/)
      // The held connections still work; once answered, one is idle and
      // makes room for a new connection.
      await finishHeld(held[0])
      held.push(await servedConnectionAtCap(capped.port))
      await held[0].closed
    } catch (e) {
      // Keep the server's side of a failure (its access and warn lines).
      e.message += `\n--- server log ---\n${capped.log()}`
      throw e
    } finally {
      for (const c of held) c.close()
      assert.equal((await capped.stop()).code, 0)
    }
  })

  test('at --max-connections the connection idle longest is closed for a new one; connections in a request are kept', async () => {
    const capped = await spawnServe(srv.dbUrl, { args: ['--max-connections', '3'] })
    const open = []
    try {
      const idle = await servedConnection(capped.port)
      open.push(idle)
      const busy = [await holdInRequest(capped.port), await holdInRequest(capped.port)]
      open.push(...busy)
      open.push(await servedConnectionAtCap(capped.port))
      await idle.closed  // evicted (now or for a busy one before: the server had one idle of its own)
      for (const c of busy) await finishHeld(c)
    } finally {
      for (const c of open) c.close()
      assert.equal((await capped.stop()).code, 0)
    }
  })

  test('one address past --max-connections-per-address gets 503 while another is served', async () => {
    const capped = await spawnServe(srv.dbUrl, { args: ['--max-connections-per-address', '2'] })
    const open = []
    try {
      for (let i = 0; i < 2; i++) open.push(await servedConnection(capped.port, '127.0.0.3'))
      const third = rawConnection(capped.port, { localAddress: '127.0.0.3' })
      const res = await third.response()
      assertError({ ...res, json: JSON.parse(res.text) }, 503)
      await third.closed
      await waitForLog(capped, /connection limit per address reached: 127\.0\.0\.3/)
      open.push(await servedConnection(capped.port, '127.0.0.2'))
      // The first two still work.
      await open[0].send(health)
      assert.equal((await open[0].response()).status, 200)
    } finally {
      for (const c of open) c.close()
      assert.equal((await capped.stop()).code, 0)
    }
  })

  test('a connection whose request head does not arrive within --header-timeout is closed', async () => {
    const timed = await spawnServe(srv.dbUrl, { args: ['--header-timeout', '1s'] })
    try {
      const silent = rawConnection(timed.port)
      const partial = rawConnection(timed.port)
      const kept = rawConnection(timed.port)
      await silent.connected
      await partial.send(`GET ${API}/health HTTP/1.1\r\nHost: 127`)
      await kept.send(health)
      assert.equal((await kept.response()).status, 200)
      // A guard, not a measurement: the body/idle timeout (60 s) would come much later.
      const guard = (c) => Promise.race([c.closed, new Promise((resolve, reject) =>
        setTimeout(() => reject(new Error('not closed')), 20_000).unref())])
      await Promise.all([guard(silent), guard(partial), guard(kept)])
    } finally {
      assert.equal((await timed.stop()).code, 0)
    }
  })

  test('SIGTERM closes the connections still sending a request head or body at once: a slow client never holds the stop', async () => {
    // Default timeouts: 10 s for a head, 60 s for a body; 20 s of grace for
    // requests being answered. None of these connections is being answered.
    const slow = await spawnServe(srv.dbUrl)
    const open = []
    let stopped
    try {
      const silent = rawConnection(slow.port)
      open.push(silent)
      await silent.connected
      const partialHead = rawConnection(slow.port)
      open.push(partialHead)
      await partialHead.send(`POST ${API}/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty`)
      // Admitted (100 Continue seen), then a part of its body.
      const partialBody = await holdInRequest(slow.port)
      open.push(partialBody)
      await partialBody.send('{"user')
      stopped = await slow.stop()
      await Promise.all(open.map((c) => c.closed))
    } finally {
      for (const c of open) c.close()
      if (!stopped) await slow.stop()
    }
    assert.equal(stopped.code, 0, `exit ${stopped.code ?? stopped.signal}:\n${slow.log()}`)
    // The stop did not wait for its grace period (it ends only requests being answered).
    assert.doesNotMatch(slow.log(), /shutdown grace period over/)
    assert.match(slow.log(), /server stopped/)
  })
})

/** A connection that was served a /health answer and is kept open (idle). */
async function servedConnection(port, localAddress) {
  const c = rawConnection(port, { localAddress })
  await c.send(`GET ${API}/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
  assert.equal((await c.response()).status, 200)
  return c
}

/**
 * servedConnection() at the connection cap: the server marks a connection
 * idle only after its answer is written, which the client may see first;
 * until then a new connection is refused (503), so it retries.
 */
async function servedConnectionAtCap(port) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const c = rawConnection(port)
    await c.send(`GET ${API}/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
    const res = await c.response().catch(() => ({ status: 0 }))
    if (res.status === 200) return c
    assert.equal(res.status, 503)
    c.close()
  }
  assert.fail('no connection served at the cap')
}

/** Sends the body a holdInRequest() connection announced; its (bad) login is answered 400. */
async function finishHeld(c) {
  await c.send('{"username":"x"}'.padEnd(20))
  assert.equal((await c.response()).status, 400)
}

/** A connection in a request: a login head whose 20-byte body is not sent yet, admitted (100 Continue seen). */
async function holdInRequest(port, { headers = {}, target = `${API}/auth/login`, length = 20, localAddress } = {}) {
  const c = rawConnection(port, { localAddress })
  await c.send(head('POST', target, {
    'Content-Type': 'application/json', 'Content-Length': length, Expect: '100-continue', ...headers,
  }))
  await continued(c)
  return c
}

describe('request bodies: route limits, the server-wide budget, heavy requests per account', () => {
  test('sign-in takes 16 KiB at most: 17 KiB declared gets 413 before the body is sent', async () => {
    const res = await rawRequest(srv.port, head('POST', `${API}/auth/login`, {
      'Content-Type': 'application/json', 'Content-Length': 17 * 1024,
    }))
    assertError({ ...res, json: JSON.parse(res.text) }, 413, 'too_large')
    assert.equal(res.headers.connection, 'close')
  })

  test('a body that would go past --body-budget gets 503 with Retry-After, unread', async () => {
    const small = await spawnServe(srv.dbUrl, { args: ['--body-budget', '20000'] })
    const open = []
    try {
      open.push(await holdInRequest(small.port, { length: 10000 }))
      const c = rawConnection(small.port)
      open.push(c)
      await c.send(head('POST', `${API}/auth/login`, { 'Content-Type': 'application/json', 'Content-Length': 15000 }))
      const res = await c.response()
      assertError({ ...res, json: JSON.parse(res.text) }, 503, 'unavailable')
      assert.equal(res.headers['retry-after'], '1')
      assert.equal(res.headers.connection, 'close')
      await waitForLog(small, /body budget full/)
      // What is left of the budget is still given.
      open.push(await holdInRequest(small.port, { length: 9000 }))
    } finally {
      for (const c of open) c.close()
      assert.equal((await small.stop()).code, 0)
    }
  })

  test('one account has at most two imports or exports in flight: the third gets 429; others are served', async () => {
    const dw = users.dangwei
    const importHead = { ...sessionHeaders(dw), 'Content-Type': 'text/csv' }
    const held = []
    try {
      for (let i = 0; i < 2; i++) {
        held.push(await holdInRequest(srv.port, { target: `${API}/people/import?dry_run=true`, headers: importHead, length: 100000 }))
      }
      const third = await rawRequest(srv.port, head('POST', `${API}/people/import?dry_run=true`, {
        ...importHead, 'Content-Length': 100000,
      }))
      assertError({ ...third, json: JSON.parse(third.text) }, 429, 'resource_exhausted')
      assert.ok(Number(third.headers['retry-after']) > 0)
      assertError(await dw.get('/people/export'), 429, 'resource_exhausted')
      assert.equal((await users.admin.get('/people/export')).status, 200, 'another account is served')
    } finally {
      for (const c of held) c.close()
    }
    // Once they are gone, the account is served again.
    let res
    for (let attempt = 0; attempt < 200; attempt++) {
      res = await dw.get('/people/export')
      if (res.status !== 429) break
    }
    assert.equal(res.status, 200)
  })
})

describe('the worker pool', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dx-web-'))
  const index = '<!doctype html><title>pool</title>'
  fs.writeFileSync(path.join(tmp, 'index.html'), index)
  let pool
  before(async () => {
    pool = await spawnServe(srv.dbUrl, { web: tmp, args: ['--max-queued', '2', '--test-hooks'] }) // two workers (the harness)
  })
  after(async () => {
    await pool?.stop()
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  test('with every worker busy, the page and /health answer; past --max-queued 503; a queued request whose client left is skipped', async () => {
    const open = []
    const block = `GET ${API}/test-hooks/block HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`
    let first
    for (let i = 0; i < 2; i++) {
      const c = rawConnection(pool.port)
      open.push(c)
      await c.send(block)
      const line = await waitForLog(pool, i === 0 ? /test hook: blocking a worker/
        : new RegExp(`test hook: blocking a worker for request (?!${first})`))
      first = /request (\S+)/.exec(line)[1]
    }
    const page = await rawGet(pool.port, '/')
    assert.equal(page.status, 200)
    assert.equal(page.text, index)
    const h = await rawGet(pool.port, `${API}/health`)
    assert.equal(h.status, 200, h.text)
    // Both workers blocked: two requests wait, the third is refused.
    const waiting = []
    for (let i = 0; i < 3; i++) {
      const c = rawConnection(pool.port)
      waiting.push(c)
      await c.send(`GET ${API}/vocabularies HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
    }
    const refused = await Promise.any(waiting.map((c, i) => c.response().then((res) => ({ res, i }))))
    assertError({ ...refused.res, json: JSON.parse(refused.res.text) }, 503, 'unavailable')
    assert.equal(refused.res.headers['retry-after'], '1')
    await waitForLog(pool, /worker queue full/)
    // The clients of the waiting two leave; when workers are free, their
    // requests are skipped, not run.
    for (const c of waiting) c.close()
    const skipped = waitForLog(pool, /skipped GET \/api\/v1\/vocabularies .*closed the connection/)
    const stopped = pool.stop()
    await skipped
    assert.equal((await stopped).code, 0)
    for (const c of open) c.close()
  })
})
describe('Content-Type and cross-site writes', () => {
  const body = (username = 'lingdao') => JSON.stringify({ username, password: 'api-test-pass-2021' })

  test('a cross-site form login (text/plain, foreign Origin) is refused and creates no session', async () => {
    const before = await snapshot(users.admin)
    const attempts = [
      { 'Content-Type': 'text/plain', Origin: 'https://evil.example' },
      { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      { 'Content-Type': 'application/json', Origin: 'null' },
      { 'Content-Type': 'application/x-www-form-urlencoded', Origin: `http://127.0.0.1:${srv.port + 1}` },
      { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' },
    ]
    for (const headers of attempts) {
      const res = await request(srv, 'POST', `${API}/auth/login`, { headers, body: body() })
      assertError(res, 403, 'permission_denied')
      assert.match(res.json.error.message, /其他网站/)
      assert.equal(res.headers['set-cookie'], undefined, JSON.stringify(headers))
    }
    await assertUnchanged(users.admin, before, 'by cross-site logins')
  })

  test('JSON routes need application/json (415); the same-origin UI and scripts are served', async () => {
    const before = await snapshot(users.admin)
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/json']) {
      const res = await request(srv, 'POST', `${API}/auth/login`, { headers: { 'Content-Type': type }, body: body() })
      assertError(res, 415, 'unsupported_media_type')
      assert.equal(res.headers['set-cookie'], undefined)
    }
    const noType = await request(srv, 'POST', `${API}/auth/login`, { body: body() })
    assertError(noType, 415, 'unsupported_media_type')
    const dw = users.dangwei
    assertError(await dw.request('POST', '/communities', { body: '{"name":"x","kind":"rural"}', headers: { 'Content-Type': 'text/plain' } }),
      415, 'unsupported_media_type')
    assertError(await dw.request('POST', '/people/import', { body: '{}', headers: { 'Content-Type': 'application/json' } }),
      415, 'unsupported_media_type')
    await assertUnchanged(users.admin, before)
    // Same origin (as the browser sends it), charset parameter, or no Origin (scripts).
    for (const headers of [{ Origin: `http://127.0.0.1:${srv.port}`, 'Sec-Fetch-Site': 'same-origin' },
      { 'Content-Type': 'application/json; charset=UTF-8' }, {}]) {
      const res = await request(srv, 'POST', `${API}/auth/login`, {
        headers: { 'Content-Type': 'application/json', ...headers }, body: body(),
      })
      assert.equal(res.status, 200, `${JSON.stringify(headers)}: ${res.text}`)
    }
  })

  test('a signed-in write from a foreign Origin is refused even with the CSRF token; reads are not', async () => {
    const before = await snapshot(users.admin)
    const dw = users.dangwei
    const res = await dw.post('/communities', { name: '跨站社区', kind: 'rural' }, { headers: { Origin: 'https://evil.example' } })
    assertError(res, 403, 'permission_denied')
    await assertUnchanged(users.admin, before)
    assert.equal((await dw.get('/communities', { headers: { Origin: 'https://evil.example' } })).status, 200)
  })

  test('the test-only route does not exist without --test-hooks', async () => {
    const res = await users.dangwei.post('/test-hooks/write-after-shutdown', { name: '不该存在' })
    assertError(res, 404, 'not_found')
  })
})

describe('message framing on keep-alive connections', () => {
  test('HEAD answers the head only, with the length a GET gets; the next pipelined answer parses', async () => {
    for (const target of [`${API}/vocabularies`, `${API}/health`, '/', '/nowhere']) {
      const get = await rawGet(srv.port, target)
      // HEAD then GET in one write: a body after the HEAD answer would be
      // read as the start of the second answer.
      const raw = await rawAll(srv.port, `HEAD ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n` +
        `GET ${API}/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
      const firstEnd = raw.indexOf('\r\n\r\n')
      const headHead = raw.subarray(0, firstEnd).toString('latin1')
      assert.match(headHead, new RegExp(`^HTTP/1.1 ${get.status} `), target)
      assert.equal(/content-length: (\d+)/i.exec(headHead)?.[1], String(get.body.length), target)
      const rest = raw.subarray(firstEnd + 4).toString('latin1')
      assert.match(rest, /^HTTP\/1\.1 200 /, `${target}: the answer after HEAD starts right after its head`)
      assert.match(rest, /"status":"ok"/)
    }
  })

  test('small bodies that arrive with their heads, pipelined in one write, are each read once and answered in order', async () => {
    // Each body is in the same segment as its head (the server hands such a
    // body to its route in the admission's hop): the bytes after it must be
    // the next request, not more body.
    const login = (body) => `POST ${API}/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
    const raw = await rawAll(srv.port, login('{"username": "甲"') + login('{"username": 1, "password": "x"}') +
      `GET ${API}/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
    const text = raw.toString('utf8')
    assert.deepEqual(text.match(/HTTP\/1\.1 \d{3}/g), ['HTTP/1.1 400', 'HTTP/1.1 400', 'HTTP/1.1 200'], text.slice(0, 600))
    const bodies = text.split(/HTTP\/1\.1 \d{3}[^]*?\r\n\r\n/).slice(1)
    assert.match(bodies[0], /"code":"invalid_argument"/)
    assert.match(bodies[1], /"field":"username"/)
    assert.match(bodies[2], /"status":"ok"/)
  })

  test('a Transfer-Encoding not ending in chunked, or on HTTP/1.0, gets 400 and the smuggled request is never answered', async () => {
    const smuggled = `GET ${API}/vocabularies HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`
    for (const [version, te] of [['1.1', 'xchunked'], ['1.1', 'chunked, identity'], ['1.1', 'gzip'],
      ['1.0', 'chunked']]) {
      const raw = await rawAll(srv.port, `POST ${API}/auth/login HTTP/${version}\r\nHost: 127.0.0.1\r\n` +
        `Content-Type: application/json\r\nTransfer-Encoding: ${te}\r\n\r\n` + smuggled)
      const text = raw.toString('latin1')
      const answers = text.match(/HTTP\/1\.[01] \d{3}/g)
      assert.deepEqual(answers, [`HTTP/${version === '1.0' ? '1.0' : '1.1'} 400`], `${version} ${te}: ${text.slice(0, 300)}`)
      if (version === '1.1') assert.match(text, /connection: close/i)
    }
  })
})

/** Sends `data` on a new connection; resolves with every byte the server sends until it closes. */
async function rawAll(port, data) {
  const c = rawConnection(port)
  const chunks = []
  c.socket.on('data', (d) => chunks.push(d))
  try {
    await c.send(data)
    await c.closed
    return Buffer.concat(chunks)
  } finally {
    c.close()
  }
}
