// Browser tests of the ledger lists and boards after a new-user pass as each
// role at 1366×768 and 390×844 (session 15, docs/ARCHITECTURE.md "Ledger"):
// - the lists, 我的任务, the board and its overdue counts ignored the campaign
//   chosen in the header; now they ask for it and follow a new choice;
// - closed items (已销号) came first on the default list: open ones now come
//   first (overdue, then the nearest deadline), closed last;
// - the concerns list had no 回访 column nor filter;
// - "逾期 1948 天": overdue days up to 90, then months or years, with the
//   first overdue day in a tooltip;
// - the leader's board on a phone: its columns are swiped side by side, with
//   chips to jump to a status;
// - the public 晒单 page at 390: the fifth figure sat alone in its row;
// - (session 16) the board's per-leader overdue counts left out the items
//   without a supervising leader: now a row 未定责任领导 of their own.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import {
  BASE_URL, OUTPUT_DIR, apiAs, chooseOption, field, noHorizontalScroll, screenshot, settled, sharedBrowser, testPages,
  uniqueSuffix, useCampaign2021, withFailureShot,
} from './helpers.mjs'
import { openBoard } from './ledger_helpers.mjs'

const DESKTOP = { width: 1366, height: 768 }
const PHONE = { width: 390, height: 844, mobile: true }
const isPath = (p) => (r) => new URL(r.url()).pathname === p && r.request().method() === 'GET'
/** A China date `n` days from the browser's today (the pages count from it). */
const chinaDay = (n) => new Date(Date.now() + 8 * 3600 * 1000 + n * 86_400_000).toISOString().slice(0, 10)

const pages = testPages()
const open = pages.open

/** A campaign of the committee made by 党委 (dangwei), named uniquely. */
async function makeCampaign(api) {
  const orgs = await api('GET', '/orgs')
  const committee = orgs.json.items.find((o) => o.kind === 'committee') ?? orgs.json.items[0]
  const name = `列表测试活动${uniqueSuffix()}`
  const made = await api('POST', '/campaigns', {
    org_id: committee.id, name, year: 2025, start_date: '2025-03-01', end_date: '2025-12-31', goals: ['学党史'],
    phases: [{ name: '学习教育', start_date: '2025-03-01', end_date: '2025-12-31' }], study_points: ['学习重点一'],
  })
  assert.equal(made.status, 201, JSON.stringify(made.json))
  return made.json
}

describe('ledger lists and boards', { concurrency: 1 }, () => {
  const browser = sharedBrowser()
  afterEach(() => pages.closeAll())

  test('1366: the list follows the header campaign, open items first, overdue in days or years', async () => {
    const admin = await apiAs('dangwei')
    const demo = await useCampaign2021('dangwei')
    const other = await makeCampaign(admin)
    const orgs = await admin('GET', '/orgs')
    const branch = orgs.json.items.find((o) => o.name === '机关第一支部')
    const tag = `列表${uniqueSuffix()}`
    const make = async (title, deadline) => {
      const r = await admin('POST', '/ledger/items', {
        kind: 'rectification', title: `${tag}${title}`, org_id: branch.id, campaign_id: other.id, deadline,
        item_class: 'deadline', measures: '限期整改',
      })
      assert.equal(r.status, 201, JSON.stringify(r.json))
      return r.json
    }
    // Closed with the earliest deadline; three open: years, 100 days (months) and 12 days overdue.
    let closed = await make('已销号', '2019-05-01')
    const secretary = await apiAs('zhibu1')
    for (const [step, api] of [['accept', secretary], ['submit', admin], ['close', secretary]]) {
      const r = await api('POST', `/ledger/items/${closed.id}/${step}`, { version: closed.version, text: '说明' })
      assert.equal(r.status, 200, `${step}: ${JSON.stringify(r.json)}`)
      closed = r.json
    }
    await make('多年逾期', '2020-01-01')
    await make('逾期12天', chinaDay(-12))
    await make('逾期百天', chinaDay(-100))

    const page = await open(browser(), DESKTOP, 'dangwei')
    try {
      await withFailureShot(page, 'ledlist-campaign-1366', async () => {
        const first = page.waitForResponse(isPath('/api/v1/ledger/items'))
        await page.goto(`${BASE_URL}/ledger/rectifications`)
        assert.equal(new URL((await first).url()).searchParams.get('campaign_id'), String(demo.id),
          'the list asks for the header campaign')
        await page.getByTestId('ledger-items-table').waitFor()
        await settled(page)
        const searched = page.waitForResponse((r) => isPath('/api/v1/ledger/items')(r) && new URL(r.url()).searchParams.get('q') === tag)
        await field(page, 'ledger-filter-q').fill(tag)
        await field(page, 'ledger-filter-q').press('Enter')
        await searched
        await settled(page)
        assert.equal(await page.getByTestId('ledger-items-total').innerText(), '0', 'the other campaign\'s items are not listed')

        // Choosing the other campaign in the header lists its items.
        const chosen = page.waitForResponse((r) => isPath('/api/v1/ledger/items')(r) &&
          new URL(r.url()).searchParams.get('campaign_id') === String(other.id))
        await chooseOption(page, 'campaign-selector', other.name)
        await chosen
        await page.getByTestId('ledger-items-total').filter({ hasText: '4' }).waitFor()
        await settled(page)
        const rows = await page.getByTestId('ledger-title-cell').allInnerTexts()
        assert.deepEqual(rows.map((t) => t.replace(tag, '').trim()), ['多年逾期', '逾期百天', '逾期12天', '已销号'],
          'open items first (the most overdue first), closed last')
        const notes = await page.getByTestId('ledger-deadline-note').allInnerTexts()
        const [y, m] = chinaDay(0).split('-').map(Number)
        assert.equal(notes[0].trim(), `逾期 ${Math.floor(((y - 2020) * 12 + (m - 1)) / 12)} 年`, 'years, not 2,000 days')
        assert.match(notes[1].trim(), /^逾期 [34] 个月$/, 'past 90 days: months')
        assert.equal(notes[2].trim(), '逾期 12 天')
        // The first overdue day in the tooltip.
        await page.getByTestId('ledger-deadline-note').first().hover()
        await page.locator('.el-popper:visible', { hasText: '自 2020-01-02 起逾期' }).waitFor()
        await screenshot(page, 'ledlist-list-1366')

        // The board and its overdue lists ask for the header campaign too.
        const board = page.waitForResponse(isPath('/api/v1/ledger/board'))
        const byOrg = page.waitForResponse(isPath('/api/v1/ledger/overdue/by-org'))
        await page.goto(`${BASE_URL}/ledger/board`)
        assert.equal(new URL((await board).url()).searchParams.get('campaign_id'), String(other.id))
        assert.equal(new URL((await byOrg).url()).searchParams.get('campaign_id'), String(other.id))
      })
    } finally {
      await useCampaign2021('dangwei')
      // Archived: the newest active campaign, every other account's default, is the demo's again.
      const now = await admin('GET', `/campaigns/${other.id}`)
      await admin('POST', `/campaigns/${other.id}/archive`, { version: now.json.version })
    }
  })

  test('1366 and 390: the concerns list shows and filters 回访', async () => {
    for (const size of [DESKTOP, PHONE]) {
      const page = await open(browser(), size, 'dangwei')
      const name = `ledlist-concerns-${size.width}`
      await withFailureShot(page, name, async () => {
        await useCampaign2021('dangwei')
        const listed = page.waitForResponse(isPath('/api/v1/ledger/items'))
        await page.goto(`${BASE_URL}/ledger/concerns`)
        const res = await (await listed).json()
        const shown = page.getByTestId('ledger-satisfaction-cell')
        await shown.first().waitFor()
        await settled(page)
        const first = res.items[0]
        const want = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' }[first.satisfaction] ?? '未回访'
        assert.equal((await shown.first().innerText()).trim(), want, 'the first row\'s 回访')
        if (size === DESKTOP) {
          assert.ok(await page.locator('.el-table__header').getByText('回访', { exact: true }).count(), 'a 回访 column')
        } else {
          await page.getByTestId('list-filter-toggle').click()
        }
        const filtered = page.waitForResponse((r) => isPath('/api/v1/ledger/items')(r) &&
          new URL(r.url()).searchParams.get('satisfaction') === 'none')
        await chooseOption(page, 'ledger-filter-satisfaction', '未回访')
        if (size === PHONE) await page.getByTestId('list-filter-apply').click()
        const none = await (await filtered).json()
        assert.ok(none.items.every((i) => !i.satisfaction), 'only items without 回访')
        await settled(page)
        if (none.items.length) assert.equal((await shown.first().innerText()).trim(), '未回访')
        if (size === PHONE) await noHorizontalScroll(page, 'the concerns list at 390')
        await screenshot(page, name)
      })
    }
  })

  test('390 and 1366: the leader\'s board is usable', async () => {
    await useCampaign2021('lingdao')
    const page = await open(browser(), PHONE, 'lingdao')
    await withFailureShot(page, 'ledlist-board-390', async () => {
      await openBoard(page)
      await noHorizontalScroll(page, 'the board page at 390')
      const board = page.getByTestId('ledger-board')
      const sizes = await board.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
      assert.ok(sizes.scroll > sizes.client * 2, `the columns are swiped side by side: ${JSON.stringify(sizes)}`)
      // The next column shows at the edge: the first column is narrower than the board.
      const column = await page.getByTestId('board-column-pending').boundingBox()
      const box = await board.boundingBox()
      assert.ok(column.width < box.width - 30, 'the next column peeks in')
      await screenshot(page, 'ledlist-board-390')
      await page.getByTestId('board-jump-closed').click()
      await page.waitForFunction(() => {
        const b = document.querySelector('[data-testid="ledger-board"]')
        const c = document.querySelector('[data-testid="board-column-closed"]')
        const br = b.getBoundingClientRect()
        const cr = c.getBoundingClientRect()
        return cr.left >= br.left - 2 && cr.right <= br.right + 2 // the whole column in view
      })
      await settled(page)
      await screenshot(page, 'ledlist-board-390-closed')
    })
    const wide = await open(browser(), DESKTOP, 'lingdao')
    await withFailureShot(wide, 'ledlist-board-1366', async () => {
      await openBoard(wide)
      assert.equal(await wide.getByTestId('board-jump').count(), 0, 'no swipe chips on a wide screen')
      const tops = await wide.locator('[data-testid^="board-column-"]').evaluateAll((els) =>
        els.map((el) => Math.round(el.getBoundingClientRect().top)))
      assert.equal(new Set(tops).size, 1, 'the four columns side by side')
      await noHorizontalScroll(wide, 'the board at 1366')
      await screenshot(wide, 'ledlist-board-1366')
      // 各责任领导逾期事项: the demo's overdue self-check item has no supervising leader: a row
      // 未定责任领导 of its own, opening the list of those items.
      const row = wide.getByTestId('overdue-leader-row').filter({ hasText: '未定责任领导' })
      await row.waitFor()
      const listed = wide.waitForResponse((r) => isPath('/api/v1/ledger/items')(r) &&
        new URL(r.url()).searchParams.get('no_leader') === 'true')
      await row.click()
      const res = await (await listed).json()
      assert.ok(res.total >= 1, 'the row\'s items are listed')
      assert.ok(res.items.every((i) => i.leader_person_id === null && i.overdue), 'overdue, without a leader')
      await wide.getByTestId('ledger-filter-no-leader').waitFor()
      await settled(wide)
      await screenshot(wide, 'ledlist-no-leader-1366')
    })
  })

  test('390 and 1366: the public page lays its five figures out evenly', async () => {
    const demo = await useCampaign2021('dangwei')
    for (const [size, rows] of [[PHONE, [3, 2]], [DESKTOP, [5]]]) {
      const page = await open(browser(), size, null) // a visitor, not signed in
      await withFailureShot(page, `ledlist-public-${size.width}`, async () => {
        await page.goto(`${BASE_URL}/p/ledger/${demo.id}`)
        const figures = page.getByTestId('public-ledger-figures')
        await figures.waitFor()
        await settled(page)
        const boxes = await figures.locator(':scope > *').evaluateAll((els) =>
          els.map((el) => { const r = el.getBoundingClientRect(); return { top: Math.round(r.top), left: r.left, right: r.right } }))
        const byRow = new Map()
        for (const b of boxes) byRow.set(b.top, [...(byRow.get(b.top) ?? []), b])
        assert.deepEqual([...byRow.values()].map((r) => r.length), rows, 'figures per row')
        // Every row spans the whole width: its last figure ends where the first row's does.
        const right = Math.max(...boxes.map((b) => b.right))
        for (const r of byRow.values()) assert.ok(Math.abs(Math.max(...r.map((b) => b.right)) - right) < 2, 'a full row')
        await noHorizontalScroll(page, `the public page at ${size.width}`)
        await screenshot(page, `ledlist-public-${size.width}`)
        // The figures as first seen (the whole page is long).
        await page.screenshot({ path: path.join(OUTPUT_DIR, `ledlist-public-${size.width}-top.png`) })
      })
    }
  })
  test('企业走访, 自查 and 专题组织生活会 follow the header campaign a page at a time', async () => {
    const page = await open(browser(), DESKTOP, 'dangwei')
    const current = (await (await apiAs('dangwei'))('GET', '/account/current-campaign')).json.campaign
    for (const [route, api, pager] of [
      ['/ledger/enterprise-visits', '/api/v1/ledger/enterprise-visits', 'visit-pager'],
      ['/ledger/self-checks', '/api/v1/ledger/self-checks', 'check-pager'],
      ['/ledger/life-meetings', '/api/v1/events', 'life-meeting-pager'],
    ]) {
      await withFailureShot(page, `ledlist-campaign${route.replaceAll('/', '-')}`, async () => {
        const asked = page.waitForResponse(isPath(api))
        await page.goto(`${BASE_URL}${route}`)
        const url = new URL((await asked).url())
        assert.equal(url.searchParams.get('campaign_id'), String(current.id), `${route} asks for the header campaign`)
        assert.ok(Number(url.searchParams.get('limit')) <= 100, `${route} reads a page, not everything`)
        await page.getByTestId(pager).waitFor()
      })
    }
  })
})
