// The organization dialog sends what the API document allows: a top-level
// organization is created without parent_id (the API refuses null there).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  field,
  login,
  newPage,
  openPeople,
  screenshot,
  sharedBrowser,
  uniqueSuffix,
  withFailureShot,
} from './helpers.mjs'

describe('organizations', { concurrency: 1 }, () => {
  const browser = sharedBrowser()

  test('the system admin creates a top-level organization', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser())
    await withFailureShot(page, 'org-create-top-level', async () => {
      await login(page, 'admin')
      await openPeople(page)
      const name = `顶级组织${uniqueSuffix()}`
      // Nothing selected in the tree: 新增下级 adds a top-level organization.
      await page.getByTestId('org-add').click()
      const dialog = page.getByTestId('org-dialog')
      await field(dialog, 'org-name').fill(name)
      const created = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/v1/orgs' && r.request().method() === 'POST',
      )
      await dialog.getByTestId('org-save').click()
      const res = await created
      const sent = res.request().postDataJSON()
      assert.equal(res.status(), 201, `POST /orgs ${JSON.stringify(sent)}: ${await res.text()}`)
      assert.ok(!('parent_id' in sent), `no parent_id for a top-level org: ${JSON.stringify(sent)}`)
      await dialog.waitFor({ state: 'hidden' })
      await page.getByTestId('org-panel').getByText(name, { exact: true }).waitFor()
      await screenshot(page, 'org-created-top-level')
    })
    await context.close()
  })
})
