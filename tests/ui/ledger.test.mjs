// Browser tests of 台账 (/ledger/...): a branch secretary records a forum's
// (恳谈会) two residents' concerns at 1366×768, the member responsible for one
// submits it, the secretary verifies it (销号) and records the resident's
// 回访; the board counts it. A member on a phone (390×844) opens 我的任务 and
// reports progress with a photo on their task; the timeline shows it. A
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

const isPath = (p, method) => (r) => new URL(r.url()).pathname === p && r.request().method() === method
const PHONE = { width: 390, height: 844, mobile: true }
const DESKTOP = { width: 1366, height: 768 }
// A 1×1 PNG: a photo of the progress.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

async function chooseOption(page, selectTestId, text) {
  await page.getByTestId(selectTestId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

/** Types a name into a remote person select and picks the first match. */
async function choosePerson(page, selectTestId, name) {
  await page.getByTestId(selectTestId).click()
  const search = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/people')
  await page.getByTestId(selectTestId).locator('input').fill(name)
  await search
  await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
}

/** The person behind a demo account, and the id of an organization it sees by name. */
async function personOf(username) {
  const api = await apiAs(username)
  const me = await api('GET', '/auth/me')
  const person = await api('GET', `/people/${me.json.user.person_id}`)
  return { id: me.json.user.person_id, name: person.json?.name ?? '', api }
}

async function orgIdOf(api, name) {
  const orgs = await api('GET', '/orgs')
  const org = orgs.json.items.find((o) => o.name === name)
  if (!org) throw new Error(`no organization named ${name}`)
  return org.id
}

/** A date `days` from today in China, YYYY-MM-DD. */
function chinaDate(days) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

/** Runs a step in the item's action dialog: fills the text and saves; waits for the step's answer. */
async function takeStep(page, button, path, text, fill = async () => {}) {
  await page.getByTestId(button).click()
  const dialog = page.getByTestId('ledger-action-dialog')
  await dialog.waitFor()
  await fill(dialog)
  if (text !== null) await field(dialog, 'ledger-action-text').fill(text)
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith(path) && r.request().method() !== 'GET')
  await page.getByTestId('ledger-action-save').click()
  const res = await answer
  assert.ok(res.status() < 300, `${path}: ${res.status()} ${await res.text()}`)
  await dialog.waitFor({ state: 'hidden' })
  await settled(page)
}

/** Searches a ledger list by its 事项 box and waits for the answer. */
async function searchList(page, text, { phone = false } = {}) {
  await page.locator('[data-testid="ledger-items-table"], [data-testid="ledger-items-cards"]').first().waitFor()
  await settled(page)
  const listed = page.waitForResponse(isPath('/api/v1/ledger/items', 'GET'))
  if (phone) {
    // On a phone the filters fold behind 筛选.
    await page.getByTestId('list-filter-toggle').click()
    const drawer = page.getByTestId('list-filter-drawer')
    await field(drawer, 'ledger-filter-q').fill(text)
    await screenshot(page, 'ledger-filters-phone')
    await page.getByTestId('list-filter-apply').click()
  } else {
    await field(page, 'ledger-filter-q').fill(text)
    await field(page, 'ledger-filter-q').press('Enter')
  }
  await listed
  await settled(page)
}

async function noHorizontalScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow <= 1, `${what}: no horizontal page scroll (overflow ${overflow}px)`)
}

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

    } finally {
      await secretary.context.close()
      await memberPage.context.close()
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
