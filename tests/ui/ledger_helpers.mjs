// Helpers of the 台账 browser tests (ledger.test.mjs, ledger_workflow.test.mjs,
// ledger_life.test.mjs, ledger_pages.test.mjs, ledger_meeting_ux.test.mjs): a page signed in as
// an account, the demo people and orgs behind accounts, a branch's event made over the API, a workflow step taken in the item's
// action dialog, a list searched by its 事项 box, the page-width check.
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, field, login, newPage, screenshot, settled, withFailureShot } from './helpers.mjs'

export const PHONE = { width: 390, height: 844, mobile: true }
export const DESKTOP = { width: 1366, height: 768 }

/** Runs `fn` with a page of its own context signed in as `user` (a screenshot named `shot` when it fails). */
export async function asUser(browser, size, user, shot, fn) {
  const { context, page } = await newPage(browser, size)
  try {
    await withFailureShot(page, shot, async () => {
      await login(page, user)
      await fn(page)
    })
  } finally {
    await context.close()
  }
}

/** A response predicate: this path, this method. */
export const isPath = (p, method) => (r) => new URL(r.url()).pathname === p && r.request().method() === method

/** Picks the option showing `text` of the select carrying `selectTestId`. */
export async function chooseOption(page, selectTestId, text) {
  await page.getByTestId(selectTestId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

/** Types a name into a remote person select and picks the first match. */
export async function choosePerson(page, selectTestId, name) {
  await page.getByTestId(selectTestId).click()
  const search = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/people')
  await page.getByTestId(selectTestId).locator('input').fill(name)
  await search
  await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
}

/** The person behind a demo account ({ id, name }) and the account's API caller. */
export async function personOf(username) {
  const api = await apiAs(username)
  const me = await api('GET', '/auth/me')
  const person = await api('GET', `/people/${me.json.user.person_id}`)
  return { id: me.json.user.person_id, name: person.json?.name ?? '', api }
}

/** The id of the organization named `name` that `api`'s account sees. */
export async function orgIdOf(api, name) {
  const orgs = await api('GET', '/orgs')
  const org = orgs.json.items.find((o) => o.name === name)
  if (!org) throw new Error(`no organization named ${name}`)
  return org.id
}

/**
 * A new published event of type `code` of 机关第一支部 for its members, made
 * by `username` over the API (2026-03-20 09:00-12:00 China time unless
 * `times` says otherwise): { api, branch, id }.
 */
export async function makeBranchEvent(username, code, title, times = {}) {
  const api = await apiAs(username)
  const branch = (await api('GET', '/orgs')).json.items.find((o) => o.name === '机关第一支部')
  const types = (await api('GET', '/event-types')).json.items
  const made = await api('POST', '/events', {
    org_id: branch.id,
    title,
    type_id: types.find((t) => t.code === code).id,
    starts_at: times.starts_at ?? '2026-03-20T01:00:00Z',
    ends_at: times.ends_at ?? '2026-03-20T04:00:00Z',
    target_org_ids: [branch.id],
    target_categories: ['member', 'probationary'],
    status: 'published',
  })
  assert.equal(made.status, 201, JSON.stringify(made.json))
  return { api, branch, id: made.json.id }
}

/** Opens the item `id`'s page and waits for its fields. */
export async function openItem(page, id) {
  const loaded = page.waitForResponse(isPath(`/api/v1/ledger/items/${id}`, 'GET'))
  await page.goto(`${BASE_URL}/ledger/items/${id}`)
  assert.equal((await loaded).status(), 200)
  await page.getByTestId('ledger-fields').waitFor()
  await settled(page)
}

/** The id of the first of `username`'s own tasks (我的任务); the demo member has some. */
export async function firstOwnTask(username) {
  const mine = await (await apiAs(username))('GET', '/ledger/items?mine=true&limit=1')
  assert.ok(mine.json.items.length, `the demo's ${username} has a task`)
  return mine.json.items[0].id
}

/** Opens the board (台账看板) and waits for its cards. */
export async function openBoard(page) {
  await page.goto(`${BASE_URL}/ledger/board`)
  await page.getByTestId('board-card').first().waitFor()
  await settled(page)
}

/** The China date (YYYY-MM-DD) `days` days after `now` (ms; this machine's clock by default). */
export function chinaDate(days, now = Date.now()) {
  return new Date(now + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

/**
 * Runs a step in the item's action dialog: opens it by `button`, lets `fill`
 * fill its own fields, types `text` (null: none) and saves; waits for the
 * step's answer (a 2xx) and the dialog to close.
 */
export async function takeStep(page, button, path, text, fill = async () => {}) {
  await page.getByTestId(button).click()
  const dialog = page.getByTestId('ledger-action-dialog')
  await dialog.waitFor()
  await fill(dialog)
  if (text !== null) await field(dialog, 'ledger-action-text').fill(text)
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith(path) && r.request().method() !== 'GET')
  await page.getByTestId('ledger-action-save').click()
  const res = await answer
  assert.ok(res.status() < 300, `${path}: ${res.status()} ${await res.text()}`)
  await dialog.waitFor({ state: 'hidden' })
  await settled(page)
}

/** Searches a ledger list by its 事项 box (behind 筛选 on a phone) and waits for the answer. */
export async function searchList(page, text, { phone = false } = {}) {
  await page.locator('[data-testid="ledger-items-table"], [data-testid="ledger-items-cards"]').first().waitFor()
  await settled(page)
  const listed = page.waitForResponse(isPath('/api/v1/ledger/items', 'GET'))
  if (phone) {
    // On a phone the filters fold behind 筛选.
    await page.getByTestId('list-filter-toggle').click()
    const drawer = page.getByTestId('list-filter-drawer')
    await field(drawer, 'ledger-filter-q').fill(text)
    await screenshot(page, 'ledger-filters-phone')
    await page.getByTestId('list-filter-apply').click()
  } else {
    await field(page, 'ledger-filter-q').fill(text)
    await field(page, 'ledger-filter-q').press('Enter')
  }
  await listed
  await settled(page)
}

/** Asserts the page does not scroll sideways (a phone-width layout fits). */
export async function noHorizontalScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow <= 1, `${what}: no horizontal page scroll (overflow ${overflow}px)`)
}
