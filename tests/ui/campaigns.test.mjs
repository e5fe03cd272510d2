// Browser tests of 学习教育活动 (/campaigns) and the header's current-campaign
// selector, at 1366×768 and 390×844, against a real `duxing serve` with demo
// data. Campaign names carry a random suffix, so runs do not depend on each other.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, PASSWORD, field, login, newPage, screenshot, sharedBrowser, uniqueSuffix, withFailureShot, clickMenu } from './helpers.mjs'

const isPath = (p, method) => (r) => new URL(r.url()).pathname === p && r.request().method() === method

/** Makes one campaign of 机关党委 over the API as dangwei, so every test has one to show. */
async function ensureCampaign() {
  const res = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'dangwei', password: PASSWORD }),
  })
  assert.equal(res.status, 200)
  const headers = { Cookie: res.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': (await res.json()).csrf_token,
    'Content-Type': 'application/json' }
  const orgs = await (await fetch(`${BASE_URL}/api/v1/orgs`, { headers })).json()
  const committee = orgs.items.find((o) => o.name === '市统计局机关党委')
  const made = await fetch(`${BASE_URL}/api/v1/campaigns`, {
    method: 'POST', headers,
    body: JSON.stringify({ org_id: committee.id, name: `读书班${uniqueSuffix()}`, year: 2026, start_date: '2026-05-01',
      end_date: '2026-06-30', goals: ['学史明理'], status: 'active' }),
  })
  assert.equal(made.status, 201, await made.text())
}

before(ensureCampaign)

async function openCampaigns(page) {
  const list = page.waitForResponse(isPath('/api/v1/campaigns', 'GET'))
  await page.goto(`${BASE_URL}/campaigns`)
  assert.equal((await list).status(), 200)
  // a table on a wide screen, cards on a phone
  await page.locator('[data-testid="campaigns-table"], [data-testid="campaigns-cards"]').first().waitFor()
}

/** Types a date range into the Element Plus daterange picker inside `locator`. */
async function fillRange(locator, start, end) {
  const inputs = locator.locator('input')
  await inputs.nth(0).fill(start)
  await inputs.nth(1).fill(end)
  await inputs.nth(1).press('Enter')
}

async function chooseOption(page, selectTestId, text) {
  await page.getByTestId(selectTestId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

describe('campaigns at 1366×768', () => {
  const browser = sharedBrowser()

  test('required fields are checked before sending; a new campaign is listed, shown and chosen in the header', async () => {
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    const name = `专题学习教育${uniqueSuffix()}`
    try {
      await withFailureShot(page, 'campaigns-create-desktop', async () => {
        await login(page, 'dangwei')
        await openCampaigns(page)
        await page.getByTestId('btn-add-campaign').click()
        const dialog = page.getByTestId('campaign-dialog')
        await dialog.waitFor()
        let posted = 0
        page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/campaigns' && r.method() === 'POST') posted++ })
        await page.getByTestId('campaign-save').click()
        await dialog.locator('.el-form-item__error').first().waitFor()
        assert.ok((await dialog.locator('.el-form-item.is-required').count()) >= 4, 'required marks')
        assert.equal(posted, 0, 'nothing sent before the form is valid')
        await screenshot(page, 'campaigns-form-errors-desktop')

        await chooseOption(page, 'campaign-org', '市统计局机关党委')
        await field(page, 'campaign-name').fill(name)
        await field(page, 'campaign-year').fill('2026')
        await fillRange(dialog.locator('.el-form-item', { hasText: '起止日期' }), '2026-03-01', '2026-12-31')
        await field(page, 'campaign-goals').fill('学党史\n悟思想\n办实事\n开新局')
        await page.getByTestId('campaign-add-phase').click()
        const phase = page.getByTestId('campaign-phase').first()
        await phase.locator('input').first().fill('学习教育')
        await fillRange(phase.locator('.el-date-editor'), '2026-03-01', '2026-10-31')
        await field(page, 'campaign-study-points').fill('学习重点一\n学习重点二')
        await screenshot(page, 'campaigns-form-desktop')
        const created = page.waitForResponse(isPath('/api/v1/campaigns', 'POST'))
        await page.getByTestId('campaign-save').click()
        const res = await created
        assert.equal(res.status(), 201, await res.text())
        const campaign = await res.json()
        assert.deepEqual(campaign.goals, ['学党史', '悟思想', '办实事', '开新局'])
        assert.deepEqual(campaign.phases, [{ name: '学习教育', start_date: '2026-03-01', end_date: '2026-10-31' }])
        await dialog.waitFor({ state: 'hidden' })
        const row = page.getByTestId('campaign-name-cell').filter({ hasText: name })
        await row.waitFor()
        await screenshot(page, 'campaigns-list-desktop')

        await row.click()
        await page.waitForURL((u) => u.pathname === `/campaigns/${campaign.id}`)
        await page.getByTestId('detail-title').filter({ hasText: name }).waitFor()
        assert.match(await page.getByTestId('campaign-goals-view').innerText(), /学党史[\s\S]*开新局/)
        assert.match(await page.getByTestId('campaign-phases-view').innerText(), /学习教育/)
        assert.match(await page.getByTestId('campaign-points-view').innerText(), /学习重点一[\s\S]*学习重点二/)
        await screenshot(page, 'campaigns-detail-desktop')

        const chosen = page.waitForResponse(isPath('/api/v1/account/current-campaign', 'PUT'))
        await chooseOption(page, 'campaign-selector', name)
        assert.equal((await chosen).status(), 200)
        const current = page.waitForResponse(isPath('/api/v1/account/current-campaign', 'GET'))
        await page.reload()
        assert.equal((await (await current).json()).campaign.id, campaign.id)
        await page.getByTestId('campaign-selector').locator(`text=${name}`).waitFor()
        await screenshot(page, 'campaigns-selector-desktop')
      })
    } finally {
      await context.close()
    }
  })

  test('a member reads campaigns but has no 新建/编辑', async () => {
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(page, 'campaigns-member-desktop', async () => {
        await login(page, 'dangyuan1')
        await clickMenu(page, 'campaigns')
        await page.getByTestId('campaigns-table').waitFor()
        await page.getByTestId('campaign-name-cell').first().waitFor()
        assert.equal(await page.getByTestId('btn-add-campaign').count(), 0)
        assert.equal(await page.getByTestId('campaign-edit').count(), 0)
      })
    } finally {
      await context.close()
    }
  })
})

describe('campaigns at 390×844', () => {
  const browser = sharedBrowser()

  test('the list and the header selector fit a phone', async () => {
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(page, 'campaigns-phone', async () => {
        await login(page, 'dangwei')
        await openCampaigns(page)
        await page.getByTestId('campaign-name-cell').first().waitFor()
        const selector = page.getByTestId('campaign-selector')
        await selector.waitFor()
        const box = await selector.boundingBox()
        assert.ok(box.x >= 0 && box.x + box.width <= 390, `selector inside the screen: ${JSON.stringify(box)}`)
        const bell = await page.getByTestId('notification-bell').boundingBox()
        assert.ok(bell.x + bell.width <= 390, 'bell inside the screen')
        const width = await page.evaluate(() => document.documentElement.scrollWidth)
        assert.ok(width <= 390, `no sideways scrolling (${width})`)
        await screenshot(page, 'campaigns-list-phone')
      })
    } finally {
      await context.close()
    }
  })
})
