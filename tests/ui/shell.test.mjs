// Browser tests of the shared web shell every module's pages use, at 1366×768
// and at 390×844: first sign-in of an account an administrator made, the
// header, the one list component (pinned actions, phone cards, folded
// filters), forms (required marks, first error in view, password rules),
// import, the audit log as people read it, detail pages that name their record.
// Env: DUXING_URL (base URL), DUXING_DEMO_PASSWORD (password of the demo accounts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE_URL, assertInView, field, sharedBrowser, login, newPage, orgId, pageApi as api, screenshot, settled, uniqueSuffix,
  withFailureShot,
} from './helpers.mjs'

const SIZES = [
  { name: '1366', width: 1366, height: 768 },
  { name: '390', width: 390, height: 844, mobile: true },
]

describe('the web shell at 1366×768 and 390×844', { concurrency: 1 }, () => {
  const browser = sharedBrowser()

  for (const size of SIZES) {
    test(`${size.name}: an account an administrator made sets its own password first; the header names it whole`, { timeout: 180_000 }, async () => {
      const admin = await newPage(browser(), size)
      const user = await newPage(browser(), size)
      const { page } = user
      await withFailureShot(page, `shell-first-sign-in-${size.name}`, async () => {
        await login(admin.page, 'dangwei')
        const suffix = uniqueSuffix()
        const username = `shell_${suffix}`
        const password = `Shell${suffix}init`
        const displayName = `欧阳明${suffix}（机关第二支部第一党小组组长兼宣传委员）`
        const made = await api(admin.page, 'POST', '/accounts', {
          username, display_name: displayName, password,
          roles: [
            { role: 'branch_secretary', org_id: await orgId(admin.page, '机关第二支部') },
            { role: 'member', org_id: await orgId(admin.page, '机关第一支部') },
          ],
        })
        assert.equal(made.status, 201, JSON.stringify(made.json))

        await page.goto(`${BASE_URL}/login`)
        await field(page, 'login-username').fill(username)
        await field(page, 'login-password').fill(password)
        await page.getByTestId('login-submit').click()
        await page.waitForURL((u) => u.pathname === '/account')
        const why = page.getByTestId('must-change-password')
        await why.waitFor()
        assert.match(await why.innerText(), /管理员/)
        // The rules are there before anything is typed.
        assert.match(await page.getByTestId('password-rules').first().innerText(), /12 到 128 个字符/)
        assert.equal(await page.getByTestId('tokens-card').count(), 0, 'no tokens before the own password')
        await settled(page)
        await screenshot(page, `shell-must-change-password-${size.name}`)

        // Any other page leads back here until the password is changed.
        await page.goto(`${BASE_URL}/people`)
        await page.waitForURL((u) => u.pathname === '/account')
        await why.waitFor()

        await field(page, 'pwd-old').fill(password)
        await field(page, 'pwd-new').fill(`${password}-own`)
        await field(page, 'pwd-confirm').fill(`${password}-own`)
        const changed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/password')
        await page.getByTestId('pwd-submit').click()
        assert.equal((await changed).status(), 204)
        await page.waitForURL((u) => u.pathname === '/dashboard')

        // The header: the name is never cut inside its brackets; the full name is in a tooltip.
        const shown = (await page.getByTestId('current-user-name').innerText()).trim()
        assert.ok(!/（[^）]*$/.test(shown), `no open bracket left in "${shown}"`)
        assert.ok(shown.endsWith('…') && displayName.startsWith(shown.slice(0, -1)), shown)
        if (!size.mobile) {
          assert.equal((await page.getByTestId('current-user-roles').innerText()).trim(), '机关第二支部支部书记 等 2 个角色')
          await page.getByTestId('current-user-name').hover()
          await page.locator('.el-popper:visible').filter({ hasText: displayName }).waitFor()
        }
        await settled(page)
        await screenshot(page, `shell-header-${size.name}`)
      })
      await admin.context.close()
      await user.context.close()
    })

    test(`${size.name}: a member's 账户设置 has no API-token section; an org admin's has`, { timeout: 120_000 }, async () => {
      const { context, page } = await newPage(browser(), size)
      await withFailureShot(page, `shell-member-account-${size.name}`, async () => {
        await login(page, 'dangyuan1')
        await page.goto(`${BASE_URL}/account`)
        await page.getByTestId('sessions-card').waitFor()
        assert.equal(await page.getByTestId('tokens-card').count(), 0)
        assert.equal(await page.getByTestId('pwd-revoke-tokens').count(), 0)
        await settled(page)
        await screenshot(page, `shell-member-account-${size.name}`)
        await page.getByTestId('logout').click()
        await page.waitForURL((u) => u.pathname.startsWith('/login'))
        await login(page, 'dangwei')
        await page.goto(`${BASE_URL}/account`)
        await page.getByTestId('tokens-card').waitFor()
      })
      await context.close()
    })

    test(`${size.name}: the accounts list: actions always in view; cards and folded filters on a phone`, { timeout: 120_000 }, async () => {
      const { context, page } = await newPage(browser(), size)
      await withFailureShot(page, `shell-list-${size.name}`, async () => {
        await login(page, 'dangwei')
        await page.goto(`${BASE_URL}/accounts`)
        if (!size.mobile) {
          const row = page.getByTestId('accounts-table').locator('.el-table__body-wrapper .el-table__row').first()
          await row.waitFor()
          await settled(page)
          const reset = row.getByTestId('account-edit')
          const cell = reset.locator('xpath=ancestor::td[1]')
          assert.match(await cell.getAttribute('class'), /el-table-fixed-column--right/, '操作 is pinned right')
          await assertInView(page, reset, '编辑 of the first account')
          assert.equal(await page.getByTestId('list-filter-toggle').count(), 0, 'filters shown inline')
          await page.getByTestId('accounts-q').waitFor()
          // The header stays in view however far the rows are scrolled.
          await page.evaluate(() => {
            for (const el of document.querySelectorAll('.el-scrollbar__wrap, .el-main')) el.scrollTop = el.scrollHeight
          })
          await assertInView(page, page.getByTestId('accounts-table').locator('.el-table__header-wrapper th').first(), 'the table header')
        } else {
          const card = page.getByTestId('list-card').first()
          await card.waitFor()
          await settled(page)
          assert.equal(await page.getByTestId('accounts-table').count(), 0, 'cards, not a table')
          await assertInView(page, card.getByTestId('account-edit'), '编辑 on the first card')
          assert.equal(await page.getByTestId('accounts-q').count(), 0, 'filters folded')
          await page.getByTestId('list-filter-toggle').click()
          await page.getByTestId('list-filter-drawer').getByTestId('accounts-q').waitFor()
          await settled(page)
          await screenshot(page, `shell-list-filters-${size.name}`)
          await page.getByTestId('list-filter-apply').click()
          await page.getByTestId('list-filter-drawer').waitFor({ state: 'hidden' })
        }
        await settled(page)
        await screenshot(page, `shell-list-${size.name}`)
      })
      await context.close()
    })

    test(`${size.name}: the account form marks required fields, shows the password rules, brings the first error into view`, { timeout: 120_000 }, async () => {
      const { context, page } = await newPage(browser(), size)
      await withFailureShot(page, `shell-form-${size.name}`, async () => {
        await login(page, 'dangwei')
        await page.goto(`${BASE_URL}/accounts`)
        await page.getByTestId('btn-add-account').click()
        const dialog = page.locator('.el-dialog').filter({ hasText: '新增账号' })
        await dialog.waitFor()
        await settled(page)
        for (const label of ['用户名', '姓名', '初始密码', '角色']) {
          const item = dialog.locator('.el-form-item').filter({ has: page.locator('.el-form-item__label', { hasText: new RegExp(`^${label}$`) }) })
          assert.match(await item.first().getAttribute('class'), /is-required/, `${label} is marked required`)
        }
        assert.match(await dialog.getByTestId('password-rules').innerText(), /不能包含用户名或姓名/)
        // From the bottom of the form, 保存 brings the first field in error into view.
        await dialog.getByTestId('account-save').scrollIntoViewIfNeeded()
        await dialog.getByTestId('account-save').click()
        const first = dialog.locator('.el-form-item.is-error').first()
        await first.waitFor()
        await settled(page)
        assert.match(await first.innerText(), /用户名/)
        await assertInView(page, first.locator('.el-form-item__error'), 'the first error')
        await screenshot(page, `shell-form-errors-${size.name}`)
      })
      await context.close()
    })

    test(`${size.name}: import names an org by its path; 开始导入 is disabled once the file is imported`, { timeout: 120_000 }, async () => {
      const { context, page } = await newPage(browser(), size)
      await withFailureShot(page, `shell-import-${size.name}`, async () => {
        await login(page, 'dangwei')
        await page.goto(`${BASE_URL}/people`)
        await page.getByTestId('btn-import').click()
        const dialog = page.getByTestId('import-dialog')
        await dialog.waitFor()
        assert.match(await dialog.innerText(), /机关第二支部\/第一党小组/)
        const name = `导入${uniqueSuffix()}`
        await dialog.getByTestId('import-file-input').setInputFiles({
          name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(`姓名,人员类别,所在支部\n${name},在职党员,市统计局机关党委/机关第二支部\n`),
        })
        const submit = dialog.getByTestId('import-submit')
        assert.equal(await submit.isDisabled(), false)
        const done = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/people/import')
        await submit.click()
        assert.equal((await done).status(), 200)
        await dialog.getByTestId('import-success').waitFor()
        assert.equal(await submit.isDisabled(), true, '开始导入 cannot send the same file again')
        assert.equal(await dialog.getByTestId('import-dry-run').isDisabled(), true)
        await settled(page)
        await screenshot(page, `shell-import-done-${size.name}`)
      })
      await context.close()
    })

    test(`${size.name}: the audit log reads in Chinese with names; a person's page is titled with the name`, { timeout: 120_000 }, async () => {
      const { context, page } = await newPage(browser(), size)
      await withFailureShot(page, `shell-audit-${size.name}`, async () => {
        await login(page, 'dangwei')
        const name = `审计${uniqueSuffix()}`
        const made = await api(page, 'POST', '/people', { name, category: 'member', org_id: await orgId(page, '机关第二支部') })
        assert.equal(made.status, 201, JSON.stringify(made.json))
        const list = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/audit')
        await page.goto(`${BASE_URL}/audit`)
        await list
        let expand
        if (size.mobile) {
          // On a phone each entry is a card with its changes at its foot.
          const card = page.getByTestId('list-card').filter({ hasText: name }).first()
          await card.waitFor()
          expand = card.getByTestId('audit-expand')
        } else {
          const row = page.getByTestId('audit-table').locator('.el-table__body-wrapper .el-table__row').filter({ hasText: name }).first()
          await row.waitFor()
          await settled(page)
          await row.locator('.el-table__expand-icon').click()
          // (the table keeps hidden copies of its cells: the shown one)
          expand = page.locator('[data-testid="audit-expand"]:visible').first()
        }
        await expand.getByTestId('audit-changes').waitFor()
        const text = await expand.innerText()
        // The header's campaign selector loads on its own and moves the page
        // down when it appears: scroll once the page stands still.
        await page.getByTestId('campaign-selector').waitFor()
        await settled(page)
        await expand.getByTestId('audit-changes').scrollIntoViewIfNeeded()
        await settled(page)
        await assertInView(page, expand.getByTestId('audit-changes').locator('tr').first(), 'the changes')
        for (const shown of ['人员类别', '在职党员', '所在组织', '机关第二支部', name]) assert.ok(text.includes(shown), `${shown} in ${text}`)
        assert.ok(!/[{}"]|\bmember\b|org_id/.test(text), `no raw JSON or codes: ${text}`)
        await settled(page)
        await screenshot(page, `shell-audit-${size.name}`)

        await page.goto(`${BASE_URL}/people/${made.json.id}`)
        await page.getByTestId('detail-title').filter({ hasText: name }).waitFor()
        assert.match(await page.getByTestId('detail-breadcrumb').innerText(), new RegExp(`组织与人员\\s*/\\s*${name}`))
        assert.ok((await page.title()).includes(name), await page.title())
        await settled(page)
        await screenshot(page, `shell-person-detail-${size.name}`)
      })
      await context.close()
    })
  }
})
