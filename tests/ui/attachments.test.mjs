// Browser test of the shared attachment component (components/common/
// AttachmentUpload.vue) on the person detail page (附件), at 1366×768 and 390×844:
// several files chosen at once, thumbnails for photos, download links with the
// original names, and the server's refusal shown with the file's name.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, login, newPage, screenshot, sharedBrowser, uniqueSuffix, withFailureShot } from './helpers.mjs'

// A 16×12 red JPEG (made with libvips).
const JPEG = Buffer.from('/9j/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAMABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDkKKKK8U/TD//Z', 'base64')

const SIZES = [
  { label: 'desktop', width: 1366, height: 768, mobile: false },
  { label: 'phone', width: 390, height: 844, mobile: true },
]

describe('attachments on the person detail page', () => {
  const browser = sharedBrowser()
  for (const size of SIZES) {
    test(`upload several, see thumbnails and links, refusals named (${size.label})`, { timeout: 120_000 }, async () => {
      const { context, page } = await newPage(browser(), size)
      await withFailureShot(page, `attachments-${size.label}`, async () => {
        await login(page, 'zhibu1')  // branch secretary: may attach to the people of the branch
        const people = await page.request.get(`${BASE_URL}/api/v1/people?limit=1`)
        assert.equal(people.status(), 200)
        const person = (await people.json()).items[0]
        const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/attachments' &&
          r.request().method() === 'GET')
        await page.goto(`${BASE_URL}/people/${person.id}`)
        await listed
        const box = page.getByTestId('attachments')
        await box.waitFor()
        assert.match(await box.getByTestId('attachments-limits').innerText(), /单个文件不超过 20\.0 MB/)

        const suffix = uniqueSuffix()
        const names = [`学习笔记${suffix}.txt`, `现场照片${suffix}.jpg`, `程序${suffix}.exe`]
        const uploads = []
        page.on('response', (r) => {
          if (new URL(r.url()).pathname === '/api/v1/attachments' && r.request().method() === 'POST') uploads.push(r)
        })
        const allAnswered = new Promise((resolve) => {
          const check = () => (uploads.length === 3 ? resolve() : setTimeout(check, 50))
          check()
        })
        await box.locator('input[type=file]').setInputFiles([
          { name: names[0], mimeType: 'text/plain', buffer: Buffer.from(`学史明理 ${suffix}\n`) },
          { name: names[1], mimeType: 'image/jpeg', buffer: JPEG },
          { name: names[2], mimeType: 'application/octet-stream', buffer: Buffer.from([0x4d, 0x5a, 0x90, 0, 3]) },
        ])
        await allAnswered
        assert.deepEqual(uploads.map((r) => r.status()).sort(), [201, 201, 422])

        const link = (name) => box.getByTestId('attachment-link').filter({ hasText: name })
        await link(names[0]).waitFor()
        await link(names[1]).waitFor()
        assert.equal(await link(names[2]).count(), 0)
        const error = box.getByTestId('attachments-error').filter({ hasText: names[2] })
        await error.waitFor()
        assert.match(await error.innerText(), /类型不受支持/)
        await box.locator(`img[data-testid="attachment-thumb"][alt="${names[1]}"]`).waitFor()
        await page.waitForFunction((alt) => {
          const img = document.querySelector(`img[alt="${alt}"]`)
          return img && img.complete && img.naturalWidth > 0
        }, names[1])
        // The link downloads the text under its Chinese name.
        const href = await link(names[0]).getAttribute('href')
        const got = await page.request.get(`${BASE_URL}${href}`)
        assert.equal(got.status(), 200)
        assert.equal(decodeURIComponent(got.headers()['content-disposition'].split("UTF-8''")[1]), names[0])
        await box.scrollIntoViewIfNeeded()
        await screenshot(page, `attachments-${size.label}`)
      })
      await context.close()
    })
  }
})
