// Health, OpenAPI, static files, HTTP edge cases and graceful shutdown.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  API, assertError, BIN, Client, DB_KIND, login, newPerson, REPO, request, spawnServe, startServer,
  uniqueName, waitForLog,
} from './harness.mjs'

const srv = await startServer('system')
after(() => srv.stop())

let admin
before(async () => {
  admin = await login(srv, 'admin')
})

// The methods an operation of the OpenAPI document may have here.
const METHODS = ['get', 'post', 'put', 'patch', 'delete']

describe('health and OpenAPI', () => {
  test('vocabularies: every coded value with its Chinese label, without sign-in', async () => {
    const res = await request(srv, 'GET', `${API}/vocabularies`)
    assert.equal(res.status, 200)
    const v = JSON.parse(res.text)
    // Every list the document requires (each module adds its own; none listed here).
    const doc = JSON.parse((await request(srv, 'GET', `${API}/openapi.json`)).text)
    const required = doc.components.schemas.Vocabularies.required
    assert.ok(required.length > 0)
    for (const name of required) assert.ok(name in v, `vocabulary ${name}`)
    for (const [name, terms] of Object.entries(v)) {
      assert.ok(terms.length > 0, name)
      assert.equal(new Set(terms.map((t) => t.code)).size, terms.length, `${name}: codes are unique`)
      for (const t of terms) {
        assert.deepEqual(Object.keys(t).sort(), ['code', 'label'])
        assert.match(t.label, /[\u4e00-\u9fff]/, `${name}.${t.code}`)
      }
    }
    const label = (name, code) => v[name].find((t) => t.code === code)?.label
    assert.equal(label('person_category', 'family'), '职工子弟/家属')
    assert.equal(label('org_kind', 'branch'), '党支部')
    assert.equal(label('role', 'branch_secretary'), '支部书记')
    assert.deepEqual(v.person_category.map((t) => t.code),
      ['member', 'probationary', 'retired_member', 'activist', 'staff', 'family', 'resident'])
  })

  test('health answers without sign-in', async () => {
    const res = await request(srv, 'GET', `${API}/health`)
    assert.equal(res.status, 200)
    assert.match(res.headers['content-type'], /^application\/json/)
    assert.deepEqual(Object.keys(res.json).sort(), ['db', 'status', 'version'])
    assert.equal(res.json.status, 'ok')
    assert.equal(res.json.db, DB_KIND)
    assert.match(res.json.version, /^\d+\.\d+\.\d+/)
    // Every response has a request id, unique per request.
    const again = await request(srv, 'GET', `${API}/health`)
    assert.ok(res.headers['x-request-id'])
    assert.notEqual(res.headers['x-request-id'], again.headers['x-request-id'])
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
  })

  test('openapi.json is an OpenAPI 3 document: every operation has a summary, tags and responses', async () => {
    const res = await request(srv, 'GET', `${API}/openapi.json`)
    assert.equal(res.status, 200)
    assert.match(res.headers['content-type'], /json/)
    const doc = JSON.parse(res.text)
    assert.match(String(doc.openapi), /^3\.\d+\.\d+$/, `openapi: ${doc.openapi}`)
    assert.equal(typeof doc.info?.title, 'string')
    assert.equal(typeof doc.info?.version, 'string')
    assert.equal(typeof doc.paths, 'object')
    const tags = new Set((doc.tags ?? []).map((t) => t.name))
    let operations = 0
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        if (!METHODS.includes(m)) continue
        operations++
        assert.ok(op.responses && Object.keys(op.responses).length > 0, `${m} ${p} has responses`)
        assert.match(op.summary ?? '', /[\u4e00-\u9fff]/, `${m} ${p} has a Chinese summary`)
        assert.ok(op.tags?.length > 0 && op.tags.every((t) => tags.has(t)), `${m} ${p} has declared tags`)
      }
    }
    // The backbone's modules are there (a new module's part is checked against
    // its routes by openapi_test.cpp and by the tests below, without a list).
    for (const t of ['system', 'auth', 'orgs', 'people']) assert.ok(tags.has(t), `tag ${t}`)
    assert.ok(operations >= 30, `${operations} operations`)
  })

  test('the document describes every method the router serves on its paths (others are 405)', async () => {
    const doc = JSON.parse((await request(srv, 'GET', `${API}/openapi.json`)).text)
    const base = (doc.servers?.[0]?.url ?? '').replace(/\/$/, '')
    for (const [p, ops] of Object.entries(doc.paths)) {
      const url = (base.endsWith('/api/v1') ? API : '') + p.replace(/\{[^}]+\}/g, '1')
      for (const m of METHODS.filter((x) => !(x in ops))) {
        const res = await request(srv, m.toUpperCase(), url, { json: m === 'get' || m === 'delete' ? undefined : {} })
        assert.equal(res.status, 405, `${m.toUpperCase()} ${p} is routed but not described: ${res.text}`)
      }
    }
  })

  test('every coded value set of the document is a served vocabulary, code for code', async () => {
    // A schema carrying x-vocabulary: NAME lists exactly the codes GET /vocabularies
    // serves under NAME (null and '' aside), so the web's generated unions and its
    // labels never drift apart. Vocabularies the API carries as free text only:
    const LABELS_ONLY = new Set(['record_type', 'audit_field'])
    const doc = JSON.parse((await request(srv, 'GET', `${API}/openapi.json`)).text)
    const vocabularies = (await request(srv, 'GET', `${API}/vocabularies`)).json
    const tagged = new Map()
    const walk = (node, at) => {
      if (!node || typeof node !== 'object') return
      if (typeof node['x-vocabulary'] === 'string') tagged.set(at, node)
      for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`)
    }
    walk(doc, '#')
    const named = new Set()
    for (const [at, schema] of tagged) {
      const name = schema['x-vocabulary']
      named.add(name)
      assert.ok(vocabularies[name], `${at}: x-vocabulary ${name} is not served`)
      const codes = (schema.enum ?? []).filter((c) => c !== null && c !== '')
      assert.deepEqual([...codes].sort(), vocabularies[name].map((t) => t.code).sort(),
        `${at}: enum of x-vocabulary ${name}`)
    }
    for (const name of Object.keys(vocabularies)) {
      if (!LABELS_ONLY.has(name)) assert.ok(named.has(name), `vocabulary ${name} has a schema with x-vocabulary`)
    }
  })

  test('every path the document describes exists (not 404 route-unknown, not 405)', async () => {
    const doc = JSON.parse((await request(srv, 'GET', `${API}/openapi.json`)).text)
    const base = (doc.servers?.[0]?.url ?? '').replace(/\/$/, '')
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const m of Object.keys(ops)) {
        if (!METHODS.includes(m)) continue
        const url = (base.endsWith('/api/v1') ? API : '') + p.replace(/\{[^}]+\}/g, '1')
        const res = await request(srv, m.toUpperCase(), url, { json: m === 'get' || m === 'delete' ? undefined : {} })
        assert.notEqual(res.status, 405, `${m} ${p}: ${res.text}`)
        assert.ok(!(res.status === 404 && res.json?.error?.message === '接口不存在'), `${m} ${p} is routed`)
      }
    }
  })
})

describe('static files', () => {
  const dist = path.join(REPO, 'web/dist')
  const built = fs.existsSync(path.join(dist, 'index.html'))

  test('GET / serves index.html (or 503 when the UI is not built); client routes too', async () => {
    const res = await request(srv, 'GET', '/')
    if (!built) {
      assert.equal(res.status, 503)
      return
    }
    assert.equal(res.status, 200)
    assert.match(res.headers['content-type'], /^text\/html/)
    assert.match(res.text, /<!doctype html>/i)
    assert.equal(res.headers['cache-control'], 'no-cache')
    const route = await request(srv, 'GET', '/people/123?tab=x')
    assert.equal(route.status, 200)
    assert.equal(route.text, res.text)
  })

  test('a missing asset is 404, an existing one is cached for long', async () => {
    assert.equal((await request(srv, 'GET', '/assets/x.js')).status, 404)
    assert.equal((await request(srv, 'GET', '/assets/nothing-here.css')).status, 404)
    assert.equal((await request(srv, 'GET', '/favicon-missing.png')).status, 404)
    if (!built) return
    const asset = fs.readdirSync(path.join(dist, 'assets')).find((f) => f.endsWith('.js'))
    const res = await request(srv, 'GET', `/assets/${asset}`)
    assert.equal(res.status, 200)
    assert.match(res.headers['content-type'], /javascript/)
    assert.match(res.headers['cache-control'], /max-age=31536000/)
    assert.equal(res.body.length, fs.statSync(path.join(dist, 'assets', asset)).size)
  })

  test('no way out of the web folder', async () => {
    for (const p of ['/../../../../etc/passwd', '/assets/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd']) {
      const res = await request(srv, 'GET', p)
      assert.ok(!res.text.includes('root:'), `${p} leaks a file`)
      assert.ok([400, 404].includes(res.status) || (res.status === 200 && /<!doctype html>/i.test(res.text)),
        `${p}: ${res.status}`)
    }
  })

  test('without a built UI: GET / is 503, assets 404, the API works', async () => {
    const bare = await spawnServe(srv.dbUrl, { web: '/nonexistent/duxing-web' })
    try {
      const res = await request(bare, 'GET', '/')
      assert.equal(res.status, 503)
      assert.match(res.text, /[\u4e00-\u9fff]/)
      assert.equal((await request(bare, 'GET', '/assets/x.js')).status, 404)
      assert.equal((await request(bare, 'GET', `${API}/health`)).status, 200)
    } finally {
      const r = await bare.stop()
      assert.equal(r.code, 0)
    }
  })
})

describe('HTTP edge cases', () => {
  test('a request that is not HTTP gets 400 and the connection closes', async () => {
    const text = await new Promise((resolve, reject) => {
      const s = net.connect(srv.port, '127.0.0.1', () => s.write('HELLO THERE\r\n\r\n'))
      let buf = ''
      s.on('data', (d) => { buf += d })
      s.on('end', () => resolve(buf))
      s.on('error', reject)
      s.setTimeout(10_000, () => reject(new Error('no answer')))
    })
    assert.match(text, /^HTTP\/1\.1 400/)
  })

  test('keep-alive: several requests on one connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const ports = []
    for (let i = 0; i < 3; i++) {
      const r = await new Promise((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: srv.port, path: `${API}/health`, agent }, (res) => {
          res.resume()
          res.on('end', () => resolve(res.socket?.localPort ?? res.req.socket?.localPort))
        }).on('error', reject)
      })
      ports.push(r)
    }
    agent.destroy()
    assert.equal(new Set(ports).size, 1, 'one connection served them all')
  })
})

describe('unexpected failures', () => {
  // Breaks the database under the running server (renames a table) to get a
  // genuine internal error: psql for PostgreSQL, the sqlite3 shell if installed.
  function sql(statement) {
    if (DB_KIND === 'postgresql') {
      const db = srv.dbUrl.split('/').pop()
      execFileSync(path.join(process.env.PGBIN || '/usr/lib/postgresql/15/bin', 'psql'),
        ['-X', '-q', '-h', '127.0.0.1', '-p', process.env.DUXING_PG_PORT, '-U', 'postgres', '-d', db, '-c', statement])
    } else {
      execFileSync('sqlite3', [srv.dbUrl.replace(/^sqlite:/, ''), statement])
    }
  }
  const canBreak = DB_KIND === 'postgresql' || spawnSync('sqlite3', ['-version']).status === 0

  test('a 500 leaks no internals and is logged with its request id', { skip: !canBreak && 'no sqlite3 shell' }, async () => {
    sql('ALTER TABLE communities RENAME TO communities_hidden')
    try {
      const res = await admin.get('/communities')
      const e = assertError(res, 500, 'internal')
      assert.equal(e.field, '')
      assert.ok(!/communities|relation|table|sql|postgres|sqlite/i.test(res.text), `no internals: ${res.text}`)
      const rid = res.headers['x-request-id']
      assert.ok(rid)
      let line
      for (let i = 0; i < 40 && !line; i++) {
        line = srv.log().split('\n').find((l) => l.includes(rid) && / error /.test(l))
        if (!line) await new Promise((r) => setTimeout(r, 50))
      }
      assert.ok(line, `an error line with request id ${rid}`)
      assert.match(line, /communities/, 'the log has the detail the client did not get')
    } finally {
      sql('ALTER TABLE communities_hidden RENAME TO communities')
    }
    assert.equal((await admin.get('/communities')).status, 200)
  })
})

describe('command line', () => {
  const run = (args) => spawnSync(BIN, args, { encoding: 'utf8' })

  test('--help for the binary and each subcommand; a bad subcommand or option exits non-zero', () => {
    const top = run(['--help'])
    assert.equal(top.status, 0, top.stderr)
    for (const sub of ['serve', 'migrate', 'init', 'backup', 'openapi']) assert.match(top.stdout, new RegExp(sub))
    const options = { serve: ['--db', '--listen', '--session-idle'], migrate: ['--db'], init: ['--demo', '--demo-password-file'], backup: ['--db', '--to'] }
    for (const [sub, opts] of Object.entries(options)) {
      const r = run([sub, '--help'])
      assert.equal(r.status, 0, `${sub} --help: ${r.stderr}`)
      for (const o of opts) assert.ok(r.stdout.includes(o), `${sub} --help names ${o}`)
    }
    assert.notEqual(run(['frobnicate']).status, 0)
    // openapi prints the document the server serves (every module's part merged).
    const doc = JSON.parse(run(['openapi']).stdout)
    assert.equal(doc.openapi, '3.0.3')
    assert.ok(doc.paths['/api/v1/people'] && doc.paths['/api/v1/auth/login'] && doc.paths['/api/v1/health'])
    assert.notEqual(run(['backup', '--db', 'sqlite:/nonexistent/x.db']).status, 0, '--to is required')
  })

  test('`duxing openapi` prints the document the server serves (generators and linters read it)', async () => {
    const printed = run(['openapi'])
    assert.equal(printed.status, 0, printed.stderr)
    const served = await request(srv, 'GET', `${API}/openapi.json`)
    assert.equal(served.status, 200)
    assert.deepEqual(JSON.parse(printed.stdout), JSON.parse(served.text))
  })

  test('the binary is hardened: position-independent, full RELRO, stack protector, fortified calls', () => {
    const elf = (flag) => spawnSync('readelf', ['--wide', flag, BIN], { encoding: 'utf8' }).stdout
    assert.match(elf('--file-header'), /Type:\s+DYN/, 'a position-independent executable')
    assert.match(elf('--program-headers'), /GNU_RELRO/)
    assert.match(elf('--dynamic'), /\(FLAGS\).*BIND_NOW/, 'relocations bound at start (-z now)')
    const imports = elf('--dyn-syms')
    assert.match(imports, /__stack_chk_fail/, '-fstack-protector-strong')
    assert.match(imports, /__\w+_chk@/, '-D_FORTIFY_SOURCE=2')
  })

  test('init, migrate and backup on SQLite; backup of PostgreSQL gives pg_dump advice', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dx-cli-'))
    try {
      const db = path.join(dir, 'a.db')
      fs.writeFileSync(path.join(dir, 'pw'), 'cli-test-pass-2021\n')
      const init = run(['init', '--db', `sqlite:${db}`, '--demo', '--demo-password-file', path.join(dir, 'pw')])
      assert.equal(init.status, 0, init.stderr)
      assert.match(init.stdout, /已添加演示数据的模块: orgs/)
      // Each module's demo step runs once: a second init --demo adds nothing
      // (an upgrade that adds a module would add only its step).
      const steps = () => execFileSync('sqlite3', [db, 'SELECT module FROM module_demo_steps ORDER BY module'], { encoding: 'utf8' }).trim().split('\n')
      const before = steps()
      assert.ok(before.includes('orgs'), before.join(','))
      const second = run(['init', '--db', `sqlite:${db}`, '--demo', '--demo-password-file', path.join(dir, 'pw')])
      assert.equal(second.status, 0, second.stderr)
      assert.match(second.stdout, /演示数据齐全，未做改动/)
      assert.deepEqual(steps(), before)
      const plain = run(['init', '--db', `sqlite:${db}`])
      assert.match(plain.stdout, /已初始化，未做改动/)
      const migrate = run(['migrate', '--db', `sqlite:${db}`])
      assert.equal(migrate.status, 0, migrate.stderr)
      assert.match(migrate.stdout, /最新/)
      const copy = path.join(dir, 'copy.db')
      const backup = run(['backup', '--db', `sqlite:${db}`, '--to', copy])
      assert.equal(backup.status, 0, backup.stderr)
      assert.equal(fs.readFileSync(copy).subarray(0, 15).toString('latin1'), 'SQLite format 3')
      // The copy is a complete database: it migrates (nothing to do) and serves the same people.
      const again = run(['migrate', '--db', `sqlite:${copy}`])
      assert.equal(again.status, 0, again.stderr)
      assert.doesNotMatch(again.stderr + again.stdout, /migration \d+ .* applied/)
      const count = (file) => execFileSync('sqlite3', [file, 'SELECT COUNT(*) FROM people'], { encoding: 'utf8' }).trim()
      assert.equal(count(copy), count(db))
      assert.ok(Number(count(copy)) > 100)
      const pg = run(['backup', '--db', 'postgresql://u@127.0.0.1:1/x', '--to', path.join(dir, 'x.dump')])
      assert.notEqual(pg.status, 0)
      assert.match(pg.stderr, /pg_dump --format=custom/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('shutdown', () => {
  test('SIGTERM with an idle keep-alive connection exits 0 quickly; data and sessions survive a restart', async () => {
    const p = await admin.post('/people', newPerson((await admin.get('/orgs')).json.items.find((o) => o.name === '机关第三支部').id))
    assert.equal(p.status, 201)
    const agent = new http.Agent({ keepAlive: true })
    await new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: srv.port, path: `${API}/health`, agent }, (res) => {
        res.resume()
        res.on('end', resolve)
      }).on('error', reject)
    })
    assert.equal(Object.values(agent.freeSockets).flat().length, 1, 'an idle keep-alive connection is open')
    const stopped = await srv.stopServer()
    agent.destroy()
    assert.equal(stopped.code, 0, `exit code ${stopped.code} / ${stopped.signal}`)

    await srv.restart()
    const again = new Client(srv)
    again.cookie = admin.cookie
    again.csrf = admin.csrf
    const got = await again.get(`/people/${p.json.id}`)
    assert.equal(got.status, 200, 'the session is still valid after a restart')
    assert.deepEqual(got.json, p.json)
    admin = again
  })

  test('SIGTERM during a request: it finishes and commits, new connections are refused, exit 0', async () => {
    // A test-only route holds the request until the shutdown has begun, then
    // writes: the signal arrives while the request is in flight on any machine.
    await srv.restart({ args: ['--test-hooks'] })
    const dw = await login(srv, 'dangwei')
    const name = uniqueName('停机社区')
    const pending = dw.post('/test-hooks/write-after-shutdown', { name })
    await waitForLog(srv, /test hook: holding request/)
    const exit = srv.exited
    srv.process.kill('SIGTERM')
    await waitForLog(srv, /signal \d+: stopping/)
    const refused = await request(srv, 'GET', `${API}/health`, { timeout: 3000 }).then(() => null, (e) => e)
    const res = await pending
    const stopped = await exit
    assert.equal(res.status, 201, res.text)
    assert.equal(res.json.name, name)
    assert.equal(res.headers.connection, 'close', 'the connection is not kept alive during shutdown')
    assert.ok(refused, 'a new connection after SIGTERM is refused')
    assert.equal(stopped.code, 0)

    await srv.restart()
    const fresh = await login(srv, 'admin')
    const communities = (await fresh.get('/communities')).json.items
    assert.ok(communities.some((c) => c.id === res.json.id && c.name === name), 'the write made after SIGTERM was committed')
    const audit = await fresh.get(`/audit?record_type=community&record_id=${res.json.id}`)
    assert.equal(audit.json.total, 1, 'and audited')
  })

  test('SIGKILL under a stream of writes: every acknowledged write is there after a restart', async () => {
    const writer = await login(srv, 'dangwei')
    const orgId = (await writer.get('/orgs')).json.items.find((o) => o.name === '机关第二支部').id
    const acked = []
    let killed = false
    // Eight writers in parallel, each creating people until the server dies.
    const workers = Array.from({ length: 8 }, async () => {
      while (!killed) {
        const res = await writer.post('/people', newPerson(orgId)).catch(() => null)
        if (!res) break
        if (res.status === 201) acked.push(res.json)
        if (acked.length >= 60 && !killed) {
          killed = true
          srv.process.kill('SIGKILL')
        }
      }
    })
    await Promise.all(workers)
    const stopped = await srv.exited
    assert.equal(stopped.signal, 'SIGKILL')
    assert.ok(acked.length >= 60, `${acked.length} writes acknowledged before the kill`)

    await srv.restart()
    const fresh = await login(srv, 'admin')
    for (const p of acked) {
      const got = await fresh.get(`/people/${p.id}`)
      assert.equal(got.status, 200, `person ${p.id} acknowledged before the crash is there`)
      assert.deepEqual(got.json, p)
      const audit = await fresh.get(`/audit?record_type=person&record_id=${p.id}&action=create`)
      assert.equal(audit.json.total, 1, `the creation of ${p.id} is in the audit log`)
    }
  })
})
