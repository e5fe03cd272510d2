// Browser test of the ledger's kinds 3-5 pages after a new-user pass:
// - the 专题组织生活会 page at 390×844 as 机关党委 (dangwei), the branch
//   secretary (zhibu1) and a member (dangyuan1): nothing of the content is
//   wider than the screen (attendees, criticisms and problems are cards), the
//   tag 以普通党员身份参加 is shown whole, the review reads
//   已审核 · 机关党委 孙干事 (no nested brackets), and 返回 sits in the toolbar
//   under the title; at 1366×768 the tag is whole too;
// - the event page of a meeting links to the meeting (查看组织生活会) and the
//   meeting back to its event (查看活动); another type's event has no link;
// - 企业走访 and 自查 sit on the white page card like the other pages and show
//   each visit's issues and each checklist's unmet points without opening
//   anything; their writers' buttons follow the ledger's right: the branch
//   secretary has them for their branch, the leader (read-only) has none and
//   a member does not reach the pages.
// Records are made over the API with unique names, so runs do not depend on
// each other. Env: DUXING_URL, DUXING_DEMO_PASSWORD (see helpers.mjs).
import { before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, apiAs, noHorizontalScroll, screenshot, sharedBrowser, uniqueSuffix } from './helpers.mjs'
import { DESKTOP, PHONE, asUser, isPath, makeBranchEvent } from './ledger_helpers.mjs'

const ORDINARY = '以普通党员身份参加'

/**
 * Elements of the page's card (the card itself, each row card, each el-card)
 * whose content is wider than they are, as "testid/class: scrollWidth>clientWidth".
 */
async function overflowing(page) {
  return page.locator('.page-card').first().evaluate((card) => {
    const boxes = [card, ...card.querySelectorAll('.row-card, .el-card, .el-descriptions, .checks')]
    return boxes
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.dataset.testid ?? el.className}: ${el.scrollWidth}>${el.clientWidth}`)
  })
}

/** Asserts `tag` shows its whole text inside the viewport (not clipped by its box or a cell). */
async function assertWhole(page, tag, text) {
  assert.equal((await tag.innerText()).trim(), text)
  const clipped = await tag.evaluate((el) => {
    const own = el.scrollWidth > el.clientWidth + 1
    const r = el.getBoundingClientRect()
    // Any ancestor that hides overflow must hold the whole tag.
    let cut = false
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p)
      if (s.overflowX !== 'visible' || s.textOverflow === 'ellipsis') {
        const b = p.getBoundingClientRect()
        if (r.left < b.left - 1 || r.right > b.right + 1) cut = true
      }
    }
    return { own, cut, right: r.right }
  })
  assert.equal(clipped.own, false, `the tag's text fits its box`)
  assert.equal(clipped.cut, false, 'no ancestor cuts the tag off')
  assert.ok(clipped.right <= page.viewportSize().width, `the tag ends inside the viewport (${clipped.right})`)
}

describe('专题组织生活会 page on a phone', () => {
  const browser = sharedBrowser()
  let meeting, ordinaryName

  before(async () => {
    const { id } = await makeBranchEvent('dangwei', 'life_meeting', `专题组织生活会${uniqueSuffix()}`)
    const secretary = await apiAs('zhibu1')
    let m = (await secretary('GET', `/ledger/life-meetings/${id}`)).json
    // An attendee other than the member account (钱党员) attends as an ordinary member.
    const other = m.members.find((x) => x.name !== '钱党员')
    ordinaryName = other.name
    const marked = await secretary('PATCH', `/ledger/life-meetings/${id}/members/${other.person_id}`, {
      version: other.version, as_ordinary_member: true,
      speech_outline: '对照党史学习教育目标任务，从理想信念、历史自觉、光荣传统、党性锻炼四个方面检视差距不足，逐条列出问题清单和整改措施。',
    })
    assert.equal(marked.status, 200, JSON.stringify(marked.json))
    const long = '学习党史不够系统，满足于读了、看了，没有做到学懂弄通、融会贯通，联系统计工作实际不够紧密'
    assert.equal((await secretary('POST', `/ledger/life-meetings/${id}/criticisms`, {
      from_person_id: other.person_id, to_person_id: m.members.find((x) => x.name === '钱党员').person_id, text: long,
    })).status, 201)
    const problem = await secretary('POST', `/ledger/life-meetings/${id}/problems`, { person_id: other.person_id, category: 'history', text: long })
    assert.equal(problem.status, 201, JSON.stringify(problem.json))
    m = (await secretary('GET', `/ledger/life-meetings/${id}`)).json
    const reviewed = await (await apiAs('dangwei'))('POST', `/ledger/life-meetings/${id}/review`, { version: m.version, note: '会议程序规范' })
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.json))
    meeting = reviewed.json
    assert.equal(meeting.reviewed_by_name, '机关党委（孙干事）', 'the demo reviewer account carries brackets in its name')
  })

  async function openMeeting(page) {
    const loaded = page.waitForResponse(isPath(`/api/v1/ledger/life-meetings/${meeting.event_id}`, 'GET'))
    await page.goto(`${BASE_URL}/ledger/life-meetings/${meeting.event_id}`)
    assert.equal((await loaded).status(), 200)
    await page.getByTestId('life-checks').waitFor()
  }

  for (const user of ['dangwei', 'zhibu1', 'dangyuan1']) {
    test(`as ${user} at 390×844 every part is in reach`, async () => {
      await asUser(browser(), PHONE, user, `ledger-pages-life-${user}`, async (page) => {
        await openMeeting(page)
        await page.getByTestId('life-members').locator('[data-testid^="life-member-card-"]').first().waitFor()
        assert.deepEqual(await overflowing(page), [], 'no part of the content is wider than its box')
        await noHorizontalScroll(page, 'the meeting page')

        const cards = page.getByTestId('life-members').locator('[data-testid^="life-member-card-"]')
        assert.equal(await cards.count(), meeting.members.length, 'one card per attendee')
        const ordinary = cards.filter({ hasText: ordinaryName })
        await assertWhole(page, ordinary.getByTestId('life-ordinary'), ORDINARY)
        // Folded to a summary line; 展开 shows the whole outline.
        await ordinary.getByRole('button', { name: '展开' }).click()
        assert.match(await ordinary.innerText(), /从理想信念、历史自觉/, 'the whole outline is on the card')
        assert.match(await page.getByTestId('life-problems').innerText(), /联系统计工作实际不够紧密/)
        assert.match(await page.getByTestId('life-criticisms').innerText(), /联系统计工作实际不够紧密/)

        const review = (await page.getByTestId('life-review-state').innerText()).trim()
        assert.equal(review, '已审核 · 机关党委 孙干事')
        await assertWhole(page, page.getByTestId('life-review-state'), review)

        // 返回 sits in the toolbar below the title, not squeezed beside it.
        const title = await page.getByTestId('detail-title').boundingBox()
        const back = await page.getByTestId('detail-back').boundingBox()
        assert.ok(back.y >= title.y + title.height - 1, `返回 is below the title (${JSON.stringify({ title, back })})`)
        assert.match(await page.getByTestId('detail-title').innerText(), new RegExp(meeting.title))
        await screenshot(page, `ledger-pages-life-${user}-phone`)
        await page.getByTestId('life-problems').scrollIntoViewIfNeeded()
        await screenshot(page, `ledger-pages-life-${user}-phone-problems`)
      })
    })
  }

  test('at 1366×768 the tag is whole and the meeting links to its event and back', async () => {
    await asUser(browser(), DESKTOP, 'zhibu1', 'ledger-pages-life-desktop', async (page) => {
      await openMeeting(page)
      const row = page.getByTestId('life-members').locator('tbody tr', { hasText: ordinaryName })
      await assertWhole(page, row.getByTestId('life-ordinary'), ORDINARY)
      assert.deepEqual(await overflowing(page), [])
      await screenshot(page, 'ledger-pages-life-desktop')

      await page.getByTestId('life-event-link').click()
      await page.waitForURL((u) => u.pathname === `/events/${meeting.event_id}`)
      await page.getByTestId('event-fields').waitFor()
      const link = page.getByTestId('event-life-meeting')
      assert.equal((await link.innerText()).trim(), '查看组织生活会')
      await screenshot(page, 'ledger-pages-event-meeting-link')
      await link.click()
      await page.waitForURL((u) => u.pathname === `/ledger/life-meetings/${meeting.event_id}`)
      await page.getByTestId('life-checks').waitFor()
    })
  })

  test('a member opens the meeting from its event page too; another type\'s event has no meeting link', async () => {
    const { id: other } = await makeBranchEvent('dangwei', 'enterprise_visit', `走访${uniqueSuffix()}`)
    await asUser(browser(), PHONE, 'dangyuan1', 'ledger-pages-event-link-member', async (page) => {
      const loaded = page.waitForResponse(isPath(`/api/v1/events/${meeting.event_id}`, 'GET'))
      await page.goto(`${BASE_URL}/events/${meeting.event_id}`)
      assert.equal((await loaded).status(), 200)
      await page.getByTestId('event-life-meeting').click()
      await page.waitForURL((u) => u.pathname === `/ledger/life-meetings/${meeting.event_id}`)
      await page.getByTestId('life-mine').waitFor()
    })
    await asUser(browser(), DESKTOP, 'dangwei', 'ledger-pages-event-no-link', async (page) => {
      // The link shows once the page has the event and the types.
      const loaded = page.waitForResponse(isPath(`/api/v1/events/${other}`, 'GET'))
      const types = page.waitForResponse(isPath('/api/v1/event-types', 'GET'))
      await page.goto(`${BASE_URL}/events/${other}`)
      assert.equal((await loaded).status(), 200)
      assert.equal((await types).status(), 200)
      await page.getByTestId('event-fields').waitFor()
      await page.getByTestId('detail-back').waitFor()
      assert.equal(await page.getByTestId('event-life-meeting').count(), 0)
    })
  })
})

describe('企业走访 and 自查 pages', () => {
  const browser = sharedBrowser()
  let visit, issueTitle, check, unmetPoint, itemTitle

  before(async () => {
    const { api, branch, id } = await makeBranchEvent('dangwei', 'enterprise_visit', `千人进企业服务走访${uniqueSuffix()}`)
    const made = await api('POST', '/ledger/enterprise-visits', {
      event_id: id, enterprise_name: `华信电子有限公司${uniqueSuffix()}`, credit_code: '91350102MA2Y3XXX0N',
      visitor_person_id: (await api('GET', `/people?q=${encodeURIComponent('钱党员')}`)).json.items[0].id, visit_date: '2026-03-20',
    })
    assert.equal(made.status, 201, JSON.stringify(made.json))
    issueTitle = `联网直报系统登录慢${uniqueSuffix()}`
    const issued = await api('POST', `/ledger/enterprise-visits/${id}/issues`, { title: issueTitle, org_id: branch.id })
    assert.equal(issued.status, 201, JSON.stringify(issued.json))
    visit = issued.json

    const secretary = await apiAs('zhibu1')
    const c = await secretary('POST', '/ledger/self-checks', {
      org_id: branch.id, title: `专项监督检查自查${uniqueSuffix()}`, check_date: '2026-03-21',
      points: ['传达学习是否及时', '整改台账是否建立', '是否制定贯彻落实方案'],
    })
    assert.equal(c.status, 201, JSON.stringify(c.json))
    unmetPoint = c.json.points[1]
    const found = await secretary('POST', `/ledger/self-check-points/${unmetPoint.id}/finding`, {
      version: unmetPoint.version, result: 'unmet', note: '整改台账尚未建立',
    })
    assert.equal(found.status, 200, JSON.stringify(found.json))
    check = found.json
    itemTitle = check.points[1].item.title
  })

  /** Opens `path` and waits for its list's answer. */
  async function openList(page, path, api) {
    const listed = page.waitForResponse(isPath(api, 'GET'))
    await page.goto(`${BASE_URL}${path}`)
    assert.equal((await listed).status(), 200)
  }

  async function assertOnWhiteCard(page, testid) {
    const el = page.getByTestId(testid)
    assert.match(await el.getAttribute('class'), /\bpage-card\b/, `${testid} is the page's card`)
    assert.equal(await el.evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(255, 255, 255)')
  }

  for (const size of [DESKTOP, PHONE]) {
    test(`the branch secretary sees each visit's issues and each check's unmet points, with the writers' buttons (${size.width})`, async () => {
      await asUser(browser(), size, 'zhibu1', `ledger-pages-lists-${size.width}`, async (page) => {
        await openList(page, '/ledger/enterprise-visits', '/api/v1/ledger/enterprise-visits')
        await assertOnWhiteCard(page, 'enterprise-visits')
        const shown = size === PHONE ? page.getByTestId(`visit-link-${visit.event_id}`) : page.getByTestId(`visit-issues-${visit.event_id}`)
        await shown.waitFor()
        assert.match(await shown.innerText(), /企业问题 1 个/)
        assert.match(await shown.innerText(), new RegExp(issueTitle))
        assert.match(await shown.innerText(), /待受理/)
        await page.getByTestId('visit-new').waitFor()
        await noHorizontalScroll(page, 'the visits list')
        await screenshot(page, `ledger-pages-visits-${size.width}`)

        await openList(page, '/ledger/self-checks', '/api/v1/ledger/self-checks')
        await assertOnWhiteCard(page, 'self-checks')
        const unmet = page.getByTestId(`check-unmet-${check.id}`)
        await unmet.waitFor()
        assert.match(await unmet.innerText(), /不符合的要点（1）/)
        assert.match(await unmet.innerText(), /整改台账是否建立/)
        assert.match(await unmet.innerText(), /整改台账尚未建立/)
        await unmet.getByTestId(`check-item-${unmetPoint.id}`).filter({ hasText: itemTitle }).waitFor()
        assert.match(await page.getByTestId(`check-unmet-count-${check.id}`).innerText(), /不符合 1 条/)
        await page.getByTestId('check-new').waitFor()
        await page.getByTestId(`check-met-${check.points[0].id}`).waitFor()
        await noHorizontalScroll(page, 'the self-checks page')
        await screenshot(page, `ledger-pages-self-checks-${size.width}`)

        const loaded = page.waitForResponse(isPath(`/api/v1/ledger/enterprise-visits/${visit.event_id}`, 'GET'))
        await page.goto(`${BASE_URL}/ledger/enterprise-visits/${visit.event_id}`)
        assert.equal((await loaded).status(), 200)
        await page.getByTestId('visit-edit').waitFor()
        await page.getByTestId('visit-add-issue').waitFor()
      })
    })
  }

  test('the leader reads both pages without a writer\'s button; a member does not reach them', async () => {
    await asUser(browser(), DESKTOP, 'lingdao', 'ledger-pages-lists-leader', async (page) => {
      await openList(page, '/ledger/enterprise-visits', '/api/v1/ledger/enterprise-visits')
      await page.getByTestId(`visit-issues-${visit.event_id}`).filter({ hasText: issueTitle }).waitFor()
      assert.equal(await page.getByTestId('visit-new').count(), 0, 'no 登记走访 for the leader')
      await openList(page, '/ledger/self-checks', '/api/v1/ledger/self-checks')
      await page.getByTestId(`check-unmet-${check.id}`).waitFor()
      assert.equal(await page.getByTestId('check-new').count(), 0, 'no 登记自查 for the leader')
      assert.equal(await page.getByTestId(`check-${check.id}`).locator('button').count(), 0, 'no 符合/不符合 for the leader')
      const loaded = page.waitForResponse(isPath(`/api/v1/ledger/enterprise-visits/${visit.event_id}`, 'GET'))
      await page.goto(`${BASE_URL}/ledger/enterprise-visits/${visit.event_id}`)
      assert.equal((await loaded).status(), 200)
      await page.getByTestId('visit-fields').waitFor()
      assert.equal(await page.getByTestId('visit-edit').count(), 0)
      assert.equal(await page.getByTestId('visit-add-issue').count(), 0)
      await screenshot(page, 'ledger-pages-visit-leader')
    })
    await asUser(browser(), DESKTOP, 'dangyuan1', 'ledger-pages-lists-member', async (page) => {
      for (const path of ['/ledger/enterprise-visits', '/ledger/self-checks']) {
        await page.goto(`${BASE_URL}${path}`)
        await page.waitForURL((u) => u.pathname !== path)
        assert.equal(await page.getByTestId('visit-new').count(), 0)
        assert.equal(await page.getByTestId('check-new').count(), 0)
      }
    })
  })
})
