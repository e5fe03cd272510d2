// Browser tests of what a new user meets at 1366×768 and on a phone (390×844):
// row actions in view without a hidden horizontal scroll, a refused save shown
// where the user is, wrapping labels, danger-styled confirmations, wording.
// Env: DUXING_URL (base URL), DUXING_DEMO_PASSWORD (password of the demo accounts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE_URL,
  field,
  sharedBrowser,
  login,
  newPage,
  pageApi as api,
  openPeople,
  screenshot,
  uniqueSuffix,
  withFailureShot,
  clickMenu,
} from './helpers.mjs'

const DESKTOP = { width: 1366, height: 768 }
const PHONE = { width: 390, height: 844, mobile: true }
const BRANCH = '机关第一支部'

/**
 * Scroll `locator` into view vertically only (a horizontal scroll is what the
 * tests must not need), then assert it lies inside the viewport and a tap on
 * its middle reaches it (nothing covers it, no scroller clips it).
 */
async function assertReachable(page, locator, what) {
  await locator.waitFor()
  // a loading table lies under its mask: wait until every table has loaded
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.el-loading-mask')].every((m) => getComputedStyle(m).display === 'none'))
  await locator.evaluate((el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const oy = getComputedStyle(p).overflowY
      if (p.scrollHeight > p.clientHeight && (oy === 'auto' || oy === 'scroll')) {
        p.scrollTop += el.getBoundingClientRect().top - p.clientHeight / 2
      }
    }
    const top = el.getBoundingClientRect().top
    if (top < 0 || top > window.innerHeight) window.scrollBy(0, top - window.innerHeight / 2)
  })
  const box = await locator.boundingBox()
  const vp = page.viewportSize()
  assert.ok(box, `${what} is drawn`)
  assert.ok(box.x >= 0 && box.x + box.width <= vp.width,
    `${what} lies inside the ${vp.width}px wide viewport: x ${box.x}..${box.x + box.width}`)
  const hit = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect()
    const t = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
    return !!t && el.contains(t)
  })
  assert.ok(hit, `${what} is not covered or clipped`)
}

/** A row's action button (the table also keeps a hidden copy of each cell template). */
function rowAction(scope, testid) {
  return scope.locator(`.el-table__row [data-testid="${testid}"]`).first()
}

describe('usability at 1366×768 and 390×844', { concurrency: 1 }, () => {
  const browser = sharedBrowser()

  test('at 1366 the row actions are in view; 新增人员 preselects no committee; 新增账号 marks required fields', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), DESKTOP)
    await withFailureShot(page, 'usability-desktop', async () => {
      await login(page, 'dangwei')
      await openPeople(page)
      await assertReachable(page, rowAction(page, 'row-edit'), '人员 编辑')
      await assertReachable(page, rowAction(page, 'row-archive'), '人员 归档')
      await screenshot(page, 'usability-people-1366')

      // nothing is chosen in the tree: 所在支部 starts empty (the party
      // committee at the top is nobody's branch)
      await page.getByTestId('btn-add-person').click()
      const dialog = page.locator('.el-dialog').filter({ hasText: '新增人员' })
      await dialog.waitFor()
      const orgInput = dialog.getByTestId('person-org').locator('input').first()
      assert.equal(await orgInput.inputValue(), '', '所在支部 is not preselected')
      assert.ok(!(await dialog.getByTestId('person-org').innerText()).includes('机关党委'),
        'the committee is not offered as a default')
      await page.getByTestId('person-cancel').click()
      await dialog.waitFor({ state: 'hidden' })

      // the branch chosen in the tree is the default
      await page.locator(`[data-org-name="${BRANCH}"]`).first().click()
      await page.getByTestId('btn-add-person').click()
      await dialog.waitFor()
      await page.waitForFunction(
        (b) => document.querySelector('[data-testid="person-dialog"] [data-testid="person-org"]')?.textContent?.includes(b),
        BRANCH,
      )
      await page.getByTestId('person-cancel').click()
      await dialog.waitFor({ state: 'hidden' })

      await clickMenu(page, 'accounts')
      await page.getByTestId('accounts-table').waitFor()
      await assertReachable(page, rowAction(page, 'account-tokens'), '账号 令牌')
      await assertReachable(page, rowAction(page, 'account-reset-password'), '账号 重置密码')

      await page.getByTestId('btn-add-account').click()
      const accountDialog = page.getByTestId('account-dialog')
      await accountDialog.waitFor()
      const required = (await accountDialog.locator('.el-form-item.is-required .el-form-item__label').allInnerTexts())
        .map((t) => t.trim())
      for (const label of ['用户名', '姓名', '初始密码', '角色']) {
        assert.ok(required.includes(label), `${label} is marked required: ${required.join(', ')}`)
      }
      assert.ok(!required.includes('关联人员'), '关联人员 is optional')
      await screenshot(page, 'usability-account-new-1366')
    })
    await context.close()
  })

  test('on a phone a refused save shows its message where the user is', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), PHONE)
    await withFailureShot(page, 'usability-refused-save', async () => {
      await login(page, 'dangwei')
      await page.getByTestId('menu-toggle').click()
      await openPeople(page)
      // a person the new one will be a namesake of (same name and birth date)
      const name = `重名${uniqueSuffix()}`
      const orgs = await api(page, 'GET', '/orgs')
      const branch = orgs.json.items.find((o) => o.name === BRANCH)
      const first = await api(page, 'POST', '/people',
        { name, birth_date: '1980-01-01', category: 'member', org_id: branch.id })
      assert.equal(first.status, 201, JSON.stringify(first.json))

      await page.getByTestId('tree-toggle').click()
      await page.locator(`[data-org-name="${BRANCH}"]`).first().click()
      await page.getByTestId('btn-add-person').click()
      const dialog = page.locator('.el-dialog').filter({ hasText: '新增人员' })
      await dialog.waitFor()
      await field(dialog, 'person-name').fill(name)
      const birth = dialog.locator('.el-form-item').filter({ hasText: '出生日期' }).locator('input')
      await birth.fill('1980-01-01')
      await birth.press('Enter')
      await field(dialog, 'person-phone').fill('13800138000')
      // the user is at the bottom of the form, far from 姓名
      await page.getByTestId('person-save').scrollIntoViewIfNeeded()
      const refused = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/v1/people' && r.request().method() === 'POST',
      )
      await page.getByTestId('person-save').click()
      assert.equal((await refused).status(), 409)

      // a toast says it...
      const toast = page.locator('.el-message--error').filter({ hasText: '同名' })
      await toast.waitFor()
      // ...and the field the server named is scrolled into view with the message under it
      const nameItem = dialog.locator('.el-form-item.is-error').filter({ hasText: '姓名' })
      await nameItem.waitFor()
      assert.match(await nameItem.locator('.el-form-item__error').innerText(), /同名/)
      await page.waitForFunction(() => {
        const item = document.querySelector('[data-testid="person-dialog"] .el-form-item.is-error')
        const r = item?.getBoundingClientRect()
        return !!r && r.top >= 0 && r.bottom <= window.innerHeight
      })
      await screenshot(page, 'usability-refused-save-390')
    })
    await context.close()
  })

  test('on a phone: labels wrap, token and account actions are in view, revoking asks in danger style', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), PHONE)
    await withFailureShot(page, 'usability-phone', async () => {
      // the sign-in form takes no more than the server accepts
      await page.goto(`${BASE_URL}/login`)
      await field(page, 'login-username').fill('a'.repeat(80))
      assert.equal((await field(page, 'login-username').inputValue()).length, 64)

      await login(page, 'dangwei')
      const created = await api(page, 'POST', '/auth/tokens', { name: `手机${uniqueSuffix()}`, expires_in_days: 30 })
      assert.equal(created.status, 201)
      await page.goto(`${BASE_URL}/account`)
      await page.getByTestId('account-page').waitFor()

      // the long checkbox label wraps inside the screen
      const revoke = page.getByTestId('pwd-revoke-tokens')
      const box = await revoke.boundingBox()
      assert.ok(box.x + box.width <= 390, `the checkbox ends inside the screen: ${box.x + box.width}`)
      const label = await revoke.locator('.el-checkbox__label').boundingBox()
      assert.ok(label.height > 30, `its label takes two lines: ${label.height}px`)

      await page.getByTestId('tokens-table').locator('.el-table__row').first().waitFor()
      const revokeButton = rowAction(page, 'token-revoke')
      await assertReachable(page, revokeButton, '账户设置 令牌 撤销')
      await revokeButton.click()
      const box2 = page.locator('.el-message-box')
      await box2.waitFor()
      const confirm = box2.locator('.el-button').filter({ hasText: '撤销' })
      assert.match(await confirm.getAttribute('class'), /el-button--danger/, 'revoking is confirmed with a danger button')
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'))
      await screenshot(page, 'usability-revoke-confirm-390')
      await box2.locator('.el-button').filter({ hasText: '取消' }).click()
      await box2.waitFor({ state: 'hidden' })

      await page.goto(`${BASE_URL}/accounts`)
      // On a phone each account is a card carrying its actions.
      const cards = page.getByTestId('list-card')
      await cards.first().waitFor()
      await assertReachable(page, cards.first().getByTestId('account-edit'), '账号 编辑')
      await assertReachable(page, page.getByTestId('account-reset-password').first(), '账号 重置密码')
      await screenshot(page, 'usability-accounts-390')
      const own = cards.filter({ hasText: 'dangwei' })
      await own.getByTestId('account-tokens').click()
      const dialog = page.getByTestId('account-tokens-dialog')
      await dialog.locator('.el-table__row').first().waitFor()
      await assertReachable(page, rowAction(dialog, 'account-token-revoke'), '账号管理 令牌 撤销')
      await screenshot(page, 'usability-account-tokens-390')
    })
    await context.close()
  })
})
