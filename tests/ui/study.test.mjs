// Browser tests of study (/study): a member records self-study on a phone
// (390×844) and corrects it; an org admin adds and edits a study material; an
// officer imports a 学习强国 points file through the wizard (upload → map
// columns → resolve rows: skip one, find a person for another → confirm), sees
// the ranking and exports it. A member on a phone sees their own 学习强国 rank
// among branch mates on the campaign's last whole month and picks other months
// with the month pickers (clicking a month cell), each choice reloading the
// ranking, with no horizontal scroll at 390 px.
// Against a real `duxing serve` with demo data (helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, assertInView, field, login, newPage, screenshot, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'
import { writeXlsx } from '../api/xlsx.mjs'

const isPath = (p, method) => (r) => new URL(r.url()).pathname === p && r.request().method() === method

async function chooseOption(page, selectTestId, text) {
  await page.getByTestId(selectTestId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

/**
 * The last day the header campaign's defaults reach: its last day once ended
 * (the demo's 2021 campaign), its first before it begins, else today.
 */
async function campaignAnchor(username) {
  const { campaign } = (await (await apiAs(username))('GET', '/account/current-campaign')).json
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
  return [today, campaign.start_date, campaign.end_date].sort()[1]
}

/** The month before the one after `day`: its own when it is a month's last day. */
function lastFullMonth(day) {
  const next = new Date(`${day}T00:00:00Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  next.setUTCDate(0)
  return next.toISOString().slice(0, 7)
}

describe('study', () => {
  const browser = sharedBrowser()

  test('学习强国排名 opens on the header campaign\'s last month; its period fits one line of a phone', async () => {
    const end = await campaignAnchor('dangyuan1')
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(page, 'study-xuexi-rank-campaign', async () => {
        await login(page, 'dangyuan1')
        const ranking = page.waitForResponse(isPath('/api/v1/study/xuexi/ranking', 'GET'))
        await page.goto(`${BASE_URL}/study/xuexi-rank`)
        const asked = new URL((await ranking).url()).searchParams
        assert.equal(asked.get('from'), lastFullMonth(end))
        assert.equal(asked.get('to'), lastFullMonth(end))
        const pickers = page.getByTestId('xuexi-rank-period').locator('.el-date-editor')
        const from = await pickers.nth(0).boundingBox()
        const to = await pickers.nth(1).boundingBox()
        const word = await page.getByTestId('xuexi-rank-period').getByText('至').boundingBox()
        assert.ok(Math.abs(from.y - to.y) < 2 && Math.abs(word.y + word.height / 2 - (from.y + from.height / 2)) < 4,
          `从, 至 and 到 on one line: ${JSON.stringify({ from, word, to })}`)
      })
    } finally {
      await context.close()
    }
  })

  test('a member on a phone sees their rank among branch mates and picks other months', async () => {
    const month = lastFullMonth(await campaignAnchor('dangyuan1'))
    // The officer imports that month's points for the member and two branch mates.
    const officer = await apiAs('dangwei')
    const orgs = (await officer('GET', '/orgs')).json.items
    const branch = orgs.find((o) => o.name === '机关第一支部')
    const committee = orgs.find((o) => o.name === '市统计局机关党委')
    const mates = (await officer('GET', `/people?org_id=${branch.id}&category=member&limit=50`)).json.items
      .filter((p) => p.name !== '钱党员').slice(0, 2)
    assert.equal(mates.length, 2)
    const file = writeXlsx([
      ['姓名', '单位', '月份', '积分'],
      ['钱党员', '机关第一支部', month, '1300'],
      [mates[0].name, '机关第一支部', month, '1500'],
      [mates[1].name, '机关第一支部', month, '1100'],
    ])
    const up = await officer('POST', `/study/xuexi/uploads?org_id=${committee.id}&file_name=${encodeURIComponent('积分.xlsx')}`,
      file, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    assert.equal(up.status, 201, JSON.stringify(up.json))
    const mapping = { name: '姓名', org: '单位', points: '积分', period: '月份', period_value: '' }
    const done = await officer('POST', `/study/xuexi/uploads/${up.json.id}/import`, { mapping })
    assert.equal(done.status, 200, JSON.stringify(done.json))

    const member = await apiAs('dangyuan1')
    const me = (await member('GET', '/auth/me')).json
    /** The member's row of the ranking the API answers them for from..to. */
    async function expected(from, to) {
      const r = await member('GET', `/study/xuexi/ranking?by=person&from=${from}&to=${to}`)
      assert.equal(r.status, 200)
      return { own: r.json.items.find((x) => x.id === (me.person_id ?? me.user?.person_id)), count: r.json.items.length }
    }
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(page, 'study-xuexi-rank-member', async () => {
        await login(page, 'dangyuan1')
        const opened = page.waitForResponse(isPath('/api/v1/study/xuexi/ranking', 'GET'))
        await page.goto(`${BASE_URL}/study/xuexi-rank`)
        const asked = new URL((await opened).url()).searchParams
        assert.deepEqual([asked.get('from'), asked.get('to')], [month, month])
        const own = page.getByTestId('xuexi-own-rank')
        const first = await expected(month, month)
        assert.equal(first.own.points, 1300)
        assert.equal(first.own.rank, 2, 'second of the three imported')
        await page.waitForFunction((text) => document.querySelector('[data-testid="xuexi-own-rank"]')?.innerText.includes(text),
          `第 2 名（共 ${first.count} 人），积分 1300`)
        const table = page.getByTestId('xuexi-branch-ranking')
        assert.equal(await table.locator('tbody tr').count(), first.count)
        assert.match(await table.locator('tbody tr.own-row').innerText(), /钱党员/)

        /** Opens picker `index` and clicks the month cell of `target` (YYYY-MM), as a user does. */
        async function pick(index, target) {
          const [year, m] = target.split('-').map(Number)
          // The other picker's panel closes first (both are in the page while it fades).
          await page.waitForFunction(() => [...document.querySelectorAll('.el-picker__popper')]
            .every((e) => getComputedStyle(e).display === 'none'))
          await page.getByTestId('xuexi-rank-period').locator('.el-date-editor').nth(index).click()
          const panel = page.locator('.el-picker__popper:visible .el-picker-panel')
          await panel.locator('.el-month-table').waitFor()
          const label = panel.locator('.el-date-picker__header-label').first()
          for (let i = 0; i < 20; i++) {
            const shown = Number((await label.innerText()).match(/\d{4}/)[0])
            if (shown === year) break
            await panel.locator(shown > year ? 'button.d-arrow-left' : 'button.d-arrow-right').click()
            await page.waitForFunction(([el, was]) => !el.innerText.includes(String(was)), [await label.elementHandle(), shown])
          }
          const reloaded = page.waitForResponse(isPath('/api/v1/study/xuexi/ranking', 'GET'))
          await panel.locator('.el-month-table td').nth(m - 1).click()
          return new URL((await reloaded).url()).searchParams
        }
        // June 2021 (the demo's imported month) to the campaign's last month: both months' points.
        let q = await pick(0, '2021-06')
        assert.deepEqual([q.get('from'), q.get('to')], ['2021-06', month])
        const both = await expected('2021-06', month)
        await page.waitForFunction((text) => document.querySelector('[data-testid="xuexi-own-rank"]')?.innerText.includes(text),
          `第 ${both.own.rank} 名（共 ${both.count} 人），积分 ${both.own.points}`)
        // June 2021 alone.
        q = await pick(1, '2021-06')
        assert.deepEqual([q.get('from'), q.get('to')], ['2021-06', '2021-06'])
        const june = await expected('2021-06', '2021-06')
        assert.ok(june.own && june.own.points < both.own.points)
        await page.waitForFunction((text) => document.querySelector('[data-testid="xuexi-own-rank"]')?.innerText.includes(text),
          `第 ${june.own.rank} 名（共 ${june.count} 人），积分 ${june.own.points}`)
        assert.equal(await table.locator('tbody tr').count(), june.count)
        assert.match(await own.innerText(), new RegExp(`积分 ${june.own.points}`))
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
        assert.ok(overflow <= 1, `no horizontal page scroll (overflow ${overflow}px)`)
        await screenshot(page, 'study-xuexi-rank-member')
      })
    } finally {
      await context.close()
    }
  })

  test('自学情况 opens on the header campaign\'s last month', async () => {
    const end = await campaignAnchor('zhibu1')
    const { context, page } = await newPage(browser())
    try {
      await withFailureShot(page, 'study-branch-campaign', async () => {
        await login(page, 'zhibu1')
        const totals = page.waitForResponse(isPath('/api/v1/study/totals', 'GET'))
        await page.goto(`${BASE_URL}/study/branch`)
        const asked = new URL((await totals).url()).searchParams
        assert.equal(asked.get('from'), `${end.slice(0, 8)}01`)
        assert.equal(asked.get('to'), end)
      })
    } finally {
      await context.close()
    }
  })

  test('a member adds a self-study entry on a phone, sees it listed and corrects it', async () => {
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    const notes = `重温党史${uniqueSuffix()}`
    try {
      await withFailureShot(page, 'study-my-phone', async () => {
        await login(page, 'dangyuan1')
        const materials = page.waitForResponse(isPath('/api/v1/study/materials', 'GET'))
        await page.goto(`${BASE_URL}/study/my`)
        assert.equal((await materials).status(), 200)
        await chooseOption(page, 'study-material', '中国共产党简史')
        await chooseOption(page, 'study-chapter', '第二章')
        await page.getByRole('button', { name: '60', exact: true }).click()
        await field(page, 'study-notes').fill(notes)
        const save = page.getByTestId('study-save')
        await assertInView(page, save, 'the save button')
        const created = page.waitForResponse(isPath('/api/v1/study/logs', 'POST'))
        await save.click()
        const res = await created
        assert.equal(res.status(), 201, await res.text())
        const body = await res.json()
        assert.equal(body.minutes, 60)
        assert.equal(body.chapter_title, '第二章 掀起土地革命的风暴')
        const item = page.getByTestId('study-log-item').filter({ hasText: notes })
        await item.waitFor()
        assert.match(await item.innerText(), /60 分钟/)
        // The member corrects the entry: its values come back into the form.
        await item.getByTestId('study-log-edit').click()
        await page.getByRole('button', { name: '90', exact: true }).click()
        const patched = page.waitForResponse((r) => /\/api\/v1\/study\/logs\/\d+$/.test(r.url()) && r.request().method() === 'PATCH')
        await page.getByTestId('study-save').click()
        const changed = await patched
        assert.equal(changed.status(), 200, await changed.text())
        assert.equal((await changed.json()).notes, notes, 'the notes were kept')
        await item.filter({ hasText: '90 分钟' }).waitFor()
      })
    } finally {
      await context.close()
    }
  })

  test('an org admin adds a study material with chapters and edits it', async () => {
    const { context, page } = await newPage(browser(), { width: 1366, height: 860 })
    const title = `专题读本${uniqueSuffix()}`
    try {
      await withFailureShot(page, 'study-materials', async () => {
        await login(page, 'dangwei')
        const listed = page.waitForResponse(isPath('/api/v1/study/materials', 'GET'))
        await page.goto(`${BASE_URL}/study/materials`)
        assert.equal((await listed).status(), 200)
        await page.getByTestId('material-item').filter({ hasText: '中国共产党简史' }).waitFor()
        await page.getByTestId('btn-add-material').click()
        await field(page, 'material-title').fill(title)
        await field(page, 'material-chapters').fill('第一讲 开篇\n第二讲 初心')
        const created = page.waitForResponse(isPath('/api/v1/study/materials', 'POST'))
        await page.getByTestId('material-save').click()
        assert.equal((await created).status(), 201)
        const item = page.getByTestId('material-item').filter({ hasText: title })
        await item.click()
        await item.getByText('第二讲 初心').waitFor()
        await item.getByTestId('material-edit').click()
        await field(page, 'material-chapters').fill('第一讲 开篇\n第二讲 初心使命\n第三讲 实践')
        const saved = page.waitForResponse((r) => /\/api\/v1\/study\/materials\/\d+$/.test(r.url()))
        await page.getByTestId('material-save').click()
        const res = await saved
        assert.equal(res.status(), 200, await res.text())
        assert.deepEqual((await res.json()).chapters.map((c) => c.title), ['第一讲 开篇', '第二讲 初心使命', '第三讲 实践'])
        await item.getByText('第三讲 实践').waitFor()
      })
    } finally {
      await context.close()
    }
  })

  test('an officer imports 学习强国 points through the wizard and sees the ranking', async () => {
    const { context, page } = await newPage(browser(), { width: 1366, height: 860 })
    // Points unique to this run, so the ranking shows this import's figures.
    const points = String(1000 + Math.floor(Math.random() * 8000))
    // A member of 机关第一支部 whose name the export spells otherwise: found by search.
    const api = await apiAs('dangwei')
    const members = await api('GET', '/people?org_id=' + (await api('GET', '/orgs')).json.items
      .find((o) => o.name === '机关第一支部').id + '&category=member&limit=50')
    const peer = members.json.items.find((p) => !['钱党员', '赵书记'].includes(p.name))
    const file = writeXlsx([
      ['序号', '姓名', '单位', '月份', '本月积分'],
      ['1', '钱党员', '机关第一支部', '2025-11', points],
      ['2', '赵书记', '', '2025年11月', '1200'],
      ['3', '查无此人', '机关第一支部', '2025-11', '10'],
      ['4', `${peer.name}（兼）`, '机关第一支部', '2025-11', '900'],
    ])
    try {
      await withFailureShot(page, 'study-xuexi-wizard', async () => {
        await login(page, 'dangwei')
        const orgs = page.waitForResponse(isPath('/api/v1/orgs', 'GET'))
        await page.goto(`${BASE_URL}/study/xuexi`)
        assert.equal((await orgs).status(), 200)
        await chooseOption(page, 'xuexi-org', '市统计局机关党委')
        const uploaded = page.waitForResponse(isPath('/api/v1/study/xuexi/uploads', 'POST'))
        await page.locator('input[type=file]').setInputFiles({
          name: '学习强国积分2025年11月.xlsx',
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          buffer: file,
        })
        assert.equal((await uploaded).status(), 201)
        // Step 2: the header and samples are shown, the columns guessed (or remembered).
        await page.getByTestId('xuexi-step-map').waitFor()
        assert.match(await page.getByTestId('xuexi-samples').innerText(), /钱党员/)
        assert.match(await page.getByTestId('xuexi-map-points').innerText(), /本月积分/)
        const checked = page.waitForResponse((r) => /\/study\/xuexi\/uploads\/\d+\/check$/.test(r.url()))
        await page.getByTestId('xuexi-check').click()
        assert.equal((await checked).status(), 200)
        // Step 3: the one unmatched row must be resolved before importing.
        await page.getByTestId('xuexi-step-resolve').waitFor()
        assert.equal(await page.getByTestId('xuexi-matched').innerText(), '2')
        const importButton = page.getByTestId('xuexi-import')
        assert.equal(await importButton.isDisabled(), true, 'import waits for every open row')
        const [skip, choose] = [page.getByTestId('xuexi-resolve').nth(0), page.getByTestId('xuexi-resolve').nth(1)]
        await skip.click()
        await page.locator('.el-select-dropdown__item:visible', { hasText: '跳过此行' }).click()
        assert.equal(await importButton.isDisabled(), true, 'one row is still open')
        const searched = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/people')
        await choose.locator('input').fill(peer.name)
        assert.equal((await searched).status(), 200)
        await page.locator('.el-select-dropdown__item:visible', { hasText: peer.name }).first().click()
        const imported = page.waitForResponse((r) => /\/study\/xuexi\/uploads\/\d+\/import$/.test(r.url()))
        await importButton.click()
        const res = await imported
        assert.equal(res.status(), 200, await res.text())
        assert.deepEqual(await res.json(), { imported: 3, skipped: 1, periods: ['2025-11'] })
        await page.getByTestId('xuexi-step-done').waitFor()
        const ranking = page.waitForResponse(isPath('/api/v1/study/xuexi/ranking', 'GET'))
        await page.getByTestId('xuexi-see-ranking').click()
        assert.equal((await ranking).status(), 200)
        const table = page.getByTestId('xuexi-ranking')
        await table.locator('tr', { hasText: '钱党员' }).waitFor()
        assert.match(await table.locator('tr', { hasText: '钱党员' }).innerText(), new RegExp(points))
        const download = page.waitForEvent('download')
        await page.getByTestId('ranking-export').click()
        assert.match((await download).suggestedFilename(), /^学习强国积分排名2025-11\.xlsx$/)
      })
    } finally {
      await context.close()
    }
  })
})
