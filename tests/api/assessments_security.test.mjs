// Holes the session-11 attacker review found in assessments, each as the
// rule the product keeps (tests/api/attack_s11.test.mjs on the review
// branch holds the attacker's own versions):
// - graders of an exam: nobody who may take or took it is named grader;
//   nobody grades their own answer, organizers included; a grader's grade
//   answer carries no keys or scores;
// - report competitions: a reviewer of a call never submits to it; the
//   file a blind reviewer downloads names no author in its properties.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PASSWORD, assertError, demoIds, firstSignIn, login, loginAll, memberAccount, optionKeys, startServer } from './harness.mjs'
import { unzip, zip } from './xlsx.mjs'

const srv = await startServer('assessments_security')
after(() => srv.stop())

let u, ids
before(async () => {
  u = await loginAll(srv)
  ids = await demoIds(u.admin)
})

function iso(offsetSeconds) {
  return new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Asserts the refusal and that `read()` answers the same before and after it. */
async function refusedUnchanged(read, fn, status, code, field) {
  const before = await read()
  const e = assertError(await fn(), status, code, field)
  assert.deepEqual(await read(), before, 'nothing was written')
  return e
}

describe('graders and takers of one exam', () => {
  let exam, single, essay, taker, outsider

  before(async () => {
    taker = await memberAccount(srv, u.admin, ids.branch2.id, `taker${process.pid}`)
    // Without a person record: never a taker of any exam.
    const made = await u.admin.post('/accounts', {
      username: `outsider${process.pid}`, display_name: '外聘评阅人', password: PASSWORD,
      roles: [{ role: 'member', org_id: ids.branch3.id }],
    })
    assert.equal(made.status, 201, made.text)
    outsider = { account: made.json, client: await firstSignIn(srv, `outsider${process.pid}`) }
    const cat = await u.dangwei.post('/assessments/categories', { org_id: ids.committee.id, name: `评阅安全${process.pid}` })
    assert.equal(cat.status, 201, cat.text)
    const mk = async (body) => {
      const r = await u.dangwei.post('/assessments/questions', { org_id: ids.committee.id, category_id: cat.json.id, difficulty: 2, ...body })
      assert.equal(r.status, 201, r.text)
      return r.json
    }
    single = await mk({ type: 'single', stem: '遵义会议召开于哪一年？', options: ['1934年', '1935年', '1936年'], correct_options: [1] })
    essay = await mk({ type: 'short_answer', stem: '简述遵义会议的历史意义。', reference_answer: '生死攸关的转折点' })
    const paper = await u.dangwei.post('/assessments/papers', {
      org_id: ids.committee.id, title: '评阅安全测试卷', kind: 'fixed',
      items: [{ question_id: single.id, points: 10 }, { question_id: essay.id, points: 10 }],
    })
    assert.equal(paper.status, 201, paper.text)
    const e = await u.dangwei.post('/assessments/exams', {
      org_id: ids.committee.id, title: '评阅安全测试', paper_id: paper.json.id, mode: 'closed_book',
      opens_at: iso(-3600), closes_at: iso(7 * 86400), time_limit_seconds: 1800, published: true,
    })
    assert.equal(e.status, 201, e.text)
    exam = e.json
  })

  async function takeAndSubmit(client, examId, text) {
    const a = await client.post(`/assessments/exams/${examId}/attempts`)
    assert.equal(a.status, 200, a.text)
    assert.equal((await client.put(`/assessments/attempts/${a.json.id}/answers/${essay.id}`, { value: [text], seq: 1 })).status, 200)
    assert.equal((await client.post(`/assessments/attempts/${a.json.id}/submit`)).status, 200)
    return a.json
  }
  const graders = async () => (await u.dangwei.get(`/assessments/exams/${exam.id}/graders`)).json
  const setGraders = async (examId, accountIds) => {
    const { version } = (await u.dangwei.get(`/assessments/exams/${examId}/graders`)).json
    return u.dangwei.put(`/assessments/exams/${examId}/graders`, { version, account_ids: accountIds })
  }

  test('nobody who took or may take the exam is named its grader', async () => {
    // One who took it, and one who may still take it (eligible, no attempt yet).
    await takeAndSubmit(taker.client, exam.id, '我自己的答案')
    const eligible = await memberAccount(srv, u.admin, ids.branch2.id, `keyseeker${process.pid}`)
    for (const who of [taker, eligible]) {
      const e = await refusedUnchanged(graders,
        () => setGraders(exam.id, [outsider.account.id, who.account.id]),
        422, 'failed_precondition', 'account_ids[1]')
      assert.match(e.message, /不能担任评阅人/)
    }
    assert.equal((await eligible.client.get(`/assessments/exams/${exam.id}/grading`)).status, 404, 'the eligible member grades nothing')
    const set = await setGraders(exam.id, [outsider.account.id])
    assert.equal(set.status, 200, set.text)
  })

  test('nobody outside the exam org is named its grader: the picker\'s rule holds for the set too', async () => {
    // An account of the bureau above the exam's org (机关党委), no person:
    // never offered by grader-candidates, so never accepted by PUT either.
    const made = await u.admin.post('/accounts', {
      username: `bureau${process.pid}`, display_name: '局机关外部评阅人', password: PASSWORD,
      roles: [{ role: 'member', org_id: ids.bureau.id }],
    })
    assert.equal(made.status, 201, made.text)
    const offered = await u.dangwei.get(`/assessments/exams/${exam.id}/grader-candidates?q=${encodeURIComponent('局机关外部评阅人')}`)
    assert.equal(offered.status, 200, offered.text)
    assert.deepEqual(offered.json.items, [], 'not a candidate')
    const e = await refusedUnchanged(graders,
      () => setGraders(exam.id, [outsider.account.id, made.json.id]),
      422, 'failed_precondition', 'account_ids[1]')
    assert.match(e.message, /不属于本考试所属组织/)
  })

  test("a grader's grade answer carries no answer key, reference answer or score", async () => {
    const queue = await outsider.client.get(`/assessments/exams/${exam.id}/grading`)
    assert.equal(queue.status, 200, queue.text)
    const item = queue.json.items.find((i) => i.question_id === essay.id && i.score === null)
    assert.ok(item, 'an answer to grade')
    // More than two decimals, however small, is refused (1e-300 was stored as 0).
    for (const score of [1e-300, 0.001, 2.550000001]) {
      assertError(await outsider.client.put(`/assessments/attempts/${item.attempt_id}/answers/${essay.id}/grade`, { score }),
        400, 'invalid_argument', 'score')
    }
    assert.equal((await outsider.client.get(`/assessments/exams/${exam.id}/grading`)).json.items.find((i) => i.attempt_id === item.attempt_id).score, null)
    const graded = await outsider.client.put(`/assessments/attempts/${item.attempt_id}/answers/${essay.id}/grade`, { score: 5 })
    assert.equal(graded.status, 200, graded.text)
    assert.equal(graded.json.reveal, false)
    assert.equal(graded.json.score, null)
    for (const q of graded.json.questions) {
      for (const k of ['correct_options', 'accepted_blanks', 'true_false_answer', 'reference_answer', 'explanation', 'score']) {
        assert.ok(!(k in q), `no ${k} in the grader's answer: ${JSON.stringify(q)}`)
      }
    }
    // The organizer reads the same attempt with them (a given score is
    // changed by regrading, with a reason: assessments_regrade.test.mjs).
    const regraded = await u.dangwei.get(`/assessments/attempts/${item.attempt_id}`)
    assert.equal(regraded.status, 200, regraded.text)
    assert.equal(regraded.json.reveal, true)
    // The key in the taker's keys: the option reading 1935年 on that paper.
    assert.deepEqual(regraded.json.questions.find((q) => q.question_id === single.id).correct_options,
      optionKeys(regraded.json, single.id, '1935年'))
  })

  test('a grader later made eligible to take the exam grades nothing more', async () => {
    const late = await memberAccount(srv, u.admin, ids.branch3.id, `late${process.pid}`)
    const other = await u.dangwei.post('/assessments/exams', {
      org_id: ids.committee.id, title: '评阅后加入考生', paper_id: exam.paper_id, mode: 'closed_book',
      opens_at: iso(-3600), closes_at: iso(7 * 86400), eligible_org_ids: [ids.branch2.id], published: true,
    })
    assert.equal(other.status, 201, other.text)
    await takeAndSubmit(taker.client, other.json.id, '另一场的答案')
    const set = await setGraders(other.json.id, [late.account.id])
    assert.equal(set.status, 200, set.text)
    assert.equal((await late.client.get(`/assessments/exams/${other.json.id}/grading`)).status, 200)
    // The organizer names the grader's branch as takers too: the grader may take it now.
    const updated = await u.dangwei.put(`/assessments/exams/${other.json.id}`, {
      ...Object.fromEntries(Object.entries(other.json).filter(([k]) => ['title', 'paper_id', 'mode', 'opens_at', 'closes_at', 'published'].includes(k))),
      version: set.json.version,
      eligible_org_ids: [ids.branch2.id, ids.branch3.id],
    })
    assert.equal(updated.status, 200, updated.text)
    // No longer a grader (and, a member of another branch, not reading the exam's org): 404.
    assertError(await late.client.get(`/assessments/exams/${other.json.id}/grading`), 404, 'not_found')
    const attempt = (await u.dangwei.get(`/assessments/exams/${other.json.id}/grading`)).json.items[0].attempt_id
    assertError(await late.client.put(`/assessments/attempts/${attempt}/answers/${essay.id}/grade`, { score: 1 }), 404, 'not_found')
  })

  test('nobody grades their own answer, not even the exam\'s organizer', async () => {
    // 赵书记 writes 机关第一支部 and, a member of it, may take its exam.
    const cat = await u.zhibu1.post('/assessments/categories', { org_id: ids.branch1.id, name: `支部自测${process.pid}` })
    assert.equal(cat.status, 201, cat.text)
    const q = await u.zhibu1.post('/assessments/questions', {
      org_id: ids.branch1.id, category_id: cat.json.id, difficulty: 2, type: 'short_answer',
      stem: '简述古田会议的历史意义。', reference_answer: '思想建党、政治建军',
    })
    assert.equal(q.status, 201, q.text)
    const paper = await u.zhibu1.post('/assessments/papers', {
      org_id: ids.branch1.id, title: '支部自测卷', kind: 'fixed', items: [{ question_id: q.json.id, points: 10 }],
    })
    assert.equal(paper.status, 201, paper.text)
    const own = await u.zhibu1.post('/assessments/exams', {
      org_id: ids.branch1.id, title: '支部自测', paper_id: paper.json.id, mode: 'closed_book',
      opens_at: iso(-3600), closes_at: iso(7 * 86400), published: true,
    })
    assert.equal(own.status, 201, own.text)
    const examId = own.json.id
    const a = (await u.zhibu1.post(`/assessments/exams/${examId}/attempts`)).json
    assert.equal((await u.zhibu1.put(`/assessments/attempts/${a.id}/answers/${q.json.id}`, { value: ['书记自己的答案'], seq: 1 })).status, 200)
    assert.equal((await u.zhibu1.post(`/assessments/attempts/${a.id}/submit`)).status, 200)
    const read = async () => (await u.zhibu1.get(`/assessments/exams/${examId}/grading`)).json.items
    assert.ok((await read()).some((i) => i.attempt_id === a.id), 'the organizer sees the answer in the queue')
    const e = await refusedUnchanged(read,
      () => u.zhibu1.put(`/assessments/attempts/${a.id}/answers/${q.json.id}/grade`, { score: 10 }), 403, 'permission_denied')
    assert.match(e.message, /自己的答卷/)
    const byOther = await u.dangwei.put(`/assessments/attempts/${a.id}/answers/${q.json.id}/grade`, { score: 7 })
    assert.equal(byOther.status, 200, byOther.text)
  })
})

describe('reviewers and submitters of one report call', () => {
  const newCall = async (title) => {
    const call = await u.dangwei.post('/assessments/report-calls', {
      org_id: ids.committee.id, title, deadline_at: iso(7 * 86400),
      rubric: [{ name: '选题价值', max_score: 100 }], awards: { first: 1 },
    })
    assert.equal(call.status, 201, call.text)
    return call.json
  }
  const submissions = async (callId) => (await u.dangwei.get(`/assessments/report-calls/${callId}/submissions?limit=100`)).json.items

  test('a reviewer of a call cannot submit to it, as a submitter cannot be made its reviewer', async () => {
    const call = await newCall('评委投稿测试')
    const first = await u.dangyuan1.post(`/assessments/report-calls/${call.id}/submissions`,
      { title: '规上工业增速', abstract: '', authors: [{ person_id: ids.member.id }] })
    assert.equal(first.status, 201, first.text)
    assertError(await u.dangwei.post(`/assessments/report-calls/${call.id}/assignments`, { account_ids: [u.dangyuan1.user.id] }),
      422, 'failed_precondition', 'account_ids[0]')
    // The branch secretary, in scope and not the call's organizer, reviews the member's report.
    const assigned = await u.dangwei.post(`/assessments/report-calls/${call.id}/assignments`, { account_ids: [u.zhibu1.user.id] })
    assert.equal(assigned.status, 200, assigned.text)
    const e = await refusedUnchanged(() => submissions(call.id),
      () => u.zhibu1.post(`/assessments/report-calls/${call.id}/submissions`,
        { title: '评委自己的作品', abstract: '', authors: [{ person_id: ids.secretary.id }] }),
      403, 'permission_denied')
    assert.match(e.message, /评委/)
  })

  test('one submission per account and call: a second is refused, the first stays replaceable', async () => {
    const call = await newCall('一人一件测试')
    const body = { title: '规上工业增速', abstract: '', authors: [{ person_id: ids.member.id }] }
    const first = await u.dangyuan1.post(`/assessments/report-calls/${call.id}/submissions`, body)
    assert.equal(first.status, 201, first.text)
    await refusedUnchanged(() => submissions(call.id),
      () => u.dangyuan1.post(`/assessments/report-calls/${call.id}/submissions`, { ...body, title: '第二件' }),
      422, 'failed_precondition', 'call_id')
    const changed = await u.dangyuan1.put(`/assessments/report-submissions/${first.json.id}`,
      { version: first.json.version, title: '规上工业增速（修改稿）', authors: body.authors })
    assert.equal(changed.status, 200, changed.text)
    assert.deepEqual((await submissions(call.id)).map((s) => s.title), ['规上工业增速（修改稿）'])
  })
})

describe('blind review of report files', () => {
  const BOUNDARY = '----SecurityReportBoundary'
  const upload = (client, id, name, data) => client.request('PUT', `/assessments/report-submissions/${id}/file`, {
    body: Buffer.concat([
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n'),
      Buffer.from(data), Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]),
    headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
  })
  // What Word and WPS write into every document they save: the account's
  // user name as creator and last editor, the company, comment and
  // tracked-change authors, a template on the author's disk.
  const docx = (author) => zip({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'word/document.xml': '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body><w:p><w:ins w:id="1" w:author="${author}"><w:r><w:t>规上工业增速分析</w:t></w:r></w:ins></w:p></w:body></w:document>`,
    'word/comments.xml': `<w:comments xmlns:w="w"><w:comment w:id="0" w:author="${author}" w:initials="QDY"/></w:comments>`,
    'word/_rels/settings.xml.rels': '<Relationships><Relationship Id="rId1" Type="http://x/attachedTemplate" ' +
      'Target="file:///C:/Users/qiandangyuan/Normal.dotm" TargetMode="External"/></Relationships>',
    'docProps/core.xml': '<?xml version="1.0"?><cp:coreProperties ' +
      'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
      `xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${author}</dc:creator>` +
      `<cp:lastModifiedBy>${author}</cp:lastModifiedBy></cp:coreProperties>`,
    'docProps/app.xml': `<Properties><Company>机关第一支部</Company><Manager>${author}</Manager></Properties>`,
  })
  const pdf = (author) => Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Title (Report) /Author (${author}) /Creator (WPS Writer) >>\nendobj\n` +
    '2 0 obj\n<< /Type /Metadata /Subtype /XML >>\nstream\n<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
    `<x:xmpmeta><dc:creator>${author}</dc:creator></x:xmpmeta>                    <?xpacket end="w"?>\nendstream\nendobj\n` +
    'trailer\n<< /Info 1 0 R >>\n%%EOF\n')

  test('the file a reviewer (and everyone) downloads names no author, in its name or in its document properties', async () => {
    const call = await u.dangwei.post('/assessments/report-calls', {
      org_id: ids.committee.id, title: '盲审文件测试', deadline_at: iso(7 * 86400),
      rubric: [{ name: '选题价值', max_score: 100 }], awards: { first: 1 },
    })
    assert.equal(call.status, 201, call.text)
    const mine = await u.dangyuan1.post(`/assessments/report-calls/${call.json.id}/submissions`,
      { title: '规上工业增速分析', abstract: '分行业分解。', authors: [{ person_id: ids.member.id }] })
    assert.equal(mine.status, 201, mine.text)
    const theirs = await u.zhibu1.post(`/assessments/report-calls/${call.json.id}/submissions`,
      { title: '人口老龄化趋势', abstract: '七普数据。', authors: [{ person_id: ids.secretary.id }] })
    assert.equal(theirs.status, 201, theirs.text)
    // ASCII names in the PDF (a PDF string is bytes); the member's real name in the .docx.
    assert.equal((await upload(u.dangyuan1, mine.json.id, '报告.docx', docx(ids.member.name))).status, 200)
    const sent = pdf('Zhao Shuji, Branch 1')
    assert.equal((await upload(u.zhibu1, theirs.json.id, 'report.pdf', sent)).status, 200)
    const reviewer = (await u.admin.get('/accounts?limit=500')).json.items.find((a) => a.username === 'pingwei1')
    const assigned = await u.dangwei.post(`/assessments/report-calls/${call.json.id}/assignments`, { account_ids: [reviewer.id] })
    assert.equal(assigned.status, 200, assigned.text)
    const pw = await login(srv, 'pingwei1')

    for (const client of [pw, u.dangwei]) {
      const d = await client.get(`/assessments/report-submissions/${mine.json.id}/file`)
      assert.equal(d.status, 200, d.text)
      const entries = unzip(d.body)
      assert.ok(entries.get('word/document.xml').toString('utf8').includes('规上工业增速分析'), 'the text stays')
      for (const [name, bytes] of entries) {
        for (const personal of [ids.member.name, 'QDY', 'qiandangyuan', '机关第一支部']) {
          assert.ok(!bytes.toString('utf8').includes(personal), `${personal} in ${name} of the downloaded .docx`)
        }
      }
      const p = await client.get(`/assessments/report-submissions/${theirs.json.id}/file`)
      assert.equal(p.status, 200, p.text)
      assert.ok(!p.body.includes(Buffer.from('Zhao Shuji')), 'the PDF names its author (/Author or XMP)')
      assert.equal(p.body.length, sent.length, 'blanked in place')
    }
    const d = await pw.get(`/assessments/report-submissions/${mine.json.id}/file`)
    assert.ok(!decodeURIComponent(d.headers['content-disposition']).includes('报告.docx'), 'a neutral file name')
  })

  test('a file whose name contradicts its bytes is downloaded with the extension of its type', async () => {
    const call = await u.dangwei.post('/assessments/report-calls', {
      org_id: ids.committee.id, title: '扩展名测试', deadline_at: iso(7 * 86400),
      rubric: [{ name: '选题价值', max_score: 100 }], awards: { first: 1 },
    })
    const sub = await u.dangyuan1.post(`/assessments/report-calls/${call.json.id}/submissions`,
      { title: '扩展名', abstract: '', authors: [{ person_id: ids.member.id }] })
    assert.equal(sub.status, 201, sub.text)
    assert.equal((await upload(u.dangyuan1, sub.json.id, '报告.html', pdf('x'))).status, 200)
    for (const client of [u.dangyuan1, u.dangwei]) {
      const d = await client.get(`/assessments/report-submissions/${sub.json.id}/file`)
      assert.equal(d.status, 200, d.text)
      assert.equal(d.headers['content-type'], 'application/pdf')
      const disposition = decodeURIComponent(d.headers['content-disposition'])
      assert.ok(disposition.includes('报告.pdf') && !disposition.includes('.html'), disposition)
    }
  })

  test('a PDF whose compressed properties name the author is refused, nothing stored', async () => {
    const call = await u.dangwei.post('/assessments/report-calls', {
      org_id: ids.committee.id, title: '压缩属性测试', deadline_at: iso(7 * 86400),
      rubric: [{ name: '选题价值', max_score: 100 }], awards: { first: 1 },
    })
    const sub = await u.dangyuan1.post(`/assessments/report-calls/${call.json.id}/submissions`,
      { title: '压缩属性', abstract: '', authors: [{ person_id: ids.member.id }] })
    assert.equal(sub.status, 201, sub.text)
    const { deflateSync } = await import('node:zlib')
    const objects = deflateSync(Buffer.from('1 0 << /Author (Qian Dangyuan) >>'))
    const compressed = Buffer.concat([
      Buffer.from(`%PDF-1.5\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${objects.length} >>\nstream\n`),
      objects, Buffer.from('\nendstream\nendobj\n%%EOF\n'),
    ])
    const read = async () => (await u.dangyuan1.get(`/assessments/report-submissions/${sub.json.id}`)).json
    const e = await refusedUnchanged(read, () => upload(u.dangyuan1, sub.json.id, 'report.pdf', compressed), 422, 'failed_precondition', 'file')
    assert.match(e.message, /作者/)
  })
})
