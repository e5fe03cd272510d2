// Browser tests of what a new-user pass over the ledger pages (台账) as
// dangwei, lingdao, zhibu1 and dangyuan1 at 1366×768 and 390×844 found
// (session 16, docs/ARCHITECTURE.md "Ledger"):
// - on a phone the header's user name ran into 退出登录, and a detail page's
//   breadcrumb broke over two lines;
// - the 实施方案任务 list had an empty 类别 column: plan tasks show their
//   动作 (规定动作/自选动作) and 方案部分 instead;
// - the forums list cut a column's text without "…";
// - empty lists and pages (the lists, 我的任务, forums, 企业走访, 自查,
//   专题组织生活会) said only 暂无…: they now say what to do next, with the
//   button for a user who may act (the lists are answered empty by the
//   browser where the shared server has records);
// - the public 晒单 page did not name the unit;
// - the phone board snaps to a column without stopping a fast swipe at each;
// - (ledger_workflow.test.mjs: its page-per-user blocks folded into signedIn.)
// A second pass found:
// - 规定动作 was red like 逾期: primary now (自选动作 grey), in the list and on the plan board;
// - the phone's 企业走访 list wrote an issue's status as plain （待受理）: the shared status tag now;
// - the public page asked a visitor's session (/auth/me: 401, a console error): public pages do not;
// - a 实事项目's page lit 全部事项 in the menu (its kind's entry now), and every export was 台账.xlsx.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import {
  BASE_URL, OUTPUT_DIR, apiAs, noHorizontalScroll, screenshot, settled, sharedBrowser, testPages, uniqueSuffix,
  useCampaign2021, withFailureShot,
} from './helpers.mjs'
import { DESKTOP, PHONE, firstOwnTask, isPath, openBoard, openItem, searchList } from './ledger_helpers.mjs'

const pages = testPages()
const open = pages.open

/** Whether two boxes overlap (by more than half a pixel each way). */
const intersects = (a, b) =>
  a.x + a.width > b.x + 0.5 && b.x + b.width > a.x + 0.5 && a.y + a.height > b.y + 0.5 && b.y + b.height > a.y + 0.5

/**
 * The texts of `scope`'s table cells that are cut without "…": content wider
 * than the cell where the cell does not end it with an ellipsis, or where
 * what is cut is a box of its own starting the line (a link drawn as a
 * button), which the browser clips rather than end with "…".
 */
async function cutWithoutEllipsis(scope) {
  return scope.locator('.el-table__body td .cell').evaluateAll((cells) => cells.flatMap((cell) => {
    if (cell.scrollWidth <= cell.clientWidth + 1) return []
    const style = getComputedStyle(cell)
    const box = cell.getBoundingClientRect()
    const start = box.left + parseFloat(style.paddingLeft)
    const end = box.right - parseFloat(style.paddingRight)
    const clipped = [...cell.querySelectorAll('*')].some((el) => {
      const r = el.getBoundingClientRect()
      const display = getComputedStyle(el).display
      return display !== 'inline' && display !== 'contents' && r.left <= start + 2 && r.right > end + 1
    })
    return style.textOverflow === 'ellipsis' && !clipped ? [] : [cell.innerText.trim()]
  }))
}

/** The Element Plus type (primary, info, ...) of each el-tag `tags` finds. */
const tagTypes = (tags) => tags.evaluateAll((els) => els.map((el) =>
  /el-tag--(primary|info|warning|success|danger)\b/.exec(el.className)?.[1] ?? 'none'))

/**
 * Answers the page's reads of the ledger's lists (items, events, enterprise
 * visits, self-checks) as empty: the shared test server has records in every
 * campaign (items outside any campaign are listed under each).
 */
async function emptyLists(page) {
  const lists = ['/api/v1/ledger/items', '/api/v1/events', '/api/v1/ledger/enterprise-visits', '/api/v1/ledger/self-checks']
  await page.route((url) => lists.includes(url.pathname), (route) =>
    route.request().method() === 'GET' ? route.fulfill({ json: { items: [], total: 0 } }) : route.fallback())
}

describe('ledger polish: what the new-user pass found', { concurrency: 1 }, () => {
  const browser = sharedBrowser()
  afterEach(() => pages.closeAll())

  test('the header: the name never runs into 退出登录 at 390; the whole name at 1366', async () => {
    for (const size of [PHONE, DESKTOP]) {
      const page = await open(browser(), size, 'dangwei')
      await withFailureShot(page, `ledpolish-header-${size.width}`, async () => {
        await page.goto(`${BASE_URL}/ledger/forums`)
        await page.getByTestId('forums').waitFor()
        await settled(page)
        const name = page.getByTestId('current-user-name')
        const nameBox = await name.boundingBox()
        const logout = await page.getByTestId('logout').boundingBox()
        assert.ok(nameBox && logout, 'both drawn')
        assert.ok(!intersects(nameBox, logout), `the name ${JSON.stringify(nameBox)} clear of 退出登录 ${JSON.stringify(logout)}`)
        // Nothing of the header's row overlaps another, nor runs out of the screen.
        const boxes = await page.locator('.header > *').evaluateAll((els) => els.filter((el) =>
          el.getBoundingClientRect().width > 0).map((el) => {
          const r = el.getBoundingClientRect()
          return { what: el.className || el.tagName, x: r.x, y: r.y, width: r.width, height: r.height, clipped: el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).textOverflow !== 'ellipsis' }
        }))
        for (let i = 1; i < boxes.length; i++) {
          assert.ok(boxes[i].x >= boxes[i - 1].x + boxes[i - 1].width - 0.5, `${boxes[i - 1].what} ends before ${boxes[i].what} starts: ${JSON.stringify(boxes)}`)
        }
        assert.ok(boxes.at(-1).x + boxes.at(-1).width <= size.width, 'the header fits the screen')
        const shown = (await name.innerText()).trim()
        if (size === DESKTOP) assert.equal(shown, '机关党委（孙干事）', 'the whole name at 1366')
        else assert.ok(shown.length > 0, 'a name shows at 390')
        await noHorizontalScroll(page, `the header at ${size.width}`)
        await screenshot(page, `ledpolish-header-${size.width}`)
      })
    }
  })

  test('390: a detail page\'s breadcrumb stays on one line', async () => {
    const id = await firstOwnTask('dangyuan1')
    const page = await open(browser(), PHONE, 'dangyuan1')
    await withFailureShot(page, 'ledpolish-breadcrumb-390', async () => {
      await openItem(page, id)
      const crumbs = page.getByTestId('detail-breadcrumb')
      const fit = await crumbs.evaluate((el) => {
        const items = [...el.querySelectorAll('.el-breadcrumb__item')].map((i) => Math.round(i.getBoundingClientRect().top))
        return { tops: new Set(items).size, scroll: el.scrollWidth, client: el.clientWidth }
      })
      assert.equal(fit.tops, 1, 'the crumbs on one line')
      assert.ok(fit.scroll <= fit.client + 1, `nothing runs past the screen: ${JSON.stringify(fit)}`)
      const lines = await crumbs.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)))
      assert.equal(lines, 1, 'one line high')
      await noHorizontalScroll(page, 'the item at 390')
      await screenshot(page, 'ledpolish-breadcrumb-390')
    })
  })

  test('实施方案任务: the list shows each task\'s 动作 and 方案部分', async () => {
    const campaign = await useCampaign2021('dangwei')
    const admin = await apiAs('dangwei')
    const listed = (await admin('GET', `/ledger/items?kind=plan_task&campaign_id=${campaign.id}&limit=20`)).json.items
    assert.ok(listed.some((t) => t.plan_action === 'required') && listed.every((t) => t.plan_part), 'the demo tasks have both')
    const labels = { required: '规定动作', optional: '自选动作' }
    const actionTypes = { required: 'primary', optional: 'info' }
    for (const size of [DESKTOP, PHONE]) {
      const page = await open(browser(), size, 'dangwei')
      await withFailureShot(page, `ledpolish-plan-tasks-${size.width}`, async () => {
        const res = page.waitForResponse(isPath('/api/v1/ledger/items', 'GET'))
        await page.goto(`${BASE_URL}/ledger/plan-tasks`)
        const items = (await (await res).json()).items
        const actions = page.getByTestId('ledger-plan-action-cell')
        await actions.first().waitFor()
        await settled(page)
        const shown = await actions.allInnerTexts()
        assert.deepEqual(shown.map((t) => t.trim()), items.map((i) => labels[i.plan_action] ?? '—'), 'each row\'s 动作')
        assert.deepEqual(await tagTypes(actions), items.map((i) => actionTypes[i.plan_action] ?? 'none'), '规定动作 primary, 自选动作 grey')
        const parts = await page.getByTestId('ledger-plan-part-cell').allInnerTexts()
        assert.equal(parts.length, items.length)
        for (const p of parts) assert.match(p.trim(), /^(总体要求|学习重点|主要工作|组织领导)$/)
        if (size === DESKTOP) {
          const heads = await page.locator('.el-table__header th').allInnerTexts()
          assert.ok(heads.some((h) => h.trim() === '动作') && heads.some((h) => h.trim() === '方案部分'), heads.join(','))
          assert.ok(!heads.some((h) => h.trim() === '类别'), 'no 类别 column that plan tasks leave empty')
        } else {
          await noHorizontalScroll(page, 'the plan tasks at 390')
        }
        await screenshot(page, `ledpolish-plan-tasks-${size.width}`)
      })
    }
  })

  test('实施方案看板: 规定动作 is not red (primary), 自选动作 grey', async () => {
    await useCampaign2021('dangwei')
    const page = await open(browser(), DESKTOP, 'dangwei')
    await withFailureShot(page, 'ledpolish-plan-board-action', async () => {
      await page.goto(`${BASE_URL}/ledger/plan`)
      const tags = page.getByTestId('plan-task').locator('.el-tag', { hasText: /^\s*(规定|自选)动作\s*$/ })
      await tags.first().waitFor()
      await settled(page)
      const texts = (await tags.allInnerTexts()).map((t) => t.trim())
      const types = await tagTypes(tags)
      assert.ok(texts.includes('规定动作'), texts.join(','))
      texts.forEach((t, n) => assert.equal(types[n], t === '规定动作' ? 'primary' : 'info', `${t} ${types[n]}`))
      await screenshot(page, 'ledpolish-plan-board-action')
    })
  })

  test('390: the 企业走访 list shows an issue\'s status as the shared tag', async () => {
    const campaign = await useCampaign2021('dangwei')
    const visits = (await (await apiAs('dangwei'))('GET', `/ledger/enterprise-visits?campaign_id=${campaign.id}&limit=20`)).json.items
    const visit = visits.find((v) => v.issues.length)
    assert.ok(visit, 'the demo has a visit with an issue')
    const page = await open(browser(), PHONE, 'dangwei')
    await withFailureShot(page, 'ledpolish-visits-390', async () => {
      await page.goto(`${BASE_URL}/ledger/enterprise-visits`)
      const card = page.getByTestId(`visit-link-${visit.event_id}`)
      await card.waitFor()
      await settled(page)
      assert.doesNotMatch(await card.innerText(), /（(待受理|办理中|待验收|已销号)）/, 'no status in brackets')
      const issue = visit.issues[0]
      const tag = card.getByTestId(`visit-issue-${issue.id}`).getByTestId('ledger-status-label')
      assert.match((await tag.innerText()).trim(), /^(待受理|办理中|待验收|已销号)/)
      assert.deepEqual(await tagTypes(tag), [{ pending: 'info', in_progress: 'primary', to_verify: 'warning', closed: 'success' }[issue.status]])
      await noHorizontalScroll(page, 'the visits at 390')
      await card.scrollIntoViewIfNeeded()
      await screenshot(page, 'ledpolish-visits-390')
    })
  })

  test('a 实事项目 page lights its kind\'s menu entry, and its list exports as 实事项目台账-<date>.xlsx', async () => {
    const campaign = await useCampaign2021('dangwei')
    const project = (await (await apiAs('dangwei'))('GET', `/ledger/items?kind=project&campaign_id=${campaign.id}&limit=1`)).json.items[0]
    assert.ok(project, 'the demo has a 实事项目')
    const page = await open(browser(), DESKTOP, 'dangwei')
    await withFailureShot(page, 'ledpolish-project-menu', async () => {
      await openItem(page, project.id)
      const active = page.getByTestId('side-menu').locator('.el-menu-item.is-active')
      await page.waitForFunction(() => document.querySelector('[data-testid="side-menu"] .el-menu-item.is-active')
        ?.getAttribute('data-testid') === 'menu-ledger-projects')
      assert.equal(await active.count(), 1, 'one entry lit')
      assert.match(await active.innerText(), /实事项目/)
      await screenshot(page, 'ledpolish-project-menu')
      // Its list's export is named by kind and date.
      await page.getByTestId('detail-breadcrumb').getByText('实事项目').click()
      await page.waitForURL((u) => u.pathname === '/ledger/projects')
      await page.getByTestId('ledger-items-table').waitFor()
      const download = page.waitForEvent('download')
      await page.getByTestId('ledger-export').click()
      assert.match((await download).suggestedFilename(), /^实事项目台账-\d{4}-\d{2}-\d{2}\.xlsx$/)
    })
  })

  test('1366: the forums and the ledger lists end cut text with "…"', async () => {
    await useCampaign2021('dangwei')
    const page = await open(browser(), DESKTOP, 'dangwei')
    await withFailureShot(page, 'ledpolish-ellipsis', async () => {
      await page.goto(`${BASE_URL}/ledger/forums`)
      await page.getByTestId('forums-table').locator('.el-table__row').first().waitFor()
      await settled(page)
      assert.deepEqual(await cutWithoutEllipsis(page.getByTestId('forums-table')), [], 'the forums')
      await page.getByTestId('forum-open').first().click()
      await page.getByTestId('forum-concerns-table').locator('.el-table__row').first().waitFor()
      await settled(page)
      assert.deepEqual(await cutWithoutEllipsis(page.getByTestId('forum-concerns-table')), [], 'a forum\'s concerns')
      await screenshot(page, 'ledpolish-forums-1366')
      for (const route of ['concerns', 'plan-tasks', 'rectifications']) {
        await page.goto(`${BASE_URL}/ledger/${route}`)
        await page.getByTestId('ledger-items-table').locator('.el-table__row').first().waitFor()
        await settled(page)
        assert.deepEqual(await cutWithoutEllipsis(page.getByTestId('ledger-items-table')), [], route)
      }
    })
  })

  test('an empty list says what to do next: the button for a writer, a sentence for a reader', async () => {
    const tag = `无此事项${uniqueSuffix()}`
    for (const [username, size] of [['zhibu1', DESKTOP], ['zhibu1', PHONE], ['lingdao', DESKTOP]]) {
      await useCampaign2021(username)
      const page = await open(browser(), size, username)
      await withFailureShot(page, `ledpolish-empty-${username}-${size.width}`, async () => {
        // A search that finds nothing.
        await page.goto(`${BASE_URL}/ledger/rectifications`)
        await searchList(page, tag, { phone: size === PHONE })
        const empty = page.getByTestId('empty-state')
        await empty.waitFor()
        const text = await empty.innerText()
        if (username === 'zhibu1') {
          assert.match(text, /没有符合条件的整改事项/, text)
          assert.match(text, /重置/, 'filters set: says how to clear them')
        }
        await screenshot(page, `ledpolish-empty-search-${username}-${size.width}`)
      })
    }
    // Nothing at all: the shared server has records everywhere, so the pages' lists answer empty.
    for (const [username, size, writer] of [['dangwei', DESKTOP, true], ['dangwei', PHONE, true], ['lingdao', DESKTOP, false]]) {
      const page = await open(browser(), size, username)
      await emptyLists(page)
      await withFailureShot(page, `ledpolish-empty-new-${username}-${size.width}`, async () => {
        await page.goto(`${BASE_URL}/ledger/rectifications`)
        const empty = page.getByTestId('empty-state')
        await empty.waitFor()
        await settled(page)
        const text = await empty.innerText()
        assert.match(text, /暂无整改事项/, text)
        if (writer) {
          assert.match(text, /登记.*导入/s, text)
          await empty.getByTestId('empty-state-create').click()
          await page.getByTestId('ledger-item-dialog').waitFor()
          await screenshot(page, `ledpolish-empty-create-${username}-${size.width}`)
          await page.keyboard.press('Escape')
          await page.getByTestId('ledger-item-dialog').waitFor({ state: 'hidden' })
          await empty.getByTestId('empty-state-import').click()
          await page.getByTestId('ledger-import-dialog').waitFor()
          await page.keyboard.press('Escape')
          await page.getByTestId('ledger-import-dialog').waitFor({ state: 'hidden' })
          await settled(page)
        } else {
          assert.equal(await empty.getByRole('button').count(), 0, 'no button for a reader')
          assert.doesNotMatch(text, /点击/, text)
        }
        await screenshot(page, `ledpolish-empty-${username}-${size.width}`)

        // The forums: 登记恳谈会 for whoever may hold one.
        await page.goto(`${BASE_URL}/ledger/forums`)
        const forums = page.getByTestId('empty-state')
        await forums.waitFor()
        await settled(page)
        assert.match(await forums.innerText(), /还没有恳谈会/)
        assert.equal(await forums.getByTestId('empty-state-create').count(), writer ? 1 : 0)
        await screenshot(page, `ledpolish-empty-forums-${username}-${size.width}`)

        // 企业走访, 自查 and 专题组织生活会 likewise.
        for (const [route, said] of [['enterprise-visits', '暂无企业走访记录'], ['self-checks', '暂无自查'], ['life-meetings', '暂无专题组织生活会']]) {
          await page.goto(`${BASE_URL}/ledger/${route}`)
          const none = page.getByTestId('empty-state')
          await none.waitFor()
          await settled(page)
          const text = await none.innerText()
          assert.match(text, new RegExp(said), text)
          assert.ok((await none.getByTestId('empty-state-hint').innerText()).length > 8, 'says what comes next')
          assert.equal(await none.getByTestId('empty-state-create').count(), writer ? 1 : 0, route)
          await screenshot(page, `ledpolish-empty-${route}-${username}-${size.width}`)
        }
      })
    }
  })

  test('390: 我的任务 with nothing in a tab says how tasks get there', async () => {
    const page = await open(browser(), PHONE, 'dangyuan1')
    await emptyLists(page)
    await withFailureShot(page, 'ledpolish-empty-mine-390', async () => {
      await page.goto(`${BASE_URL}/ledger/mine`)
      const empty = page.getByTestId('my-tasks').getByTestId('empty-state')
      await empty.waitFor()
      await settled(page)
      const text = await empty.innerText()
      assert.match(text, /没有办理中的任务/, text)
      assert.match(text, /更新进展.*提交验收/s, 'says what a member does with a task')
      assert.equal(await empty.getByRole('button').count(), 0, 'a member registers nothing')
      await noHorizontalScroll(page, '我的任务 at 390')
      await screenshot(page, 'ledpolish-empty-mine-390')
    })
  })

  test('the public page names the unit, with the campaign as its title, and never asks for the session', async () => {
    const campaign = await useCampaign2021('dangwei')
    for (const size of [PHONE, DESKTOP]) {
      const page = await open(browser(), size, null)
      const asked = []
      page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/auth/me') asked.push(r.url()) })
      await withFailureShot(page, `ledpolish-public-${size.width}`, async () => {
        await page.goto(`${BASE_URL}/p/ledger/${campaign.id}`)
        await page.getByTestId('public-ledger-figures').waitFor()
        await settled(page)
        // Signed out: the page never asks for the session, so no 401 in the console.
        assert.deepEqual(asked, [], 'no /auth/me request')
        assert.deepEqual(page.problems, [], 'no console error')
        assert.match(await page.getByTestId('public-ledger-unit').innerText(), /市统计局/)
        assert.equal((await page.getByTestId('public-ledger-title').innerText()).trim(), `2021 ${campaign.name}`)
        assert.match(await page.title(), /市统计局/)
        await noHorizontalScroll(page, `the public page at ${size.width}`)
        // As first seen (the whole page is long).
        await page.screenshot({ path: path.join(OUTPUT_DIR, `ledpolish-public-${size.width}-top.png`) })
      })
    }
  })

  test('390: the board snaps to a column but lets a fast swipe run on', async () => {
    await useCampaign2021('lingdao')
    const page = await open(browser(), PHONE, 'lingdao')
    await withFailureShot(page, 'ledpolish-board-390', async () => {
      await openBoard(page)
      const snap = await page.getByTestId('ledger-board').evaluate((el) => ({
        type: getComputedStyle(el).scrollSnapType,
        stops: [...el.children].map((c) => [getComputedStyle(c).scrollSnapAlign, getComputedStyle(c).scrollSnapStop]),
      }))
      assert.match(snap.type, /^x mandatory$/, 'snaps to a column')
      for (const [align, stop] of snap.stops) {
        assert.equal(align, 'start')
        assert.equal(stop, 'normal', 'a fast swipe may pass a column')
      }
    })
  })
})
