// Browser tests of what a new user of the ledger pages (台账) found at 1366×768
// and 390×844 (session 14, docs/ARCHITECTURE.md "Ledger"):
// - the menu's 自查问题 (the self-check findings' item list) opened the
//   self-check checklists instead: both routes were named ledger-self-checks,
//   and the second replaced the first;
// - the board's "N 项逾期" per column counted only the column's first ten cards;
//   now it is every overdue item of the column, and the counts and the header's
//   逾期 total open the overdue list;
// - on a phone a detail page's labels broke into two lines of two characters
//   (责任/单位, 登记/时间);
// - 我的任务 showed one tab's tasks without saying how many wait in the others.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  apiAs, clickMenu, screenshot, settled, sharedBrowser, testPages, uniqueSuffix, useCampaign2021, withFailureShot,
} from './helpers.mjs'
import { firstOwnTask, openBoard, openItem } from './ledger_helpers.mjs'

const DESKTOP = { width: 1366, height: 768 }
const PHONE = { width: 390, height: 844, mobile: true }
const isPath = (p) => (r) => new URL(r.url()).pathname === p && r.request().method() === 'GET'

/** Whether the page scrolls sideways. */
const overflowsSideways = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)

const pages = testPages()
const open = pages.open

/**
 * The number of items GET /ledger/items answers for `query` as `api`'s
 * account, in `campaign` as the pages ask (the header's; useCampaign2021).
 */
async function countOf(api, campaign, query) {
  const res = await api('GET', `/ledger/items?limit=1&campaign_id=${campaign.id}&${query}`)
  assert.equal(res.status, 200, JSON.stringify(res.json))
  return res.json.total
}

describe('ledger UX: what a new user hit', { concurrency: 1 }, () => {
  const browser = sharedBrowser()
  afterEach(() => pages.closeAll())

  test('1366: 自查问题 lists the self-check items; 专项监督检查自查 still opens the checklists', async () => {
    const page = await open(browser(), DESKTOP, 'dangwei')
    await withFailureShot(page, 'ledux-self-check-items', async () => {
      const listed = page.waitForResponse(isPath('/api/v1/ledger/items'))
      await clickMenu(page, 'ledger-self-check-items')
      await page.waitForURL((u) => u.pathname === '/ledger/self-check-items')
      const res = await listed
      assert.equal(new URL(res.url()).searchParams.get('kind'), 'self_check', 'the list asks for the self-check items')
      const rows = page.getByTestId('ledger-items-table').getByTestId('ledger-title-cell')
      await rows.first().waitFor()
      assert.ok((await rows.count()) >= 1, 'the demo self-check has items')
      assert.equal(await page.getByTestId('self-checks').count(), 0, 'not the checklists page')
      await settled(page)
      await screenshot(page, 'ledux-self-check-items-1366')

      await clickMenu(page, 'ledger-self-checks')
      await page.waitForURL((u) => u.pathname === '/ledger/self-checks')
      await page.getByTestId('self-checks').waitFor()
      assert.equal(await page.getByTestId('ledger-items-table').count(), 0, 'the checklists, not the item list')
    })
  })

  test('1366: the board counts every overdue item of a column and links them to the overdue list', async () => {
    // Twelve items of the branch past their deadline and waiting to be
    // accepted, older than any other: the 待受理 column's first ten cards are
    // all overdue, and two more beyond them.
    const secretary = await apiAs('zhibu1')
    const orgs = await secretary('GET', '/orgs')
    const branch = orgs.json.items.find((o) => o.name === '机关第一支部')
    const suffix = uniqueSuffix()
    for (let n = 0; n < 12; n++) {
      const made = await secretary('POST', '/ledger/items', {
        kind: 'rectification', title: `逾期未受理${suffix}-${n}`, org_id: branch.id,
        deadline: `2020-01-${String(n + 10).padStart(2, '0')}`, item_class: 'deadline', measures: '限期整改',
      })
      assert.equal(made.status, 201, JSON.stringify(made.json))
    }
    const leader = await apiAs('lingdao')
    const campaign = await useCampaign2021('lingdao')
    const pendingOverdue = await countOf(leader, campaign, 'status=pending&overdue=true')
    const inProgressOverdue = await countOf(leader, campaign, 'status=in_progress&overdue=true')
    const overdue = await countOf(leader, campaign, 'overdue=true')
    assert.ok(pendingOverdue > 10, `more overdue pending items than the column shows: ${pendingOverdue}`)

    const page = await open(browser(), DESKTOP, 'lingdao')
    await withFailureShot(page, 'ledux-board-overdue', async () => {
      await openBoard(page)
      const pendingCount = page.getByTestId('board-overdue-pending')
      await pendingCount.waitFor()
      assert.equal(await pendingCount.innerText(), `${pendingOverdue} 项逾期`, 'every overdue item of 待受理')
      assert.equal(await page.getByTestId('board-overdue-in_progress').innerText(), `${inProgressOverdue} 项逾期`)
      assert.equal(await page.getByTestId('board-overdue-total').innerText(), String(overdue))
      await screenshot(page, 'ledux-board-1366')

      // The column's count opens its overdue items.
      const listed = page.waitForResponse(isPath('/api/v1/ledger/items'))
      await pendingCount.click()
      const res = await listed
      const q = new URL(res.url()).searchParams
      assert.equal(q.get('overdue'), 'true')
      assert.equal(q.get('status'), 'pending')
      await page.getByTestId('ledger-items-table').waitFor()
      await settled(page)
      assert.equal(await page.getByTestId('ledger-items-total').innerText(), String(pendingOverdue))

      // The header's total opens every overdue item.
      await page.goBack()
      await page.getByTestId('board-overdue-link').waitFor()
      const all = page.waitForResponse(isPath('/api/v1/ledger/items'))
      await page.getByTestId('board-overdue-link').click()
      const allRes = await all
      assert.equal(new URL(allRes.url()).searchParams.get('overdue'), 'true')
      assert.equal(new URL(allRes.url()).searchParams.get('status'), null)
      await settled(page)
      assert.equal(await page.getByTestId('ledger-items-total').innerText(), String(overdue))
    })
  })

  test('390: an item\'s labels stay on one line and the page fits the phone', async () => {
    const id = await firstOwnTask('dangyuan1')
    const page = await open(browser(), PHONE, 'dangyuan1')
    await withFailureShot(page, 'ledux-item-labels-390', async () => {
      await openItem(page, id)
      // Each label's text as drawn: one box per line it takes.
      const lines = await page.getByTestId('ledger-fields').locator('.el-descriptions__label').evaluateAll((els) =>
        els.map((el) => {
          const range = document.createRange()
          range.selectNodeContents(el)
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)))
          return { label: el.textContent.trim(), lines: tops.size }
        }))
      assert.ok(lines.some((l) => l.label === '责任单位'), JSON.stringify(lines))
      const broken = lines.filter((l) => l.lines > 1)
      assert.deepEqual(broken, [], 'no label breaks into two lines')
      assert.equal(await overflowsSideways(page), false, 'the page fits 390 px')
      await screenshot(page, 'ledux-item-390')
    })
  })

  test('390: 我的任务 says how many tasks wait in each open tab', async () => {
    const member = await apiAs('dangyuan1')
    const counts = {}
    const campaign = await useCampaign2021('dangyuan1')
    for (const s of ['pending', 'in_progress', 'to_verify']) counts[s] = await countOf(member, campaign, `mine=true&status=${s}`)
    const page = await open(browser(), PHONE, 'dangyuan1')
    await withFailureShot(page, 'ledux-my-tasks-390', async () => {
      await page.getByTestId('menu-toggle').click()
      await clickMenu(page, 'ledger-mine')
      await page.waitForURL((u) => u.pathname === '/ledger/mine')
      for (const [s, n] of Object.entries(counts)) {
        const count = page.getByTestId(`my-tasks-count-${s}`)
        await count.waitFor()
        assert.equal(await count.innerText(), String(n), `the ${s} tab's count`)
      }
      await settled(page)
      assert.equal(await overflowsSideways(page), false, 'the tabs fit 390 px')
      await screenshot(page, 'ledux-my-tasks-390')
    })
  })
})
