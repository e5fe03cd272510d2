// Shared helpers for the browser tests: launch Debian's Chromium through
// playwright-core, sign in, take screenshots.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'
import { after, before } from 'node:test'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))

/** Repo-root relative output folder for screenshots. */
export const OUTPUT_DIR = path.resolve(here, '../../test-output/ui')

export const BASE_URL = (process.env.DUXING_URL ?? '').replace(/\/+$/, '')
export const PASSWORD = process.env.DUXING_DEMO_PASSWORD ?? ''

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function requireEnv() {
  if (!BASE_URL) {
    throw new Error(
      'DUXING_URL is not set: start `duxing serve` with demo data (see scripts/) and set ' +
        'DUXING_URL and DUXING_DEMO_PASSWORD',
    )
  }
  if (!PASSWORD) throw new Error('DUXING_DEMO_PASSWORD is not set')
}

/**
 * One headless Chromium for the tests of a describe block: launched before
 * them (after checking the environment), closed after. Returns its getter.
 */
export function sharedBrowser() {
  let browser
  before(async () => {
    requireEnv()
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
  })
  return () => browser
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** A fresh context (own cookies) and page. */
export async function newPage(browser, { width = 1366, height = 860, mobile = false } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: mobile ? 2 : 1,
    isMobile: mobile,
    hasTouch: mobile,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  })
  // Content-Security-Policy violations become console errors (Chromium
  // reports them in its own log, which the console event does not carry).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ` +
        `at ${e.sourceFile}:${e.lineNumber}`)
    })
  })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  page.setDefaultNavigationTimeout(30_000)
  const problems = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  page.problems = problems
  return { context, page }
}

/**
 * The pages of one test file, each in its own context: `open` signs `username`
 * in (`username` null: a visitor); `closeAll` after each test (open contexts
 * hold connections).
 */
export function testPages() {
  const opened = []
  return {
    async open(browser, size, username) {
      const p = await newPage(browser, size)
      opened.push(p.context)
      if (username) await login(p.page, username)
      return p.page
    },
    async closeAll() {
      for (const c of opened.splice(0)) await c.close()
    },
  }
}

/** The <input> of an Element Plus field carrying data-testid (on the input or a wrapper). */
export function field(scope, testid) {
  return scope
    .locator(`[data-testid="${testid}"]`)
    .locator('xpath=descendant-or-self::input | descendant-or-self::textarea')
    .first()
}

export async function screenshot(page, name) {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true })
  const file = path.join(OUTPUT_DIR, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/** Sign in through the login form and wait to leave /login. */
export async function login(page, username, { shot } = {}) {
  await page.goto(`${BASE_URL}/login`)
  await field(page, 'login-username').fill(username)
  await field(page, 'login-password').fill(PASSWORD)
  if (shot) await screenshot(page, shot)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.getByTestId('current-user').waitFor()
}

/**
 * Click the side menu's entry for a route (its test id menu-<route>), unfolding
 * its group first when the menu folds it away.
 */
export async function clickMenu(page, route) {
  const entry = page.getByTestId(`menu-${route}`)
  await entry.waitFor({ state: 'attached' })
  if (!(await entry.isVisible())) {
    await page.locator('.el-sub-menu', { has: entry }).locator('.el-sub-menu__title').click()
  }
  await entry.click()
}

/** The titles of every side menu entry the user has, folded away or not, joined by spaces. */
export async function menuText(page) {
  await page.getByTestId('side-menu').waitFor({ state: 'attached' })
  const titles = await page.getByTestId('side-menu').locator('[data-testid^="menu-"]').evaluateAll(
    (els) => els.map((e) => e.textContent.trim()),
  )
  return titles.join(' ')
}

/** Open 组织与人员 through the menu and wait for the first people list. */
export async function openPeople(page) {
  const list = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/v1/people' && r.request().method() === 'GET',
  )
  await clickMenu(page, 'people')
  await page.waitForURL((u) => u.pathname === '/people')
  const res = await list
  if (!res.ok()) throw new Error(`GET /people answered ${res.status()}`)
  await waitForIdleTable(page)
  return res
}

/** Wait until the people list (a table, or the cards on a phone) has no loading mask. */
export async function waitForIdleTable(page) {
  await page.waitForFunction(() => {
    const t = document.querySelector('[data-testid="people-table"], [data-testid="people-cards"]')
    if (!t) return false
    const mask = t.querySelector('.el-loading-mask')
    return !mask || getComputedStyle(mask).display === 'none'
  })
}

/** Run a people-list reload (by an action) and wait for its answer. */
export async function reloadPeople(page, action) {
  const list = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/v1/people' && r.request().method() === 'GET',
  )
  await action()
  const res = await list
  await waitForIdleTable(page)
  return res
}

export async function peopleTotal(page) {
  const text = await page.getByTestId('people-total').innerText()
  return Number(text.trim())
}

/**
 * Save a screenshot named after a failing test, then rethrow. A test whose
 * page broke the Content-Security-Policy fails too.
 */
export async function withFailureShot(page, name, fn) {
  try {
    await fn()
    const csp = page.problems?.filter((p) => /CSP violation|Content Security Policy/i.test(p)) ?? []
    if (csp.length) throw new Error(`the page broke the Content-Security-Policy:\n  ${csp.join('\n  ')}`)
  } catch (e) {
    try {
      await screenshot(page, `FAILED-${name}`)
    } catch {
      /* ignore */
    }
    if (page.problems?.length) e.message += `\nbrowser problems:\n  ${page.problems.join('\n  ')}`
    throw e
  }
}

export function uniqueSuffix() {
  return String(Date.now()).slice(-6) + String(Math.floor(Math.random() * 90 + 10))
}

/** A signed-in page's own JSON API call (session cookie plus CSRF token): { status, json }. */
export async function pageApi(page, method, path, body) {
  return page.evaluate(async ([method, path, body]) => {
    const me = await (await fetch('/api/v1/auth/me')).json()
    const res = await fetch(`/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: res.status, json: await res.json().catch(() => null) }
  }, [method, path, body])
}

/**
 * Signs `username` in over the API; returns a JSON caller with cookie and CSRF
 * token. A Uint8Array body (an upload) is sent as is, with `type` as its
 * Content-Type.
 */
export async function apiAs(username, password = PASSWORD) {
  const res = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`)
  const cookie = res.headers.get('set-cookie').split(';')[0]
  const { csrf_token: csrf } = await res.json()
  return async (method, p, body, type = 'application/json') => {
    const raw = body instanceof Uint8Array
    const r = await fetch(`${BASE_URL}/api/v1${p}`, {
      method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': type },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    })
    return { status: r.status, json: r.status === 204 ? null : await r.json() }
  }
}

/** The id of the organization named `name`, as the signed-in page's user sees it. */
export async function orgId(page, name) {
  const orgs = await pageApi(page, 'GET', '/orgs')
  const org = orgs.json.items.find((o) => o.name === name)
  if (!org) throw new Error(`no organization named ${name}`)
  return org.id
}

/** Asserts `locator` lies inside the viewport and a tap on its middle reaches it. */
export async function assertInView(page, locator, what) {
  const box = await locator.boundingBox()
  const vp = page.viewportSize()
  assert.ok(box, `${what} is drawn`)
  assert.ok(box.x >= 0 && box.x + box.width <= vp.width && box.y >= 0 && box.y + box.height <= vp.height,
    `${what} lies inside the ${vp.width}×${vp.height} viewport: ${JSON.stringify(box)}`)
  const hit = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect()
    const t = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
    return !!t && el.contains(t)
  })
  assert.ok(hit, `${what} is not covered`)
}

/** Waits until no animation runs and no loading mask shows. */
export async function settled(page) {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running') &&
    [...document.querySelectorAll('.el-loading-mask')].every((m) => getComputedStyle(m).display === 'none'))
}

/** Makes the demo's 2021 campaign `username`'s current one (the server
 * remembers it per account, and an earlier test may have left another), and
 * returns it. */
export async function useCampaign2021(username) {
  const api = await apiAs(username)
  const campaign = (await api('GET', '/campaigns?limit=100')).json.items.find((c) => c.year === 2021)
  if (!campaign) throw new Error('the demo 2021 campaign is missing')
  const set = await api('PUT', '/account/current-campaign', { campaign_id: campaign.id })
  if (set.status !== 200) throw new Error(`current campaign refused: ${set.status}`)
  return campaign
}

/** The shared server's clock in ms (test hooks), moved on a second. An earlier
 * test may have stopped it, so it can lag this machine's clock: times a test
 * sends (an exam's window, a deadline) are set from it. */
export async function serverNow() {
  const clock = await fetch(`${BASE_URL}/api/v1/test-hooks/clock`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advance_seconds: 1 }),
  })
  if (clock.status !== 200) throw new Error(`the server runs with --test-hooks: ${clock.status}`)
  return Date.parse((await clock.json()).now)
}

/** Opens the Element Plus select carrying `selectTestId` and picks the first option holding `text`. */
export async function chooseOption(page, selectTestId, text) {
  await page.getByTestId(selectTestId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

/** Types a name into a remote person select (searching /people) and picks the first match. */
export async function choosePerson(page, selectTestId, name) {
  await page.getByTestId(selectTestId).click()
  const search = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/people')
  await field(page, selectTestId).fill(name)
  await search
  await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
}

/** Asserts the page does not scroll sideways (nothing wider than the viewport, within a pixel). */
export async function noHorizontalScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow <= 1, `${what}: no horizontal page scroll (overflow ${overflow}px)`)
}
