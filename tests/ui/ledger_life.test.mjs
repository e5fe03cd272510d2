// Browser test of the 专题组织生活会 page (/ledger/life-meetings/:id): the
// branch secretary records a problem and its rectification item and sees the
// page's checks turn (problems without items → every problem has one), and
// uploads a member's speech outline as a file (a file of a refused type is
// refused with the server's message and names nothing); a member at phone
// size finds the meeting under 我的 → 我的组织生活会, writes their own speech
// outline and commitment, adds their own file, and sees themself as having
// spoken. The meeting is a new event of 机关第一支部 made over the API, so
// runs do not depend on each other.
// Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE_URL, chooseOption, clickMenu, field, login, newPage, noHorizontalScroll, screenshot, sharedBrowser, uniqueSuffix,
  withFailureShot,
} from './helpers.mjs'
import { makeBranchEvent } from './ledger_helpers.mjs'

const isPath = (p, method) => (r) => new URL(r.url()).pathname === p && r.request().method() === method

// The demo's member account dangyuan1 is 钱党员 of 机关第一支部.
const memberName = '钱党员'
let meetingId, meetingTitle

before(async () => {
  meetingTitle = `专题组织生活会${uniqueSuffix()}`
  meetingId = (await makeBranchEvent('zhibu1', 'life_meeting', meetingTitle,
    { starts_at: '2026-02-20T07:00:00Z', ends_at: '2026-02-20T10:00:00Z' })).id
})

async function openMeeting(page) {
  const loaded = page.waitForResponse(isPath(`/api/v1/ledger/life-meetings/${meetingId}`, 'GET'))
  await page.goto(`${BASE_URL}/ledger/life-meetings/${meetingId}`)
  assert.equal((await loaded).status(), 200)
  await page.getByTestId('life-checks').waitFor()
}

/** Uploads `file` through the member dialog's speech control; resolves to the upload's answer. */
async function uploadSpeech(page, file) {
  const answered = page.waitForResponse(isPath('/api/v1/attachments', 'POST'))
  await page.locator('[data-testid="life-speech-upload"] input[type=file]').setInputFiles(file)
  return answered
}

describe('专题组织生活会 page', () => {
  const browser = sharedBrowser()

  test('the secretary records a problem and its rectification item; the checks follow', async () => {
    const { context, page } = await newPage(browser(), { width: 1366, height: 860 })
    try {
      await withFailureShot(page, 'ledger-life-secretary', async () => {
        await login(page, 'zhibu1')
        await openMeeting(page)
        await page.getByTestId('life-all-spoke').filter({ hasText: '人未发言' }).waitFor()
        await page.getByTestId('life-add-problem').click()
        await chooseOption(page, 'life-problem-person', memberName)
        await field(page, 'life-problem-input').fill('学习党史不够系统')
        const posted = page.waitForResponse(isPath(`/api/v1/ledger/life-meetings/${meetingId}/problems`, 'POST'))
        await page.getByTestId('life-problem-save').click()
        assert.equal((await posted).status(), 201)
        await page.getByTestId('life-all-items').filter({ hasText: '1 个问题未建立整改事项' }).waitFor()

        const problem = page.getByTestId('life-problems').locator('tr', { hasText: '学习党史不够系统' })
        await problem.getByRole('button', { name: '建立整改事项' }).click()
        await field(page, 'life-item-measures').fill('制定个人学习计划，每周学习党史一章')
        const date = page.locator('.el-dialog:visible .el-form-item', { hasText: '整改时限' }).locator('input')
        await date.fill('2026-10-31')
        await date.press('Enter')
        const item = page.waitForResponse((r) => /\/api\/v1\/ledger\/life-problems\/\d+\/items$/.test(new URL(r.url()).pathname))
        await page.getByTestId('life-item-save').click()
        assert.equal((await item).status(), 201)
        await page.getByTestId('life-all-items').filter({ hasText: '问题均已建立整改事项' }).waitFor()
        // The item took the problem's text as its title: it is named 整改事项, not the text again; 再建一项 offers another.
        await problem.locator('a', { hasText: '整改事项' }).waitFor()
        assert.match(await problem.innerText(), /待受理/)
        assert.equal((await problem.getByRole('button').innerText()).trim(), '再建一项')
        await screenshot(page, 'ledger-life-secretary')
      })
    } finally {
      await context.close()
    }
  })

  test('the secretary gives a member\'s speech outline as a file; a refused file names nothing', async () => {
    const { context, page } = await newPage(browser(), { width: 1366, height: 768 })
    try {
      await withFailureShot(page, 'ledger-life-speech-file', async () => {
        await login(page, 'zhibu1')
        await openMeeting(page)
        const rows = page.getByTestId('life-members').locator('tbody tr')
        const row = rows.filter({ hasNotText: memberName }).first()
        const name = (await row.locator('td').first().innerText()).trim()
        assert.match(await row.innerText(), /未发言/)
        await row.getByRole('button', { name: '填写' }).click()
        const dialog = page.locator('.el-dialog:visible', { hasText: '发言提纲与整改承诺' })
        await dialog.waitFor()
        assert.match(await dialog.innerText(), /可只填写文字或只上传文件/)

        // A program is not a speech outline: the server's refusal is shown, no file is named.
        const refused = await uploadSpeech(page, { name: '发言.exe', mimeType: 'application/octet-stream', buffer: Buffer.from([0x4d, 0x5a, 0x90, 0, 3]) })
        assert.equal(refused.status(), 422)
        await page.getByTestId('life-speech-error').filter({ hasText: '发言.exe' }).waitFor()
        assert.match(await page.getByTestId('life-speech-error').innerText(), /类型不受支持/)
        assert.equal(await page.getByTestId('life-speech-file').count(), 0)

        const file = `发言提纲${uniqueSuffix()}.txt`
        const uploaded = await uploadSpeech(page, { name: file, mimeType: 'text/plain', buffer: Buffer.from('对照党史学习教育目标任务，检视差距不足。\n') })
        assert.equal(uploaded.status(), 201)
        await page.getByTestId('life-speech-file').filter({ hasText: file }).waitFor()
        assert.equal(await page.getByTestId('life-speech-error').count(), 0, 'the last refusal is cleared by the next upload')
        const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && /\/members\/\d+$/.test(new URL(r.url()).pathname))
        await page.getByTestId('life-member-save').click()
        const answer = await saved
        assert.equal(answer.status(), 200)
        const written = (await answer.json()).members.find((m) => m.name === name)
        assert.equal(written.speech_file_name, file)
        const spoken = rows.filter({ hasText: name }).filter({ hasText: '已发言' })
        await spoken.waitFor()
        const link = spoken.getByTestId(`life-speech-link-${written.person_id}`)
        assert.equal((await link.innerText()).trim(), file)
        // The link downloads the file under its name.
        const got = await page.request.get(`${BASE_URL}${await link.getAttribute('href')}`)
        assert.equal(got.status(), 200)
        assert.match(await got.text(), /检视差距不足/)
        await screenshot(page, 'ledger-life-speech-file')
      })
    } finally {
      await context.close()
    }
  })

  test('a member on a phone finds the meeting under 我的 and writes their own part, with a file', async () => {
    const { context, page } = await newPage(browser(), { width: 390, height: 844, mobile: true })
    try {
      await withFailureShot(page, 'ledger-life-member', async () => {
        await login(page, 'dangyuan1')
        await page.getByTestId('menu-toggle').click()
        const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/events' && new URL(r.url()).searchParams.get('mine') === 'true')
        await clickMenu(page, 'ledger-my-life-meetings')
        await page.waitForURL((u) => u.pathname === '/ledger/my-life-meetings')
        assert.equal((await listed).status(), 200)
        const card = page.getByTestId(`life-meeting-link-${meetingId}`)
        await card.waitFor()
        assert.match(await card.innerText(), new RegExp(meetingTitle))
        await noHorizontalScroll(page, '我的组织生活会')
        await screenshot(page, 'ledger-life-my-meetings-phone')
        const loaded = page.waitForResponse(isPath(`/api/v1/ledger/life-meetings/${meetingId}`, 'GET'))
        await card.click()
        assert.equal((await loaded).status(), 200)
        await page.getByTestId('life-checks').waitFor()
        // Read-only for the member: none of the secretary's buttons.
        for (const id of ['life-prepare', 'life-add-criticism', 'life-add-problem', 'life-review']) {
          assert.equal(await page.getByTestId(id).count(), 0, `${id} is not offered to a member`)
        }
        const mineCard = page.getByTestId('life-mine')
        assert.match(await page.getByTestId('life-mine-spoke').innerText(), /未发言/)
        // On a phone each attendee is a card (every field in reach, no table to cut off).
        const rows = page.getByTestId('life-members').locator('[data-testid^="life-member-card-"]')
        const mine = rows.filter({ hasText: memberName })
        assert.match(await mine.innerText(), /未发言/)
        // Only their own row offers 填写.
        assert.equal(await page.getByTestId('life-members').getByRole('button', { name: '填写' }).count(), 1)
        await page.getByTestId('life-mine-edit').click()
        await field(page, 'life-speech-input').fill('对照党史检视自身差距')
        await field(page, 'life-commitment-input').fill('每周学习党史一章')
        const file = `我的发言提纲${uniqueSuffix()}.txt`
        assert.equal((await uploadSpeech(page, { name: file, mimeType: 'text/plain', buffer: Buffer.from('我的发言提纲\n') })).status(), 201)
        await page.getByTestId('life-speech-file').filter({ hasText: file }).waitFor()
        await noHorizontalScroll(page, 'the member dialog')
        await screenshot(page, 'ledger-life-member-dialog-phone')
        const saved = page.waitForResponse((r) => r.request().method() === 'PATCH')
        await page.getByTestId('life-member-save').click()
        assert.equal((await saved).status(), 200)
        await mine.filter({ hasText: '已发言' }).waitFor()
        // Their card folds what they wrote to a summary line (展开 shows it); the button now says 修改.
        assert.match(await mine.getByTestId('life-member-summary').innerText(), /发言提纲 \d+ 字 · 发言材料 · 已写整改承诺/)
        await mine.getByRole('button', { name: '展开' }).click()
        assert.match(await mine.innerText(), /每周学习党史一章/)
        assert.equal(await page.getByTestId('life-members').getByRole('button', { name: '修改' }).count(), 1)
        await mineCard.getByTestId('life-mine-spoke').filter({ hasText: '已发言' }).waitFor()
        assert.match(await mineCard.innerText(), /对照党史检视自身差距/)
        assert.match(await mineCard.innerText(), /每周学习党史一章/)
        await mineCard.locator('a', { hasText: file }).waitFor()
        await noHorizontalScroll(page, 'the meeting page')
        await screenshot(page, 'ledger-life-member-phone')
      })
    } finally {
      await context.close()
    }
  })
})
