// Byte budgets of the phone pages: what Chromium at 390×844 pulls over the
// wire (encoded lengths, so compressed answers count as sent) for the sign-in
// page, and what a member's first page adds after signing in. A hall of phones
// opens these pages at once on a weak network: bytes, not time, so the test
// cannot flake on a busy machine (bench/phone_timing.sh prints the time).
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, PASSWORD, apiAs, field, newPage, sharedBrowser, withFailureShot } from './helpers.mjs'
import { describeRequests, kib, wireMeter } from './wire.mjs'

const SIGN_IN_BUDGET = 300 * 1024
const MEMBER_PAGE_BUDGET = 150 * 1024
const PHONE = { width: 390, height: 844, mobile: true }
// Pages a member never needs: charts and the administrators' pages.
const NOT_FOR_MEMBERS = /\/assets\/(echarts|DashboardView|PeopleView|PersonDetailView|AccountsView|AuditView|JobsView|CommunitiesView)-/

/**
 * The demo member's account as a member meets it after an administrator's
 * reset: the reset password is changed first (the API refuses everything else
 * until then), back to the demo password the other tests sign in with.
 */
async function resetAndChangeBack(username) {
  const admin = await apiAs('admin')
  const accounts = await admin('GET', `/accounts?q=${username}`)
  const account = accounts.json.items.find((a) => a.username === username)
  assert.ok(account, username)
  const resetPassword = 'Bytes-reset-2026'
  assert.equal((await admin('POST', `/accounts/${account.id}/password`, { password: resetPassword })).status, 204)
  const owner = await apiAs(username, resetPassword)
  const changed = await owner('POST', '/auth/password', { old_password: resetPassword, new_password: PASSWORD })
  assert.equal(changed.status, 204, JSON.stringify(changed.json))
}

describe('bytes on the wire at 390×844', () => {
  const browser = sharedBrowser()

  test('the sign-in page stays within 300 KiB and a member\'s first page adds at most 150 KiB', { timeout: 120_000 }, async () => {
    await resetAndChangeBack('dangyuan1')
    const { context, page } = await newPage(browser(), PHONE)
    try {
      await withFailureShot(page, 'bytes-phone', async () => {
        const meter = await wireMeter(page)

        await page.goto(`${BASE_URL}/login`)
        await page.getByTestId('login-submit').waitFor()
        await meter.quiet()
        const signIn = meter.since(0)
        console.log(`sign-in page: ${kib(signIn.bytes)} in ${signIn.requests} requests ` +
          `(budget ${kib(SIGN_IN_BUDGET)}; Accept-Encoding sent: ${signIn.list[0].acceptEncoding})\n` +
          describeRequests(signIn.list))

        const mark = meter.mark()
        await field(page, 'login-username').fill('dangyuan1')
        await field(page, 'login-password').fill(PASSWORD)
        await page.getByTestId('login-submit').click()
        await page.waitForURL((u) => u.pathname === '/me')
        await page.getByTestId('person-detail').waitFor()
        await meter.quiet()
        const member = meter.since(mark)
        console.log(`member's first page (/me) adds: ${kib(member.bytes)} in ${member.requests} requests ` +
          `(budget ${kib(MEMBER_PAGE_BUDGET)})\n${describeRequests(member.list)}`)

        const all = meter.entries()
        assert.ok(all.every((r) => r.done && !r.failed), 'every request finished')
        const needless = all.filter((r) => NOT_FOR_MEMBERS.test(new URL(r.url).pathname))
        assert.deepEqual(needless.map((r) => new URL(r.url).pathname), [],
          'neither the sign-in page nor the member\'s page loads charts or administrators\' pages')
        const shell = signIn.list.filter((r) => /\/assets\/AppLayout-/.test(new URL(r.url).pathname))
        assert.deepEqual(shell.map((r) => new URL(r.url).pathname), [],
          'a public page (sign-in, QR sign-in) does not load the signed-in shell')
        assert.ok(signIn.bytes <= SIGN_IN_BUDGET,
          `the sign-in page pulls ${kib(signIn.bytes)}, over its budget of ${kib(SIGN_IN_BUDGET)}`)
        assert.ok(member.bytes <= MEMBER_PAGE_BUDGET,
          `the member's first page adds ${kib(member.bytes)}, over its budget of ${kib(MEMBER_PAGE_BUDGET)}`)
        await meter.close()
      })
    } finally {
      await context.close()
    }
  })
})
