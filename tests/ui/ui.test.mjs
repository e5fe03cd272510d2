// Browser tests of the duxing web UI against a real `duxing serve` with demo data.
// Env: DUXING_URL (base URL), DUXING_DEMO_PASSWORD (password of the demo accounts).
// Run: npm ci --prefix tests/ui && node --test --test-concurrency=1 tests/ui/
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE_URL,
  field,
  sharedBrowser,
  login,
  newPage,
  openPeople,
  PASSWORD,
  peopleTotal,
  reloadPeople,
  screenshot,
  uniqueSuffix,
  withFailureShot,
  clickMenu,
  menuText,
} from './helpers.mjs'

const BRANCH = '机关第一支部'
const OTHER_BRANCH = '机关第二支部'

describe('duxing web UI', { concurrency: 1 }, () => {
  const browser = sharedBrowser()

  test('org admin creates a person and finds it in the table', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser())
    await withFailureShot(page, 'create-person', async () => {
      await login(page, 'dangwei', { shot: 'login-desktop' })
      await openPeople(page)

      // Chinese renders: title, menu and table headers.
      const body = await page.locator('body').innerText()
      for (const text of ['组织与人员', '社区/村', '系统管理', '账户设置', '所在支部', '人员类别']) {
        assert.ok(body.includes(text), `page shows ${text}`)
      }
      // ...and its glyphs are drawn with a CJK font, not as empty boxes
      const glyphs = await page.evaluate(() => {
        const canvas = document.createElement('canvas')
        canvas.width = canvas.height = 48
        const ctx = canvas.getContext('2d')
        ctx.font = `36px ${getComputedStyle(document.body).fontFamily}`
        const draw = (ch) => {
          ctx.clearRect(0, 0, 48, 48)
          ctx.fillText(ch, 4, 40)
          return Array.from(ctx.getImageData(0, 0, 48, 48).data).join(',')
        }
        const zu = draw('组')
        return { differ: zu !== draw('织'), notMissing: zu !== draw('\uE000') }
      })
      assert.ok(glyphs.differ && glyphs.notMissing, `CJK glyphs render: ${JSON.stringify(glyphs)}`)
      await screenshot(page, 'people-dangwei')

      await reloadPeople(page, () => page.locator(`[data-org-name="${BRANCH}"]`).first().click())
      const scope = await page.getByTestId('people-scope').innerText()
      assert.ok(scope.includes(BRANCH), `scope label names the branch: ${scope}`)

      // The tree shows the branch's head count, which is the list's total.
      const count = page.locator(`[data-org-name="${BRANCH}"] [data-testid="org-count"]`).first()
      const before = Number(await count.innerText())
      assert.equal(before, await peopleTotal(page), 'the count beside the branch is its list total')

      const name = `界面测试${uniqueSuffix()}`
      await page.getByTestId('btn-add-person').click()
      const dialog = page.locator('.el-dialog').filter({ hasText: '新增人员' })
      await dialog.waitFor()
      await field(dialog, 'person-name').fill(name)
      await dialog.locator('.el-radio').filter({ hasText: '女' }).click()
      await field(dialog, 'person-post').fill('科员')
      await field(dialog, 'person-phone').fill('13800138000')
      // the branch selected in the tree is preselected
      const orgText = await dialog.getByTestId('person-org').innerText()
      assert.ok(orgText.includes(BRANCH), `organization preselected: ${orgText}`)
      await screenshot(page, 'person-form')

      const created = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/v1/people' && r.request().method() === 'POST',
      )
      await page.getByTestId('person-save').click()
      const res = await created
      assert.equal(res.status(), 201, `POST /people answered ${res.status()}`)
      await dialog.waitFor({ state: 'hidden' })
      await page.waitForFunction(
        ([sel, n]) => Number(document.querySelector(sel)?.textContent) === n,
        [`[data-org-name="${BRANCH}"] [data-testid="org-count"]`, before + 1],
      )

      await field(page, 'filter-q').fill(name)
      await reloadPeople(page, () => page.getByTestId('btn-search').click())
      const cell = page.getByTestId('person-name-cell').filter({ hasText: name })
      await cell.first().waitFor()
      assert.equal(await page.getByTestId('person-name-cell').count(), 1)
      assert.equal((await page.getByTestId('person-org-cell').first().innerText()).trim(), BRANCH)
      assert.equal(await peopleTotal(page), 1)
      await screenshot(page, 'person-created')
    })
    await context.close()
  })

  test('import with a bad row shows per-row errors and imports nothing', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser())
    await withFailureShot(page, 'import-errors', async () => {
      await login(page, 'dangwei')
      await openPeople(page)
      const totalBefore = await peopleTotal(page)
      assert.ok(totalBefore > 0, 'the demo has people')

      const suffix = uniqueSuffix()
      const good = `导入甲${suffix}`
      const csv =
        '\uFEFF姓名,性别,出生日期,入党日期,人员类别,所在支部,所在科室,职务,联系电话,居住社区,状态\r\n' +
        `${good},男,1990-01-01,2015-07-01,在职党员,${BRANCH},,科员,13800000001,,正常\r\n` +
        `导入乙${suffix},女,1991-02-02,,在职党员,不存在的支部${suffix},,科员,13800000002,,正常\r\n`

      await page.getByTestId('btn-import').click()
      const dialog = page.locator('.el-dialog').filter({ hasText: '导入人员' })
      await dialog.waitFor()
      await page.getByTestId('import-file-input').setInputFiles({
        name: 'people-bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv, 'utf8'),
      })
      assert.equal((await page.getByTestId('import-file-name').innerText()).trim(), 'people-bad.csv')

      const posted = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/v1/people/import',
      )
      await page.getByTestId('import-submit').click()
      const res = await posted
      assert.equal(res.status(), 422, `import answered ${res.status()}`)
      assert.match(res.request().headers()['content-type'] ?? '', /^text\/csv/)

      await page.getByTestId('import-error').waitFor()
      const alert = await page.getByTestId('import-error').innerText()
      assert.ok(alert.includes('文件有错误，未导入任何数据'), alert)
      // The server's count of bad rows (its report lists at most the first 1,000).
      assert.ok(alert.includes('文件有 1 行错误'), alert)
      const table = dialog.locator('.el-table').first()
      await table.waitFor()
      const headers = await table.locator('thead').innerText()
      for (const h of ['行号', '列', '原因']) assert.ok(headers.includes(h), `details header ${h}`)
      const rows = table.locator('tbody tr')
      assert.equal(await rows.count(), 1, 'exactly one bad row')
      const cells = (await rows.first().locator('td').allInnerTexts()).map((t) => t.trim())
      assert.equal(cells[0], '3', `bad row is file line 3: ${cells}`)
      assert.equal(cells[1], '所在支部')
      assert.ok(cells[2].length > 0, 'a reason is given')
      await screenshot(page, 'import-errors')

      await page.getByTestId('import-close').click()
      await dialog.waitFor({ state: 'hidden' })
      await reloadPeople(page, () => page.getByTestId('btn-search').click())
      assert.equal(await peopleTotal(page), totalBefore, 'total unchanged')

      // the good row of the refused file was not imported either
      await field(page, 'filter-q').fill(good)
      await reloadPeople(page, () => page.getByTestId('btn-search').click())
      assert.equal(await peopleTotal(page), 0)
    })
    await context.close()
  })

  test('exports: people, audit log and accounts download as .xlsx with Chinese names', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser())
    await withFailureShot(page, 'exports', async () => {
      await login(page, 'dangwei')
      const download = async (button) => {
        const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()])
        const stream = await file.createReadStream()
        const chunks = []
        for await (const c of stream) chunks.push(c)
        const bytes = Buffer.concat(chunks)
        assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', `${file.suggestedFilename()} is an .xlsx`)
        return file.suggestedFilename()
      }
      await openPeople(page)
      assert.equal(await download('btn-export'), '人员名单.xlsx')

      await clickMenu(page, 'audit')
      await page.getByTestId('audit-table').waitFor()
      // Labels come from the server's vocabulary.
      await page.getByTestId('audit-table').locator('td').filter({ hasText: /^(新增|登录|修改|导入)$/ }).first().waitFor()
      assert.equal(await download('audit-export'), '审计日志.xlsx')

      await clickMenu(page, 'accounts')
      await page.getByTestId('accounts-table').waitFor()
      assert.equal(await download('btn-accounts-export'), '账号.xlsx')
    })
    await context.close()
  })

  test('audit log: pick the actor by name; only their entries are listed', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser())
    await withFailureShot(page, 'audit-actor', async () => {
      await login(page, 'dangwei')
      await clickMenu(page, 'audit')
      await page.getByTestId('audit-table').waitFor()
      const found = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/accounts')
      await field(page, 'audit-actor').fill('孙干事')
      const res = await found
      assert.equal(res.status(), 200)
      const me = (await res.json()).items.find((a) => a.username === 'dangwei')
      assert.ok(me, 'the search finds dangwei by its name')
      const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/audit' &&
        new URL(r.url()).searchParams.get('actor_id') === String(me.id))
      await page.locator('.audit-actor-popper:visible .el-select-dropdown__item').filter({ hasText: 'dangwei' }).first().click()
      const list = await (await listed).json()
      assert.ok(list.total >= 1, 'dangwei signed in at least once')
      assert.ok(list.items.every((e) => e.actor_id === me.id))
      await screenshot(page, 'audit-by-actor')
    })
    await context.close()
  })

  test('person detail shows its history; an edit appears at the top with the changed field', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser())
    await withFailureShot(page, 'person-history', async () => {
      await login(page, 'dangwei')
      await openPeople(page)
      await page.getByTestId('person-name-cell').first().click()
      await page.getByTestId('record-history').waitFor()
      await page.getByTestId('history-item').first().waitFor()
      const post = `历史测试${uniqueSuffix()}`
      await page.getByTestId('detail-edit').click()
      const dialog = page.getByTestId('person-dialog')
      await field(dialog, 'person-post').fill(post)
      const saved = page.waitForResponse((r) => /\/api\/v1\/people\/\d+$/.test(new URL(r.url()).pathname) &&
        r.request().method() === 'PATCH')
      await dialog.getByTestId('person-save').click()
      assert.equal((await saved).status(), 200)
      const top = page.getByTestId('history-item').first()
      await top.filter({ hasText: post }).waitFor()
      const text = await top.innerText()
      assert.match(text, /修改/)
      assert.match(text, /机关党委（孙干事）/)
      assert.match(text, new RegExp(`职务：.*→ ${post}`))
      await screenshot(page, 'person-history')
    })
    await context.close()
  })

  test('branch secretary sees only their branch', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser())
    await withFailureShot(page, 'branch-scope', async () => {
      await login(page, 'zhibu1')
      const menu = await menuText(page)
      assert.ok(menu.includes('组织与人员') && menu.includes('社区/村'), menu)
      assert.ok(!menu.includes('审计日志'), 'no audit log for a branch secretary')

      await openPeople(page)
      const tree = page.getByTestId('org-tree')
      await tree.locator(`[data-org-name="${BRANCH}"]`).first().waitFor()
      const treeText = await tree.innerText()
      assert.ok(treeText.includes(BRANCH))
      assert.ok(!treeText.includes(OTHER_BRANCH), `tree hides ${OTHER_BRANCH}: ${treeText}`)
      assert.ok(!treeText.includes('机关党委'), `tree hides the committee: ${treeText}`)

      const orgCells = (await page.getByTestId('person-org-cell').allInnerTexts()).map((t) => t.trim())
      assert.ok(orgCells.length > 0, 'the branch has people')
      for (const org of orgCells) assert.equal(org, BRANCH)
      assert.ok((await page.locator('body').innerText()).includes('组织与人员'))
      await screenshot(page, 'people-zhibu1')
    })
    await context.close()
  })

  test('leader reads without write buttons', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser())
    await withFailureShot(page, 'leader-readonly', async () => {
      await login(page, 'lingdao')
      // The leader's home: the dashboard with head counts by category and by branch.
      await page.getByTestId('dashboard').waitFor()
      await page.getByTestId('category-chart').locator('canvas').first().waitFor()
      await page.getByTestId('branch-chart').locator('canvas').first().waitFor()
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=stat-people]')?.textContent ?? ''))
      await screenshot(page, 'dashboard-leader')
      const menu = await menuText(page)
      assert.ok(!menu.includes('审计日志'), 'no audit log for a leader')
      await openPeople(page)
      assert.ok((await page.getByTestId('person-name-cell').count()) > 0)
      assert.equal(await page.getByTestId('btn-add-person').count(), 0)
      assert.equal(await page.getByTestId('btn-import').count(), 0)
      assert.equal(await page.getByTestId('row-edit').count(), 0)
      assert.equal(await page.getByTestId('row-archive').count(), 0)
      assert.equal(await page.getByTestId('org-actions').count(), 0)
      assert.equal(await page.getByTestId('btn-export').count(), 1)
    })
    await context.close()
  })

  test('a branch secretary on a phone: the list comes first, the tree unfolds on demand', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    await withFailureShot(page, 'people-phone', async () => {
      await login(page, 'zhibu1')
      await page.getByTestId('menu-toggle').click()
      const list = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/people')
      await clickMenu(page, 'people')
      await list
      await page.getByTestId('people-cards').waitFor()  // a phone lists people as cards
      assert.equal(await page.getByTestId('org-panel').isVisible(), false, 'the tree starts folded')
      assert.match(await page.getByTestId('tree-toggle').innerText(), /组织机构：全部/)
      await screenshot(page, 'people-phone')

      await page.getByTestId('tree-toggle').click()
      await page.getByTestId('org-panel').waitFor()
      const narrowed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/people' &&
        new URL(r.url()).searchParams.has('org_id'))
      await page.locator('[data-org-name="第一党小组"]').first().click()
      await narrowed
      await page.getByTestId('org-panel').waitFor({ state: 'hidden' })
      assert.match(await page.getByTestId('tree-toggle').innerText(), /组织机构：第一党小组/)
      assert.match(await page.getByTestId('people-scope').innerText(), /第一党小组/)
    })
    await context.close()
  })

  test('member on a phone sees 我的信息', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), { width: 375, height: 812, mobile: true })
    await withFailureShot(page, 'member-phone', async () => {
      await login(page, 'dangyuan1', { shot: 'login-phone' })
      await page.waitForURL((u) => u.pathname === '/me')
      await page.getByTestId('my-info').waitFor()
      await page.getByTestId('detail-name').waitFor()
      const name = (await page.getByTestId('detail-name').innerText()).trim()
      assert.ok(name.length > 0, 'own name shown')
      assert.equal((await page.getByTestId('detail-org').innerText()).trim(), BRANCH)
      const text = await page.locator('body').innerText()
      assert.ok(text.includes('我的信息'))
      assert.ok(text.includes('所在支部'))

      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      assert.ok(overflow <= 1, `no horizontal page scroll at 375px (overflow ${overflow}px)`)
      await screenshot(page, 'my-info-phone')

      // the sidebar is a drawer with only the member's pages
      assert.equal(await page.locator('.el-aside').count(), 0, 'no fixed sidebar on a phone')
      await page.getByTestId('menu-toggle').click()
      const menu = page.getByTestId('side-menu')
      await menu.waitFor()
      const items = await menu.locator('.el-menu-item').evaluateAll((els) => els.map((e) => e.textContent.trim()))
      // A member's own pages come first; with 我的任务 (台账) the menu is past the 12
      // entries that fit unfolded, so the rest fold into their groups, and 我的
      // (holding this page) is open.
      assert.deepEqual(items, ['我的活动', '我的考试', '我的任务', '我的组织生活会', '我的自学', '学习强国排名', '我的信息', '学习教育活动', '领导小组', '文件', '学习材料', '调研报告竞赛', '学习标兵', '账户设置'])
      const groups = (await menu.locator('.el-sub-menu__title').allInnerTexts()).map((t) => t.trim())
      assert.deepEqual(groups, ['我的', '学习教育', '考试与竞赛'])
      await page.getByTestId('menu-me').waitFor()
      await page.getByTestId('menu-ledger-mine').waitFor()
      await screenshot(page, 'menu-drawer-phone')

      await page.getByTestId('menu-account').click()
      await page.waitForURL((u) => u.pathname === '/account')
      await page.getByTestId('account-page').waitFor()
      // a member's 账户设置: password and sessions, no API tokens
      await page.getByTestId('sessions-cards').getByTestId('list-card').first().waitFor()
      assert.equal(await page.getByTestId('tokens-card').count(), 0)
      const overflow2 = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      assert.ok(overflow2 <= 1, `no horizontal page scroll on 账户设置 (overflow ${overflow2}px)`)
      await screenshot(page, 'account-phone')

      // a member cannot open staff pages
      await page.goto(page.url().replace(/\/account$/, '/people'))
      await page.getByTestId('forbidden').waitFor()
    })
    await context.close()
  })

  test('staff menu at 1366x768: folded groups that fit, distinct icons, the page\'s group open', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    await withFailureShot(page, 'menu-groups', async () => {
      await login(page, 'dangwei')
      const menu = page.getByTestId('side-menu')
      await menu.waitFor()
      const groups = (await menu.locator('.el-sub-menu__title').allInnerTexts()).map((t) => t.trim())
      for (const g of ['学习教育', '活动与考勤', '考试与竞赛', '组织管理', '系统管理']) {
        assert.ok(groups.includes(g), `group ${g}: ${groups}`)
      }
      // Every top-level line fits the screen: the last one, 账户设置, is in view.
      const last = await page.getByTestId('menu-account').boundingBox()
      assert.ok(last && last.y + last.height <= 768, `账户设置 within 768 px: ${JSON.stringify(last)}`)
      // No two entries or groups share an icon.
      const icons = await menu.locator('.el-menu-item .el-icon, .el-sub-menu__title > .el-icon:first-child')
        .evaluateAll((els) => els.map((e) => e.innerHTML))
      assert.equal(new Set(icons).size, icons.length, 'distinct icons')
      // The system group lists 账号管理, 审计日志, 后台任务 (if any) in that order, nothing else.
      const system = (await page.getByTestId('menugroup-system').locator('.el-menu-item').evaluateAll(
        (els) => els.map((e) => e.textContent.trim())))
      assert.deepEqual(system.slice(0, 2), ['账号管理', '审计日志'])
      await screenshot(page, 'menu-groups-1366')
      await clickMenu(page, 'audit')
      await page.getByTestId('audit-table').waitFor()
      // Reached by its address, a page opens its group.
      await page.goto(`${BASE_URL}/communities`)
      await page.getByTestId('menu-communities').waitFor({ state: 'visible' })
    })
    await context.close()
  })

  test('when the session has ended, the next step leads to sign-in and back', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser())
    await withFailureShot(page, 'session-ended', async () => {
      await login(page, 'dangyuan1')
      await page.getByTestId('my-info').waitFor()
      // The session ends on the server's side of the browser: no cookie any more.
      await context.clearCookies()
      await page.getByTestId('menu-account').click()
      await page.waitForURL((u) => u.pathname === '/login')
      const url = new URL(page.url())
      assert.equal(url.searchParams.get('redirect'), '/account')
      await page.getByTestId('login-expired').waitFor()
      assert.match(await page.getByTestId('login-expired').innerText(), /重新登录/)
      assert.equal(await page.getByTestId('current-user').count(), 0, 'no signed-in shell')
      await screenshot(page, 'session-ended')

      await field(page, 'login-username').fill('dangyuan1')
      await field(page, 'login-password').fill(PASSWORD)
      await page.getByTestId('login-submit').click()
      await page.waitForURL((u) => u.pathname === '/account')
      await page.getByTestId('sessions-table').waitFor()
      assert.equal(await page.getByTestId('login-expired').count(), 0)
    })
    await context.close()
  })

  // The Content-Security-Policy is served and enforced. That the pages with
  // Element Plus and ECharts run under it is checked by every test here: the
  // shared helpers fail a test whose page reports a violation.
  test('the page is served with a policy that blocks inline script', { timeout: 60_000 }, async () => {
    const { context, page } = await newPage(browser())
    const res = await page.goto(`${BASE_URL}/login`)
    const csp = res.headers()['content-security-policy'] ?? ''
    assert.match(csp, /script-src 'self'/)
    assert.match(csp, /frame-ancestors 'none'/)
    const reported = page.waitForEvent('console', (m) => /CSP violation: script-src/.test(m.text()))
    const ran = await page.evaluate(() => {
      const s = document.createElement('script')
      s.textContent = 'window.__inlineRan = true'
      document.body.appendChild(s)
      return window.__inlineRan === true
    })
    assert.equal(ran, false, 'an inline script does not run')
    await reported
    await context.close()
  })
})
