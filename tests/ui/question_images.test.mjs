// Browser test of question images: the organizer adds an image to the stem
// while creating a question (uploaded pending, attached when the question is
// saved); a member taking a practice exam with it on a phone sees the image
// scaled to the width of the page.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { BASE_URL, apiAs, field, login, newPage, serverNow, settled, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'
import { pngOf } from '../api/uploads.mjs'

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
const isPath = (p, method) => (r) => new URL(r.url()).pathname === p && r.request().method() === method

describe('question images', () => {
  const browser = sharedBrowser()

  test('an image added while creating a question is saved with it and fits a phone on the take page', async () => {
    const suffix = uniqueSuffix()
    const stem = `图中所示会议在哪一年召开？${suffix}`
    // Wider than any phone: 1200×400.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dx-ui-')), '会议旧址.png')
    fs.writeFileSync(file, pngOf(1200, 400))

    let question
    const desk = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(desk.page, 'question-image-create', async () => {
        const page = desk.page
        await login(page, 'dangwei')
        await page.goto(`${BASE_URL}/questions`)
        await page.getByTestId('questions-table').locator('.el-table__row').first().waitFor()
        await settled(page)
        await page.getByTestId('question-bank-org').click()
        await page.locator('.el-select-dropdown__item:visible', { hasText: '市统计局机关党委' }).first().click()
        await page.getByTestId('category-tree').locator('.el-tree-node__content').first().click()
        await page.getByTestId('question-add').click()
        const dialog = page.getByTestId('question-dialog')
        await dialog.waitFor()
        await field(dialog, 'question-stem').fill(stem)
        await field(dialog, 'question-option-0').fill('1935年')
        await field(dialog, 'question-option-1').fill('1945年')
        await field(dialog, 'question-option-2').fill('1949年')
        await field(dialog, 'question-option-3').fill('1921年')
        await dialog.getByTestId('question-correct-0').click()
        const uploaded = page.waitForResponse(isPath('/api/v1/attachments', 'POST'))
        await dialog.getByTestId('stem-image-upload').locator('input[type=file]').setInputFiles(file)
        assert.equal((await uploaded).status(), 201)
        await dialog.getByTestId('stem-image').waitFor()
        const created = page.waitForResponse(isPath('/api/v1/assessments/questions', 'POST'))
        await dialog.getByTestId('question-save').click()
        const res = await created
        assert.equal(res.status(), 201, await res.text())
        question = await res.json()
        assert.equal(question.image_ids.length, 1, 'the image is saved with the question')
        await page.getByTestId('questions-table').locator('tr', { hasText: stem }).waitFor()
      })
    } finally {
      await desk.context.close()
    }

    const organizer = await apiAs('dangwei')
    const attached = await organizer('GET', `/attachments?record_type=question&record_id=${question.id}`)
    assert.deepEqual(attached.json.items.map((a) => a.id), question.image_ids)
    const paper = await organizer('POST', '/assessments/papers', {
      org_id: question.org_id, title: `带图练习卷${suffix}`, kind: 'fixed', items: [{ question_id: question.id, points: 5 }],
    })
    assert.equal(paper.status, 201, JSON.stringify(paper.json))
    const exam = await organizer('POST', '/assessments/exams', {
      org_id: question.org_id, title: `带图练习${suffix}`, paper_id: paper.json.id, mode: 'practice',
      // Open by the server's clock (an earlier test may have stopped it behind
      // this machine's) and until two hours past either.
      opens_at: iso(await serverNow() - 60_000), closes_at: iso(Math.max(await serverNow(), Date.now()) + 7_200_000), published: true,
    })
    assert.equal(exam.status, 201, JSON.stringify(exam.json))

    const phone = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(phone.page, 'question-image-take-phone', async () => {
        const page = phone.page
        await login(page, 'dangyuan1')
        await page.goto(`${BASE_URL}/exams/${exam.json.id}/take`)
        const image = page.getByTestId('question-1').getByTestId('stem-image')
        await image.waitFor()
        await page.waitForFunction(() => document.querySelector('[data-testid="stem-image"]')?.complete)
        const shown = await image.evaluate((img) => {
          const card = img.closest('[data-testid="question-1"]').getBoundingClientRect()
          const box = img.getBoundingClientRect()
          return { natural: img.naturalWidth, width: box.width, height: box.height, left: box.left, right: box.right, cardLeft: card.left, cardRight: card.right }
        })
        assert.equal(shown.natural, 1200, 'the image itself was served')
        assert.ok(shown.width < 390 && shown.left >= shown.cardLeft && shown.right <= shown.cardRight, `scaled into the card: ${JSON.stringify(shown)}`)
        assert.ok(Math.abs(shown.height / shown.width - 400 / 1200) < 0.02, `aspect kept: ${JSON.stringify(shown)}`)
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'no horizontal overflow')
      })
    } finally {
      await phone.context.close()
    }
  })
})
