// Browser tests of 账号管理 (/accounts) against a real `duxing serve` with demo data.
// Env: DUXING_URL (base URL), DUXING_DEMO_PASSWORD (password of the demo accounts).
// Run: npm ci --prefix tests/ui && node --test --test-concurrency=1 tests/ui/
// Every account made here has a random suffix, so the file does not depend on the
// state other test files (or earlier runs) leave behind.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE_URL,
  field,
  sharedBrowser,
  login,
  newPage,
  openPeople,
  orgId,
  screenshot,
  uniqueSuffix,
  withFailureShot,
  clickMenu,
  menuText,
} from './helpers.mjs'

const BRANCH = '机关第二支部'
const OTHER_BRANCH = '机关第一支部'
const COMMITTEE = '机关党委'

const isAccountsCall = (method) => (r) =>
  new URL(r.url()).pathname === '/api/v1/accounts' && r.request().method() === method

/** Wait until the accounts table has no loading mask. */
async function waitForIdleAccounts(page) {
  await page.waitForFunction(() => {
    const t = document.querySelector('[data-testid="accounts-table"]')
    if (!t) return false
    const mask = t.querySelector('.el-loading-mask')
    return !mask || getComputedStyle(mask).display === 'none'
  })
}

/** Open 账号管理 through the menu and wait for the first list. */
async function openAccounts(page) {
  const list = page.waitForResponse(isAccountsCall('GET'))
  await clickMenu(page, 'accounts')
  await page.waitForURL((u) => u.pathname === '/accounts')
  const res = await list
  assert.equal(res.status(), 200, `GET /accounts answered ${res.status()}`)
  await waitForIdleAccounts(page)
  return res
}

/** Search the accounts table and wait for the answer. */
async function searchAccounts(page, q) {
  await field(page, 'accounts-q').fill(q)
  const list = page.waitForResponse(isAccountsCall('GET'))
  await page.getByTestId('btn-accounts-search').click()
  const res = await list
  await waitForIdleAccounts(page)
  return res
}

/**
 * Sign in with an explicit password (login() in helpers uses the demo password).
 * With firstTime (an account an administrator created or reset), the app
 * shows 修改密码 first: set `${password}-own` there and return it.
 */
async function loginWith(page, username, password, { firstTime = false } = {}) {
  await page.goto(`${BASE_URL}/login`)
  await field(page, 'login-username').fill(username)
  await field(page, 'login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.getByTestId('current-user').waitFor()
  if (!firstTime) return password
  await page.waitForURL((u) => u.pathname === '/account')
  await page.getByTestId('must-change-password').waitFor()
  const own = `${password}-own`
  await field(page, 'pwd-old').fill(password)
  await field(page, 'pwd-new').fill(own)
  await field(page, 'pwd-confirm').fill(own)
  const changed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/password')
  await page.getByTestId('pwd-submit').click()
  assert.equal((await changed).status(), 204)
  await page.waitForURL((u) => u.pathname !== '/account')
  return own
}

async function logout(page) {
  await page.getByTestId('logout').click()
  await page.waitForURL((u) => u.pathname.startsWith('/login'))
}

/** Choose a role and an organization in role row `index` of the open account dialog. */
async function setRoleRow(page, dialog, index, roleLabel, orgName) {
  const row = dialog.getByTestId('role-row').nth(index)
  await row.getByTestId('role-select').click()
  await page
    .locator('.el-popper.account-role-popper:visible .el-select-dropdown__item')
    .filter({ hasText: roleLabel })
    .first()
    .click()
  await row.getByTestId('role-org').locator('.el-select__wrapper').click()
  await page
    .locator('.el-popper.account-org-popper:visible .el-tree-node__content')
    .filter({ hasText: orgName })
    .first()
    .click()
  // the popper closes on choice; make sure it does before going on
  await page.locator('.el-popper.account-org-popper:visible').waitFor({ state: 'hidden' })
}

/** The texts of the cells in the accounts table, one array per row. */
async function tableRows(page) {
  return page
    .getByTestId('accounts-table')
    .locator('.el-table__body-wrapper tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())))
}

/** A JSON API call from inside the signed-in page (cookie + CSRF token). */
async function apiCall(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = await (await fetch('/api/v1/auth/me')).json()
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : null }
    },
    { method, path, body },
  )
}

describe('账号管理', { concurrency: 1 }, () => {
  const browser = sharedBrowser()

  test('org admin creates a branch secretary, who then sees only that branch', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(browser())
    await withFailureShot(page, 'accounts-create', async () => {
      const suffix = uniqueSuffix()
      const username = `zhibu2x_${suffix}`
      const displayName = `二支部书记${suffix}`
      const password = `Zb2x${suffix}ok`

      await login(page, 'dangwei')
      const menu = await menuText(page)
      assert.ok(menu.includes('账号管理'), `org admin sees 账号管理: ${menu}`)
      await openAccounts(page)
      assert.equal((await page.getByTestId('page-title').innerText()).trim(), '账号管理')
      const headers = await page.getByTestId('accounts-table').locator('thead').innerText()
      for (const h of ['用户名', '姓名', '角色', '状态', '创建时间', '操作']) {
        assert.ok(headers.includes(h), `header ${h}: ${headers}`)
      }
      assert.ok(Number(await page.getByTestId('accounts-total').innerText()) > 0, 'demo accounts listed')
      // dangwei administers the committee: the branch secretaries are listed, the system admin is not
      const listed = (await tableRows(page)).map((r) => r[0])
      assert.ok(listed.some((u) => u.startsWith('zhibu1')), `zhibu1 listed: ${listed}`)
      assert.ok(!listed.includes('admin'), `admin not listed for an org admin: ${listed}`)
      await screenshot(page, 'accounts-dangwei')

      // -- the form checks before sending
      const posts = []
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/v1/accounts' && r.method() === 'POST') posts.push(r)
      })
      await page.getByTestId('btn-add-account').click()
      const dialog = page.locator('.el-dialog').filter({ hasText: '新增账号' })
      await dialog.waitFor()
      await field(dialog, 'account-username').fill('ab')
      await field(dialog, 'account-password').fill('abcdefgh')
      await dialog.getByTestId('account-save').click()
      const errors = dialog.locator('.el-form-item__error')
      for (const m of ['用户名须为 3 到 32 位', '请输入姓名', '密码至少 12 个字符', '请选择角色']) {
        await errors.filter({ hasText: m }).first().waitFor()
      }
      assert.equal(posts.length, 0, 'nothing sent while the form is invalid')
      // the role names are the Chinese ones; an org admin cannot grant 系统管理员
      await dialog.getByTestId('role-row').first().getByTestId('role-select').click()
      const roleItems = page.locator('.el-popper.account-role-popper:visible .el-select-dropdown__item')
      await roleItems.first().waitFor()
      const roleOptions = (await roleItems.allInnerTexts()).map((t) => t.trim())
      assert.deepEqual(roleOptions, ['组织管理员', '支部书记', '领导(只读)', '党员'])
      await page.keyboard.press('Escape')
      await page.locator('.el-popper.account-role-popper:visible').waitFor({ state: 'hidden' })
      await screenshot(page, 'account-form-errors')

      // -- a valid account: 支部书记 on 机关第二支部; an extra row added and removed again
      await field(dialog, 'account-username').fill(username)
      await field(dialog, 'account-display-name').fill(displayName)
      await field(dialog, 'account-password').fill(password)
      await setRoleRow(page, dialog, 0, '支部书记', BRANCH)
      await dialog.getByTestId('role-add').click()
      assert.equal(await dialog.getByTestId('role-row').count(), 2)
      await dialog.getByTestId('role-remove').nth(1).click()
      assert.equal(await dialog.getByTestId('role-row').count(), 1)
      assert.equal((await dialog.getByTestId('role-org').innerText()).trim(), BRANCH)
      // the role message goes away once the row is complete
      await dialog.locator('.el-form-item.is-error').first().waitFor({ state: 'detached' })
      await screenshot(page, 'account-form')

      const created = page.waitForResponse(isAccountsCall('POST'))
      await dialog.getByTestId('account-save').click()
      const res = await created
      assert.equal(res.status(), 201, `POST /accounts answered ${res.status()}: ${await res.text()}`)
      const sent = res.request().postDataJSON()
      assert.equal(sent.username, username)
      assert.equal(sent.roles.length, 1)
      assert.equal(sent.roles[0].role, 'branch_secretary')
      assert.equal('person_id' in sent, false, 'no person linked')
      await dialog.waitFor({ state: 'hidden' })

      await searchAccounts(page, username)
      const rows = await tableRows(page)
      assert.equal(rows.length, 1, `one row for ${username}: ${JSON.stringify(rows)}`)
      assert.equal(rows[0][0], username)
      assert.equal(rows[0][1], displayName)
      assert.equal(rows[0][2], `支部书记 · ${BRANCH}`)
      assert.equal(rows[0][3], '启用')
      assert.match(rows[0][4], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
      await screenshot(page, 'account-created')

      // -- the server's refusal is shown: the same username again
      await page.getByTestId('btn-add-account').click()
      await dialog.waitFor()
      await field(dialog, 'account-username').fill(username)
      await field(dialog, 'account-display-name').fill(displayName)
      await field(dialog, 'account-password').fill(password)
      await setRoleRow(page, dialog, 0, '党员', BRANCH)
      const refused = page.waitForResponse(isAccountsCall('POST'))
      await dialog.getByTestId('account-save').click()
      assert.equal((await refused).status(), 409)
      const alert = dialog.getByTestId('account-form-error')
      await alert.waitFor()
      assert.ok((await alert.innerText()).includes('用户名已被使用'), await alert.innerText())
      const usernameError = dialog
        .locator('.el-form-item')
        .filter({ has: page.getByTestId('account-username') })
        .locator('.el-form-item__error')
      assert.ok((await usernameError.innerText()).includes('用户名已被使用'), 'field error under 用户名')
      await screenshot(page, 'account-duplicate')
      await dialog.getByTestId('account-cancel').click()
      await dialog.waitFor({ state: 'hidden' })

      // -- the new account signs in in the same browser and sees only its branch
      await logout(page)
      await loginWith(page, username, password, { firstTime: true })
      const who = await page.getByTestId('current-user').innerText()
      assert.ok(who.includes(displayName), `signed in as ${displayName}: ${who}`)
      const menu2 = await menuText(page)
      assert.ok(!menu2.includes('账号管理'), `no 账号管理 for a branch secretary: ${menu2}`)

      const orgs = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/v1/orgs' && r.request().method() === 'GET',
      )
      await openPeople(page)
      await orgs
      const tree = page.getByTestId('org-tree')
      await tree.locator(`[data-org-name="${BRANCH}"]`).first().waitFor()
      await page.waitForFunction(
        (other) => !document.querySelector(`[data-testid="org-tree"] [data-org-name="${other}"]`),
        OTHER_BRANCH,
      )
      const names = await tree
        .locator('[data-org-name]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-org-name')))
      assert.deepEqual(names, [BRANCH], `the tree holds only ${BRANCH}: ${names}`)
      const treeText = await tree.innerText()
      assert.ok(!treeText.includes(COMMITTEE), `tree hides the committee: ${treeText}`)
      const orgCells = (await page.getByTestId('person-org-cell').allInnerTexts()).map((t) => t.trim())
      for (const org of orgCells) assert.equal(org, BRANCH)
      await screenshot(page, 'people-new-secretary')
    })
    await context.close()
  })

  test('edit: disable, roles, stale version (409) and password reset', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(browser())
    await withFailureShot(page, 'accounts-edit', async () => {
      const suffix = uniqueSuffix()
      const username = `bianji_${suffix}`
      await login(page, 'dangwei')
      await openAccounts(page)

      // one's own account: name and person only, no roles or 停用
      await searchAccounts(page, 'dangwei')
      await page.getByTestId('account-edit').first().click()
      const own = page.locator('.el-dialog').filter({ hasText: '编辑账号：dangwei' })
      await own.waitFor()
      assert.ok(await own.getByTestId('account-enabled').evaluate((e) => e.classList.contains('is-disabled')))
      assert.equal(await own.getByTestId('role-add').count(), 0)
      assert.ok((await own.innerText()).includes('不能停用自己的账号或修改自己的角色'))
      await own.getByTestId('account-cancel').click()
      await own.waitFor({ state: 'hidden' })

      // an account to edit, made through the API (the UI create is covered above)
      const made = await apiCall(page, 'POST', '/accounts', {
        username,
        display_name: `编辑测试${suffix}`,
        password: `Old${suffix}pass`,
        roles: [{ role: 'member', org_id: await orgId(page, BRANCH) }],
      })
      assert.equal(made.status, 201, JSON.stringify(made.body))

      await searchAccounts(page, username)
      assert.equal((await tableRows(page)).length, 1)

      // -- edit: new name, a second role, disabled
      await page.getByTestId('account-edit').first().click()
      const dialog = page.locator('.el-dialog').filter({ hasText: `编辑账号：${username}` })
      await dialog.waitFor()
      assert.equal(await field(dialog, 'account-display-name').inputValue(), `编辑测试${suffix}`)
      assert.equal(await dialog.getByTestId('role-row').count(), 1)
      await field(dialog, 'account-display-name').fill(`已改名${suffix}`)
      await dialog.getByTestId('role-add').click()
      await setRoleRow(page, dialog, 1, '领导(只读)', BRANCH)
      await dialog.getByTestId('account-enabled').click()
      // link a person found by the remote search over GET /people?q= (one
      // without an account: one person has one account, and 赵书记 has zhibu1)
      const peopleSearch = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/v1/people' && new URL(r.url()).searchParams.get('q') === '赵华',
      )
      await field(dialog, 'account-person').fill('赵华')
      assert.equal((await peopleSearch).status(), 200)
      const personOption = page.locator('.el-popper.account-person-popper:visible .el-select-dropdown__item').first()
      await personOption.waitFor()
      const personName = (await personOption.locator('span').first().innerText()).trim()
      await personOption.click()
      await page.locator('.el-popper.account-person-popper:visible').waitFor({ state: 'hidden' })
      await screenshot(page, 'account-edit')
      const patched = page.waitForResponse(
        (r) => new URL(r.url()).pathname === `/api/v1/accounts/${made.body.id}` && r.request().method() === 'PATCH',
      )
      const reloaded = page.waitForResponse(isAccountsCall('GET'))
      await dialog.getByTestId('account-save').click()
      const res = await patched
      assert.equal(res.status(), 200, `PATCH answered ${res.status()}: ${await res.text()}`)
      const sent = res.request().postDataJSON()
      assert.equal(sent.version, made.body.version, 'the version read is sent')
      assert.equal(sent.display_name, `已改名${suffix}`)
      assert.equal(sent.disabled, true)
      assert.equal(typeof sent.person_id, 'number', 'a person is linked')
      assert.deepEqual(
        sent.roles.map((g) => g.role),
        ['member', 'leader'],
      )
      await dialog.waitFor({ state: 'hidden' })
      await reloaded
      await waitForIdleAccounts(page)
      let row = (await tableRows(page))[0]
      assert.equal(row[1], `已改名${suffix}`)
      assert.deepEqual(
        row[2].split('\n').map((t) => t.trim()),
        [`党员 · ${BRANCH}`, `领导(只读) · ${BRANCH}`],
      )
      assert.equal(row[3], '停用')

      // -- someone else changes the account while the dialog is open: 409
      await page.getByTestId('account-edit').first().click()
      await dialog.waitFor()
      const other = await apiCall(page, 'PATCH', `/accounts/${made.body.id}`, {
        version: made.body.version + 1,
        display_name: `他人修改${suffix}`,
      })
      assert.equal(other.status, 200, JSON.stringify(other.body))
      await field(dialog, 'account-display-name').fill(`我的修改${suffix}`)
      const stale = page.waitForResponse(
        (r) => new URL(r.url()).pathname === `/api/v1/accounts/${made.body.id}` && r.request().method() === 'PATCH',
      )
      await dialog.getByTestId('account-save').click()
      assert.equal((await stale).status(), 409)
      const alert = dialog.getByTestId('account-form-error')
      await alert.waitFor()
      assert.equal((await alert.innerText()).trim(), '数据已被他人修改，请刷新后重试')
      await screenshot(page, 'account-conflict')
      await dialog.getByTestId('account-cancel').click()
      await dialog.waitFor({ state: 'hidden' })
      await waitForIdleAccounts(page)
      row = (await tableRows(page))[0]
      assert.equal(row[1], `他人修改${suffix}`, 'the list was refreshed after the conflict')

      // -- re-enable, then reset the password and sign in with it
      await page.getByTestId('account-edit').first().click()
      await dialog.waitFor()
      // the linked person is shown by name
      await dialog.getByTestId('account-person').filter({ hasText: personName }).waitFor()
      await dialog.getByTestId('account-enabled').click()
      const enabled = page.waitForResponse(
        (r) => new URL(r.url()).pathname === `/api/v1/accounts/${made.body.id}` && r.request().method() === 'PATCH',
      )
      await dialog.getByTestId('account-save').click()
      assert.equal((await enabled).status(), 200)
      await dialog.waitFor({ state: 'hidden' })
      await waitForIdleAccounts(page)
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="account-status-cell"]')?.textContent?.includes('启用'),
      )

      await page.getByTestId('account-reset-password').first().click()
      const pw = page.locator('.el-dialog').filter({ hasText: `重置密码：${username}` })
      await pw.waitFor()
      await field(pw, 'reset-password').fill('short1')
      await field(pw, 'reset-password-confirm').fill('short2')
      await pw.getByTestId('password-save').click()
      const pwErrors = pw.locator('.el-form-item__error')
      await pwErrors.filter({ hasText: '密码至少 12 个字符' }).waitFor()
      await pwErrors.filter({ hasText: '两次输入的密码不一致' }).waitFor()
      const newPassword = `New${suffix}pass`
      await field(pw, 'reset-password').fill(newPassword)
      await field(pw, 'reset-password-confirm').fill(newPassword)
      await screenshot(page, 'account-reset-password')
      const reset = page.waitForResponse(
        (r) => new URL(r.url()).pathname === `/api/v1/accounts/${made.body.id}/password`,
      )
      await pw.getByTestId('password-save').click()
      assert.equal((await reset).status(), 204)
      await pw.waitFor({ state: 'hidden' })

      await logout(page)
      await loginWith(page, username, newPassword, { firstTime: true })
      // member + leader: a staff user, home is the dashboard
      await page.waitForURL((u) => u.pathname === '/dashboard')
    })
    await context.close()
  })

  test('tokens dialog: an org admin revokes an account\'s API token; 修改密码 revokes one\'s own by default', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(browser())
    const other = await newPage(browser())
    await withFailureShot(page, 'accounts-tokens', async () => {
      const suffix = uniqueSuffix()
      const username = `tokens_${suffix}`
      const password = `Tokens${suffix}pw`
      await login(page, 'dangwei')
      const branches = await apiCall(page, 'GET', '/orgs')
      const branch = branches.body.items.find((o) => o.name === BRANCH)
      const made = await apiCall(page, 'POST', '/accounts', {
        username, display_name: `令牌${suffix}`, password, roles: [{ role: 'branch_secretary', org_id: branch.id }],
      })
      assert.equal(made.status, 201, JSON.stringify(made.body))
      // (A branch secretary: members have no API-token section.)
      // The account makes two tokens of its own: 脚本甲 by the API, 脚本乙 on the
      // 新建令牌 form, whose 有效期 is required: 90 days unless another preset is chosen.
      const own = await loginWith(other.page, username, password, { firstTime: true })
      assert.equal((await apiCall(other.page, 'POST', '/auth/tokens', { name: '脚本甲', expires_in_days: 30 })).status, 201)
      await other.page.getByTestId('menu-account').click()
      await other.page.waitForURL((u) => u.pathname === '/account')
      await other.page.getByTestId('token-create').click()
      const tokenDialog = other.page.getByTestId('token-dialog')
      await tokenDialog.waitFor()
      for (const d of [30, 90, 180, 365]) await tokenDialog.getByTestId(`token-days-${d}`).waitFor()
      assert.ok(await tokenDialog.getByTestId('token-days-90').locator('input').isChecked(), '90 days by default')
      await field(tokenDialog, 'token-name').fill('脚本乙')
      await tokenDialog.getByTestId('token-days-180').click()
      const created = other.page.waitForResponse((r) => r.request().method() === 'POST' &&
        new URL(r.url()).pathname === '/api/v1/auth/tokens')
      await tokenDialog.getByTestId('token-create-submit').click()
      const createdRes = await created
      assert.equal(createdRes.status(), 201)
      assert.deepEqual(JSON.parse(createdRes.request().postData()), { name: '脚本乙', expires_in_days: 180 })
      const createdDialog = other.page.getByTestId('token-created-dialog')
      await createdDialog.getByRole('button', { name: '我已保存' }).click()
      await createdDialog.waitFor({ state: 'hidden' })
      const viaForm = (await apiCall(other.page, 'GET', '/auth/tokens')).body.items.find((t) => t.name === '脚本乙')
      assert.equal((Date.parse(viaForm.expires_at) - Date.parse(viaForm.created_at)) / 86400e3, 180)

      await openAccounts(page)
      await searchAccounts(page, username)
      const listed = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/accounts/${made.body.id}/tokens`)
      await page.getByTestId('account-tokens').first().click()
      assert.equal((await listed).status(), 200)
      const dialog = page.getByTestId('account-tokens-dialog')
      await dialog.getByText('脚本甲').waitFor()
      await dialog.getByText('脚本乙').waitFor()
      await screenshot(page, 'account-tokens-dialog')
      const row = dialog.locator('.el-table__body-wrapper tbody tr').filter({ hasText: '脚本甲' })
      await row.getByTestId('account-token-revoke').click()
      const box = page.locator('.el-message-box')
      await box.waitFor()
      const revoked = page.waitForResponse((r) => r.request().method() === 'DELETE' &&
        new URL(r.url()).pathname.startsWith(`/api/v1/accounts/${made.body.id}/tokens/`))
      await box.getByRole('button', { name: '撤销' }).click()
      assert.equal((await revoked).status(), 204)
      await dialog.getByText('脚本甲').waitFor({ state: 'detached' })
      await dialog.getByText('脚本乙').waitFor()
      const left = await apiCall(other.page, 'GET', '/auth/tokens')
      assert.deepEqual(left.body.items.map((t) => t.name), ['脚本乙'])

      // One's own row offers no 重置密码 (that needs the old password: 修改密码).
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'hidden' })
      await searchAccounts(page, 'dangwei')
      const ownRow = page.getByTestId('accounts-table').locator('tbody tr').filter({ hasText: '本人' })
      await ownRow.waitFor()
      assert.equal(await ownRow.getByTestId('account-reset-password').count(), 0)

      // The account changes its password; the revoke choice is on by default.
      await other.page.getByTestId('menu-account').click()
      await other.page.waitForURL((u) => u.pathname === '/account')
      const revoke = other.page.getByTestId('pwd-revoke-tokens')
      assert.ok(await revoke.locator('input').isChecked(), 'checked by default')
      await field(other.page, 'pwd-old').fill(own)
      await field(other.page, 'pwd-new').fill(`${password}x2`)
      await field(other.page, 'pwd-confirm').fill(`${password}x2`)
      const changed = other.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/password')
      await other.page.getByTestId('pwd-submit').click()
      const res = await changed
      assert.equal(res.status(), 204)
      assert.equal(JSON.parse(res.request().postData()).revoke_tokens, true)
      await other.page.getByTestId('tokens-table').getByText('暂无令牌').waitFor()
      assert.deepEqual((await apiCall(other.page, 'GET', '/auth/tokens')).body.items, [])
    })
    await other.context.close()
    await context.close()
  })

  test('修改密码: strength meter and the rule before sending; 登录设备 lists and ends sessions', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(browser())
    const other = await newPage(browser())
    await withFailureShot(page, 'account-sessions', async () => {
      await login(other.page, 'zhibu1')
      await login(page, 'zhibu1')
      const sessionsListed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/sessions')
      await page.getByTestId('menu-account').click()
      await page.waitForURL((u) => u.pathname === '/account')
      assert.equal((await sessionsListed).status(), 200)

      // -- the strength meter follows what is typed; the rule is checked before sending
      const posts = []
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/v1/auth/password') posts.push(r)
      })
      const meter = page.getByTestId('password-strength')
      await field(page, 'pwd-new').fill('abc')
      await page.locator('[data-testid="password-strength"][data-score="0"]').waitFor()
      assert.match(await meter.innerText(), /太短/)
      await field(page, 'pwd-new').fill('Qe7 墨竹 river-lamp violet')
      await page.locator('[data-testid="password-strength"][data-score="4"]').waitFor()
      assert.match(await meter.innerText(), /强/)
      await field(page, 'pwd-new').fill('123456789012')
      const weak = Number(await meter.getAttribute('data-score'))
      assert.ok(weak <= 1, `a run of digits is weak: ${weak}`)
      await screenshot(page, 'account-password-strength')

      await field(page, 'pwd-old').fill('whatever-old')
      await field(page, 'pwd-new').fill('abcdefghijk')
      await field(page, 'pwd-confirm').fill('abcdefghijk')
      await page.getByTestId('pwd-submit').click()
      const errors = page.locator('.el-form-item__error')
      await errors.filter({ hasText: '密码至少 12 个字符' }).waitFor()
      await field(page, 'pwd-new').fill('my zhibu1 password')
      await field(page, 'pwd-confirm').fill('my zhibu1 password')
      await page.getByTestId('pwd-submit').click()
      await errors.filter({ hasText: '密码不能包含用户名或姓名' }).waitFor()
      assert.equal(posts.length, 0, 'nothing sent while the new password breaks the rule')
      // A common password passes the form's mirror; the server's message is shown.
      await field(page, 'pwd-new').fill('qwertyuiop123')
      await field(page, 'pwd-confirm').fill('qwertyuiop123')
      const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/password')
      await page.getByTestId('pwd-submit').click()
      assert.equal((await refused).status(), 400)
      await page.getByTestId('pwd-error').filter({ hasText: '该密码过于常见' }).waitFor()

      // -- 登录设备: this session is marked; ending the others signs the other browser out
      const table = page.getByTestId('sessions-table')
      await table.getByTestId('session-current').waitFor()
      const rows = table.locator('.el-table__body-wrapper tbody tr')
      assert.ok((await rows.count()) >= 2, 'both sign-ins are listed')
      assert.equal(await table.getByTestId('session-current').count(), 1)
      await screenshot(page, 'account-sessions')
      await page.getByTestId('sessions-end-others').click()
      const box = page.locator('.el-message-box')
      await box.waitFor()
      const ended = page.waitForResponse((r) => r.request().method() === 'DELETE' &&
        new URL(r.url()).pathname === '/api/v1/auth/sessions')
      await box.getByRole('button', { name: '全部退出' }).click()
      const endedRes = await ended
      assert.equal(endedRes.status(), 200)
      assert.ok((await endedRes.json()).ended >= 1)
      await page.waitForFunction(() =>
        document.querySelectorAll('[data-testid="sessions-table"] .el-table__body-wrapper tbody tr').length === 1)
      assert.equal(await table.getByTestId('session-end').count(), 0, 'the current one is not offered for ending')

      // The other browser's next request is refused, and it says so on the sign-in page.
      await other.page.getByTestId('menu-account').click()
      await other.page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('expired') === '1')
      await other.page.getByTestId('login-expired').waitFor()
      // This one is still signed in.
      assert.equal((await apiCall(page, 'GET', '/auth/me')).status, 200)
    })
    await other.context.close()
    await context.close()
  })

  test('filters: role, organization subtree and status narrow the table', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(browser())
    await withFailureShot(page, 'accounts-filters', async () => {
      await login(page, 'dangwei')
      await openAccounts(page)
      const everyone = (await tableRows(page)).length

      // role: 支部书记
      let list = page.waitForResponse(isAccountsCall('GET'))
      await page.getByTestId('accounts-role').locator('.el-select__wrapper').click()
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '支部书记' }).first().click()
      let res = await list
      assert.equal(new URL(res.url()).searchParams.get('role'), 'branch_secretary')
      await waitForIdleAccounts(page)
      let rows = await tableRows(page)
      assert.ok(rows.length >= 1 && rows.length < everyone, `${rows.length} of ${everyone}`)
      assert.ok(rows.some((r) => r[0].startsWith('zhibu1')), 'zhibu1 is a branch secretary')
      for (const r of rows) assert.match(r[2], /支部书记/, `every row holds the role: ${r}`)

      // organization 机关第二支部 on top of the role: one grant must satisfy both
      list = page.waitForResponse(isAccountsCall('GET'))
      await page.getByTestId('accounts-org').locator('.el-select__wrapper').click()
      await page.locator('.el-popper:visible .el-tree-node__content').filter({ hasText: BRANCH }).first().click()
      res = await list
      const params = new URL(res.url()).searchParams
      assert.equal(params.get('role'), 'branch_secretary')
      assert.ok(Number(params.get('org_id')) > 0)
      await waitForIdleAccounts(page)
      rows = await tableRows(page)
      assert.ok(!rows.some((r) => r[0].startsWith('zhibu1')), 'zhibu1 is secretary of another branch')
      for (const r of rows) assert.match(r[2], new RegExp(`支部书记 · ${BRANCH}`), `${r}`)
      await screenshot(page, 'accounts-filtered')

      // status: 已停用, with the other filters reset by reloading the page
      await page.reload()
      await page.getByTestId('accounts-table').waitFor()
      await waitForIdleAccounts(page)
      list = page.waitForResponse(isAccountsCall('GET'))
      await page.getByTestId('accounts-status').locator('.el-select__wrapper').click()
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '已停用' }).first().click()
      res = await list
      assert.equal(new URL(res.url()).searchParams.get('disabled'), 'true')
      assert.equal(new URL(res.url()).searchParams.get('role'), null)
      await waitForIdleAccounts(page)
      const api = await apiCall(page, 'GET', '/accounts?disabled=true&limit=500')
      assert.equal(api.status, 200)
      assert.equal(Number(await page.getByTestId('accounts-total').innerText()), api.body.total)
    })
    await context.close()
  })

  test('a branch secretary has no 账号管理', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser())
    await withFailureShot(page, 'accounts-forbidden', async () => {
      const calls = []
      page.on('request', (r) => {
        if (new URL(r.url()).pathname.startsWith('/api/v1/accounts')) calls.push(r.url())
      })
      await login(page, 'zhibu1')
      const menu = await menuText(page)
      assert.ok(menu.includes('组织与人员'), menu)
      assert.ok(!menu.includes('账号管理'), `no 账号管理 in the menu: ${menu}`)
      assert.equal(await page.getByTestId('menu-accounts').count(), 0)

      await page.goto(`${BASE_URL}/accounts`)
      await page.getByTestId('forbidden').waitFor()
      assert.ok((await page.getByTestId('forbidden').innerText()).includes('无权访问'))
      assert.equal(await page.getByTestId('accounts-table').count(), 0)
      assert.deepEqual(calls, [], 'the page never asked for accounts')
      await screenshot(page, 'accounts-forbidden-zhibu1')
    })
    await context.close()
  })

  test('on a phone the accounts are cards with their actions, filters behind 筛选', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), { width: 375, height: 812, mobile: true })
    await withFailureShot(page, 'accounts-phone', async () => {
      await login(page, 'dangwei')
      const list = page.waitForResponse(isAccountsCall('GET'))
      await page.goto(`${BASE_URL}/accounts`)
      await list
      const card = page.getByTestId('list-card').first()
      await card.getByTestId('account-role-tag').first().waitFor()
      assert.equal(await page.getByTestId('accounts-table').count(), 0, 'no table on a phone')
      for (const action of ['account-edit', 'account-tokens']) {
        const box = await card.getByTestId(action).boundingBox()
        assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `${action} is on the card, inside the screen`)
      }
      const listOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.ok(listOverflow <= 1, `no horizontal page scroll at 375px (overflow ${listOverflow}px)`)
      assert.equal(await page.getByTestId('accounts-q').count(), 0, 'the filters are folded')
      await page.getByTestId('list-filter-toggle').click()
      const drawer = page.getByTestId('list-filter-drawer')
      await drawer.getByTestId('accounts-q').waitFor()
      await field(drawer, 'accounts-q').fill('dangwei')
      const filtered = page.waitForResponse(isAccountsCall('GET'))
      await page.getByTestId('list-filter-apply').click()
      assert.match((await filtered).url(), /q=dangwei/)
      await drawer.waitFor({ state: 'hidden' })
      await page.getByTestId('list-card').filter({ hasText: 'dangwei' }).first().waitFor()
      assert.match(await page.getByTestId('list-filter-toggle').innerText(), /筛选\s*（1）/)
      await screenshot(page, 'accounts-phone')

      await page.getByTestId('btn-add-account').click()
      const dialog = page.locator('.el-dialog').filter({ hasText: '新增账号' })
      await dialog.waitFor()
      // the dialog has finished opening
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'))
      const dialogFits = await dialog.evaluate((d) => d.getBoundingClientRect().right <= window.innerWidth + 1)
      assert.ok(dialogFits, 'the dialog fits the phone width')
      // a grant is one line: role, organization and the remove button side by side
      const row = dialog.getByTestId('role-row').first()
      const [sel, org, btn] = await Promise.all([
        row.getByTestId('role-select').boundingBox(),
        row.getByTestId('role-org').boundingBox(),
        row.getByTestId('role-remove').boundingBox(),
      ])
      assert.ok(Math.abs(sel.y - btn.y) < sel.height && Math.abs(org.y - btn.y) < org.height, 'one line per grant')
      assert.ok(btn.x + btn.width <= 375, 'the remove button is on screen')
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      assert.ok(overflow <= 1, `no horizontal page scroll with the dialog open (${overflow}px)`)
      await screenshot(page, 'account-form-phone')
    })
    await context.close()
  })
})
