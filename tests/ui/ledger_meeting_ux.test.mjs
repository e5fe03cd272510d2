// Browser test of the 专题组织生活会 pages after a new-user pass (dangwei,
// zhibu1, dangyuan1 at 1366×768 and 390×844):
// - an item's status shows in the list's colours (待受理 grey, 办理中 blue) with
//   the deadline's 逾期 mark on the meeting's problem cards and on a
//   self-check's point, as in the ledger list (one status tag);
// - on a phone the meeting page has an index that stays in view (a jump brings
//   查摆问题 under it) and folds each attendee's speech to a summary line: the
//   outline is not on the page until 展开;
// - wording: 修改 for who already wrote, 填写 for who did not; a problem's item
//   named 整改事项 (not its text again) with status, deadline and who;
//   再建一项 under a problem with items, 建立整改事项 only where there is none;
// - a member sees another member's item without a link (a link would open a
//   page they may not read) and without an error-like sentence under it (仅责任人
//   和支部可打开 in a tooltip), their own with its link;
// - the index counts 发言与承诺 as spoke/attendees; a problem's line (status,
//   deadline, 责任人) is one font size on a phone;
// - 建立整改事项 marks 整改措施 and 整改时限 required and checks both in
//   the form, in plain words, before anything is sent;
// - the meetings' list shows each meeting's 待审核/已审核, 发言 n/m and
//   问题 n with those lacking items, and a line saying what to do next.
// Records are made over the API with unique names, so runs do not depend on
// each other. Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE_URL, apiAs, assertInView, field, noHorizontalScroll, screenshot, settled, sharedBrowser, uniqueSuffix, useCampaign2021,
} from './helpers.mjs'
import { DESKTOP, PHONE, asUser, chinaDate, isPath, makeBranchEvent, personOf } from './ledger_helpers.mjs'

/** The Element Plus type class (el-tag--info, --primary, ...) of the status tag inside `scope`. */
async function statusType(scope) {
  const tag = scope.getByTestId('ledger-status-label')
  const cls = await tag.getAttribute('class')
  return /el-tag--(info|primary|warning|success|danger)\b/.exec(cls)?.[1] ?? `none (${cls})`
}

describe('专题组织生活会 pages after the new-user pass', () => {
  const browser = sharedBrowser()
  const suffix = uniqueSuffix()
  const OUTLINE = `对照党史学习教育目标任务逐条检视差距${suffix}`
  const P1 = `学习党史不够系统，联系统计工作实际不够${suffix}`
  const P2 = `服务群众的办法不多${suffix}`
  const P3 = `攻坚克难的劲头不足${suffix}`
  let meeting, other, member, late, own, check, lateOpen

  before(async () => {
    const title = `专题组织生活会${suffix}`
    const { api, branch, id } = await makeBranchEvent('zhibu1', 'life_meeting', title)
    member = await personOf('dangyuan1')
    let m = (await api('GET', `/ledger/life-meetings/${id}`)).json
    other = m.members.find((x) => x.person_id !== member.id && x.name !== '赵书记')
    const spoke = await api('PATCH', `/ledger/life-meetings/${id}/members/${other.person_id}`, {
      version: other.version, speech_outline: OUTLINE, commitment: '每周学习党史一章',
    })
    assert.equal(spoke.status, 200, JSON.stringify(spoke.json))
    const problem = async (personId, text) => {
      const res = await api('POST', `/ledger/life-meetings/${id}/problems`, { person_id: personId, category: 'history', text })
      assert.equal(res.status, 201, JSON.stringify(res.json))
      return res.json
    }
    const rectify = async (p, personId, deadline) => {
      const res = await api('POST', `/ledger/life-problems/${p.id}/items`, { measures: '制定整改措施', deadline, responsible_person_id: personId })
      assert.equal(res.status, 201, JSON.stringify(res.json))
      return res.json.items[0]
    }
    // Another member's item, past its deadline and accepted (办理中); the member's own, due later (待受理); one problem without items.
    late = await rectify(await problem(other.person_id, P1), other.person_id, chinaDate(-10))
    const accepted = await api('POST', `/ledger/items/${late.id}/accept`, { version: (await api('GET', `/ledger/items/${late.id}`)).json.version })
    assert.equal(accepted.status, 200, JSON.stringify(accepted.json))
    own = await rectify(await problem(member.id, P2), member.id, chinaDate(30))
    await problem(other.person_id, P3)
    m = (await api('GET', `/ledger/life-meetings/${id}`)).json
    meeting = m

    // A self-check whose unmet point became an item past its deadline (待受理).
    const c = await api('POST', '/ledger/self-checks', {
      org_id: branch.id, title: `专项监督检查自查${suffix}`, check_date: chinaDate(-20), points: ['传达学习是否及时', '整改台账是否建立'],
    })
    assert.equal(c.status, 201, JSON.stringify(c.json))
    const point = c.json.points[1]
    const found = await api('POST', `/ledger/self-check-points/${point.id}/finding`, {
      version: point.version, result: 'unmet', note: '整改台账尚未建立', responsible_person_id: other.person_id, deadline: chinaDate(-3),
    })
    assert.equal(found.status, 200, JSON.stringify(found.json))
    check = found.json
    lateOpen = check.points[1]
  })

  async function openMeeting(page) {
    const loaded = page.waitForResponse(isPath(`/api/v1/ledger/life-meetings/${meeting.event_id}`, 'GET'))
    await page.goto(`${BASE_URL}/ledger/life-meetings/${meeting.event_id}`)
    assert.equal((await loaded).status(), 200)
    await page.getByTestId('life-checks').waitFor()
    await settled(page)
  }

  test('at 1366×768 items show the list\'s status colours with the overdue mark, named once, with 修改 / 再建一项 wording', async () => {
    await asUser(browser(), DESKTOP, 'zhibu1', 'ledger-meeting-ux-desktop', async (page) => {
      await openMeeting(page)
      const lateRow = page.getByTestId(`life-item-${late.id}`)
      const ownRow = page.getByTestId(`life-item-${own.id}`)
      assert.equal(await statusType(lateRow), 'primary', '办理中 is blue, as in the list')
      assert.match(await lateRow.getByTestId('ledger-status-label').innerText(), /办理中/)
      assert.match(await lateRow.getByTestId('ledger-deadline-note').innerText(), /^逾期/, 'the overdue mark beside it')
      assert.equal(await statusType(ownRow), 'info', '待受理 is grey')
      assert.equal(await ownRow.getByTestId('ledger-deadline-note').count(), 0, 'no mark a month ahead')
      assert.match(await lateRow.innerText(), new RegExp(`责任人 ${other.name}`))

      // The problem's text once: its item is 整改事项, not the same text below it.
      const p1Row = page.getByTestId('life-problems').locator('tbody tr', { hasText: P1 })
      assert.equal((await p1Row.innerText()).split(P1).length - 1, 1, 'the problem text appears once')
      assert.match(await lateRow.getByTestId('life-item-link').innerText(), /^整改事项$/)
      // 再建一项 under a problem with items; 建立整改事项 only where there is none.
      const p3Row = page.getByTestId('life-problems').locator('tbody tr', { hasText: P3 })
      assert.equal((await p1Row.getByRole('button').innerText()).trim(), '再建一项')
      assert.equal((await p3Row.getByRole('button').innerText()).trim(), '建立整改事项')

      // 修改 for who wrote; 填写 for who did not.
      assert.equal((await page.getByTestId(`life-member-edit-${other.person_id}`).innerText()).trim(), '修改')
      assert.equal((await page.getByTestId(`life-member-edit-${member.id}`).innerText()).trim(), '填写')
      await screenshot(page, 'ledger-meeting-ux-desktop')
      await page.getByTestId('life-problems').scrollIntoViewIfNeeded()
      await screenshot(page, 'ledger-meeting-ux-desktop-problems')

      // A self-check's point: the same grey 待受理 and the overdue mark.
      const listed = page.waitForResponse(isPath('/api/v1/ledger/self-checks', 'GET'))
      await page.goto(`${BASE_URL}/ledger/self-checks`)
      assert.equal((await listed).status(), 200)
      const point = page.getByTestId(`check-point-${lateOpen.id}`).first()
      await point.waitFor()
      assert.equal(await statusType(point), 'info', '待受理 is grey on a self-check point')
      assert.match(await point.getByTestId('ledger-deadline-note').innerText(), /^逾期/)
      await point.scrollIntoViewIfNeeded()
      await screenshot(page, 'ledger-meeting-ux-self-check')
    })
  })

  test('at 390×844 the index stays in reach, jumps to 查摆问题, and speeches are folded until 展开', async () => {
    await asUser(browser(), PHONE, 'zhibu1', 'ledger-meeting-ux-phone', async (page) => {
      await openMeeting(page)
      await assertInView(page, page.getByTestId('life-index'), 'the index')
      assert.equal(await page.getByTestId('life-index').getByRole('button').count(), 4)
      // A problem's line: the deadline as large as the status tag and 责任人.
      const sizes = await page.getByTestId(`life-item-${late.id}`).evaluate((el) => {
        const px = (q) => getComputedStyle(el.querySelector(q)).fontSize
        return { status: px('[data-testid="ledger-status-label"]'), deadline: px('[data-testid="ledger-deadline"] > span'), who: px('.muted') }
      })
      assert.equal(new Set(Object.values(sizes)).size, 1, `one size: ${JSON.stringify(sizes)}`)
      assert.equal((await page.getByTestId('life-jump-speeches').innerText()).replace(/\s/g, ''),
        `发言与承诺${meeting.members.length - meeting.members_not_spoken}/${meeting.members.length}`, 'spoke/attendees')
      const card = page.getByTestId(`life-member-card-${other.person_id}`)
      // Folded: a summary line, not the outline.
      assert.equal(await page.getByText(OUTLINE).count(), 0, 'the outline is not rendered while folded')
      assert.match(await card.getByTestId('life-member-summary').innerText(), new RegExp(`发言提纲 ${[...OUTLINE].length} 字`))
      // Who wrote nothing has the 未发言 tag and no line under it.
      const empty = page.getByTestId(`life-member-card-${member.id}`)
      assert.match(await empty.innerText(), /未发言/)
      assert.equal(await empty.locator('.fold-line').count(), 0)
      await screenshot(page, 'ledger-meeting-ux-phone-top')

      await page.getByTestId('life-jump-problems').click()
      await page.waitForFunction(() => {
        const r = document.getElementById('life-sec-problems').getBoundingClientRect()
        return r.top >= 0 && r.bottom <= window.innerHeight / 2
      })
      await settled(page)
      await assertInView(page, page.getByTestId('life-index'), 'the index after the jump')
      const index = await page.getByTestId('life-index').boundingBox()
      const heading = await page.locator('#life-sec-problems').boundingBox()
      assert.ok(heading.y >= index.y + index.height - 1, `查摆问题 shows below the index (${JSON.stringify({ index, heading })})`)
      await screenshot(page, 'ledger-meeting-ux-phone-jump')

      await page.getByTestId('life-jump-speeches').click()
      await page.getByTestId(`life-member-toggle-${other.person_id}`).click()
      await card.getByText(OUTLINE).waitFor()
      assert.match(await card.innerText(), /每周学习党史一章/)
      assert.equal((await page.getByTestId(`life-member-toggle-${other.person_id}`).innerText()).trim(), '收起')
      await noHorizontalScroll(page, 'the meeting page')
      await screenshot(page, 'ledger-meeting-ux-phone-unfolded')
    })
  })

  test('a member at 390×844 sees another member\'s item without a link and no 无权查看 sentence, their own with its link', async () => {
    await asUser(browser(), PHONE, 'dangyuan1', 'ledger-meeting-ux-member', async (page) => {
      await openMeeting(page)
      const theirs = page.getByTestId(`life-item-${late.id}`)
      assert.doesNotMatch(await page.getByTestId('life-problems').innerText(), /无权/, 'no error-like sentence')
      assert.match(await theirs.getByTestId('life-item-closed-to-me').innerText(), /整改事项/, 'the item is named')
      assert.match(await theirs.innerText(), new RegExp(`责任人 ${other.name}`))
      assert.equal(await theirs.locator('a').count(), 0, 'no link to a page the member may not open')
      assert.equal(await statusType(theirs), 'primary', 'its status still shows')
      const mine = page.getByTestId(`life-item-${own.id}`)
      assert.equal(await mine.getByTestId('life-item-closed-to-me').count(), 0)
      assert.equal(await mine.getByTestId('life-item-link').getAttribute('href'), `/ledger/items/${own.id}`)
      const problems = await page.getByTestId('life-problems').innerText()
      assert.doesNotMatch(problems, /…|···/, 'no placeholder dots')
      // The member's own part says 修改 once written: here still 填写.
      assert.match(await page.getByTestId('life-mine-edit').innerText(), /^填写发言提纲与整改承诺$/)
      await page.getByTestId('life-jump-problems').click()
      await page.waitForFunction(() => document.getElementById('life-sec-problems').getBoundingClientRect().top >= 0)
      await settled(page)
      await screenshot(page, 'ledger-meeting-ux-member-problems')

      // Its item opens.
      const opened = page.waitForResponse(isPath(`/api/v1/ledger/items/${own.id}`, 'GET'))
      await mine.getByTestId('life-item-link').click()
      assert.equal((await opened).status(), 200)
    })
  })

  test('建立整改事项 marks 整改措施 and 整改时限 required and checks both in the form before sending', async () => {
    for (const size of [DESKTOP, PHONE]) {
      await asUser(browser(), size, 'zhibu1', `ledger-meeting-ux-item-form-${size.width}`, async (page) => {
        await openMeeting(page)
        const p3 = meeting.problems.find((p) => p.text === P3)
        const sent = []
        page.on('request', (r) => {
          if (r.method() !== 'GET' && new URL(r.url()).pathname.startsWith('/api/v1/ledger/')) sent.push(r.url())
        })
        await page.getByTestId(`life-add-item-${p3.id}`).click()
        const dialog = page.getByTestId('life-item-dialog')
        await dialog.waitFor()
        await settled(page)
        const required = await dialog.locator('.el-form-item.is-required .el-form-item__label').allInnerTexts()
        assert.deepEqual(required.map((t) => t.trim()), ['整改措施', '整改时限'], 'the two fields the server requires carry *')
        await page.getByTestId('life-item-save').click()
        // Both messages at once, in the user's words, under their fields.
        await dialog.locator('.el-form-item__error', { hasText: '请选择整改时限' }).waitFor()
        const errors = await dialog.locator('.el-form-item__error').allInnerTexts()
        assert.deepEqual(errors.map((t) => t.trim()), ['请填写整改措施', '请选择整改时限'])
        assert.doesNotMatch(await dialog.innerText(), /YYYY-MM-DD|不能为空/, 'no server wording')
        await settled(page)
        await screenshot(page, `ledger-meeting-ux-item-form-${size.width}`)
        // Measures written: only the deadline is asked for.
        await field(dialog, 'life-item-measures').fill('每月集中学习一次')
        await page.getByTestId('life-item-save').click()
        await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="life-item-dialog"] .el-form-item__error')]
          .map((e) => e.textContent.trim()).join() === '请选择整改时限')
        assert.deepEqual(sent, [], 'nothing was sent')
        await page.keyboard.press('Escape')
        await dialog.waitFor({ state: 'hidden' })
      })
    }
  })

  test('the meetings\' list shows each meeting\'s state, and a line on what to do next', async () => {
    // A member's 我的组织生活会 on a phone: the new meeting's state.
    await asUser(browser(), PHONE, 'dangyuan1', 'ledger-meeting-ux-my-list', async (page) => {
      const listed = page.waitForResponse(isPath('/api/v1/ledger/life-meeting-summaries', 'GET'))
      await page.goto(`${BASE_URL}/ledger/my-life-meetings`)
      assert.equal((await listed).status(), 200)
      const state = page.getByTestId(`life-meeting-state-${meeting.event_id}`)
      await state.waitFor()
      assert.equal((await state.getByTestId('life-state-review').innerText()).trim(), '待审核')
      assert.equal((await state.getByTestId('life-state-spoke').innerText()).trim(), `发言 1/${meeting.members.length}`)
      assert.equal((await state.getByTestId('life-state-problems').innerText()).trim(), '问题 3 · 1 个未建整改事项')
      assert.match(await page.getByTestId('life-meetings-hint').innerText(), /发言提纲/)
      await noHorizontalScroll(page, 'the meetings list')
      await screenshot(page, 'ledger-meeting-ux-my-list-phone')
    })
    // The branch secretary's list of the 2021 campaign: the demo meeting's state as its page counts it, and the guidance.
    await useCampaign2021('zhibu1')
    await asUser(browser(), DESKTOP, 'zhibu1', 'ledger-meeting-ux-list', async (page) => {
      const listed = page.waitForResponse(isPath('/api/v1/ledger/life-meeting-summaries', 'GET'))
      await page.goto(`${BASE_URL}/ledger/life-meetings`)
      const summaries = await (await listed).json()
      assert.ok(summaries.items.length > 0, 'the 2021 campaign has meetings')
      const demo = summaries.items[0]
      const full = (await (await apiAs('zhibu1'))('GET', `/ledger/life-meetings/${demo.event_id}`)).json
      const state = page.getByTestId(`life-meeting-state-${demo.event_id}`)
      await state.waitFor()
      assert.equal((await state.getByTestId('life-state-review').innerText()).trim(), full.reviewed_at ? '已审核' : '待审核')
      assert.equal((await state.getByTestId('life-state-spoke').innerText()).trim(),
        `发言 ${full.members.length - full.members_not_spoken}/${full.members.length}`)
      assert.match((await state.getByTestId('life-state-problems').innerText()).trim(), new RegExp(`^问题 ${full.problems.length}\\b`))
      assert.match(await page.getByTestId('life-meetings-hint').innerText(), /会后登记.*查摆问题.*建立整改事项.*上级党组织审核/)
      await screenshot(page, 'ledger-meeting-ux-list-desktop')
    })
  })
})
