// Browser test of the people list on the shared DataList, at 1366×768 and
// 390×844: the 操作 column pinned right and in view, the header kept in view,
// sorting by a column header or the sort select in the order the API returns,
// and on a phone cards with their actions and the filters behind 筛选.
// Env: DUXING_URL (base URL), DUXING_DEMO_PASSWORD (password of the demo accounts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE_URL,
  login,
  newPage,
  openPeople,
  reloadPeople,
  screenshot,
  sharedBrowser,
  waitForIdleTable,
  withFailureShot,
} from './helpers.mjs'

const DESKTOP = { width: 1366, height: 768 }
const PHONE = { width: 390, height: 844, mobile: true }

/** The names of the people on the page, in their order. */
async function shownNames(page) {
  return (await page.getByTestId('person-name-cell').allInnerTexts()).map((t) => t.trim())
}

/** The names the API answered with, in its order. */
async function answeredNames(res) {
  return (await res.json()).items.map((p) => p.name)
}

/** Choose `label` in the sort select inside `scope`. */
async function chooseSort(page, scope, label) {
  await scope.getByTestId('list-sort').click()
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: label }).first().click()
}

describe('people list on DataList at 1366×768 and 390×844', { concurrency: 1 }, () => {
  const browser = sharedBrowser()

  test('at 1366: actions pinned right and in view, sticky header, server-side sorting', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), DESKTOP)
    await withFailureShot(page, 'people-list-desktop', async () => {
      await login(page, 'dangwei')
      await openPeople(page)
      // sorted by name at first, marked on the header
      await page.waitForFunction(() => document.querySelector('[data-testid="people-table"] .el-table__header th.ascending'))

      const table = page.getByTestId('people-table')
      const ops = table.locator('.el-table__header th.el-table-fixed-column--right').filter({ hasText: '操作' })
      assert.equal(await ops.count(), 1, 'the 操作 column is pinned right')
      const edit = table.locator('.el-table__row [data-testid="row-edit"]').first()
      const box = await edit.boundingBox()
      assert.ok(box && box.x >= 0 && box.x + box.width <= DESKTOP.width, `编辑 in view without scrolling: ${JSON.stringify(box)}`)
      // the header stays in view: the rows scroll inside the table below it
      const limit = await table.evaluate((t) => ({
        header: !!t.querySelector('.el-table__header-wrapper'),
        maxHeight: getComputedStyle(t).maxHeight,
      }))
      assert.ok(limit.header && limit.maxHeight !== 'none', `the table has a height limit: ${JSON.stringify(limit)}`)

      // 姓名's header: descending, then ascending, each as the API answers
      const nameHeader = table.locator('.el-table__header th').filter({ hasText: '姓名' })
      const desc = await reloadPeople(page, () => nameHeader.locator('.sort-caret.descending').click())
      assert.equal(new URL(desc.url()).searchParams.get('sort'), '-name')
      assert.equal(new URL(desc.url()).searchParams.get('offset') ?? '0', '0', 'a new order starts at the first page')
      assert.deepEqual(await shownNames(page), await answeredNames(desc))
      assert.ok(await nameHeader.evaluate((th) => th.classList.contains('descending')), 'the header shows the order')

      // the sort select: 出生日期 ↓, which no column shows; the header clears
      const byBirth = await reloadPeople(page, () => chooseSort(page, page, '出生日期 ↓'))
      assert.equal(new URL(byBirth.url()).searchParams.get('sort'), '-birth_date')
      const names = await answeredNames(byBirth)
      assert.deepEqual(await shownNames(page), names)
      assert.ok(!(await nameHeader.evaluate((th) => th.classList.contains('descending') || th.classList.contains('ascending'))),
        '姓名 no longer marked as the order')
      await screenshot(page, 'people-list-1366')

      // 重置 goes back to the name order, marked on the header
      const reset = await reloadPeople(page, () => page.getByTestId('btn-reset').click())
      assert.equal(new URL(reset.url()).searchParams.get('sort'), 'name')
      await page.waitForFunction(() => document.querySelector('[data-testid="people-table"] .el-table__header th.ascending'))
    })
    await context.close()
  })

  test('at 390: cards with actions, filters and sort behind 筛选', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), PHONE)
    await withFailureShot(page, 'people-list-phone', async () => {
      await login(page, 'dangwei')
      const list = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/people')
      await page.goto(`${BASE_URL}/people`)
      const first = await list
      await page.getByTestId('list-card').first().waitFor()
      assert.equal(await page.getByTestId('people-table').count(), 0, 'no table on a phone')
      assert.deepEqual(await shownNames(page), await answeredNames(first))
      const card = page.getByTestId('list-card').first()
      for (const action of ['row-view', 'row-edit', 'row-archive']) {
        const box = await card.getByTestId('list-card-actions').getByTestId(action).boundingBox()
        assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `${action} on the card, inside the screen`)
      }
      assert.ok((await card.innerText()).includes('所在支部'), 'the card shows its fields')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.ok(overflow <= 1, `no horizontal page scroll (overflow ${overflow}px)`)
      for (const f of ['filter-category', 'filter-q', 'list-sort']) {
        assert.equal(await page.getByTestId(f).count(), 0, `${f} folded behind 筛选`)
      }
      await screenshot(page, 'people-list-390')

      await page.getByTestId('list-filter-toggle').click()
      const drawer = page.getByTestId('list-filter-drawer')
      await drawer.getByTestId('filter-q').waitFor()
      await chooseSort(page, drawer, '姓名 ↓')
      await screenshot(page, 'people-list-390-filters')
      const sorted = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/people')
      await page.getByTestId('list-filter-apply').click()
      const res = await sorted
      assert.equal(new URL(res.url()).searchParams.get('sort'), '-name')
      await drawer.waitFor({ state: 'hidden' })
      await waitForIdleTable(page)
      const names = await answeredNames(res)
      assert.deepEqual(await shownNames(page), names)
      assert.notDeepEqual(names, await answeredNames(first), 'the order changed')
      await screenshot(page, 'people-list-390-sorted')
    })
    await context.close()
  })
})
