// Browser tests of 台账 (/ledger/...): a branch secretary records a forum's
// (恳谈会) two residents' concerns at 1366×768, the member responsible for one
// submits it, the secretary verifies it (销号) and records the resident's
// 回访; the board counts it, and the public 晒单 page, opened without signing
// in at 390×844, lists it with no personal data. A member on a phone (390×844) opens 我的任务 and
// reports progress with a photo on their task; the timeline shows it; a
// submit on a version changed meanwhile is refused as stale, said so, and the
// item loaded again. A
// branch secretary (on a phone, filters behind 筛选) does not see another
// branch's items, in the list or by their address. Screenshots of every page
// at both sizes go to test-output/ui.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE_URL,
  apiAs,
  clickMenu,
  field,
  login,
  newPage,
  screenshot,
  settled,
  sharedBrowser,
  uniqueSuffix,
  useCampaign2021,
  withFailureShot,
} from './helpers.mjs'
import {
  DESKTOP, PHONE, chinaDate, chooseOption, choosePerson, isPath, noHorizontalScroll, orgIdOf, personOf, searchList, takeStep,
} from './ledger_helpers.mjs'

// A 1×1 PNG: a photo of the progress.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

describe('ledger: forums and concerns, the workflow to 销号 and 回访, 晒单, 我的任务 on a phone, scope', () => {
  const browser = sharedBrowser()

  test('a forum with two concerns; one through to 销号 with 回访; on the public page', { timeout: 240_000 }, async () => {
    const suffix = uniqueSuffix()
    const forumTitle = `X路社区恳谈会${suffix}`
    const concerns = [`小区路灯损坏${suffix}`, `楼道堆放杂物${suffix}`]
    const campaign = await useCampaign2021('zhibu1')
    const member = await personOf('dangyuan1')
    const secretary = await newPage(browser(), DESKTOP)
    const memberPage = await newPage(browser(), DESKTOP)
    const visitor = await newPage(browser(), PHONE)
    const page = secretary.page
    try {
      let concernId
      await withFailureShot(page, 'ledger-forum-desktop', async () => {
        // The forum is an event of the type 恳谈会 (with the residents taking part).
        const api = await apiAs('zhibu1')
        const types = await api('GET', '/event-types')
        const forumType = types.json.items.find((t) => t.code === 'forum')
        const branch = await orgIdOf(api, '机关第一支部')
        const start = new Date(Date.now() - 2 * 3600_000)
        const forum = await api('POST', '/events', {
          org_id: branch, title: forumTitle, type_id: forumType.id, campaign_id: campaign.id,
          starts_at: start.toISOString().replace(/\.\d+Z$/, 'Z'),
          ends_at: new Date(start.getTime() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
          place: 'X路社区党群服务中心', outside_count: 23, summary: '听取居民意见',
        })
        assert.equal(forum.status, 201, JSON.stringify(forum.json))

        await login(page, 'zhibu1')
        await clickMenu(page, 'ledger-forums')
        await page.waitForURL((u) => u.pathname === '/ledger/forums')
        await page.getByTestId('forum-open').filter({ hasText: forumTitle }).click()
        await page.getByTestId('forum-panel').waitFor()
        for (const [n, title] of concerns.entries()) {
          await page.getByTestId('forum-add-concern').click()
          const dialog = page.getByTestId('ledger-item-dialog')
          await dialog.waitFor()
          if (n === 0) {
            // Nothing is sent before the required fields are filled; they are marked.
            let posted = 0
            const count = (r) => { if (isPath('/api/v1/ledger/items', 'POST')(r)) posted++ }
            page.on('request', count)
            await field(dialog, 'ledger-item-title').fill('')
            await page.getByTestId('ledger-item-save').click()
            await dialog.locator('.el-form-item__error').first().waitFor()
            assert.equal(posted, 0, 'nothing sent before the required fields are filled')
            page.off('request', count)
            assert.ok((await dialog.locator('.el-form-item.is-required').count()) >= 2, 'required fields are marked')
          }
          assert.match(await dialog.getByTestId('ledger-item-source').innerText(), new RegExp(forumTitle))
          await field(dialog, 'ledger-item-title').fill(title)
          await field(dialog, 'ledger-item-requester').fill('王大爷')
          await field(dialog, 'ledger-item-contact').fill('13800000000')
          await chooseOption(page, 'ledger-item-org', '机关第一支部')
          await choosePerson(page, 'ledger-item-responsible', member.name)
          const deadline = dialog.locator('.el-form-item', { hasText: '时限' }).locator('input')
          await deadline.fill(chinaDate(30))
          await deadline.press('Enter')
          if (n === 0) await screenshot(page, 'ledger-concern-form-desktop')
          const created = page.waitForResponse(isPath('/api/v1/ledger/items', 'POST'))
          await page.getByTestId('ledger-item-save').click()
          const res = await created
          assert.equal(res.status(), 201, await res.text())
          if (n === 0) concernId = (await res.json()).id
          await dialog.waitFor({ state: 'hidden' })
        }
        await page.getByTestId('forum-concern-title').filter({ hasText: concerns[1] }).waitFor()
        assert.equal(await page.getByTestId('forum-concern-title').count(), 2, 'the forum has its two concerns')
        await screenshot(page, 'ledger-forum-desktop')

        // The concern's page: 受理 (the secretary writes the branch).
        await page.getByTestId('forum-concern-title').filter({ hasText: concerns[0] }).click()
        await page.waitForURL((u) => u.pathname === `/ledger/items/${concernId}`)
        await page.getByTestId('ledger-fields').waitFor()
        assert.equal(await page.getByTestId('ledger-close').count(), 0, 'no 销号 while 待受理')
        await takeStep(page, 'ledger-accept', '/accept', null)
        await page.getByTestId('ledger-status').filter({ hasText: '办理中' }).waitFor()
      })

      // The member responsible submits it with what was done.
      await withFailureShot(memberPage.page, 'ledger-submit-desktop', async () => {
        const m = memberPage.page
        await login(m, 'dangyuan1')
        await m.goto(`${BASE_URL}/ledger/items/${concernId}`)
        await m.getByTestId('ledger-fields').waitFor()
        // A member does not see the requester's contact.
        assert.ok(!(await m.getByTestId('ledger-requester').innerText()).includes('13800000000'))
        assert.equal(await m.getByTestId('ledger-close').count(), 0, 'the responsible person cannot verify')
        await takeStep(m, 'ledger-submit', '/submit', '已联系物业更换路灯 6 盏')
        await m.getByTestId('ledger-status').filter({ hasText: '待验收' }).waitFor()
      })

      await withFailureShot(page, 'ledger-close-desktop', async () => {
        await page.reload()
        await page.getByTestId('ledger-status').filter({ hasText: '待验收' }).waitFor()
        await takeStep(page, 'ledger-close', '/close', '经现场查看，路灯已修复')
        await page.getByTestId('ledger-status').filter({ hasText: '已销号' }).waitFor()
        await takeStep(page, 'ledger-feedback', '/feedback', '电话回访，居民表示满意', async (dialog) => {
          await dialog.getByTestId('ledger-action-satisfaction').getByText('满意', { exact: true }).click()
        })
        await page.getByTestId('ledger-satisfaction').filter({ hasText: '满意' }).waitFor()
        // The timeline: every step, who and when.
        const kinds = await page.getByTestId('ledger-entry').evaluateAll((els) => els.map((e) => e.dataset.kind))
        for (const k of ['created', 'accepted', 'submitted', 'closed', 'feedback']) assert.ok(kinds.includes(k), `${k} in ${kinds}`)
        assert.match(await page.getByTestId('ledger-timeline').innerText(), /已联系物业更换路灯 6 盏/)
        await screenshot(page, 'ledger-concern-closed-desktop')

        // The board: the closed concern counts in 已销号, the open one in 待受理.
        await page.goto(`${BASE_URL}/ledger/board`)
        await page.getByTestId('board-card').first().waitFor()
        await settled(page)
        assert.ok(Number(await page.getByTestId('board-count-closed').innerText()) >= 1)
        assert.ok(Number(await page.getByTestId('board-count-pending').innerText()) >= 1)
        await screenshot(page, 'ledger-board-desktop')
      })


      // 晒单: no sign-in; the closed concern, no requester or contact.
      await withFailureShot(visitor.page, 'ledger-public-phone', async () => {
        const v = visitor.page
        await v.goto(`${BASE_URL}/p/ledger/${campaign.id}`)
        await v.getByTestId('public-ledger-row').filter({ hasText: concerns[0] }).waitFor()
        const text = await v.getByTestId('public-ledger').innerText()
        assert.ok(!text.includes(concerns[1]), 'an open concern is not shown')
        assert.match(await v.getByTestId('public-ledger-figures').innerText(), /个诉求解决/)
        for (const secret of ['王大爷', '13800000000', member.name]) assert.ok(!text.includes(secret), `no ${secret}`)
        assert.equal(await v.getByTestId('current-user').count(), 0, 'outside the signed-in shell')
        await noHorizontalScroll(v, '晒单')
        await screenshot(v, 'ledger-public-phone')
      })
    } finally {
      await secretary.context.close()
      await memberPage.context.close()
      await visitor.context.close()
    }
  })

  test('a member on a phone reports progress with a photo on their task', { timeout: 180_000 }, async () => {
    const suffix = uniqueSuffix()
    const title = `整理支部学习资料${suffix}`
    const member = await personOf('dangyuan1')
    const api = await apiAs('zhibu1')
    const branch = await orgIdOf(api, '机关第一支部')
    const item = await api('POST', '/ledger/items', {
      kind: 'rectification', title, org_id: branch, responsible_person_id: member.id,
      deadline: chinaDate(5), item_class: 'deadline', measures: '按月归档',
    })
    assert.equal(item.status, 201, JSON.stringify(item.json))
    const accepted = await api('POST', `/ledger/items/${item.json.id}/accept`, { version: item.json.version, text: '' })
    assert.equal(accepted.status, 200, JSON.stringify(accepted.json))

    const { context, page } = await newPage(browser(), PHONE)
    try {
      await withFailureShot(page, 'ledger-progress-phone', async () => {
        await login(page, 'dangyuan1')
        await page.getByTestId('menu-toggle').click()
        await clickMenu(page, 'ledger-mine')
        await page.waitForURL((u) => u.pathname === '/ledger/mine')
        const card = page.getByTestId('my-task').filter({ hasText: title })
        await card.waitFor()
        assert.match(await card.innerText(), /5 天后到期/)
        await noHorizontalScroll(page, '我的任务')
        await screenshot(page, 'ledger-my-tasks-phone')
        await card.click()
        await page.waitForURL((u) => u.pathname === `/ledger/items/${item.json.id}`)
        await page.getByTestId('ledger-fields').waitFor()
        await screenshot(page, 'ledger-item-phone')

        await page.getByTestId('ledger-progress').click()
        const dialog = page.getByTestId('ledger-action-dialog')
        await dialog.waitFor()
        const uploaded = page.waitForResponse(isPath('/api/v1/attachments', 'POST'))
        await dialog.locator('input[type=file]').setInputFiles({ name: '归档照片.png', mimeType: 'image/png', buffer: PNG })
        assert.equal((await uploaded).status(), 201)
        await dialog.getByTestId('ledger-action-file').filter({ hasText: '归档照片.png' }).waitFor()
        await field(dialog, 'ledger-action-text').fill('已归档 1-6 月学习记录')
        await screenshot(page, 'ledger-progress-form-phone')
        const saved = page.waitForResponse(isPath(`/api/v1/ledger/items/${item.json.id}/progress`, 'POST'))
        await page.getByTestId('ledger-action-save').click()
        assert.equal((await saved).status(), 201)
        await dialog.waitFor({ state: 'hidden' })
        const entry = page.getByTestId('ledger-entry').filter({ hasText: '已归档 1-6 月学习记录' })
        await entry.waitFor()
        await entry.getByTestId('ledger-entry-attachment').waitFor()
        await noHorizontalScroll(page, '事项详情')
        await screenshot(page, 'ledger-progress-phone')

        // Meanwhile the secretary reports progress too: the member's 提交验收 on the
        // version it read is refused as stale, said so, and the item is loaded again.
        const other = await api('POST', `/ledger/items/${item.json.id}/progress`, { text: '书记补充：已核对目录', attachment_ids: [] })
        assert.equal(other.status, 201, JSON.stringify(other.json))
        await page.getByTestId('ledger-submit').click()
        const submit = page.getByTestId('ledger-action-dialog')
        await submit.waitFor()
        await field(submit, 'ledger-action-text').fill('已全部归档')
        const refused = page.waitForResponse(isPath(`/api/v1/ledger/items/${item.json.id}/submit`, 'POST'))
        await page.getByTestId('ledger-action-save').click()
        assert.equal((await refused).status(), 409)
        await submit.getByText('数据已被他人修改').first().waitFor()
        await page.getByTestId('ledger-entry').filter({ hasText: '书记补充：已核对目录' }).waitFor()
        await screenshot(page, 'ledger-stale-phone')
        // Sent again on the item loaded anew, it goes through.
        const resent = page.waitForResponse(isPath(`/api/v1/ledger/items/${item.json.id}/submit`, 'POST'))
        await page.getByTestId('ledger-action-save').click()
        assert.equal((await resent).status(), 200)
        await submit.waitFor({ state: 'hidden' })
        await page.getByTestId('ledger-status').filter({ hasText: '待验收' }).waitFor()
      })
    } finally {
      await context.close()
    }
  })

  test('a branch secretary does not see another branch\'s items', { timeout: 120_000 }, async () => {
    const suffix = uniqueSuffix()
    const title = `二支部整改事项${suffix}`
    const admin = await apiAs('dangwei')
    const other = await orgIdOf(admin, '机关第二支部')
    const item = await admin('POST', '/ledger/items', {
      kind: 'rectification', title, org_id: other, deadline: chinaDate(10), item_class: 'deadline',
    })
    assert.equal(item.status, 201, JSON.stringify(item.json))
    const adminPage = await newPage(browser(), DESKTOP)
    const secretary = await newPage(browser(), PHONE)
    try {
      // The org admin sees it in the list of its kind...
      await withFailureShot(adminPage.page, 'ledger-list-desktop', async () => {
        const page = adminPage.page
        await login(page, 'dangwei')
        await page.goto(`${BASE_URL}/ledger/rectifications`)
        await searchList(page, title)
        await page.getByTestId('ledger-title-cell').filter({ hasText: title }).waitFor()
        await screenshot(page, 'ledger-list-desktop')
        // 导出: the filtered list as an .xlsx ledger.
        const download = page.waitForEvent('download')
        const exported = page.waitForResponse(isPath('/api/v1/ledger/items.xlsx', 'GET'))
        await page.getByTestId('ledger-export').click()
        const res = await exported
        assert.equal(res.status(), 200)
        assert.equal(new URL(res.url()).searchParams.get('kind'), 'rectification')
        assert.match((await download).suggestedFilename(), /\.xlsx$/)

        // The plan board of the 2021 campaign (the demo's plan): four parts with their
        // progress; a task without evidence gets an event of the campaign linked.
        await useCampaign2021('dangwei')
        await page.goto(`${BASE_URL}/ledger/plan`)
        await page.getByTestId('plan-board').waitFor()
        for (const part of ['overall', 'focus', 'main_work', 'leadership']) await page.getByTestId(`plan-part-${part}`).waitFor()
        await page.getByTestId('plan-only-missing').click()
        const task = page.getByTestId('plan-task')
          .filter({ has: page.getByTestId('plan-link-events').filter({ hasText: '关联活动' }) }).first()
        const taskTitle = (await task.locator('.task-title').innerText()).trim()
        await task.getByTestId('plan-link-events').click()
        const dialog = page.getByTestId('plan-evidence-dialog')
        await dialog.waitFor()
        await page.getByTestId('plan-evidence-events').click()
        await page.locator('.el-select-dropdown__item:visible').first().click()
        await page.keyboard.press('Escape')
        const linked = page.waitForResponse((r) => /\/ledger\/items\/\d+\/evidence$/.test(new URL(r.url()).pathname) && r.request().method() === 'PUT')
        await page.getByTestId('plan-evidence-save').click()
        assert.equal((await linked).status(), 200)
        await dialog.waitFor({ state: 'hidden' })
        await page.getByTestId('plan-only-missing').click()
        await page.getByTestId('plan-task').filter({ hasText: taskTitle }).getByTestId('plan-evidence-count').waitFor()
        await screenshot(page, 'ledger-plan-desktop')
      })
      // ...the first branch's secretary (on a phone) does not, neither listed nor by its address.
      await withFailureShot(secretary.page, 'ledger-scope-phone', async () => {
        const page = secretary.page
        await login(page, 'zhibu1')
        await page.goto(`${BASE_URL}/ledger/rectifications`)
        await searchList(page, title, { phone: true })
        await page.getByTestId('ledger-items-cards').locator('.el-empty').waitFor()
        assert.equal(await page.getByTestId('ledger-title-cell').filter({ hasText: title }).count(), 0)
        await screenshot(page, 'ledger-list-phone')
        await page.goto(`${BASE_URL}/ledger/items/${item.json.id}`)
        await page.getByTestId('detail-error').waitFor()
        assert.equal(await page.getByTestId('ledger-fields').count(), 0)
        await screenshot(page, 'ledger-scope-refused-phone')
      })
    } finally {
      await adminPage.context.close()
      await secretary.context.close()
    }
  })
})
