// Browser test of the exam form (安排考试), built from the shared form pieces:
// FormDialog around OrgField (组织单位), CampaignField (所属学习教育, the
// current campaign preselected) and OrgScopeField (参考组织). At 1366×768 the
// organizer is stopped before sending without a title, then creates an exam
// for 机关第一支部 and sees it listed; at 390×844 the form fits the screen.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, field, login, newPage, screenshot, settled, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

const isExamsPost = (r) => new URL(r.url()).pathname === '/api/v1/assessments/exams' && r.request().method() === 'POST'

async function openForm(page) {
  await page.goto(`${BASE_URL}/exams`)
  await page.getByTestId('exams-table').locator('.el-table__row').first().waitFor()
  const papers = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/assessments/papers')
  await page.getByTestId('exam-add').click()
  const dialog = page.getByTestId('exam-dialog')
  await dialog.waitFor()
  await papers
  await settled(page)
  return dialog
}

describe('the exam form', { concurrency: 1 }, () => {
  const browser = sharedBrowser()

  test('1366: organization and campaign preselected, the title checked before sending, an exam for one branch created', async () => {
    const { page } = await newPage(browser(), { width: 1366, height: 768 })
    await withFailureShot(page, 'exam-form-1366', async () => {
      await login(page, 'dangwei')
      const dialog = await openForm(page)
      assert.match(await dialog.getByTestId('exam-org').innerText(), /市统计局机关党委/)
      const campaign = (await page.getByTestId('campaign-selector').innerText()).trim()
      assert.ok(campaign, 'the header names the current campaign')
      assert.equal((await dialog.getByTestId('exam-campaign').innerText()).trim(), campaign, 'the current campaign preselected')

      let posted = 0
      page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/assessments/exams' && r.method() === 'POST') posted++ })
      await dialog.getByTestId('exam-save').click()
      await dialog.locator('.el-form-item__error', { hasText: '请填写考试名称' }).waitFor()
      assert.equal(posted, 0, 'nothing sent without a title')

      const title = `支部知识测验${uniqueSuffix()}`
      await field(dialog, 'exam-title').fill(title)
      await dialog.getByTestId('exam-paper').click()
      await page.locator('.el-select-dropdown__item:visible').first().click()
      const times = dialog.locator('.el-form-item', { hasText: '考试时间' }).locator('input')
      await times.nth(0).fill('2030-06-01 09:00:00')
      await times.nth(1).fill('2030-06-01 10:00:00')
      await times.nth(1).press('Enter')
      await dialog.getByTestId('exam-eligible-orgs').click()
      await page.locator('.el-tree-node__content:visible', { hasText: '机关第一支部' }).first().locator('.el-checkbox').click()
      await dialog.locator('.el-dialog__title').click()  // the tree closes
      const created = page.waitForResponse(isExamsPost)
      await dialog.getByTestId('exam-save').click()
      const res = await created
      assert.equal(res.status(), 201, await res.text())
      const body = res.request().postDataJSON()
      assert.equal(body.title, title)
      assert.equal(body.eligible_org_ids.length, 1, 'one organization takes it')
      assert.ok(body.campaign_id, 'in the current campaign')
      await dialog.waitFor({ state: 'hidden' })
      await page.getByTestId('exam-title-cell').filter({ hasText: title }).waitFor()
      await screenshot(page, 'exam-form-1366')
    })
  })

  test('390: the form fits the screen, its labels above the fields', async () => {
    const { page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    await withFailureShot(page, 'exam-form-390', async () => {
      await login(page, 'dangwei')
      const dialog = await openForm(page)
      assert.ok(await dialog.evaluate((el) => el.classList.contains('el-dialog')), 'the test id names the dialog box')
      const box = await dialog.boundingBox()
      assert.ok(box.x >= 0 && box.x + box.width <= 390, `the dialog lies within 390 px: ${JSON.stringify(box)}`)
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth), false)
      const label = await dialog.locator('.el-form-item', { hasText: '考试名称' }).locator('.el-form-item__label').boundingBox()
      const input = await field(dialog, 'exam-title').boundingBox()
      assert.ok(label.y + label.height <= input.y + 1, 'the label stands above its field')
      await screenshot(page, 'exam-form-390')
    })
  })
})
