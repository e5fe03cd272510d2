// Attachments: streamed multipart uploads under the record's rights, type
// from the bytes, per-kind limits, content-addressed storage, downloads with
// the original name, Range and nosniff, photos without their GPS position.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  API, assertError, Client, continued, demoIds, firstSignIn, login, PASSWORD, rawConnection, request, spawnServe, startServer,
  waitForLog,
} from './harness.mjs'
import net from 'node:net'
import { writeXlsx } from './xlsx.mjs'
import { BOUNDARY, multipart, pngOf, TINY_JPEG, upload } from './uploads.mjs'

// The PDF limit is 1 MiB here (--attachment-max-pdf); other kinds keep 20 MiB.
const srv = await startServer('attachments', { args: ['--attachment-max-pdf', '1MiB'] })
after(() => srv.stop())


/** TINY_JPEG with an EXIF APP1 segment holding a GPS IFD (GPSLatitudeRef N, GPSMapDatum "GPSPOS"). */
function jpegWithGps() {
  const u16 = (v) => Buffer.from([v & 255, v >> 8])
  const u32 = (v) => Buffer.from([v & 255, (v >> 8) & 255, (v >> 16) & 255, v >>> 24])
  const tiff = Buffer.concat([
    Buffer.from('II*\0', 'latin1'), u32(8),
    u16(1), u16(0x8825), u16(4), u32(1), u32(26), u32(0),
    u16(2), u16(0x0001), u16(2), u32(2), Buffer.from('N\0\0\0', 'latin1'),
    u16(0x0012), u16(2), u32(7), u32(56), u32(0), Buffer.from('GPSPOS\0', 'latin1'),
  ])
  const app1 = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
  const len = app1.length + 2
  return Buffer.concat([TINY_JPEG.subarray(0, 2), Buffer.from([0xff, 0xe1, len >> 8, len & 255]), app1,
    TINY_JPEG.subarray(2)])
}

/**
 * TINY_JPEG whose frame header claims width×height pixels: the scan data ends
 * long before, which the decoder answers with grey rows (615 bytes → gigapixels).
 */
function jpegClaiming(width, height) {
  const b = Buffer.from(TINY_JPEG)
  for (let i = 2; i + 9 < b.length; i += 2 + b.readUInt16BE(i + 2)) {
    if (b[i + 1] === 0xc0) {
      b.writeUInt16BE(height, i + 5)
      b.writeUInt16BE(width, i + 7)
      return b
    }
  }
  throw new Error('TINY_JPEG has no SOF0 segment')
}

/** A GIF of one width×height frame whose image data is a few bytes. */
function gifClaiming(width, height) {
  const size = Buffer.alloc(4)
  size.writeUInt16LE(width, 0)
  size.writeUInt16LE(height, 2)
  return Buffer.concat([Buffer.from('GIF89a', 'latin1'), size, Buffer.from([0x80, 0, 0, 0, 0, 0, 255, 255, 255]),
    Buffer.from([0x2c, 0, 0, 0, 0]), size, Buffer.from([0, 2, 2, 0x4c, 0x01, 0, 0x3b])])
}

const pdf = (n = 2000) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(n, 'x'), Buffer.from('\n%%EOF\n')])

let admin, secretary, member, leader, orgAdmin, ids, inScope, outOfScope
before(async () => {
  admin = await login(srv, 'admin')
  orgAdmin = await login(srv, 'dangwei')  // org admin of 机关党委
  secretary = await login(srv, 'zhibu1')  // branch secretary of 机关第一支部
  member = await login(srv, 'dangyuan1')
  leader = await login(srv, 'lingdao')
  ids = await demoIds(admin)
  // Someone of 机关第一支部 other than the member signed in (who may read their own record).
  const first = await admin.get(`/people?org_id=${ids.branch1.id}&limit=5`)
  inScope = first.json.items.find((p) => p.id !== ids.member.id)
  const other = await admin.get(`/people?org_id=${ids.branch2.id}&limit=1`)
  outOfScope = other.json.items[0]
  assert.ok(inScope && outOfScope)
})

async function listOf(personId) {
  const r = await admin.get(`/attachments?record_type=person&record_id=${personId}`)
  assert.equal(r.status, 200, r.text)
  return r.json.items
}

describe('upload', () => {
  test('several files in one request: types from the bytes, listed under the record', async () => {
    const before = (await listOf(inScope.id)).length
    const r = await upload(secretary, `record_type=person&record_id=${inScope.id}`, [
      { name: '党史学习心得.pdf', data: pdf(), type: 'text/plain' },
      { name: '笔记.txt', data: '学史明理、学史增信\n' },
      { name: '名单.xlsx', data: writeXlsx([['姓名'], ['张三']]) },
    ], { note: 'ignored field' })
    assert.equal(r.status, 201, r.text)
    assert.deepEqual(r.json.items.map((a) => [a.file_name, a.media_type]), [
      ['党史学习心得.pdf', 'application/pdf'],
      ['笔记.txt', 'text/plain; charset=utf-8'],
      ['名单.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ])
    for (const a of r.json.items) assert.equal(a.record_id, inScope.id)
    assert.equal((await listOf(inScope.id)).length, before + 3)
  })

  test('the same content twice is one blob: same ETag', async () => {
    const data = '同一份内容 ' + Date.now()
    const a = await upload(secretary, `record_type=person&record_id=${inScope.id}`, [{ name: 'a.txt', data }])
    const b = await upload(secretary, `record_type=person&record_id=${inScope.id}`, [{ name: 'b.txt', data }])
    assert.equal(a.status, 201, a.text)
    assert.equal(b.status, 201, b.text)
    const ea = (await secretary.get(`/attachments/${a.json.items[0].id}/content`)).headers.etag
    const eb = (await secretary.get(`/attachments/${b.json.items[0].id}/content`)).headers.etag
    assert.match(ea, /^"[0-9a-f]{64}"$/)
    assert.equal(ea, eb)
  })

  test('a type that is none of the accepted ones → 422 naming the file, nothing stored', async () => {
    const before = (await listOf(inScope.id)).length
    const r = await upload(secretary, `record_type=person&record_id=${inScope.id}`, [
      { name: 'ok.txt', data: 'fine' },
      { name: '工具.exe', data: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0]), type: 'application/pdf' },
    ])
    const e = assertError(r, 422, 'failed_precondition', 'file')
    assert.match(e.message, /工具\.exe.*类型不受支持/)
    assert.equal((await listOf(inScope.id)).length, before)
  })

  test('not multipart, or no closing boundary → 400/415, nothing stored', async () => {
    const before = (await listOf(inScope.id)).length
    let r = await secretary.request('POST', `/attachments?record_type=person&record_id=${inScope.id}`, {
      body: 'x', headers: { 'Content-Type': 'text/plain' } })
    assertError(r, 415, 'unsupported_media_type')
    const body = multipart([{ name: 'a.txt', data: 'abc' }])
    r = await secretary.request('POST', `/attachments?record_type=person&record_id=${inScope.id}`, {
      body: body.subarray(0, body.length - 10), headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` } })
    const e = assertError(r, 400, 'invalid_argument')
    assert.match(e.message, /结束分隔符/)
    assert.equal((await listOf(inScope.id)).length, before)
  })

  test('a file over its kind\'s limit → 413 naming it, before the rest of the body is sent', async () => {
    const before = (await listOf(inScope.id)).length
    const body = multipart([{ name: '大文件.pdf', data: pdf(3 << 20) }])
    const c = rawConnection(srv.port)
    try {
      await c.send(`POST ${API}/attachments?record_type=person&record_id=${inScope.id} HTTP/1.1\r\nHost: x\r\n` +
        `Cookie: duxing_session=${secretary.cookie}\r\nX-CSRF-Token: ${secretary.csrf}\r\n` +
        `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${body.length}\r\n\r\n`)
      await c.send(body.subarray(0, (3 << 20) / 2))  // half of it; the rest is never sent
      const r = await c.response()
      assert.equal(r.status, 413, r.text)
      const e = JSON.parse(r.text).error
      assert.equal(e.code, 'too_large')
      assert.match(e.message, /大文件\.pdf.*1 MB/)
    } finally {
      c.close()
    }
    assert.equal((await listOf(inScope.id)).length, before)
  })

  test('an image whose header claims more than 50 million pixels → 422 naming the file, nothing stored', async () => {
    // Each decoded to strip metadata or thumbnailed: 615 bytes of JPEG cost a
    // worker 9 s at 30000×30000 (a stored file of 24.6 MB), a 35-byte GIF
    // 1.6 GB of memory at 20000×20000.
    const before = (await listOf(inScope.id)).length
    for (const [name, data] of [['巨图.jpg', jpegClaiming(10000, 10000)], ['巨图.png', pngOf(10000, 10000)],
      ['巨图.gif', gifClaiming(10000, 10000)]]) {
      const r = await upload(secretary, `record_type=person&record_id=${inScope.id}`, [{ name, data }])
      const e = assertError(r, 422, 'failed_precondition', 'file')
      assert.match(e.message, new RegExp(`${name.replace('.', '\\.')}.*10000×10000 像素，最多 5000 万像素`))
    }
    assert.equal((await listOf(inScope.id)).length, before)
    const photo = await upload(secretary, `record_type=person&record_id=${inScope.id}`,
      [{ name: '合影.png', data: pngOf(4000, 3000) }])
    assert.equal(photo.status, 201, photo.text)
    const thumb = await secretary.get(`/attachments/${photo.json.items[0].id}/thumbnail`)
    assert.equal(thumb.status, 200, thumb.text)
  })

  test('a record out of scope, or without the attach right → refused before a body byte is read', async () => {
    for (const [who, personId, status] of [[secretary, outOfScope.id, 404], [leader, inScope.id, 403],
      [member, inScope.id, 404]]) {
      const c = rawConnection(srv.port)
      try {
        // 100 MB declared, none sent: the answer comes from the head alone.
        await c.send(`POST ${API}/attachments?record_type=person&record_id=${personId} HTTP/1.1\r\nHost: x\r\n` +
          `Cookie: duxing_session=${who.cookie}\r\nX-CSRF-Token: ${who.csrf}\r\n` +
          `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: 100000000\r\n\r\n`)
        const r = await c.response()
        assert.equal(r.status, status, r.text)
      } finally {
        c.close()
      }
    }
    assertError(await upload(secretary, 'record_type=campaign&record_id=1', [{ name: 'a.txt', data: 'x' }]),
      400, 'invalid_argument', 'record_type')
  })
})

describe('download', () => {
  let pdfId, imageId, textId
  const text = '0123456789学史力行'
  before(async () => {
    const r = await upload(secretary, `record_type=person&record_id=${inScope.id}`, [
      { name: '总结 (2021)；定稿.pdf', data: pdf(100) },
      { name: '现场照片.jpg', data: jpegWithGps() },
      { name: 'range.txt', data: text },
    ])
    assert.equal(r.status, 201, r.text)
    ;[pdfId, imageId, textId] = r.json.items.map((a) => a.id)
  })

  test('the original Chinese name (RFC 5987 + ASCII fallback), nosniff, PDFs as downloads', async () => {
    const r = await leader.get(`/attachments/${pdfId}/content`)
    assert.equal(r.status, 200)
    assert.equal(r.headers['content-type'], 'application/pdf')
    assert.equal(r.headers['x-content-type-options'], 'nosniff')
    const cd = r.headers['content-disposition']
    assert.match(cd, /^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''/)
    assert.equal(decodeURIComponent(cd.split("UTF-8''")[1]), '总结 (2021)；定稿.pdf')
    assert.ok(r.body.subarray(0, 5).equals(Buffer.from('%PDF-')))
  })

  test('images inline, their GPS position never served, a thumbnail', async () => {
    const r = await secretary.get(`/attachments/${imageId}/content`)
    assert.equal(r.status, 200)
    assert.equal(r.headers['content-type'], 'image/jpeg')
    assert.match(r.headers['content-disposition'], /^inline;/)
    assert.ok(jpegWithGps().includes('GPSPOS'))
    assert.ok(!r.body.includes('GPSPOS'), 'GPS data stripped')
    assert.ok(!r.body.includes('Exif'), 'EXIF stripped')
    assert.equal(r.body[0], 0xff)
    const t = await secretary.get(`/attachments/${imageId}/thumbnail`)
    assert.equal(t.status, 200)
    assert.equal(t.headers['content-type'], 'image/jpeg')
    assert.ok(!t.body.includes('GPSPOS'))
    assertError(await secretary.get(`/attachments/${pdfId}/thumbnail`), 404, 'not_found')
  })

  test('a file of several stored pieces with every byte value arrives whole; HEAD sends its length only', async () => {
    const binary = Buffer.alloc(700_000)
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7 + (i >> 8)) & 255
    const data = Buffer.concat([Buffer.from('%PDF-1.7\n'), binary, Buffer.from('\n%%EOF\n')])
    const up = await upload(secretary, `record_type=person&record_id=${inScope.id}`, [{ name: '二进制.pdf', data }])
    assert.equal(up.status, 201, up.text)
    const id = up.json.items[0].id
    const r = await secretary.get(`/attachments/${id}/content`)
    assert.equal(r.status, 200)
    assert.equal(Number(r.headers['content-length']), data.length)
    assert.ok(r.body.equals(data), 'the bytes as uploaded')
    const part = await secretary.get(`/attachments/${id}/content`, { headers: { Range: 'bytes=262000-262300' } })
    assert.equal(part.status, 206)
    assert.ok(part.body.equals(data.subarray(262000, 262301)))
    const head = await secretary.request('HEAD', `/attachments/${id}/content`)
    assert.equal(head.status, 200)
    assert.equal(Number(head.headers['content-length']), data.length)
    assert.equal(head.body.length, 0)
  })

  test('Range: 206 with Content-Range, suffix ranges, 416 past the end, 304 on the ETag', async () => {
    const bytes = Buffer.from(text)
    let r = await secretary.get(`/attachments/${textId}/content`, { headers: { Range: 'bytes=2-5' } })
    assert.equal(r.status, 206)
    assert.equal(r.headers['content-range'], `bytes 2-5/${bytes.length}`)
    assert.equal(r.text, '2345')
    r = await secretary.get(`/attachments/${textId}/content`, { headers: { Range: 'bytes=-6' } })
    assert.equal(r.status, 206)
    assert.ok(r.body.equals(bytes.subarray(bytes.length - 6)))
    r = await secretary.get(`/attachments/${textId}/content`, { headers: { Range: `bytes=${bytes.length}-` } })
    assert.equal(r.status, 416)
    assert.equal(r.headers['content-range'], `bytes */${bytes.length}`)
    r = await secretary.get(`/attachments/${textId}/content`, { headers: { Range: 'bytes=0-1,4-5' } })
    assert.equal(r.status, 200)
    assert.equal(r.headers['accept-ranges'], 'bytes')
    const again = await secretary.get(`/attachments/${textId}/content`, { headers: { 'If-None-Match': r.headers.etag } })
    assert.equal(again.status, 304)
  })

  test('out of scope → 404 for content, metadata and list; members cannot read others', async () => {
    const zhibu2 = await admin.get(`/attachments/${pdfId}`)
    assert.equal(zhibu2.status, 200)
    for (const p of [`/attachments/${pdfId}/content`, `/attachments/${pdfId}`]) {
      assertError(await member.get(p), 404, 'not_found')
    }
    assertError(await secretary.get(`/attachments?record_type=person&record_id=${outOfScope.id}`), 404, 'not_found')
  })
})

describe('limits', () => {
  test('the per-kind limits as set on the command line; signed-in callers only', async () => {
    const r = await member.get('/attachments/limits')
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.json, { max_bytes: { image: 20 << 20, pdf: 1 << 20, office: 20 << 20, text: 20 << 20 }, max_files: 10 })
    const anonymous = await request(srv, 'GET', `${API}/attachments/limits`)
    assertError(anonymous, 401, 'unauthenticated')
  })
})

describe('pending uploads', () => {
  test('without a record id: only the uploader sees it until attached', async () => {
    const r = await upload(secretary, 'record_type=person', [{ name: '待关联.txt', data: 'pending' }])
    assert.equal(r.status, 201, r.text)
    const a = r.json.items[0]
    assert.equal(a.record_id, null)
    assertError(await leader.get(`/attachments/${a.id}`), 404, 'not_found')
    assertError(await secretary.post(`/attachments/${a.id}/attach`, { record_id: outOfScope.id }), 404, 'not_found')
    const ok = await secretary.post(`/attachments/${a.id}/attach`, { record_id: inScope.id })
    assert.equal(ok.status, 200, ok.text)
    assert.equal(ok.json.record_id, inScope.id)
    assert.equal((await leader.get(`/attachments/${a.id}`)).status, 200)
  })

  test('a read-only leader or a member may not upload files for a record not yet saved', async () => {
    // They may attach to no record, so their pending files could only fill the
    // store (up to 10 × 20 MB a request, kept a day); refused from the head.
    for (const [who, name] of [[leader, 'lingdao'], [member, 'dangyuan1']]) {
      const c = rawConnection(srv.port)
      try {
        await c.send(`POST ${API}/attachments?record_type=person HTTP/1.1\r\nHost: x\r\n` +
          `Cookie: duxing_session=${who.cookie}\r\nX-CSRF-Token: ${who.csrf}\r\n` +
          `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: 100000000\r\n\r\n`)
        const r = await c.response()
        assert.equal(r.status, 403, `${name}: ${r.text}`)
        assert.equal(JSON.parse(r.text).error.code, 'permission_denied')
      } finally {
        c.close()
      }
      assertError(await upload(who, 'record_type=person', [{ name: '占位.txt', data: 'x' }]), 403, 'permission_denied')
    }
  })

  test('remove: the attach right only', async () => {
    const r = await upload(secretary, `record_type=person&record_id=${inScope.id}`, [{ name: 'del.txt', data: 'del' + Date.now() }])
    const id = r.json.items[0].id
    assertError(await leader.del(`/attachments/${id}`), 403, 'permission_denied')
    assert.equal((await secretary.del(`/attachments/${id}`)).status, 204)
    assertError(await secretary.get(`/attachments/${id}`), 404, 'not_found')
  })
})

describe('slow uploads', () => {
  // An account of its own (a secretary of 机关第一支部), so that no upload of
  // another test holds one of its slots.
  let uploader
  before(async () => {
    const username = `slowup${process.pid % 1000}`
    const made = await admin.post('/accounts', {
      username, display_name: '慢速上传测试', password: PASSWORD,
      roles: [{ role: 'branch_secretary', org_id: ids.branch1.id }],
    })
    assert.equal(made.status, 201, made.text)
    uploader = await firstSignIn(srv, username)
  })

  const file = () => multipart([{ name: '慢.txt', data: `slow ${Date.now()} ${Math.random()}` }])
  const uploadHead = (who, length, extra = '') =>
    `POST ${API}/attachments?record_type=person&record_id=${inScope.id} HTTP/1.1\r\nHost: x\r\n` +
    `Cookie: duxing_session=${who.cookie}\r\nX-CSRF-Token: ${who.csrf}\r\n` +
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${length}\r\n${extra}\r\n`

  /** An upload admitted (its 100 Continue came) whose body is still to come, on `port`. */
  async function heldUpload(port, body) {
    const c = rawConnection(port)
    await c.send(uploadHead(uploader, body.length, 'Expect: 100-continue\r\n'))
    await continued(c)
    return c
  }

  test('one account has at most two uploads in flight: the third gets 429 before its body is read', async () => {
    const before = (await listOf(inScope.id)).length
    const bodies = [file(), file()]
    const held = []
    try {
      for (const body of bodies) held.push(await heldUpload(srv.port, body))
      // 100 MB declared, none sent: refused from the head alone.
      const third = rawConnection(srv.port)
      try {
        await third.send(uploadHead(uploader, 100000000))
        const r = await third.response()
        const e = assertError({ ...r, json: JSON.parse(r.text) }, 429, 'resource_exhausted')
        assert.match(e.message, /上传过多/)
        assert.ok(Number(r.headers['retry-after']) > 0)
      } finally {
        third.close()
      }
      assertError(await upload(uploader, `record_type=person&record_id=${inScope.id}`, [{ name: 'x.txt', data: 'x' }]),
        429, 'resource_exhausted')
      // Another account is served meanwhile.
      const other = await upload(secretary, `record_type=person&record_id=${inScope.id}`,
        [{ name: '他人.txt', data: `other ${Date.now()}` }])
      assert.equal(other.status, 201, other.text)
      assert.equal((await listOf(inScope.id)).length, before + 1, 'the refused uploads stored nothing')
      // The first upload ends: its connection takes the next upload at once.
      await held[0].send(bodies[0])
      assert.equal((await held[0].response()).status, 201)
      const next = file()
      await held[0].send(uploadHead(uploader, next.length))
      await held[0].send(next)
      const r = await held[0].response()
      assert.equal(r.status, 201, r.text)
    } finally {
      for (const c of held) c.close()
    }
  })

  test('a body that has not arrived whole within --body-timeout: the connection is closed, its slot freed', async () => {
    const timed = await spawnServe(srv.dbUrl, { args: ['--body-timeout', '1s', '--uploads-per-account', '1'] })
    try {
      const before = (await listOf(inScope.id)).length
      const body = file()
      const slow = await heldUpload(timed.port, body)
      await slow.send(body.subarray(0, 40))  // a first piece; the rest never comes
      // A guard, not a measurement: the idle timeout between pieces (60 s) would come much later.
      await Promise.race([slow.closed, new Promise((resolve, reject) =>
        setTimeout(() => reject(new Error('not closed')), 20_000).unref())])
      await waitForLog(timed, /POST \/api\/v1\/attachments\S* id=\S+: body not received whole within --body-timeout 1s; closed/)
      assert.equal((await listOf(inScope.id)).length, before, 'nothing stored')
      // The one slot (--uploads-per-account 1) is given back once the
      // connection is gone: the account uploads again.
      const fresh = new Client(timed)
      fresh.cookie = uploader.cookie
      fresh.csrf = uploader.csrf
      let r
      for (let attempt = 0; attempt < 200; attempt++) {
        r = await upload(fresh, `record_type=person&record_id=${inScope.id}`, [{ name: '快.txt', data: `fast ${Date.now()}` }])
        if (r.status !== 429) break
      }
      assert.equal(r.status, 201, r.text)
    } finally {
      assert.equal((await timed.stop()).code, 0)
    }
  })
})

describe('audit', () => {
  /** The attachment entries of the audit log, newest first, as `who` reads them. */
  async function attachmentEntries(who = admin) {
    const r = await who.get('/audit?record_type=attachment&limit=100')
    assert.equal(r.status, 200, r.text)
    return r.json
  }

  test('an upload, its attachment and its removal are audited with the file name and labels', async () => {
    const name = `审计记录-${Date.now()}.txt`
    const up = await upload(secretary, 'record_type=person', [{ name, data: 'audited ' + Date.now() }])
    assert.equal(up.status, 201, up.text)
    const a = up.json.items[0]
    const rid = up.headers['x-request-id']
    let entries = (await attachmentEntries()).items.filter((e) => e.record_id === a.id)
    assert.equal(entries.length, 1, JSON.stringify(entries))
    const e = entries[0]
    assert.equal(e.action, 'attachment_upload')
    assert.equal(e.request_id, rid)
    assert.equal(e.actor_id, secretary.user.id)
    assert.equal(e.record_name, name)
    const shown = Object.fromEntries(e.changes.map((c) => [c.label, c.after]))
    assert.equal(shown['文件名'], name)
    assert.equal(shown['文件类型'], 'text/plain; charset=utf-8')
    assert.equal(shown['所属记录类型'], 'person')
    assert.equal(shown['所属记录编号'], '（空）')
    assert.ok(Number(shown['大小（字节）']) > 0)

    assert.equal((await secretary.post(`/attachments/${a.id}/attach`, { record_id: inScope.id })).status, 200)
    assert.equal((await secretary.del(`/attachments/${a.id}`)).status, 204)
    entries = (await attachmentEntries()).items.filter((x) => x.record_id === a.id)
    assert.deepEqual(entries.map((x) => x.action), ['attachment_remove', 'attachment_attach', 'attachment_upload'])
    assert.equal(entries[1].before.record_id, null)
    assert.equal(entries[1].after.record_id, String(inScope.id))
    assert.equal(entries[0].before.file_name, name)
    assert.equal(entries[0].after, null)
    // Filed under the person's org: the org admin of that subtree sees the attach and removal.
    const seen = (await attachmentEntries(orgAdmin)).items.filter((x) => x.record_id === a.id)
    assert.deepEqual(seen.map((x) => x.action), ['attachment_remove', 'attachment_attach'])
  })

  test('a refused upload writes no entry', async () => {
    const before = (await attachmentEntries()).total
    const r = await upload(secretary, `record_type=person&record_id=${inScope.id}`, [
      { name: 'ok.txt', data: 'fine ' + Date.now() },
      { name: '工具.exe', data: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0]) },
    ])
    assertError(r, 422, 'failed_precondition', 'file')
    assertError(await upload(leader, `record_type=person&record_id=${inScope.id}`, [{ name: 'a.txt', data: 'x' }]),
      403, 'permission_denied')
    assert.equal((await attachmentEntries()).total, before)
  })
})
