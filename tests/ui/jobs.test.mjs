// Browser tests of 后台任务 (/jobs) against a real `duxing serve --test-hooks`
// with demo data: a dead job shows its error and is retried from the page;
// desktop (1366×768) and phone (390×844) with screenshots; members have no
// such page. Jobs are made through the test-hook route of test job kinds.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, login, newPage, screenshot, sharedBrowser, uniqueSuffix, withFailureShot, clickMenu } from './helpers.mjs'

const isJobsCall = (method, pathname = '/api/v1/jobs') => (r) =>
  new URL(r.url()).pathname.startsWith(pathname) && r.request().method() === method

/** Enqueues a test job that fails on every run, once (dead after its one attempt). */
async function enqueueDeadJob(key) {
  const res = await fetch(`${BASE_URL}/api/v1/test-hooks/jobs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'test.fail', key, max_attempts: 1 }),
  })
  assert.equal(res.status, 201, await res.text())
}

/** Opens 后台任务 through the menu, shows 已终止 and waits until `key` is listed. */
async function openDeadJobs(page, key) {
  const first = page.waitForResponse(isJobsCall('GET'))
  await clickMenu(page, 'jobs')
  await page.waitForURL((u) => u.pathname === '/jobs')
  assert.equal((await first).status(), 200)
  await page.getByTestId('jobs-state-dead').click()
  // The job may still be running: 刷新 until the list answers with it dead.
  const row = page.locator('[data-testid="jobs-table"] .el-table__body tr', { hasText: key })
  for (let i = 0; i < 100 && !(await row.count()); i++) {
    const list = page.waitForResponse(isJobsCall('GET'))
    await page.getByTestId('jobs-refresh').click()
    await list
  }
  await row.first().waitFor()
  return row.first()
}

describe('后台任务 page', () => {
  const browser = sharedBrowser()

  for (const size of [
    { name: 'desktop', width: 1366, height: 768, mobile: false },
    { name: 'phone', width: 390, height: 844, mobile: true },
  ]) {
    test(`${size.name}: a dead job shows its error and 重试 queues it again`, async () => {
      const { context, page } = await newPage(browser(), size)
      await withFailureShot(page, `jobs-${size.name}`, async () => {
        const key = `ui-dead-${uniqueSuffix()}`
        await enqueueDeadJob(key)
        await login(page, 'admin')
        if (size.mobile) await page.getByTestId('menu-toggle').click()
        const row = await openDeadJobs(page, key)
        await assert.doesNotReject(row.getByText('已终止').waitFor())
        await row.getByText('测试任务按要求失败').waitFor()
        // The actions column stays in view (fixed right) at this width.
        const retry = page.locator('.el-table__fixed-right [data-testid="jobs-retry"], ' +
          '.el-table-fixed-column--right [data-testid="jobs-retry"]').first()
        await retry.scrollIntoViewIfNeeded()
        const box = await retry.boundingBox()
        assert.ok(box && box.x + box.width <= size.width, `重试 is visible: ${JSON.stringify(box)}`)
        await screenshot(page, `jobs-${size.width}x${size.height}`)

        const answer = page.waitForResponse(isJobsCall('POST'))
        await retry.click()
        const res = await answer
        assert.equal(res.status(), 200, await res.text())
        const job = await res.json()
        assert.equal(job.state, 'queued')
        await page.getByText(`任务 ${job.id} 已重新排队`).waitFor()
      })
      await context.close()
    })
  }

  test('members and organization admins have no 后台任务', async () => {
    for (const who of ['dangyuan1', 'dangwei']) {
      const { context, page } = await newPage(browser())
      await withFailureShot(page, `jobs-denied-${who}`, async () => {
        await login(page, who)
        assert.equal(await page.getByTestId('menu-jobs').count(), 0, `${who} sees no menu entry`)
        await page.goto(`${BASE_URL}/jobs`)
        await page.waitForURL((u) => u.pathname !== '/jobs')
      })
      await context.close()
    }
  })
})
