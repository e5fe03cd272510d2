// Browser test of the ledger's enterprise visits (千人进企业服务) and
// self-checks (专项监督检查自查) pages. 机关党委's officer registers a visit on a
// new 企业走访 event: an invalid unified social credit code is refused in the
// form with a clear message and nothing is sent; a valid one is saved and the
// visit's page opens; the visit is edited under its version; a problem raised
// there becomes an item routed to a department, and is routed (改派) to
// another one. A branch secretary checks a point of a new self-check as 不符合
// and sees it become an item. Both at 1366×768, the pages also at 390×844.
// The event and the checklist are made over the API, so runs do not depend on
// each other. Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE_URL, apiAs, chooseOption, choosePerson, field, login, newPage, noHorizontalScroll, screenshot, sharedBrowser, uniqueSuffix,
  withFailureShot,
} from './helpers.mjs'

const isPath = (p, method) => (r) => new URL(r.url()).pathname === p && r.request().method() === method
const DESKTOP = { width: 1366, height: 768 }
const PHONE = { width: 390, height: 844, mobile: true }

// GB 32100-2015 codes: two valid ones, and the first with a wrong check character.
const CODE = '91350102MA2Y3XXX0N'
const CODE_EDITED = '913501007054321AB2'
const CODE_WRONG = '91350102MA2Y3XXX0M'

/** Types a date into the date picker of the visible dialog's form item labelled `label`. */
async function fillDate(page, label, date) {
  const input = page.locator('.el-dialog:visible .el-form-item', { hasText: label }).locator('input')
  await input.fill(date)
  await input.press('Enter')
}

describe('enterprise visits', () => {
  const browser = sharedBrowser()
  let eventTitle, enterprise, visitId

  before(async () => {
    const api = await apiAs('dangwei')
    const orgs = (await api('GET', '/orgs')).json.items
    const branch = orgs.find((o) => o.name === '机关第一支部')
    const types = (await api('GET', '/event-types')).json.items
    eventTitle = `千人进企业服务走访${uniqueSuffix()}`
    enterprise = `华信电子有限公司${uniqueSuffix()}`
    const made = await api('POST', '/events', {
      org_id: branch.id,
      title: eventTitle,
      type_id: types.find((t) => t.code === 'enterprise_visit').id,
      starts_at: '2026-04-20T01:00:00Z',
      ends_at: '2026-04-20T04:00:00Z',
      target_org_ids: [branch.id],
      target_categories: ['member'],
      status: 'published',
    })
    assert.equal(made.status, 201, JSON.stringify(made.json))
  })

  test('register a visit (a wrong credit code refused in the form), edit it, route its issue to a department', async () => {
    const { context, page } = await newPage(browser(), DESKTOP)
    try {
      await withFailureShot(page, 'ledger-visits', async () => {
        await login(page, 'dangwei')
        const listed = page.waitForResponse(isPath('/api/v1/ledger/enterprise-visits', 'GET'))
        await page.goto(`${BASE_URL}/ledger/enterprise-visits`)
        assert.equal((await listed).status(), 200)
        await page.getByTestId('visit-table').waitFor()

        const creates = []
        page.on('request', (r) => {
          if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/ledger/enterprise-visits') creates.push(r)
        })
        await page.getByTestId('visit-new').click()
        const dialog = page.getByTestId('visit-dialog')
        await dialog.waitFor()
        await chooseOption(page, 'visit-event', eventTitle)
        await field(page, 'visit-name').fill(enterprise)
        await field(page, 'visit-code').fill(CODE_WRONG)
        await choosePerson(page, 'visit-visitor', '钱党员')
        await fillDate(page, '走访日期', '2026-04-20')
        await field(page, 'visit-note').fill('了解企业统计报表报送情况')
        await page.getByTestId('visit-save').click()
        const codeItem = dialog.locator('.el-form-item', { hasText: '统一社会信用代码' })
        await codeItem.locator('.el-form-item__error', { hasText: '统一社会信用代码校验位不正确' }).waitFor()
        assert.equal(creates.length, 0, 'nothing is sent with a wrong code')
        await screenshot(page, 'ledger-visit-wrong-code')

        await field(page, 'visit-code').fill(CODE)
        const created = page.waitForResponse(isPath('/api/v1/ledger/enterprise-visits', 'POST'))
        await page.getByTestId('visit-save').click()
        const answer = await created
        assert.equal(answer.status(), 201)
        const visit = await answer.json()
        visitId = visit.event_id
        assert.equal(visit.credit_code, CODE)
        assert.equal(visit.visitor_name, '钱党员')
        await page.waitForURL((u) => u.pathname === `/ledger/enterprise-visits/${visit.event_id}`)
        await page.getByTestId('visit-fields').filter({ hasText: enterprise }).waitFor()

        // Edit: the name and the code, sent with the visit's version.
        await page.getByTestId('visit-edit').click()
        await dialog.waitFor()
        assert.equal(await field(page, 'visit-code').inputValue(), CODE)
        assert.match(await dialog.innerText(), /钱党员/, 'the visitor is shown by name')
        await field(page, 'visit-name').fill(`${enterprise}（更名）`)
        await field(page, 'visit-code').fill(CODE_EDITED)
        const edited = page.waitForResponse(isPath(`/api/v1/ledger/enterprise-visits/${visit.event_id}`, 'PATCH'))
        await page.getByTestId('visit-save').click()
        const patch = await edited
        assert.equal(patch.status(), 200)
        assert.equal(JSON.parse(patch.request().postData()).version, visit.version)
        await page.getByTestId('visit-code-text').filter({ hasText: CODE_EDITED }).waitFor()
        await page.getByTestId('visit-fields').filter({ hasText: '（更名）' }).waitFor()

        // An issue raised at the visit becomes an item routed to a department.
        await page.getByTestId('visit-add-issue').click()
        await page.getByTestId('visit-issue-dialog').waitFor()
        await field(page, 'visit-issue-title').fill('联网直报系统月报期间登录慢')
        await chooseOption(page, 'visit-issue-org', '工业交通统计科')
        await fillDate(page, '办理时限', '2026-12-31')
        const issued = page.waitForResponse(isPath(`/api/v1/ledger/enterprise-visits/${visit.event_id}/issues`, 'POST'))
        await page.getByTestId('visit-issue-save').click()
        const issueAnswer = await issued
        assert.equal(issueAnswer.status(), 201)
        const item = (await issueAnswer.json()).issues[0]
        assert.equal(item.kind, 'enterprise_issue')
        const card = page.getByTestId(`visit-issue-${item.id}`)
        await card.getByTestId('visit-issue-dept').filter({ hasText: '工业交通统计科' }).waitFor()
        assert.match(await card.innerText(), /待受理/)

        // 改派: routed to another department (the item's versioned edit).
        await card.getByTestId('visit-issue-route').click()
        await page.getByTestId('visit-route-dialog').waitFor()
        await chooseOption(page, 'visit-route-org', '综合统计科')
        const routed = page.waitForResponse(isPath(`/api/v1/ledger/items/${item.id}`, 'PATCH'))
        await page.getByTestId('visit-route-save').click()
        assert.equal((await routed).status(), 200)
        await card.getByTestId('visit-issue-dept').filter({ hasText: '综合统计科' }).waitFor()
        const got = await (await apiAs('dangwei'))('GET', `/ledger/items/${item.id}`)
        assert.equal(got.json.org_name, '综合统计科')
        await noHorizontalScroll(page, 'the visit page')
        await screenshot(page, 'ledger-visit')

        // The item's page is one click away.
        await card.locator('a', { hasText: '联网直报系统月报期间登录慢' }).click()
        await page.waitForURL((u) => u.pathname === `/ledger/items/${item.id}`)
      })
    } finally {
      await context.close()
    }
  })

  test('the visits list and a visit\'s page at phone size', async () => {
    const { context, page } = await newPage(browser(), PHONE)
    try {
      await withFailureShot(page, 'ledger-visits-phone', async () => {
        await login(page, 'dangwei')
        await page.goto(`${BASE_URL}/ledger/enterprise-visits`)
        assert.ok(visitId, 'the visit registered by the test before')
        const first = page.getByTestId('visit-cards').getByTestId(`visit-link-${visitId}`)
        await first.waitFor()
        assert.match(await first.innerText(), new RegExp(CODE_EDITED))
        await noHorizontalScroll(page, 'the visits list')
        await screenshot(page, 'ledger-visits-phone')
        const loaded = page.waitForResponse(isPath(`/api/v1/ledger/enterprise-visits/${visitId}`, 'GET'))
        await first.click()
        assert.equal((await loaded).status(), 200)
        await page.getByTestId('visit-fields').waitFor()
        await noHorizontalScroll(page, 'a visit\'s page')
        await page.getByTestId('visit-edit').click()
        await page.getByTestId('visit-dialog').waitFor()
        await noHorizontalScroll(page, 'the visit dialog')
        await screenshot(page, 'ledger-visit-edit-phone')
      })
    } finally {
      await context.close()
    }
  })
})

describe('self-checks', () => {
  const browser = sharedBrowser()
  let check

  before(async () => {
    const api = await apiAs('zhibu1')
    const branch = (await api('GET', '/orgs')).json.items.find((o) => o.name === '机关第一支部')
    const made = await api('POST', '/ledger/self-checks', {
      org_id: branch.id,
      title: `专项监督检查自查${uniqueSuffix()}`,
      check_date: '2026-06-10',
      points: ['传达学习是否及时', '整改台账是否建立'],
    })
    assert.equal(made.status, 201, JSON.stringify(made.json))
    check = made.json
  })

  for (const size of [DESKTOP, PHONE]) {
    test(`an unmet point becomes an item (${size.width}×${size.height})`, async () => {
      const { context, page } = await newPage(browser(), size)
      const point = check.points[size === DESKTOP ? 1 : 0]
      try {
        await withFailureShot(page, `ledger-self-check-${size.width}`, async () => {
          await login(page, 'zhibu1')
          const listed = page.waitForResponse(isPath('/api/v1/ledger/self-checks', 'GET'))
          await page.goto(`${BASE_URL}/ledger/self-checks`)
          assert.equal((await listed).status(), 200)
          // The list carries the points: the ones to check are in view without opening anything.
          await page.getByTestId(`check-unchecked-${check.id}`).waitFor()
          await page.getByTestId(`check-unmet-${point.id}`).click()
          await page.getByTestId('finding-dialog').waitFor()
          // 不符合 needs what is wrong.
          await page.getByTestId('finding-save').click()
          await page.locator('.el-dialog:visible .el-form-item__error', { hasText: '请填写存在的问题' }).waitFor()
          await field(page, 'finding-note').fill('整改台账尚未建立')
          await choosePerson(page, 'finding-person', '钱党员')
          await fillDate(page, '整改时限', '2026-12-31')
          const saved = page.waitForResponse(isPath(`/api/v1/ledger/self-check-points/${point.id}/finding`, 'POST'))
          await page.getByTestId('finding-save').click()
          const answer = await saved
          assert.equal(answer.status(), 200)
          const found = (await answer.json()).points.find((p) => p.id === point.id)
          assert.equal(found.result, 'unmet')
          assert.equal(found.item.responsible_name, '钱党员')
          assert.equal(found.item.deadline, '2026-12-31')
          const link = page.getByTestId(`check-item-${point.id}`)
          await link.waitFor()
          const card = page.getByTestId(`check-point-${point.id}`)
          assert.match(await card.innerText(), /不符合/)
          assert.match(await card.innerText(), /待受理/)
          assert.equal(await page.getByTestId(`check-unmet-${point.id}`).count(), 0, 'a point with its item is not checked again')
          await noHorizontalScroll(page, 'the self-checks page')
          await screenshot(page, `ledger-self-check-${size.width}`)
          await link.click()
          await page.waitForURL((u) => u.pathname === `/ledger/items/${found.item.id}`)
        })
      } finally {
        await context.close()
      }
    })
  }
})
