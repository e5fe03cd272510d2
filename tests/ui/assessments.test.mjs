// Browser tests of 测评, against a real `duxing serve` with demo data (the
// 党史 bank of the 机关党委): the question bank's import (every bad row shown
// with row, column and reason; a good file imported) and export; a member
// taking a closed-book exam on a phone (countdown from the server's deadline,
// leave-page events warned and counted, close and resume, a double-clicked
// hand-in giving one submission), the organizer grading the short answer and
// publishing, the member then seeing the result; practice feedback; the
// organizer's question editor (an edit is a new version) and papers.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { BASE_URL, apiAs, field, login, newPage, settled, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'
import { readXlsxRows, writeXlsx } from '../api/xlsx.mjs'

const HEADER = ['分类*', '题型*', '难度*', '题干*', ...'ABCDEFGHIJ'.split('').map((l) => `选项${l}`), '答案*', '解析', '标签', '填空规则']

function row(category, type, difficulty, stem, options, answer) {
  const opts = [...options]
  while (opts.length < 10) opts.push('')
  return [category, type, String(difficulty), stem, ...opts, answer, '', '', '']
}

function tempFile(name, bytes) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dx-ui-')), name)
  fs.writeFileSync(file, bytes)
  return file
}

async function openBank(page) {
  await page.goto(`${BASE_URL}/questions`)
  await page.getByTestId('question-bank').waitFor()
  // The first org's bank is drawn first (tree and table): choose after it has settled.
  await page.getByTestId('questions-table').locator('.el-table__row').first().waitFor()
  await settled(page)
  await page.getByTestId('question-bank-org').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '市统计局机关党委' }).first().click()
}

describe('question bank at 1366×768', () => {
  const browser = sharedBrowser()

  test('a bad file lists each bad row with row, column and reason; the fixed file imports and is exported', async () => {
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    const suffix = uniqueSuffix()
    try {
      await withFailureShot(page, 'question-import', async () => {
        await login(page, 'dangwei')
        await openBank(page)
        await page.getByTestId('question-bank-import').click()
        const dialog = page.getByTestId('question-import-dialog')
        await dialog.waitFor()
        const bad = writeXlsx([HEADER,
          row('测试', '单选题', 1, `界面导入${suffix}甲`, ['甲', '乙'], 'C'),
          row('测试', '判断题', 9, `界面导入${suffix}乙`, [], '正确')])
        await dialog.getByTestId('question-import-file-input').setInputFiles(tempFile('bad.xlsx', bad))
        await dialog.getByTestId('question-import-submit').click()
        await dialog.getByTestId('question-import-error').waitFor()
        const cells = await dialog.getByTestId('question-import-details').locator('tbody tr').allInnerTexts()
        assert.equal(cells.length, 2, cells.join('\n'))
        assert.match(cells[0], /^2\s+答案\s+答案中的 C 没有对应的选项/)
        assert.match(cells[1], /^3\s+难度\s+难度须为 1 至 5 的整数/)

        const good = writeXlsx([HEADER,
          row('测试', '单选题', 1, `界面导入${suffix}甲`, ['甲', '乙'], 'B'),
          row('测试', '判断题', 2, `界面导入${suffix}乙`, [], '正确')])
        await dialog.getByTestId('question-import-file-input').setInputFiles(tempFile('good.xlsx', good))
        await dialog.getByTestId('question-import-submit').click()
        await assert.doesNotReject(dialog.getByTestId('question-import-success').waitFor())
        assert.match(await dialog.getByTestId('question-import-success').innerText(), /成功导入 2 道试题/)
        await page.keyboard.press('Escape')

        const download = page.waitForEvent('download')
        await page.getByTestId('question-bank-export').click()
        const file = await (await download).path()
        const rows = readXlsxRows(fs.readFileSync(file))
        assert.deepEqual(rows[0], HEADER)
        const mine = rows.filter((r) => String(r[3]).startsWith(`界面导入${suffix}`))
        assert.equal(mine.length, 2)
        assert.ok(rows.length > 200, 'the demo 党史 bank is exported too')
      })
      // No script error (failed requests, the refused import's 422 and the sign-in page's 401, are expected).
      assert.deepEqual(page.problems.filter((p) => p.startsWith('pageerror')), [])
    } finally {
      await context.close()
    }
  })
})

describe('taking an exam at 390×844', () => {
  const browser = sharedBrowser()

  test('answers are saved as given, kept while offline and sent on reconnect; the page resumes; hand-in once', async () => {
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(page, 'take-exam-phone', async () => {
        await login(page, 'dangyuan1')
        const exams = await page.evaluate(async () => (await fetch('/api/v1/assessments/exams')).json())
        const practice = exams.items.find((e) => e.mode === 'practice')
        assert.ok(practice, 'the demo practice exam')
        await page.goto(`${BASE_URL}/exams/${practice.id}/take`)
        await page.getByTestId('question-1').locator('.el-radio').first().click()
        await page.getByTestId('save-state-1').filter({ hasText: '已保存' }).waitFor()
        assert.match(await page.getByTestId('countdown').innerText(), /剩余 \d+:\d\d/)
        // Offline: the answer stays in the browser, hand-in is blocked.
        await context.setOffline(true)
        await page.getByTestId('question-2').locator('.el-radio').first().click()
        await page.getByTestId('save-state-2').filter({ hasText: '网络中断' }).waitFor()
        await page.getByTestId('hand-in-blocked').waitFor()
        assert.equal(await page.getByTestId('hand-in').isDisabled(), true)
        await context.setOffline(false)
        await page.evaluate(() => window.dispatchEvent(new Event('online')))
        await page.getByTestId('save-state-2').filter({ hasText: '已保存' }).waitFor()
        // Closing and reopening the page resumes the same attempt with its answers.
        await page.reload()
        await page.getByTestId('save-state-2').filter({ hasText: '已保存' }).waitFor()
        const submits = []
        page.on('request', (r) => { if (r.url().endsWith('/submit')) submits.push(r.url()) })
        await page.getByTestId('hand-in').dblclick()
        await page.locator('.el-message-box__btns .el-button--primary').click()
        await page.getByTestId('submitted').waitFor()
        assert.equal(submits.length, 1, 'one submission')
      })
    } finally {
      await context.close()
    }
  })
})

function iso(offsetSeconds) {
  return new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** As the page would set it: the tab hidden or shown again (visibilitychange). */
async function setVisibility(page, state) {
  await page.evaluate((state) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
    document.dispatchEvent(new Event('visibilitychange'))
  }, state)
}

/** Answers every question card of the take page the first way it offers; returns the texts given. */
async function answerAll(page, essay) {
  const cards = page.locator('[data-testid^="question-"]')
  const n = await cards.count()
  for (let i = 1; i <= n; i++) {
    const card = page.getByTestId(`question-${i}`)
    if (await card.locator('textarea').count()) {
      await card.locator('textarea').fill(essay)
      await card.locator('textarea').blur()
    } else if (await card.locator('.el-checkbox').count()) {
      await card.locator('.el-checkbox').first().click()
    } else if (await card.locator('.el-radio').count()) {
      await card.locator('.el-radio').first().click()
    } else {
      for (const input of await card.locator('input').all()) {
        await input.fill('答')
        await input.blur()
      }
    }
    await page.getByTestId(`save-state-${i}`).filter({ hasText: '已保存' }).waitFor()
  }
  return n
}

describe('a closed-book exam: member on a phone, organizer on a computer', () => {
  const browser = sharedBrowser()

  test('take, leave, resume, hand in twice (one submission), grade, publish, see the result', async () => {
    const organizer = await apiAs('dangwei')
    const suffix = uniqueSuffix()
    const orgs = await organizer('GET', '/orgs')
    const committee = orgs.json.items.find((o) => o.name === '市统计局机关党委')
    const pick = async (type) => {
      const r = await organizer('GET', `/assessments/questions?org_id=${committee.id}&type=${type}&limit=1`)
      assert.equal(r.status, 200)
      return r.json.items[0]
    }
    const items = [await pick('single'), await pick('true_false'), await pick('short_answer')]
    const paper = await organizer('POST', '/assessments/papers', {
      org_id: committee.id, title: `闭卷试卷${suffix}`, kind: 'fixed',
      items: items.map((q) => ({ question_id: q.id, points: 10 })),
    })
    assert.equal(paper.status, 201, JSON.stringify(paper.json))
    const created = await organizer('POST', '/assessments/exams', {
      org_id: committee.id, title: `闭卷竞赛${suffix}`, paper_id: paper.json.id, mode: 'closed_book',
      opens_at: iso(-60), closes_at: iso(7200), time_limit_seconds: 1800, leave_limit: 5, grace_seconds: 30, published: true,
    })
    assert.equal(created.status, 201, JSON.stringify(created.json))
    const exam = created.json

    const member = await newPage(browser(), { width: 390, height: 844, mobile: true })
    // On the take page the phone's clock is a day off: the countdown must follow the server's deadline.
    await member.context.addInitScript(() => {
      if (!location.pathname.endsWith('/take')) return
      const real = Date.now
      Date.now = () => real() + 86_400_000
    })
    let page = member.page
    const essay = `学史明理、学史增信${suffix}`
    try {
      await withFailureShot(page, 'closed-book-phone', async () => {
        await login(page, 'dangyuan1')
        await page.goto(`${BASE_URL}/my-exams`)
        const card = page.getByTestId(`my-exam-${exam.id}`)
        await card.getByTestId('my-exam-status').filter({ hasText: '未参加' }).waitFor()
        await card.getByTestId('my-exam-start').click()
        await page.waitForURL((u) => u.pathname === `/exams/${exam.id}/take`)
        await page.getByTestId('countdown').waitFor()
        await page.reload() // the same attempt, now with the phone's clock off
        await page.getByTestId('countdown').waitFor()
        const [, mm] = (await page.getByTestId('countdown').innerText()).match(/剩余 (\d\d):\d\d/)
        // 30:00 right after the start (the estimate of the server's clock may
        // lead by a fraction of a second); a day-off clock would show nothing near.
        assert.ok(Number(mm) >= 20 && Number(mm) <= 30, `countdown from the server's 30-minute deadline, not the phone's clock: ${mm}`)
        const n = await answerAll(page, essay)
        assert.equal(n, 3)

        // The page itself going away (a reload, here from the back-forward
        // cache) is reported hidden as well: that is not a leave.
        await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })))
        await setVisibility(page, 'hidden')
        await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })))
        await setVisibility(page, 'visible')

        // Leaving the page is counted on the server and warned on return.
        const left = page.waitForResponse((r) => r.url().endsWith('/leave') && r.status() === 200)
        await setVisibility(page, 'hidden')
        await left
        await page.getByTestId('leave-count').filter({ hasText: '离开页面 1/5 次' }).waitFor()
        const mine = await (await apiAs('dangyuan1'))('GET', `/assessments/exams/${exam.id}/my-attempt`)
        assert.equal(mine.json.leave_count, 1, 'one leave counted: the unload was not')
        await setVisibility(page, 'visible')
        await page.locator('.leave-warning', { hasText: '已离开考试页面 1 次，达到 5 次将自动交卷' }).waitFor()

        // Close the page; reopen from 我的考试: the same attempt, its answers still there.
        await page.close()
        page = await member.context.newPage()
        await page.goto(`${BASE_URL}/my-exams`)
        await page.getByTestId(`my-exam-${exam.id}`).getByTestId('my-exam-status').filter({ hasText: '作答中' }).waitFor()
        await page.getByTestId(`my-exam-${exam.id}`).getByTestId('my-exam-start').filter({ hasText: '继续答题' }).click()
        await page.getByTestId('countdown').waitFor()
        for (let i = 1; i <= n; i++) await page.getByTestId(`save-state-${i}`).filter({ hasText: '已保存' }).waitFor()
        assert.equal(await page.locator('textarea').inputValue(), essay)
        assert.equal(await page.locator('.el-radio.is-checked').count(), 2, 'both choices kept')
        await page.getByTestId('leave-count').filter({ hasText: '离开页面 1/5 次' }).waitFor()

        // Hand in with a double click: one submission.
        const submits = []
        page.on('request', (r) => { if (r.url().endsWith('/submit')) submits.push(r.url()) })
        await page.getByTestId('hand-in').dblclick()
        // A tap beside the question (the second click of a double click may
        // land there once the box is open) leaves the question open.
        const box = page.locator('.el-message-box', { hasText: '确定交卷吗' })
        await box.waitFor()
        await page.mouse.click(5, 5)
        await page.locator('.el-message-box__btns .el-button--primary').first().click()
        await page.getByTestId('submitted').waitFor()
        assert.equal(submits.length, 1, 'one submit request')
        assert.match(await page.getByTestId('submitted').innerText(), /成绩将在考试结束、组织者公布后显示/)
      })
      const results = await organizer('GET', `/assessments/exams/${exam.id}/results`)
      assert.equal(results.status, 200)
      assert.equal(results.json.total, 1, 'exactly one attempt')
      assert.equal(results.json.items[0].status, 'submitted')
      assert.equal(results.json.items[0].submitted_by, 'taker')
      assert.equal(results.json.items[0].pending, 1, 'the short answer waits for a grader')
      assert.deepEqual(page.problems?.filter((p) => p.startsWith('pageerror')) ?? [], [])
    } finally {
      await member.context.close()
    }

    // The organizer grades the short answer and publishes the results.
    const { context, page: desk } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(desk, 'grading-desktop', async () => {
        await login(desk, 'dangwei')
        await desk.goto(`${BASE_URL}/exams/${exam.id}`)
        await desk.getByTestId('exam-facts').waitFor()
        await desk.getByTestId('exam-pending').filter({ hasText: '1' }).waitFor()
        await desk.getByTestId('exam-open-grading').click()
        await desk.waitForURL((u) => u.pathname === `/exams/${exam.id}/grading`)
        const item = desk.getByTestId('grading-item')
        await item.getByTestId('grading-answer').filter({ hasText: essay }).waitFor()
        assert.equal(await desk.getByTestId('publish-results').isDisabled(), true, 'not while answers wait')
        const score = field(item, 'grading-score')
        await score.fill('7.5')
        await score.blur()
        await field(item, 'grading-comment').fill('要点基本齐全')
        await item.getByTestId('grading-save').click()
        await desk.getByTestId('grading-total').filter({ hasText: /^0$/ }).waitFor()
        await desk.getByTestId('publish-results').click()
        await desk.locator('.el-message-box__btns .el-button--primary').click()
        await desk.getByTestId('publish-results').filter({ hasText: '成绩已公布' }).waitFor()
      })
    } finally {
      await context.close()
    }

    // The exam closes; the member sees their result and the review.
    const closed = await organizer('PUT', `/assessments/exams/${exam.id}`, {
      version: (await organizer('GET', `/assessments/exams/${exam.id}`)).json.version,
      title: exam.title, paper_id: exam.paper_id, mode: exam.mode, opens_at: iso(-120), closes_at: iso(-1),
      time_limit_seconds: 1800, leave_limit: 5, grace_seconds: 30, published: true,
    })
    assert.equal(closed.status, 200, JSON.stringify(closed.json))
    const again = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(again.page, 'closed-book-result-phone', async () => {
        await login(again.page, 'dangyuan1')
        await again.page.goto(`${BASE_URL}/my-exams`)
        const card = again.page.getByTestId(`my-exam-${exam.id}`)
        await card.getByTestId('my-exam-status').filter({ hasText: /已交卷 · 得分 [\d.]+ \/ 30/ }).waitFor()
        assert.equal(await card.getByTestId('my-exam-start').count(), 0, 'closed-book: no second attempt')
        await card.getByTestId('my-exam-result').click()
        await again.page.waitForURL((u) => u.pathname === `/my-exams/${exam.id}`)
        await again.page.getByTestId('my-score').filter({ hasText: /[\d.]+ \/ 30 分/ }).waitFor()
        await again.page.getByTestId('my-review').getByTestId('answer-key').filter({ hasText: '评语：要点基本齐全' }).waitFor()
        // The old address of 我的答卷 leads to the same page.
        await again.page.goto(`${BASE_URL}/exams/${exam.id}/my-answers`)
        await again.page.waitForURL((u) => u.pathname === `/my-exams/${exam.id}`)
        await again.page.getByTestId('my-score').waitFor()
      })
    } finally {
      await again.context.close()
    }
  })

  test('practice: each answer gets immediate feedback with the key and explanation', async () => {
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(page, 'practice-feedback-phone', async () => {
        await login(page, 'dangyuan1')
        await page.goto(`${BASE_URL}/my-exams`)
        const card = page.locator('[data-testid^="my-exam-"]', { hasText: '练习' }).first()
        await card.getByTestId('my-exam-start').click()
        const q1 = page.getByTestId('question-1')
        await q1.waitFor()
        // (a practice attempt left open by an earlier run resumes: give a new answer)
        const choice = q1.locator('.el-radio:not(.is-checked)').first()
        await choice.click()
        await page.getByTestId('save-state-1').filter({ hasText: '已保存' }).waitFor()
        const key = q1.getByTestId('answer-key')
        await key.getByTestId('answer-verdict').filter({ hasText: /回答(正确|错误)/ }).waitFor()
        assert.match(await key.innerText(), /正确答案：/)
      })
    } finally {
      await context.close()
    }
  })
})

describe('the organizer at 1366×768: question editor, category tree, papers', () => {
  const browser = sharedBrowser()

  test('a fill-in question with two blanks is created, its edit becomes version 2; a rules paper the bank cannot serve is refused under its rule', async () => {
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    const suffix = uniqueSuffix()
    try {
      await withFailureShot(page, 'question-editor', async () => {
        await login(page, 'dangwei')
        await openBank(page)
        // The category tree: a new top-level category, then a question in it.
        page.once('dialog', () => {})
        await page.getByTestId('category-add').click()
        const prompt = page.locator('.el-message-box')
        await prompt.locator('input').fill(`界面分类${suffix}`)
        await prompt.locator('.el-button--primary').click()
        const node = page.getByTestId('category-tree').locator('.el-tree-node__content', { hasText: `界面分类${suffix}` })
        await node.waitFor()
        await node.click()
        await page.getByTestId('questions-total').filter({ hasText: /^0$/ }).waitFor()

        await page.getByTestId('question-add').click()
        const dialog = page.getByTestId('question-dialog')
        await dialog.waitFor()
        await dialog.getByTestId('question-type').locator('label', { hasText: '填空题' }).click()
        await field(dialog, 'question-stem').fill(`遵义会议于（ ）年（ ）月召开${suffix}`)
        await field(dialog, 'question-blank-0').fill('1935')
        await dialog.getByTestId('question-add-blank').click()
        await field(dialog, 'question-blank-1').fill('1 | 一')
        await dialog.getByTestId('question-save').click()
        const row = page.getByTestId('questions-table').locator('tr', { hasText: `遵义会议于（ ）年（ ）月召开${suffix}` })
        await row.getByTestId('question-version-cell').filter({ hasText: '第 1 版' }).waitFor()

        await row.getByTestId('question-edit').click()
        await dialog.locator('.el-dialog__title', { hasText: '当前第 1 版，保存后为第 2 版' }).waitFor()
        assert.equal(await field(dialog, 'question-stem').inputValue(), `遵义会议于（ ）年（ ）月召开${suffix}`)
        assert.equal(await field(dialog, 'question-blank-1').inputValue(), '1 | 一')
        await field(dialog, 'question-explanation').fill('1935年1月')
        await dialog.getByTestId('question-save').click()
        await row.getByTestId('question-version-cell').filter({ hasText: '第 2 版' }).waitFor()

        // Papers: a rule asking for more questions than the category holds is refused under that rule.
        await page.goto(`${BASE_URL}/papers`)
        await page.getByTestId('papers').waitFor()
        await page.getByTestId('papers-org').click()
        await page.locator('.el-select-dropdown__item:visible', { hasText: '市统计局机关党委' }).first().click()
        await page.getByTestId('paper-add').click()
        const paper = page.getByTestId('paper-dialog')
        await paper.waitFor()
        await field(paper, 'paper-title').fill(`规则试卷${suffix}`)
        await paper.getByTestId('paper-kind').locator('label', { hasText: '随机组卷' }).click()
        await paper.getByTestId('paper-rule-category-0').click()
        await page.locator('.el-tree-select__popper:visible .el-tree-node__content', { hasText: `界面分类${suffix}` }).click()
        await paper.getByTestId('paper-rule-type-0').click()
        await page.locator('.el-select-dropdown__item:visible', { hasText: '填空题' }).click()
        await field(paper, 'paper-rule-count-0').fill('3')
        await paper.getByTestId('paper-save').click()
        const error = paper.getByTestId('paper-rule-error-0')
        await error.waitFor()
        assert.match(await error.innerText(), /第 1 条抽题规则（.*）题库中只有 1 道可用试题，需要 3 道/)
        assert.match(await paper.locator('.form-error').innerText(), /题库中只有 1 道可用试题，需要 3 道/)
        // One question is there: asking for one is accepted.
        await field(paper, 'paper-rule-count-0').fill('1')
        await paper.getByTestId('paper-save').click()
        await page.getByTestId('papers-table').locator('tr', { hasText: `规则试卷${suffix}` }).waitFor()
      })
    } finally {
      await context.close()
    }
  })
})
