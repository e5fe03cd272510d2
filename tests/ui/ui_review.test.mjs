// Browser tests of what a UI review found as a new user at 1366×768 and
// 390×844 (session 12): the question bank as cards on a phone, the report
// call's file upload with its limits, 我的活动's tiles and paging, the
// notification drawer's layout, the 领导小组 chart, the document's event tags
// inside their cells, the events list's total said once, and no empty 操作
// column for a branch secretary.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE_URL, apiAs, login, newPage, screenshot, settled, sharedBrowser, uniqueSuffix, useCampaign2021, withFailureShot,
} from './helpers.mjs'

const SIZES = [
  { name: '1366', width: 1366, height: 768 },
  { name: '390', width: 390, height: 844, mobile: true },
]
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 'x'), Buffer.from('\n%%EOF\n')])

/** Whether the page scrolls sideways (something wider than the viewport). */
const overflowsSideways = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)

/** Opens `path` signed in as `username` and waits for it to settle. */
// Each test's browser contexts, closed after it: open ones keep their
// connections, and past the server's per-address cap (32) it answers 503.
const opened = []

async function open(browser, size, username, path) {
  const p = await newPage(browser, size)
  opened.push(p.context)
  await login(p.page, username)
  await p.page.goto(`${BASE_URL}${path}`)
  return p
}

describe('UI review leftovers', { concurrency: 1 }, () => {
  const browser = sharedBrowser()
  afterEach(async () => {
    for (const c of opened.splice(0)) await c.close()
  })

  test('390: the question bank lists its questions as cards, with their actions, and nothing scrolls sideways', async () => {
    const { page } = await open(browser(), SIZES[1], 'dangwei', '/questions')
    await withFailureShot(page, 'review-questions-390', async () => {
      const cards = page.getByTestId('questions-cards').getByTestId('list-card')
      await cards.first().waitFor()
      assert.equal(await page.getByTestId('questions-table').count(), 0, 'no table on a phone')
      await cards.first().getByTestId('question-stem-cell').waitFor()
      await cards.first().getByTestId('question-version-cell').waitFor()
      await cards.first().getByTestId('question-edit').waitFor()
      await page.getByTestId('list-filter-toggle').waitFor()
      await settled(page)
      assert.equal(await overflowsSideways(page), false, 'the page fits 390 px')
      await screenshot(page, 'review-questions-390')
    })
  })

  test('390: the report file is chosen with an upload that says its types and size, refuses another type and shows the chosen file', async () => {
    const organizer = await apiAs('dangwei')
    const orgs = await organizer('GET', '/orgs')
    const committee = orgs.json.items.find((o) => o.name === '市统计局机关党委')
    const clock = await fetch(`${BASE_URL}/api/v1/test-hooks/clock`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advance_seconds: 1 }),
    })
    assert.equal(clock.status, 200, 'the server runs with --test-hooks')
    const deadline = new Date(Date.parse((await clock.json()).now) + 86400_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    const created = await organizer('POST', '/assessments/report-calls', {
      org_id: committee.id, title: `上传控件${uniqueSuffix()}`, deadline_at: deadline,
      rubric: [{ name: '选题价值', max_score: 100 }], awards: { first: 1 },
    })
    assert.equal(created.status, 201, JSON.stringify(created.json))
    const { page } = await open(browser(), SIZES[1], 'dangyuan1', `/report-calls/${created.json.id}`)
    await withFailureShot(page, 'review-report-upload-390', async () => {
      const upload = page.getByTestId('report-file')
      await upload.locator('.el-upload').waitFor()
      assert.match(await page.getByTestId('report-file-limits').innerText(), /\.docx.*\.pdf.*不超过 20 MB/)
      const input = upload.locator('input[type=file]')
      await input.setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('不是报告') })
      await page.getByText('只接受 .docx 或 .pdf 格式的报告文件').waitFor()
      // The refused file is not kept (its list row leaves with a transition).
      await upload.locator('.el-upload-list__item').waitFor({ state: 'detached' })
      await input.setInputFiles({ name: '季节调整研究.pdf', mimeType: 'application/pdf', buffer: PDF })
      await upload.locator('.el-upload-list__item', { hasText: '季节调整研究.pdf' }).waitFor()
      assert.equal(await page.getByText('只接受 .docx 或 .pdf 格式的报告文件').count(), 0, 'the refusal is gone')
      await settled(page)
      assert.equal(await overflowsSideways(page), false, 'the page fits 390 px')
      await screenshot(page, 'review-report-upload-390')
    })
  })

  for (const size of SIZES) {
    test(`${size.name}: 我的活动 shows its counts as tiles that open their tab, and pages only a list longer than a page`, async () => {
      const { page } = await open(browser(), size, 'dangyuan1', '/my-events')
      await withFailureShot(page, `review-my-events-${size.name}`, async () => {
        const tiles = page.getByTestId('my-events-totals').locator('.tile')
        await tiles.first().waitFor()
        assert.equal(await tiles.count(), 5, '自学, 志愿服务, 已签到, 补学, 请假')
        // Each tile a box of its own, side by side or in rows, none over another.
        const boxes = await tiles.evaluateAll((els) => els.map((e) => {
          const r = e.getBoundingClientRect()
          return { x: r.x, y: r.y, w: r.width, h: r.height, border: getComputedStyle(e).borderTopWidth }
        }))
        for (const [i, b] of boxes.entries()) {
          assert.notEqual(b.border, '0px', `tile ${i} has a border`)
          for (const o of boxes.slice(i + 1)) {
            assert.ok(b.x + b.w <= o.x || o.x + o.w <= b.x || b.y + b.h <= o.y || o.y + o.h <= b.y, 'tiles do not overlap')
          }
        }
        // The default tab (待参加): empty for the demo member, unless earlier
        // tests invited them to something; either way no pager for one page.
        await page.locator('.el-tabs__item.is-active', { hasText: '待参加' }).waitFor()
        const upcoming = await (await apiAs('dangyuan1'))('GET', '/my-attendance?when=upcoming&limit=10')
        assert.equal(upcoming.status, 200)
        assert.ok(upcoming.json.total <= 10, `待参加 fits one page: ${upcoming.json.total}`)
        if (upcoming.json.total === 0) await page.getByText('近期没有需要参加的活动').waitFor()
        else await page.getByTestId('my-event').first().waitFor()
        await settled(page)
        assert.equal(await page.getByTestId('my-events-pager').count(), 0, 'no pager for a list of one page')
        // 请假获批 opens the leave requests.
        const leaves = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/my-attendance' &&
          new URL(r.url()).searchParams.get('when') === 'leave')
        await page.getByTestId('my-leave-count').click()
        await leaves
        await page.locator('.el-tabs__item.is-active', { hasText: '请假' }).waitFor()
        // 已签到 opens the record, longer than a page: paged.
        const past = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/my-attendance' &&
          new URL(r.url()).searchParams.get('when') === 'past')
        await page.getByTestId('my-signed-count').click()
        const body = await (await past).json()
        assert.ok(body.total > 10, `the demo member has more than a page of records: ${body.total}`)
        await page.locator('.el-tabs__item.is-active', { hasText: '参加记录' }).waitFor()
        await page.getByTestId('my-events-pager').waitFor()
        await settled(page)
        assert.equal(await overflowsSideways(page), false, `the page fits ${size.width} px`)
        await screenshot(page, `review-my-events-${size.name}`)
      })
    })

    test(`${size.name}: the notification drawer's toolbar sits right under its title`, async () => {
      const { page } = await open(browser(), size, 'dangyuan1', '/my-events')
      await withFailureShot(page, `review-notifications-${size.name}`, async () => {
        const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/notifications')
        await page.getByTestId('notification-bell').click()
        await listed
        const drawer = page.getByTestId('notification-panel')
        await drawer.getByTestId('notification-item').first().waitFor()
        await settled(page)
        const header = await drawer.locator('.el-drawer__header').boundingBox()
        const toolbar = await drawer.getByTestId('notification-toolbar').boundingBox()
        const gap = toolbar.y - (header.y + header.height)
        assert.ok(gap >= 0 && gap <= 16, `the toolbar is within 16 px of the title: ${gap}`)
        if (size.mobile) {
          // Rising from the bottom as high as its notifications need (at most 80%), no empty half screen.
          const box = await drawer.boundingBox()
          const items = await drawer.getByTestId('notification-item').evaluateAll((els) =>
            els.map((e) => e.getBoundingClientRect().bottom))
          const lastBottom = Math.max(...items)
          assert.ok(box.height <= 844 * 0.8 + 1, `at most 80% high: ${box.height}`)
          assert.ok(box.y + box.height - lastBottom <= 48, `no empty space under the last notification: ${box.y + box.height - lastBottom}`)
        }
        await screenshot(page, `review-notifications-${size.name}`)
      })
    })

    test(`${size.name}: 领导小组 lists each group's head first, names in one column, 交接 on the member's line`, async () => {
      await useCampaign2021('dangwei')  // the demo's groups are 2021's
      const { page } = await open(browser(), size, 'dangwei', '/leadership')
      await withFailureShot(page, `review-leadership-${size.name}`, async () => {
        const groups = page.getByTestId('leadership-group')
        await groups.first().getByTestId('leadership-member').first().waitFor()
        await settled(page)
        const seen = await groups.evaluateAll((els) => els.map((g) => {
          const members = [...g.querySelectorAll('[data-testid="leadership-member"]')]
          return {
            roles: members.map((m) => m.querySelector('.role').textContent.trim()),
            nameLefts: members.map((m) => Math.round(m.querySelector('.name').getBoundingClientRect().left)),
            handOvers: members.filter((m) => m.querySelector('[data-testid="leadership-hand-over"]')).map((m) => {
              const name = m.querySelector('.name').getBoundingClientRect()
              const button = m.querySelector('[data-testid="leadership-hand-over"]').getBoundingClientRect()
              return { nameMiddle: name.top + name.height / 2, top: button.top, bottom: button.bottom }
            }),
          }
        }))
        assert.ok(seen.length >= 6, 'the demo chart: the leading group, its office and four working groups')
        const rank = { 组长: 0, 负责人: 0, 副组长: 1, 成员: 2 }
        for (const g of seen) {
          const ranks = g.roles.map((r) => rank[r])
          assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), `head first, then deputies, then members: ${g.roles}`)
          assert.equal(new Set(g.nameLefts).size, 1, `names in one column: ${g.nameLefts}`)
          for (const h of g.handOvers) {
            assert.ok(h.top <= h.nameMiddle && h.nameMiddle <= h.bottom, '交接 stands on the line of the name')
          }
        }
        assert.equal(await overflowsSideways(page), false, `the page fits ${size.width} px`)
        await screenshot(page, `review-leadership-${size.name}`)
      })
    })

    test(`${size.name}: a document's event tags stay inside their cell and their text inside the tag`, async () => {
      const admin = await apiAs('dangwei')
      const campaigns = await admin('GET', '/campaigns')
      // The 2021 campaign's 5号文 (earlier tests may have added campaigns).
      const campaign = campaigns.json.items.find((c) => c.year === 2021) ?? campaigns.json.items.find((c) => c.name.includes('2021'))
      const docs = await admin('GET', `/documents?campaign_id=${campaign.id}`)
      const { page } = await open(browser(), size, 'dangwei', `/documents/${docs.json.items[0].id}`)
      await withFailureShot(page, `review-document-tags-${size.name}`, async () => {
        await page.locator('.held-tag').first().waitFor()
        await settled(page)
        const problems = await page.locator('.held-tag').evaluateAll((tags) => tags.flatMap((t) => {
          const r = t.getBoundingClientRect()
          const cell = (t.closest('td') ?? t.closest('.card')).getBoundingClientRect()
          const text = t.querySelector('.el-tag__content') ?? t
          const out = []
          if (r.left < cell.left - 0.5 || r.right > cell.right + 0.5) out.push(`${t.textContent} is wider than its cell`)
          if (r.top < cell.top - 0.5 || r.bottom > cell.bottom + 0.5) out.push(`${t.textContent} is taller than its cell`)
          if (text.scrollWidth > text.clientWidth + 1 || t.scrollHeight > t.clientHeight + 1) out.push(`${t.textContent} spills out of its tag`)
          // Two tags never overlap.
          return out
        }))
        assert.deepEqual(problems, [])
        const boxes = await page.locator('.held-tag').evaluateAll((tags) => tags.map((t) => {
          const r = t.getBoundingClientRect()
          return [r.left, r.top, r.right, r.bottom]
        }))
        for (const [i, a] of boxes.entries()) {
          for (const b of boxes.slice(i + 1)) {
            assert.ok(a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1], 'tags do not overlap')
          }
        }
        await screenshot(page, `review-document-tags-${size.name}`)
      })
    })
  }

  test('1366: the events list says its total once', async () => {
    const { page } = await open(browser(), SIZES[0], 'dangwei', '/events')
    await withFailureShot(page, 'review-events-total', async () => {
      await page.getByTestId('events-table').locator('.el-table__row').first().waitFor()
      const total = Number(await page.getByTestId('events-total').innerText())
      assert.ok(total > 20, 'more than a page of demo events')
      await page.getByTestId('events-pager').locator('.el-pager').waitFor()
      assert.equal(await page.getByTestId('events-pager').locator('.el-pagination__total').count(), 0,
        'the pager does not repeat the total')
      const said = await page.getByTestId('events').evaluate((el, n) =>
        (el.innerText.match(new RegExp(`共\\s*${n}\\s*[项条]`, 'g')) ?? []).length, total)
      assert.equal(said, 1, `共 ${total} once`)
    })
  })

  test('1366: a branch secretary sees no 操作 column where none of the listed events is theirs to edit', async () => {
    const { page } = await open(browser(), SIZES[0], 'zhibu1', '/events')
    await withFailureShot(page, 'review-no-empty-actions', async () => {
      const table = page.getByTestId('events-table')
      await table.locator('.el-table__row').first().waitFor()
      const header = table.locator('.el-table__header th', { hasText: '操作' })
      assert.ok(await header.count() > 0, 'the branch secretary edits the branch’s own events')
      // The demo's 视频讲座 (national lectures watched together) are 机关党委's,
      // not the branch secretary's to edit (other tests make 学习 events of
      // the branch, of other types).
      const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/events' &&
        new URL(r.url()).searchParams.get('type_id') !== null)
      await page.getByTestId('event-type-filter').click()
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '视频讲座' }).first().click()
      const body = await (await listed).json()
      assert.ok(body.items.length > 0, 'some 视频讲座 are listed')
      assert.ok(body.items.every((e) => e.org_name === '市统计局机关党委'), 'all of them 机关党委’s')
      await settled(page)
      await table.locator('.el-table__row').first().waitFor()
      assert.equal(await header.count(), 0, 'no 操作 column with nothing in it')
      assert.equal(await table.getByTestId('event-edit').count(), 0)
      await screenshot(page, 'review-no-empty-actions')
    })
  })
})
