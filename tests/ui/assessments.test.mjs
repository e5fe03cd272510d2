// Browser tests of 测评: the question bank's import (every bad row shown with
// row, column and reason; a good file imported) and export, against a real
// `duxing serve` with demo data (the 党史 bank of the 机关党委).
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { BASE_URL, login, newPage, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'
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
