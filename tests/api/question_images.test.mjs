// Images in the stem of a new question: uploaded first through the
// attachments service (pending, record_type question: type from the bytes,
// size and pixels bounded), named in the create's image_ids and attached in
// the question's own transaction; a question's images are shown to its
// takers. Refusals write nothing: an oversized upload, a file that is not an
// image, another account's upload, an upload for another kind of record.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertError, demoIds, login, startServer } from './harness.mjs'
import { TINY_JPEG, upload } from './uploads.mjs'

// Images are limited to 4 KiB here (--attachment-max-image): TINY_JPEG fits.
const srv = await startServer('question_images', { args: ['--attachment-max-image', '4KiB'] })
after(() => srv.stop())

let organizer, secretary, member, ids, category
before(async () => {
  const admin = await login(srv, 'admin')
  organizer = await login(srv, 'dangwei')  // org admin of 机关党委: writes its bank
  secretary = await login(srv, 'zhibu1')  // branch secretary of 机关第一支部
  member = await login(srv, 'dangyuan1')
  ids = await demoIds(admin)
  const cats = await organizer.get(`/assessments/categories?org_id=${ids.committee.id}`)
  category = cats.json.items[0]
  assert.ok(category, 'the demo bank has categories')
})

const question = (stem, imageIds) => ({
  org_id: ids.committee.id, category_id: category.id, difficulty: 2, type: 'single',
  stem, options: ['1921年', '1927年'], correct_options: [0], image_ids: imageIds,
})

async function pendingUpload(client, name, data, recordType = 'question') {
  const r = await upload(client, `record_type=${recordType}`, [{ name, data }])
  assert.equal(r.status, 201, r.text)
  assert.equal(r.json.items[0].record_id, null, 'pending until the question is created')
  return r.json.items[0]
}

/** The committee bank's questions whose stem contains `text`. */
async function questionsWith(text) {
  const r = await organizer.get(`/assessments/questions?org_id=${ids.committee.id}&limit=200`)
  assert.equal(r.status, 200, r.text)
  return r.json.items.filter((q) => q.stem.includes(text)).map((q) => q.id)
}

describe('images in the stem of a new question', () => {
  test('an uploaded image is attached to the question created with it and shown to its taker', async () => {
    const image = await pendingUpload(organizer, '遵义会议.jpg', TINY_JPEG)
    assert.equal(image.media_type, 'image/jpeg')
    const created = await organizer.post('/assessments/questions', question('带图的新题：图中会议召开于哪一年？', [image.id]))
    assert.equal(created.status, 201, created.text)
    assert.deepEqual(created.json.image_ids, [image.id])
    const attached = await organizer.get(`/attachments?record_type=question&record_id=${created.json.id}`)
    assert.deepEqual(attached.json.items.map((a) => [a.id, a.record_id]), [[image.id, created.json.id]])
    assert.equal((await organizer.get(`/attachments/${image.id}/content`)).status, 200)

    // A taker of an exam holding the question reads its image.
    const paper = await organizer.post('/assessments/papers', {
      org_id: ids.committee.id, title: '带图试卷', kind: 'fixed', items: [{ question_id: created.json.id, points: 5 }],
    })
    assert.equal(paper.status, 201, paper.text)
    const now = Date.now()
    const exam = await organizer.post('/assessments/exams', {
      org_id: ids.committee.id, title: '带图考试', paper_id: paper.json.id, mode: 'practice',
      opens_at: new Date(now - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      closes_at: new Date(now + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'), published: true,
    })
    assert.equal(exam.status, 201, exam.text)
    assert.equal((await member.get(`/attachments/${image.id}/content`)).status, 404, 'not before the member draws it')
    const attempt = await member.post(`/assessments/exams/${exam.json.id}/attempts`)
    assert.equal(attempt.status, 200, attempt.text)
    assert.deepEqual(attempt.json.questions[0].image_ids, [image.id])
    const content = await member.get(`/attachments/${image.id}/content`)
    assert.equal(content.status, 200)
    assert.equal(content.headers['content-type'], 'image/jpeg')
  })

  test('an image past the image limit is refused at upload (413): nothing stored', async () => {
    const big = Buffer.concat([TINY_JPEG, Buffer.alloc(8 << 10)])
    const r = await upload(organizer, 'record_type=question', [{ name: '大图.jpg', data: big }])
    assertError(r, 413, 'too_large', 'file')
    assert.match(r.json.error.message, /大图\.jpg/)
  })

  test('a file that is not an image is refused on image_ids[i] (400): no question, the upload stays pending', async () => {
    const image = await pendingUpload(organizer, '图.jpg', TINY_JPEG)
    const text = await pendingUpload(organizer, '说明.txt', '这不是图片')
    const stem = `非图片附件${Date.now()}`
    const r = await organizer.post('/assessments/questions', question(stem, [image.id, text.id]))
    assertError(r, 400, 'invalid_argument', 'image_ids[1]')
    assert.match(r.json.error.message, /JPEG、PNG、GIF 或 WebP/)
    assert.deepEqual(await questionsWith(stem), [])
    const still = await organizer.get(`/attachments/${image.id}`)
    assert.equal(still.json.record_id, null, 'the image was not attached either')
  })

  test("another account's upload, or an upload for another kind of record, is refused (400); the secretary cannot write the committee's bank", async () => {
    const theirs = await pendingUpload(secretary, '书记的图.jpg', TINY_JPEG)
    const stem = `他人的图片${Date.now()}`
    assertError(await organizer.post('/assessments/questions', question(stem, [theirs.id])), 400, 'invalid_argument', 'image_ids[0]')
    const personFile = await pendingUpload(organizer, '证件照.jpg', TINY_JPEG, 'person')
    assertError(await organizer.post('/assessments/questions', question(stem, [personFile.id])), 400, 'invalid_argument', 'image_ids[0]')
    assertError(await organizer.post('/assessments/questions', question(stem, [999999])), 400, 'invalid_argument', 'image_ids[0]')
    // Out of scope: the secretary may not write the committee's bank, with or without an image.
    const r = await secretary.post('/assessments/questions', question(stem, [theirs.id]))
    assert.ok([403, 404].includes(r.status), r.text)
    assert.deepEqual(await questionsWith(stem), [])
    assert.equal((await secretary.get(`/attachments/${theirs.id}`)).json.record_id, null)
  })
})
