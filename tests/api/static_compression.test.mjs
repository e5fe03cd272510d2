// The web UI precompressed at build time (issue 12): web/scripts/compress-dist.mjs
// writes x.br and x.gz beside each compressible file; the server holds them
// with their file and answers by Accept-Encoding, never compressing per request.
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { after, describe, test } from 'node:test'
import { REPO, request, startServer } from './harness.mjs'
import { compressDir } from '../../web/scripts/compress-dist.mjs'

// A web root of the test's own, compressed by the build's script.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dx-web-gz-'))
const web = path.join(tmp, 'web')
const secret = Buffer.from(`SECRET-${crypto.randomBytes(12).toString('hex')}`)
const appJs = Buffer.from('export const greeting = "欢迎";\n'.repeat(200))
const indexHtml = Buffer.from('<!doctype html><title>笃行</title>' +
  '<script type="module" src="/assets/app.js"></script>'.repeat(20))
const files = {
  'index.html': indexHtml,
  'assets/app.js': appJs,
  'assets/app.css': Buffer.from('.a{color:red}\n'.repeat(100)),
  'assets/logo.svg': Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${'<g/>'.repeat(100)}</svg>`),
  'assets/data.json': Buffer.from(JSON.stringify({ items: Array(100).fill({ name: '张三' }) })),
  'assets/tiny.js': Buffer.from('1'),  // no variant makes it smaller
  'assets/photo.png': Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(2000)]),
  'assets/font.woff2': Buffer.alloc(2000, 7),
  'assets/leaky.js': Buffer.from('console.log("leaky")\n'.repeat(50)),
  'downloads/archive.gz': zlib.gzipSync(Buffer.from('an archive of its own\n')),
}
for (const [name, bytes] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(web, name)), { recursive: true })
  fs.writeFileSync(path.join(web, name), bytes)
}
// A stale variant of a file no variant makes smaller is removed.
fs.writeFileSync(path.join(web, 'assets/tiny.js.gz'), 'stale')
const totals = compressDir(web)
// A variant that is a link out of the web root is never read.
fs.writeFileSync(path.join(tmp, 'secret.br'), secret)
fs.rmSync(path.join(web, 'assets/leaky.js.br'))
fs.symlinkSync(path.join(tmp, 'secret.br'), path.join(web, 'assets/leaky.js.br'))
fs.rmSync(path.join(web, 'assets/leaky.js.gz'))

const srv = await startServer('static_compression', { web })
after(async () => {
  await srv.stop()
  fs.rmSync(tmp, { recursive: true, force: true })
})

const get = (p, headers = {}) => request(srv, 'GET', p, { headers })
const head = (p, headers = {}) => request(srv, 'HEAD', p, { headers })
const variant = (name, ext) => fs.readFileSync(path.join(web, `${name}.${ext}`))

describe('the build writes brotli and gzip variants', () => {
  test('text files and fonts not compressed already get .br and .gz that decompress to the file', () => {
    for (const name of ['index.html', 'assets/app.js', 'assets/app.css', 'assets/logo.svg', 'assets/data.json']) {
      const br = variant(name, 'br')
      const gz = variant(name, 'gz')
      assert.ok(br.length < files[name].length && gz.length < files[name].length, name)
      assert.deepEqual(zlib.brotliDecompressSync(br), files[name], name)
      assert.deepEqual(zlib.gunzipSync(gz), files[name], name)
    }
    assert.equal(totals.files, 7)  // the five above, tiny.js and leaky.js
  })

  test('no variant for images, woff2, archives or when it would not be smaller (a stale one removed)', () => {
    for (const name of ['assets/photo.png', 'assets/font.woff2', 'downloads/archive.gz', 'assets/tiny.js']) {
      for (const ext of ['br', 'gz']) assert.ok(!fs.existsSync(path.join(web, `${name}.${ext}`)), `${name}.${ext}`)
    }
  })

  test('the web build runs the script', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'web/package.json'), 'utf8'))
    assert.match(pkg.scripts.build, /node scripts\/compress-dist\.mjs$/)
  })
})

describe('answers by Accept-Encoding', () => {
  const cases = [
    // [Accept-Encoding, expected coding ('' = identity)]
    [undefined, ''],
    ['', ''],
    ['br, gzip', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', ''],
    ['deflate, zstd', ''],
    ['identity;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['br;q=0, *', 'gzip'],
    ['*;q=0, identity', ''],
    ['br;q=2, gzip;q=0.5', 'gzip'],  // a malformed weight is ignored
  ]

  test('each Accept-Encoding gets its coding, Vary, Content-Encoding and the length of what is sent', async () => {
    for (const [accept, coding] of cases) {
      const headers = accept === undefined ? {} : { 'Accept-Encoding': accept }
      const res = await get('/assets/app.js', headers)
      const what = `Accept-Encoding: ${accept}`
      assert.equal(res.status, 200, what)
      assert.equal(res.headers.vary, 'Accept-Encoding', what)
      assert.equal(res.headers['content-encoding'], coding || undefined, what)
      assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8', what)
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', what)
      const expected = coding === '' ? files['assets/app.js'] : variant('assets/app.js', coding === 'br' ? 'br' : 'gz')
      assert.deepEqual(res.body, expected, what)
      assert.equal(Number(res.headers['content-length']), expected.length, what)
    }
  })

  test('index.html, also for client routes, and every compressible type are sent compressed', async () => {
    for (const p of ['/', '/index.html', '/people/12', '/assets/app.css', '/assets/logo.svg', '/assets/data.json']) {
      const name = p.startsWith('/assets/') ? p.slice(1) : 'index.html'
      const br = await get(p, { 'Accept-Encoding': 'br, gzip' })
      assert.equal(br.headers['content-encoding'], 'br', p)
      assert.deepEqual(zlib.brotliDecompressSync(br.body), files[name], p)
      const gz = await get(p, { 'Accept-Encoding': 'gzip' })
      assert.deepEqual(zlib.gunzipSync(gz.body), files[name], p)
      assert.equal(gz.headers.vary, 'Accept-Encoding', p)
    }
    assert.equal((await get('/', { 'Accept-Encoding': 'br' })).headers['cache-control'], 'no-cache')
  })

  test('files without variants are sent as they are, with Vary', async () => {
    for (const name of ['assets/photo.png', 'assets/font.woff2', 'assets/tiny.js']) {
      const res = await get(`/${name}`, { 'Accept-Encoding': 'br, gzip' })
      assert.equal(res.status, 200, name)
      assert.equal(res.headers['content-encoding'], undefined, name)
      assert.equal(res.headers.vary, 'Accept-Encoding', name)
      assert.deepEqual(res.body, files[name], name)
    }
  })

  test('identity refused and no variant acceptable: 406 with Vary', async () => {
    for (const [p, accept] of [['/assets/photo.png', 'identity;q=0'], ['/assets/app.js', 'identity;q=0'],
      ['/assets/app.js', '*;q=0'],
      ['/assets/app.js', 'identity;q=0, br;q=0, gzip;q=0'], ['/assets/tiny.js', 'gzip, identity;q=0']]) {
      const res = await get(p, { 'Accept-Encoding': accept })
      assert.equal(res.status, 406, `${p} ${accept}`)
      assert.equal(res.headers.vary, 'Accept-Encoding')
      assert.equal(res.headers['content-encoding'], undefined)
    }
  })
})

describe('HEAD and conditional requests per encoding', () => {
  const codings = [['br', 'br', 'br'], ['gzip', 'gzip', 'gz'], [undefined, undefined, null]]

  test('HEAD answers the head of the GET of the same encoding: its length, encoding and ETag, no body', async () => {
    for (const [accept, coding] of codings) {
      const headers = accept ? { 'Accept-Encoding': accept } : {}
      const g = await get('/assets/app.js', headers)
      const h = await head('/assets/app.js', headers)
      assert.equal(h.status, 200, accept)
      assert.equal(h.body.length, 0, accept)
      assert.equal(h.headers['content-length'], String(g.body.length), accept)
      assert.equal(h.headers['content-encoding'], coding, accept)
      assert.equal(h.headers.etag, g.headers.etag, accept)
      assert.equal(h.headers.vary, 'Accept-Encoding', accept)
    }
  })

  test('each encoding has its own strong ETag; If-None-Match with it gets 304 without a body', async () => {
    const tags = {}
    for (const [accept, , ext] of codings) {
      const headers = accept ? { 'Accept-Encoding': accept } : {}
      const tag = (await get('/assets/app.js', headers)).headers.etag
      assert.match(tag, /^"[0-9a-f]{16}(-br|-gz)?"$/)
      tags[ext ?? 'identity'] = tag
      for (const send of [get, head]) {
        for (const inm of [tag, `W/${tag}`, `"other", ${tag}`, '*']) {
          const res = await send('/assets/app.js', { ...headers, 'If-None-Match': inm })
          assert.equal(res.status, 304, `${accept} ${inm}`)
          assert.equal(res.body.length, 0)
          assert.equal(res.headers.etag, tag)
          assert.equal(res.headers.vary, 'Accept-Encoding')
          assert.equal(res.headers['content-length'], undefined, `${accept} ${inm}: a 304 states no length`)
        }
      }
    }
    assert.equal(new Set(Object.values(tags)).size, 3)
    // A tag of another encoding of the same file does not match: the full answer.
    const res = await get('/assets/app.js', { 'Accept-Encoding': 'br', 'If-None-Match': tags.gz })
    assert.equal(res.status, 200)
    assert.deepEqual(res.body, variant('assets/app.js', 'br'))
    assert.equal((await get('/assets/app.js', { 'If-None-Match': tags.br })).status, 200)
    // Tags differ between files and stay the same for the same bytes.
    assert.notEqual((await get('/assets/app.css', { 'Accept-Encoding': 'br' })).headers.etag, tags.br)
    assert.equal((await get('/assets/app.js', { 'Accept-Encoding': 'br' })).headers.etag, tags.br)
  })
})

describe('variants are no files of their own', () => {
  test('x.br and x.gz beside x are never served by their own URL; a .gz with no file beside it is', async () => {
    for (const p of ['/assets/app.js.br', '/assets/app.js.gz', '/index.html.br', '/index.html.gz']) {
      for (const accept of [undefined, 'br, gzip']) {
        const res = await get(p, accept ? { 'Accept-Encoding': accept } : {})
        assert.equal(res.status, 404, `${p} ${accept}`)
      }
    }
    const archive = await get('/downloads/archive.gz', { 'Accept-Encoding': 'br, gzip' })
    assert.equal(archive.status, 200)
    assert.equal(archive.headers['content-encoding'], undefined)
    assert.deepEqual(archive.body, files['downloads/archive.gz'])
  })

  test('a variant linked from outside the web root is never read: the file is sent as it is', async () => {
    const res = await get('/assets/leaky.js', { 'Accept-Encoding': 'br, gzip' })
    assert.equal(res.status, 200)
    assert.equal(res.headers['content-encoding'], undefined)
    assert.deepEqual(res.body, files['assets/leaky.js'])
    assert.ok(!res.body.includes(secret))
    assert.equal((await get('/assets/leaky.js.br')).status, 404)
  })
})
