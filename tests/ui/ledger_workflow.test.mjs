// Browser tests of the 台账 workflow's less travelled steps and of the Excel
// import, each on items made over the API so that runs do not depend on each
// other:
// - 申请延期: the responsible member asks on a phone (390×844), the supervising
//   leader decides at 1366×768; the new deadline shows with the original one
//   struck through, at both sizes, and the timeline holds both steps;
// - 退回 with a reason (at 1366×768) and 重新办理 after 销号 with a reason (on a
//   phone): nothing is sent without the reason, and the reason is on the
//   timeline;
// - 导入: 下载模板 beside 导入 gives the template; a file with bad rows shows
//   each row's error (行号, 列, 原因) and writes nothing, at both sizes; the
//   corrected file imports and its items are listed;
// - the plan board's 设置工作组: an org admin sets a task's working group (a
//   change made meanwhile is refused as stale, said so, and saved on the second
//   try); a leader (read-only) has no such button.
// Screenshots go to test-output/ui.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import {
  BASE_URL,
  apiAs,
  assertInView,
  field,
  login,
  screenshot,
  serverNow,
  settled,
  sharedBrowser,
  testPages,
  uniqueSuffix,
  useCampaign2021,
  withFailureShot,
} from './helpers.mjs'
import {
  DESKTOP, PHONE, chinaDate, chooseOption, isPath, noHorizontalScroll, openItem, orgIdOf, personOf, searchList, takeStep,
} from './ledger_helpers.mjs'
import { readXlsxRows, writeXlsx } from '../api/xlsx.mjs'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/**
 * A rectification item of 机关第一支部 made by its secretary (zhibu1), the
 * member dangyuan1 responsible, the secretary's person its supervising leader,
 * accepted (办理中). Returns the item and the secretary's API caller.
 */
async function acceptedItem(title, deadline) {
  const secretary = await personOf('zhibu1')
  const member = await personOf('dangyuan1')
  const api = secretary.api
  const made = await api('POST', '/ledger/items', {
    kind: 'rectification', title, org_id: await orgIdOf(api, '机关第一支部'), measures: '按月检查',
    responsible_person_id: member.id, leader_person_id: secretary.id, deadline, item_class: 'deadline',
  })
  assert.equal(made.status, 201, JSON.stringify(made.json))
  const accepted = await api('POST', `/ledger/items/${made.json.id}/accept`, { version: made.json.version, text: '' })
  assert.equal(accepted.status, 200, JSON.stringify(accepted.json))
  return { item: accepted.json, api, member }
}


/** The timeline's entry of `kind` holding `text`. */
function entry(page, kind, text) {
  return page.locator(`[data-testid="ledger-entry"][data-kind="${kind}"]`).filter({ hasText: text })
}

/** Saving the open action dialog with its reason empty shows the rule's message and sends nothing. */
async function refusedWithoutReason(page, path, message) {
  const dialog = page.getByTestId('ledger-action-dialog')
  await dialog.waitFor()
  let sent = 0
  const count = (r) => { if (new URL(r.url()).pathname.endsWith(path) && r.method() === 'POST') sent++ }
  page.on('request', count)
  await page.getByTestId('ledger-action-save').click()
  await dialog.locator('.el-form-item__error', { hasText: message }).waitFor()
  page.off('request', count)
  assert.equal(sent, 0, 'nothing sent without the reason')
}

/** The struck-through original deadline beside the current one. */
async function assertOriginalStruck(page, original, current) {
  const deadline = page.getByTestId('ledger-fields').getByTestId('ledger-deadline')
  await deadline.getByTestId('ledger-original-deadline').waitFor()
  assert.match(await deadline.innerText(), new RegExp(current))
  const struck = deadline.getByTestId('ledger-original-deadline').locator('s')
  assert.equal((await struck.innerText()).trim(), original)
  const line = await struck.evaluate((el) => getComputedStyle(el).textDecorationLine)
  assert.match(line, /line-through/, 'the original deadline is drawn struck through')
}

/** Opens the plan board of the signed-in user's current campaign. */
async function openPlanBoard(page) {
  await page.goto(`${BASE_URL}/ledger/plan`)
  await page.getByTestId('plan-board').waitFor()
  await settled(page)
}

describe('ledger workflow: extension, 退回, 重新办理, the Excel import, a plan task\'s working group', () => {
  const browser = sharedBrowser()
  const pages = testPages()
  afterEach(() => pages.closeAll())

  /**
   * Opens a page of `size` (closed after the test), signs `username` in and
   * runs `steps` on it; a failure saves a screenshot named `shot`. Returns
   * the page, for later steps on it.
   */
  async function signedIn(size, username, shot, steps) {
    const page = await pages.open(browser(), size, null)
    await withFailureShot(page, shot, async () => {
      await login(page, username)
      await steps(page)
    })
    return page
  }

  test('the member asks for an extension on a phone; the supervising leader approves; the original deadline stays, struck through',
    { timeout: 180_000 }, async () => {
      const now = await serverNow()
      const original = chinaDate(3, now)
      const wanted = chinaDate(20, now)
      const title = `延期整改${uniqueSuffix()}`
      const { item } = await acceptedItem(title, original)
      const memberPage = await signedIn(PHONE, 'dangyuan1', 'ledger-extension-request-phone', async (page) => {
        await openItem(page, item.id)
        assert.equal(await page.getByTestId('ledger-decide').count(), 0, 'the responsible member does not decide')
        await page.getByTestId('ledger-extension').click()
        const dialog = page.getByTestId('ledger-action-dialog')
        await dialog.waitFor()
        // Neither the date nor the reason may be left out.
        let sent = 0
        const count = (r) => { if (r.url().endsWith(`/ledger/items/${item.id}/extensions`) && r.method() === 'POST') sent++ }
        page.on('request', count)
        await page.getByTestId('ledger-action-save').click()
        await dialog.locator('.el-form-item__error', { hasText: '请选择新的时限' }).waitFor()
        await dialog.locator('.el-form-item__error', { hasText: '请填写延期原因' }).waitFor()
        page.off('request', count)
        assert.equal(sent, 0)
        const date = dialog.locator('.el-form-item', { hasText: '延至' }).locator('input')
        await date.fill(wanted)
        await date.press('Enter')
        await field(dialog, 'ledger-action-text').fill('等待上级批复方案，需顺延')
        await screenshot(page, 'ledger-extension-request-phone')
        const asked = page.waitForResponse(isPath(`/api/v1/ledger/items/${item.id}/extensions`, 'POST'))
        await page.getByTestId('ledger-action-save').click()
        const res = await asked
        assert.equal(res.status(), 201, await res.text())
        await dialog.waitFor({ state: 'hidden' })
        const pending = page.getByTestId('ledger-pending-extension')
        await pending.waitFor()
        assert.match(await pending.innerText(), new RegExp(`${wanted}.*等待上级批复方案`))
        // Until it is decided the deadline is the original one.
        assert.match(await page.getByTestId('ledger-fields').getByTestId('ledger-deadline').innerText(), new RegExp(original))
        await noHorizontalScroll(page, '延期申请后的事项')
      })

      await signedIn(DESKTOP, 'zhibu1', 'ledger-extension-decide-desktop', async (page) => {
        await openItem(page, item.id)
        await page.getByTestId('ledger-pending-extension').waitFor()
        await page.getByTestId('ledger-decide').click()
        const dialog = page.getByTestId('ledger-action-dialog')
        await dialog.waitFor()
        const asked = await dialog.getByTestId('ledger-action-extension').innerText()
        assert.match(asked, new RegExp(`${original}.*${wanted}.*等待上级批复方案`), asked)
        await dialog.getByTestId('ledger-action-approve').getByText('同意延期').click()
        await field(dialog, 'ledger-action-text').fill('同意，请抓紧办理')
        await screenshot(page, 'ledger-extension-decide-desktop')
        const decided = page.waitForResponse((r) => /\/api\/v1\/ledger\/extensions\/\d+\/decide$/.test(new URL(r.url()).pathname))
        await page.getByTestId('ledger-action-save').click()
        assert.equal((await decided).status(), 200)
        await dialog.waitFor({ state: 'hidden' })
        await page.getByTestId('ledger-pending-extension').waitFor({ state: 'detached' })
        await assertOriginalStruck(page, original, wanted)
        await entry(page, 'extension_requested', '等待上级批复方案').waitFor()
        await entry(page, 'extension_decided', '同意，请抓紧办理').waitFor()
        assert.equal(await page.getByTestId('ledger-decide').count(), 0, 'decided once')
        await screenshot(page, 'ledger-extension-approved-desktop')
      })

      // The member sees the same on the phone.
      await withFailureShot(memberPage, 'ledger-extension-approved-phone', async () => {
        const page = memberPage
        await openItem(page, item.id)
        await assertOriginalStruck(page, original, wanted)
        await noHorizontalScroll(page, '延期后的事项')
        await screenshot(page, 'ledger-extension-approved-phone')
      })
    })

  test('退回 with a reason; 重新办理 after 销号 with a reason (on a phone)', { timeout: 180_000 }, async () => {
    const now = await serverNow()
    const title = `退回重办${uniqueSuffix()}`
    const { item, api } = await acceptedItem(title, chinaDate(15, now))
    const dangyuan = await apiAs('dangyuan1')
    const submitted = await dangyuan('POST', `/ledger/items/${item.id}/submit`, { version: item.version, text: '已整改完毕' })
    assert.equal(submitted.status, 200, JSON.stringify(submitted.json))
    await signedIn(DESKTOP, 'zhibu1', 'ledger-return-desktop', async (page) => {
      await openItem(page, item.id)
      await page.getByTestId('ledger-status').filter({ hasText: '待验收' }).waitFor()
      await page.getByTestId('ledger-return').click()
      await refusedWithoutReason(page, '/return', '请填写退回原因')
      await screenshot(page, 'ledger-return-empty-desktop')
      await field(page.getByTestId('ledger-action-dialog'), 'ledger-action-text').fill('缺少整改前后照片，请补充')
      const returned = page.waitForResponse(isPath(`/api/v1/ledger/items/${item.id}/return`, 'POST'))
      await page.getByTestId('ledger-action-save').click()
      assert.equal((await returned).status(), 200)
      await page.getByTestId('ledger-action-dialog').waitFor({ state: 'hidden' })
      await page.getByTestId('ledger-status').filter({ hasText: '办理中' }).waitFor()
      await entry(page, 'returned', '缺少整改前后照片，请补充').waitFor()
      await screenshot(page, 'ledger-returned-desktop')
    })

    // Submitted again and closed by the secretary (not the responsible person).
    const again = (await api('GET', `/ledger/items/${item.id}`)).json
    const resubmitted = await dangyuan('POST', `/ledger/items/${item.id}/submit`, { version: again.version, text: '已补充照片' })
    assert.equal(resubmitted.status, 200, JSON.stringify(resubmitted.json))
    const closed = await api('POST', `/ledger/items/${item.id}/close`, { version: resubmitted.json.version, text: '验收合格' })
    assert.equal(closed.status, 200, JSON.stringify(closed.json))

    await signedIn(PHONE, 'zhibu1', 'ledger-reopen-phone', async (page) => {
      await openItem(page, item.id)
      await page.getByTestId('ledger-status').filter({ hasText: '已销号' }).waitFor()
      assert.equal(await page.getByTestId('ledger-return').count(), 0, 'no 退回 after 销号')
      await page.getByTestId('ledger-reopen').click()
      await refusedWithoutReason(page, '/reopen', '请填写原因')
      const dialog = page.getByTestId('ledger-action-dialog')
      await assertInView(page, page.getByTestId('ledger-action-save'), '重新办理 on a phone')
      await field(dialog, 'ledger-action-text').fill('群众反映问题反弹，需重新整改')
      await screenshot(page, 'ledger-reopen-phone')
      const reopened = page.waitForResponse(isPath(`/api/v1/ledger/items/${item.id}/reopen`, 'POST'))
      await page.getByTestId('ledger-action-save').click()
      assert.equal((await reopened).status(), 200)
      await dialog.waitFor({ state: 'hidden' })
      await page.getByTestId('ledger-status').filter({ hasText: '办理中' }).waitFor()
      await entry(page, 'reopened', '群众反映问题反弹，需重新整改').waitFor()
      assert.equal(await page.getByTestId('ledger-verification').count(), 0, 'the verification is gone with 销号')
      // Every step is on the timeline, in order.
      const kinds = await page.getByTestId('ledger-entry').evaluateAll((els) => els.map((e) => e.dataset.kind))
      assert.deepEqual(kinds, ['created', 'accepted', 'submitted', 'returned', 'submitted', 'closed', 'reopened'])
      await noHorizontalScroll(page, '重新办理后的事项')
      await screenshot(page, 'ledger-reopened-phone')
    })
  })

  test('下载模板; a bad file shows each row\'s error and writes nothing; the corrected file imports', { timeout: 180_000 }, async () => {
    const tag = `导入测${uniqueSuffix()}`
    const member = await personOf('dangyuan1')
    const admin = await apiAs('dangwei')
    const total = async () => (await admin('GET', '/ledger/items?include_archived=true&limit=1')).json.total
    let header
    await signedIn(DESKTOP, 'zhibu1', 'ledger-import-desktop', async (page) => {
      await page.goto(`${BASE_URL}/ledger/rectifications`)
      await page.getByTestId('ledger-items-table').waitFor()
      // 下载模板 beside 导入: the 台账 columns, required ones marked, with the notes tab.
      const download = page.waitForEvent('download')
      const fetched = page.waitForResponse(isPath('/api/v1/ledger/items/import-template', 'GET'))
      await page.getByTestId('ledger-template').click()
      assert.equal((await fetched).status(), 200)
      const file = await download
      assert.equal(file.suggestedFilename(), '台账导入模板.xlsx')
      const template = fs.readFileSync(await file.path())
      header = readXlsxRows(template)[0]
      assert.deepEqual(header.filter((h) => h.endsWith('*')), ['问题/事项*', '责任单位*'])
      assert.match(readXlsxRows(template, 1).flat().join('\n'), /删除示例行/)

      const before = await total()
      const bad = writeXlsx([
        header,
        ['1', `${tag}好的一行`, '', '机关第一支部', member.name],
        ['2', '', '缺了事项', '机关第一支部'],
        ['3', `${tag}单位不对`, '', '机关第九支部'],
        ['4', `${tag}时限不对`, '', '机关第一支部', '', '', '2021-13-01'],
      ])
      await page.getByTestId('ledger-import').click()
      const dialog = page.getByTestId('ledger-import-dialog')
      await dialog.waitFor()
      await dialog.getByTestId('ledger-import-file-input').setInputFiles({ name: '整改台账.xlsx', mimeType: XLSX, buffer: bad })
      await dialog.getByTestId('ledger-import-file-name').filter({ hasText: '整改台账.xlsx' }).waitFor()
      const refused = page.waitForResponse(isPath('/api/v1/ledger/items/import', 'POST'))
      await dialog.getByTestId('ledger-import-submit').click()
      assert.equal((await refused).status(), 422)
      await dialog.getByTestId('ledger-import-error').filter({ hasText: '未导入任何数据' }).waitFor()
      const rows = await dialog.getByTestId('ledger-import-details').locator('.el-table__body tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())))
      assert.deepEqual(rows.map((r) => [r[0], r[1]]), [['3', '问题/事项'], ['4', '责任单位'], ['5', '时限']])
      assert.match(rows[1][2], /机关第九支部/)
      await screenshot(page, 'ledger-import-errors-desktop')
      assert.equal(await total(), before, 'nothing written')

      // Corrected, the file imports whole.
      const good = writeXlsx([
        header,
        ['1', `${tag}好的一行`, '', '机关第一支部', member.name],
        ['2', `${tag}补上的事项`, '缺了事项', '机关第一支部'],
      ])
      await dialog.getByTestId('ledger-import-file-input').setInputFiles({ name: '整改台账-改.xlsx', mimeType: XLSX, buffer: good })
      const imported = page.waitForResponse(isPath('/api/v1/ledger/items/import', 'POST'))
      await dialog.getByTestId('ledger-import-submit').click()
      const answer = await imported
      assert.equal(answer.status(), 200)
      // Into the campaign chosen in the header (its items are listed under it).
      const campaign = (await apiAs('zhibu1').then((api) => api('GET', '/account/current-campaign'))).json.campaign
      assert.equal(new URL(answer.url()).searchParams.get('campaign_id'), String(campaign.id))
      await dialog.getByTestId('ledger-import-success').filter({ hasText: '成功导入 2 项' }).waitFor()
      assert.equal(await dialog.getByTestId('ledger-import-details').count(), 0, 'the errors are gone')
      await screenshot(page, 'ledger-import-done-desktop')

      // The same rows again: each named as a repeat of its item, nothing
      // written; 跳过已存在的事项 (shown with those errors) skips them.
      assert.equal(await dialog.getByTestId('ledger-import-skip-existing').count(), 0)
      const again = writeXlsx([header, ['1', `${tag}好的一行`, '', '机关第一支部', member.name],
        ['2', `${tag}补上的事项`, '缺了事项', '机关第一支部'], ['3', `${tag}新的一行`, '', '机关第一支部']])
      await dialog.getByTestId('ledger-import-file-input').setInputFiles({ name: '整改台账-再.xlsx', mimeType: XLSX, buffer: again })
      const repeated = page.waitForResponse(isPath('/api/v1/ledger/items/import', 'POST'))
      await dialog.getByTestId('ledger-import-submit').click()
      assert.equal((await repeated).status(), 422)
      // Named by what the user sees (no id), and the message points at the checkbox above it.
      await dialog.getByTestId('ledger-import-details').filter({ hasText: '与台账中已有事项重复（同一责任单位、同一事项）' }).waitFor()
      assert.doesNotMatch(await dialog.getByTestId('ledger-import-details').innerText(), /#\d/, 'no id the pages never show')
      assert.match(await dialog.getByTestId('ledger-import-error').innerText(), /勾选上方“跳过已存在的事项”/)
      await screenshot(page, 'ledger-import-repeats-desktop')
      assert.equal(await total(), before + 2, 'nothing written')
      await dialog.getByTestId('ledger-import-skip-existing').click()
      const skipped = page.waitForResponse(isPath('/api/v1/ledger/items/import', 'POST'))
      await dialog.getByTestId('ledger-import-submit').click()
      const skipAnswer = await skipped
      assert.equal(skipAnswer.status(), 200)
      assert.equal(new URL(skipAnswer.url()).searchParams.get('skip_existing'), 'true')
      await dialog.getByTestId('ledger-import-success').filter({ hasText: '成功导入 1 项，跳过已存在的 2 项' }).waitFor()
      await dialog.getByTestId('ledger-import-close').click()
      await dialog.waitFor({ state: 'hidden' })
      assert.equal(await total(), before + 3)
      await searchList(page, tag)
      await page.getByTestId('ledger-title-cell').filter({ hasText: `${tag}补上的事项` }).waitFor()
      assert.equal(await page.getByTestId('ledger-title-cell').count(), 3)
    })

    // On a phone the dialog and its error table fit the screen.
    await signedIn(PHONE, 'zhibu1', 'ledger-import-phone', async (page) => {
      await page.goto(`${BASE_URL}/ledger/rectifications`)
      await page.getByTestId('ledger-items-cards').waitFor()
      await page.getByTestId('ledger-template').waitFor()
      await page.getByTestId('ledger-import').click()
      const dialog = page.getByTestId('ledger-import-dialog')
      await dialog.waitFor()
      const bad = writeXlsx([header, ['1', '', '缺了事项', '机关第一支部']])
      await dialog.getByTestId('ledger-import-file-input').setInputFiles({ name: '台账.xlsx', mimeType: XLSX, buffer: bad })
      const refused = page.waitForResponse(isPath('/api/v1/ledger/items/import', 'POST'))
      await dialog.getByTestId('ledger-import-submit').click()
      assert.equal((await refused).status(), 422)
      await dialog.getByTestId('ledger-import-details').waitFor()
      await settled(page)
      const box = await dialog.boundingBox()
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `the dialog fits the phone: ${JSON.stringify(box)}`)
      await assertInView(page, dialog.getByTestId('ledger-import-details').locator('.el-table__body tr').first(), 'the first error row')
      await screenshot(page, 'ledger-import-errors-phone')
    })
  })

  test('the plan board: an org admin sets a task\'s working group; a leader cannot', { timeout: 180_000 }, async () => {
    const campaign = await useCampaign2021('dangwei')
    await useCampaign2021('lingdao')
    const admin = await apiAs('dangwei')
    const groups = (await admin('GET', `/campaigns/${campaign.id}/leadership`)).json.groups
    await signedIn(DESKTOP, 'dangwei', 'ledger-plan-group-desktop', async (page) => {
      await openPlanBoard(page)
      const task = page.getByTestId('plan-task').filter({ has: page.getByTestId('plan-set-group') }).first()
      const title = (await task.locator('.task-title').innerText()).trim()
      const owner = await task.getByTestId('plan-task-owner').innerText()
      const target = owner.includes('宣传组') ? '实践组' : '宣传组'
      const other = target === '宣传组' ? '实践组' : '宣传组'
      const loaded = page.waitForResponse((r) => /\/api\/v1\/campaigns\/\d+\/leadership$/.test(new URL(r.url()).pathname))
      await task.getByTestId('plan-set-group').click()
      const dialog = page.getByTestId('plan-group-dialog')
      await dialog.waitFor()
      await loaded
      assert.equal((await dialog.getByTestId('plan-group-task').innerText()).trim(), title)
      await chooseOption(page, 'plan-group-select', target)
      await dialog.getByTestId('plan-group-duties').waitFor()
      await settled(page)
      await screenshot(page, 'ledger-plan-group-desktop')

      // Meanwhile someone else gives the task another group: the save is refused as
      // stale, said so, and the second save (on the version loaded anew) goes through.
      const id = Number(/\/ledger\/items\/(\d+)/.exec(await task.locator('.task-title').getAttribute('href'))[1])
      const links = (await admin('GET', `/ledger/items/${id}/evidence`)).json
      const otherGroup = groups.find((g) => g.name === other)
      assert.ok(otherGroup, `the campaign has ${other}: ${groups.map((g) => g.name)}`)
      const meanwhile = await admin('PUT', `/ledger/items/${id}/group`, { version: links.version, group_id: otherGroup.id })
      assert.equal(meanwhile.status, 200, JSON.stringify(meanwhile.json))
      const stale = page.waitForResponse(isPath(`/api/v1/ledger/items/${id}/group`, 'PUT'))
      const reloaded = page.waitForResponse(isPath(`/api/v1/ledger/items/${id}/evidence`, 'GET'))
      await page.getByTestId('plan-group-save').click()
      assert.equal((await stale).status(), 409)
      await dialog.getByText('数据已被他人修改').first().waitFor()
      assert.equal((await reloaded).status(), 200)
      const saved = page.waitForResponse(isPath(`/api/v1/ledger/items/${id}/group`, 'PUT'))
      const board = page.waitForResponse((r) => /\/api\/v1\/ledger\/plan\/\d+\/board$/.test(new URL(r.url()).pathname))
      await page.getByTestId('plan-group-save').click()
      assert.equal((await saved).status(), 200)
      await dialog.waitFor({ state: 'hidden' })
      await board
      await settled(page)
      const after = page.getByTestId('plan-task').filter({ hasText: title }).first()
      assert.match(await after.getByTestId('plan-task-owner').innerText(), new RegExp(target))
      assert.equal((await admin('GET', `/ledger/items/${id}/evidence`)).json.group_name, target)
      await screenshot(page, 'ledger-plan-group-saved-desktop')
    })

    // On a phone the dialog fits, and 不指定 (cleared) takes the group away.
    await signedIn(PHONE, 'dangwei', 'ledger-plan-group-phone', async (page) => {
      await openPlanBoard(page)
      const task = page.getByTestId('plan-task').filter({ has: page.getByTestId('plan-set-group') }).first()
      const href = await task.locator('.task-title').getAttribute('href')
      const id = Number(/\/ledger\/items\/(\d+)/.exec(href)[1])
      const loaded = page.waitForResponse(isPath(`/api/v1/ledger/items/${id}/evidence`, 'GET'))
      await task.getByTestId('plan-set-group').click()
      const dialog = page.getByTestId('plan-group-dialog')
      await dialog.waitFor()
      await loaded
      await settled(page)
      await assertInView(page, page.getByTestId('plan-group-save'), '保存 of 设置工作组 on a phone')
      await noHorizontalScroll(page, '设置工作组')
      await screenshot(page, 'ledger-plan-group-phone')
      // Cleared (the select's × shows on hover; a tap on a phone shows it too).
      await page.getByTestId('plan-group-select').hover()
      await page.getByTestId('plan-group-select').locator('.el-select__clear').click()
      const saved = page.waitForResponse(isPath(`/api/v1/ledger/items/${id}/group`, 'PUT'))
      await page.getByTestId('plan-group-save').click()
      const res = await saved
      assert.equal(res.status(), 200, await res.text())
      assert.equal((await res.json()).group_id, null)
      await dialog.waitFor({ state: 'hidden' })
    })

    // A leader reads the board (on a phone) and sets no group.
    await signedIn(PHONE, 'lingdao', 'ledger-plan-leader-phone', async (page) => {
      await openPlanBoard(page)
      assert.ok((await page.getByTestId('plan-task').count()) > 0)
      assert.equal(await page.getByTestId('plan-set-group').count(), 0, 'no 设置工作组 for a read-only leader')
      await noHorizontalScroll(page, '实施方案')
      await screenshot(page, 'ledger-plan-leader-phone')
    })
  })
  test('an edit refused as stale takes the others\' change into the open form and keeps the user\'s own; the next save loses neither',
    { timeout: 180_000 }, async () => {
      const now = await serverNow()
      const { item, api } = await acceptedItem(`并发编辑${uniqueSuffix()}`, chinaDate(20, now))
      await signedIn(DESKTOP, 'zhibu1', 'ledger-stale-edit', async (page) => {
        await openItem(page, item.id)
        await page.getByTestId('detail-edit').click()
        const dialog = page.getByTestId('ledger-item-dialog')
        await field(dialog, 'ledger-item-measures').waitFor()
        await field(dialog, 'ledger-item-measures').fill('我改的措施')
        await field(dialog, 'ledger-item-description').fill('我补充的具体情况')
        // Meanwhile someone else changes the measures and the title.
        const other = await api('PATCH', `/ledger/items/${item.id}`, {
          version: item.version, measures: '他人修改的措施', title: `${item.title}（他人改）`,
        })
        assert.equal(other.status, 200, JSON.stringify(other.json))
        const refused = page.waitForResponse(isPath(`/api/v1/ledger/items/${item.id}`, 'PATCH'))
        await page.getByTestId('ledger-item-save').click()
        assert.equal((await refused).status(), 409)
        // The form now holds the others' values and names the field both changed.
        await page.locator('.el-message').filter({ hasText: '“措施”已改为他人的内容' }).waitFor()
        await page.waitForFunction(() => {
          const el = document.querySelector('[data-testid="ledger-item-measures"]')
          return (el?.matches('textarea') ? el : el?.querySelector('textarea'))?.value === '他人修改的措施'
        })
        assert.equal(await field(dialog, 'ledger-item-title').inputValue(), `${item.title}（他人改）`)
        assert.equal(await field(dialog, 'ledger-item-description').inputValue(), '我补充的具体情况')
        await screenshot(page, 'ledger-stale-edit-merged')
        const saved = page.waitForResponse(isPath(`/api/v1/ledger/items/${item.id}`, 'PATCH'))
        await page.getByTestId('ledger-item-save').click()
        assert.equal((await saved).status(), 200)
        const after = (await api('GET', `/ledger/items/${item.id}`)).json
        assert.equal(after.measures, '他人修改的措施', 'the others\' change is not overwritten')
        assert.equal(after.title, `${item.title}（他人改）`)
        assert.equal(after.description, '我补充的具体情况', 'the user\'s own change is saved')
      })
    })
})
