// Browser tests of what new users tripped on in the UI pass at 1366×768 and
// 390×844 (issue 7): each test walks one step as the role that met it.
// Env: DUXING_URL (base URL), DUXING_DEMO_PASSWORD (password of the demo accounts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE_URL, assertInView, field, login, newPage, orgId, pageApi as api, screenshot, settled, sharedBrowser, uniqueSuffix,
  withFailureShot,
} from './helpers.mjs'

const SIZES = [
  { name: '1366', width: 1366, height: 768 },
  { name: '390', width: 390, height: 844, mobile: true },
]

/**
 * An account of a member of 机关第一支部 whose password 机关党委's admin has
 * just reset (so it must change it, and has one unread notification).
 */
async function resetMember(adminPage) {
  const suffix = uniqueSuffix()
  const username = `newuser_${suffix}`
  const made = await api(adminPage, 'POST', '/accounts', {
    username, display_name: `新党员${suffix}`, password: `Chushi${suffix}mima`,
    roles: [{ role: 'member', org_id: await orgId(adminPage, '机关第一支部') }],
  })
  assert.equal(made.status, 201, JSON.stringify(made.json))
  const password = `Chongzhi${suffix}mima`
  const reset = await api(adminPage, 'POST', `/accounts/${made.json.id}/password`, { password })
  assert.equal(reset.status, 204, JSON.stringify(reset.json))
  return { username, password }
}

describe('what a new user trips on, at 1366×768 and 390×844', { concurrency: 1 }, () => {
  const browser = sharedBrowser()

  for (const size of SIZES) {
    test(`${size.name}: before the own password the shell asks nothing the API refuses; after it, the header's campaign and bell are there`, { timeout: 120_000 }, async () => {
      const admin = await newPage(browser(), size)
      const { context, page } = await newPage(browser(), size)
      await withFailureShot(page, `newuser-first-sign-in-${size.name}`, async () => {
        await login(admin.page, 'dangwei')
        const { username, password } = await resetMember(admin.page)

        await page.goto(`${BASE_URL}/login`)
        await field(page, 'login-username').fill(username)
        await field(page, 'login-password').fill(password)
        // Every API request after the sign-in form showed (it asked /auth/me: 401), and its answer's status.
        const asked = new Map()
        page.on('request', (r) => {
          if (new URL(r.url()).pathname.startsWith('/api/v1/')) asked.set(r, null)
        })
        page.on('response', (r) => asked.set(r.request(), r.status()))
        const sessions = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/sessions')
        await page.getByTestId('login-submit').click()
        await page.waitForURL((u) => u.pathname === '/account')
        await sessions // the page and its header have mounted and sent what they ask
        for (let i = 0; i < 50 && [...asked.values()].includes(null); i++) await page.waitForEvent('response')
        const refused = [...asked].filter(([, status]) => status >= 400).map(([r, status]) => `${new URL(r.url()).pathname} ${status}`)
        assert.deepEqual(refused, [], 'nothing is asked that the API refuses before the password is changed')
        await page.getByTestId('must-change-password').waitFor()
        assert.equal(await page.locator('.el-message--error').count(), 0, 'no error message')
        if (size.mobile) await page.getByTestId('menu-toggle').click()
        const menu = await page.getByTestId('side-menu').locator('[data-testid^="menu-"]').allInnerTexts()
        assert.deepEqual(menu.map((t) => t.trim()), ['账户设置'], 'the menu leads only where the user may go')
        if (size.mobile) await page.keyboard.press('Escape')
        await settled(page)
        await screenshot(page, `newuser-first-sign-in-${size.name}`)

        await field(page, 'pwd-old').fill(password)
        await field(page, 'pwd-new').fill(`${password}-own`)
        await field(page, 'pwd-confirm').fill(`${password}-own`)
        await page.getByTestId('pwd-submit').click()
        await page.waitForURL((u) => u.pathname !== '/account')
        // Without a reload: the current campaign and the reset's notification.
        await page.getByTestId('campaign-selector').waitFor()
        await page.getByTestId('notification-badge').locator('.el-badge__content', { hasText: '1' }).waitFor()
        await settled(page)
        await screenshot(page, `newuser-after-own-password-${size.name}`)
      })
      await admin.context.close()
      await context.close()
    })
  }

  for (const size of SIZES) {
    test(`${size.name}: a campaign's page names it, leads back to the list and lets an org admin edit it; a member only reads`, { timeout: 120_000 }, async () => {
      const { context, page } = await newPage(browser(), size)
      await withFailureShot(page, `newuser-campaign-page-${size.name}`, async () => {
        await login(page, 'dangwei')
        const demo = (await api(page, 'GET', '/campaigns')).json.items.find((c) => c.year === 2021)
        assert.ok(demo, 'the demo campaign')
        await page.goto(`${BASE_URL}/campaigns/${demo.id}`)
        await page.getByTestId('detail-title').filter({ hasText: `2021 ${demo.name}` }).waitFor()
        assert.match(await page.getByTestId('detail-breadcrumb').innerText(), /学习教育活动/)
        await settled(page)
        await assertInView(page, page.getByTestId('detail-edit'), '编辑')
        await screenshot(page, `newuser-campaign-page-${size.name}`)
        await page.getByTestId('detail-edit').click()
        const dialog = page.getByTestId('campaign-dialog')
        assert.equal(await field(dialog, 'campaign-name').inputValue(), demo.name)
        await dialog.getByRole('button', { name: '取消' }).click()
        await dialog.waitFor({ state: 'hidden' })
        // Opened directly, 返回 leads to the list (not out of the site).
        await page.getByTestId('detail-back').click()
        await page.waitForURL((u) => u.pathname === '/campaigns')
        // Names in the list are links in the UI's colour, not the browser's blue.
        const link = page.getByTestId('campaign-name-cell').first()
        await link.waitFor()
        const style = await link.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).textDecorationLine])
        assert.deepEqual(style, ['rgb(64, 158, 255)', 'none'], 'styled as the UI links are')

        await page.getByTestId('logout').click()
        await page.waitForURL((u) => u.pathname.startsWith('/login'))
        await login(page, 'dangyuan1')
        await page.goto(`${BASE_URL}/campaigns/${demo.id}`)
        await page.getByTestId('detail-title').filter({ hasText: demo.name }).waitFor()
        assert.equal(await page.getByTestId('detail-edit').count(), 0, 'a member cannot edit')
        assert.equal(await page.getByTestId('detail-archive').count(), 0, 'a member cannot archive')
      })
      await context.close()
    })
  }

  test('390: toolbar buttons that wrap to a new line start at its left edge', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    await withFailureShot(page, 'newuser-toolbar-390', async () => {
      await login(page, 'dangwei')
      await page.goto(`${BASE_URL}/people`)
      const toolbar = page.getByTestId('people').locator('.toolbar').first()
      await toolbar.getByTestId('btn-export').waitFor()
      await settled(page)
      await screenshot(page, 'newuser-toolbar-390')
      const lines = await toolbar.evaluate((bar) => {
        const left = bar.getBoundingClientRect().left
        // The left of each button that starts a line (it lies below the one before it).
        const starts = []
        let previous = null
        for (const b of bar.querySelectorAll(':scope > .el-button, :scope > * > .el-button')) {
          const r = b.getBoundingClientRect()
          if (!previous || r.top >= previous.bottom) starts.push(Math.round(r.left - left))
          previous = r
        }
        return starts
      })
      assert.ok(lines.length > 1, `the buttons wrap on a phone: ${lines}`)
      assert.deepEqual(lines, lines.map(() => 0), 'each line of buttons starts at the left edge')
    })
    await context.close()
  })

  test('390: 登录设备 are cards whose address, browser and 结束 are on the screen', { timeout: 120_000 }, async () => {
    const other = await newPage(browser())
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    await withFailureShot(page, 'newuser-sessions-390', async () => {
      await login(other.page, 'dangyuan1')
      await login(page, 'dangyuan1')
      await page.goto(`${BASE_URL}/account`)
      const cards = page.getByTestId('sessions-cards').getByTestId('list-card')
      const elsewhere = cards.filter({ has: page.getByTestId('session-end') }).first()
      await elsewhere.waitFor()
      await settled(page)
      const end = elsewhere.getByTestId('session-end')
      await end.scrollIntoViewIfNeeded()
      await assertInView(page, end, '结束 of another session')
      const text = await elsewhere.innerText()
      assert.match(text, /地址\s*127\.0\.0\.1/, 'the address is shown')
      assert.match(text, /浏览器\s*Mozilla/, 'the browser is shown')
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= 390, `no sideways scrolling (${width})`)
      await screenshot(page, 'newuser-sessions-390')
    })
    await other.context.close()
    await context.close()
  })

  test('390: an attachment refusal wraps clear of its close button; a leader, who only reads, is not told what to upload', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    await withFailureShot(page, 'newuser-attachments-390', async () => {
      await login(page, 'dangwei')
      const person = (await api(page, 'GET', '/people?limit=1')).json.items[0]
      await page.goto(`${BASE_URL}/people/${person.id}`)
      const box = page.getByTestId('attachments')
      await box.getByTestId('attachments-limits').waitFor()
      await box.locator('input[type=file]').setInputFiles({
        name: '程序.exe', mimeType: 'application/octet-stream', buffer: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]),
      })
      const refusal = box.getByTestId('attachments-error')
      await refusal.waitFor()
      await settled(page)
      await refusal.scrollIntoViewIfNeeded()
      await screenshot(page, 'newuser-attachment-refusal-390')
      const [title, close] = await Promise.all([
        refusal.locator('.el-alert__title').boundingBox(),
        refusal.locator('.el-alert__close-btn').boundingBox(),
      ])
      assert.ok(title.x + title.width <= close.x, `the text ends before the close button: ${JSON.stringify({ title, close })}`)

      await page.getByTestId('logout').click()
      await page.waitForURL((u) => u.pathname.startsWith('/login'))
      await login(page, 'lingdao')
      await page.goto(`${BASE_URL}/people/${person.id}`)
      await page.getByTestId('attachments').waitFor()
      await page.getByTestId('detail-title').filter({ hasText: person.name }).waitFor()
      assert.equal(await page.getByTestId('attachments-upload').count(), 0, 'no upload for a leader')
      assert.equal(await page.getByTestId('attachments-limits').count(), 0, 'no upload rules for a leader')
    })
    await context.close()
  })

  test('390: a card shows — for a field left empty, not a label beside nothing', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    await withFailureShot(page, 'newuser-cards-390', async () => {
      await login(page, 'dangwei')
      await page.goto(`${BASE_URL}/people`)
      await page.getByTestId('people-cards').getByTestId('list-card').first().waitFor()
      await settled(page)
      const fields = await page.getByTestId('people-cards').locator('.card-fields').first().evaluate((dl) =>
        [...dl.querySelectorAll('dt')].map((dt) => [dt.innerText.trim(), dt.nextElementSibling.innerText.trim()]))
      const empty = fields.filter(([, value]) => value === '').map(([label]) => label)
      assert.deepEqual(empty, [], 'no field of the first card is blank')
      assert.ok(fields.some(([, value]) => value === '—'), `the demo's first person lacks a field: ${JSON.stringify(fields)}`)
    })
    await context.close()
  })

  test('1366: a long organization name in the tree is cut with … so its count and kind stay in the panel', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    await withFailureShot(page, 'newuser-org-tree-1366', async () => {
      await login(page, 'dangwei')
      await page.goto(`${BASE_URL}/people`)
      const node = page.locator('[data-org-name="人口和社会科技统计科"]')
      await node.waitFor()
      await settled(page)
      await screenshot(page, 'newuser-org-tree-1366')
      const [panel, kind] = await Promise.all([
        page.getByTestId('org-panel').boundingBox(),
        node.locator('.org-kind').boundingBox(),
      ])
      assert.ok(kind.x + kind.width <= panel.x + panel.width, `the kind tag ends inside the panel: ${JSON.stringify({ panel, kind })}`)
      assert.equal(await node.locator('.org-name').getAttribute('title'), '人口和社会科技统计科')
    })
    await context.close()
  })

  test('390: the 筛选 drawer has one way to see the results (查看结果), not also 查询', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    await withFailureShot(page, 'newuser-filter-drawer-390', async () => {
      await login(page, 'dangwei')
      for (const path of ['/people', '/accounts', '/audit']) {
        await page.goto(`${BASE_URL}${path}`)
        await page.getByTestId('list-filter-toggle').click()
        const drawer = page.getByTestId('list-filter-drawer')
        await drawer.getByTestId('list-filter-apply').waitFor()
        await settled(page)
        const buttons = (await drawer.locator('.el-button').allInnerTexts()).map((t) => t.trim())
        assert.ok(!buttons.includes('查询'), `${path}: no 查询 beside 查看结果: ${buttons}`)
        assert.ok(buttons.includes('查看结果'), `${path}: 查看结果`)
        if (path === '/people') await screenshot(page, 'newuser-filter-drawer-390')
      }
    })
    await context.close()
  })

  test('390: date ranges (campaign dates, audit period) open panels that fit the phone', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    await withFailureShot(page, 'newuser-date-range-390', async () => {
      await login(page, 'dangwei')
      await page.goto(`${BASE_URL}/campaigns`)
      await page.getByTestId('btn-add-campaign').click()
      const dialog = page.getByTestId('campaign-dialog')
      const dates = dialog.locator('.el-form-item').filter({ has: page.locator('.el-form-item__label', { hasText: /^起止日期$/ }) })
      await dates.locator('.el-date-editor').first().click()
      const panel = page.locator('.el-picker__popper:visible')
      await panel.waitFor()
      await settled(page)
      await screenshot(page, 'newuser-campaign-dates-390')
      await assertInsideWidth(page, panel, 'the date panel')
      // A start and an end day make the range: 起止日期 is then no longer missing.
      await panel.locator('td.available', { hasText: /^\s*1\s*$/ }).first().click()
      await panel.waitFor({ state: 'hidden' })
      await dates.locator('.el-date-editor').nth(1).click()
      await panel.waitFor()
      await settled(page)
      await assertInsideWidth(page, panel, 'the end date panel')
      await panel.locator('td.available', { hasText: /^\s*28\s*$/ }).first().click()
      await panel.waitFor({ state: 'hidden' })
      await dialog.getByTestId('campaign-save').click()
      await dialog.locator('.el-form-item.is-error').first().waitFor()
      assert.doesNotMatch(await dates.getAttribute('class'), /is-error/, '起止日期 is filled')

      await page.keyboard.press('Escape')
      await page.goto(`${BASE_URL}/audit`)
      await page.getByTestId('list-filter-toggle').click()
      const drawer = page.getByTestId('list-filter-drawer')
      await drawer.locator('.el-date-editor').first().click()
      await panel.waitFor()
      await settled(page)
      await screenshot(page, 'newuser-audit-range-390')
      await assertInsideWidth(page, panel, 'the audit period panel')
    })
    await context.close()
  })
})

/** Asserts `locator` lies within the viewport's width (nothing cut off at the right). */
async function assertInsideWidth(page, locator, what) {
  const box = await locator.boundingBox()
  const { width } = page.viewportSize()
  assert.ok(box && box.x >= 0 && box.x + box.width <= width, `${what} fits the ${width} px screen: ${JSON.stringify(box)}`)
}
