// Default periods of the pages that report on a stretch of time (三会一课 board,
// 学习强国排名, 自学情况): inside the campaign chosen in the header, not just
// around today, so that choosing a past campaign shows its own months.
import { chinaToday } from '@/utils/format'
import type { Campaign } from './api'

/**
 * The last day the defaults reach: today, or the campaign's last day when it has
 * ended, or its first when it has not begun. No campaign: today.
 */
export function campaignAnchorDay(campaign: Pick<Campaign, 'start_date' | 'end_date'> | null, today = chinaToday()): string {
  if (!campaign) return today
  if (today > campaign.end_date) return campaign.end_date
  if (today < campaign.start_date) return campaign.start_date
  return today
}

/** The quarter holding the anchor day (the whole last quarter of an ended campaign). */
export function campaignQuarter(campaign: Pick<Campaign, 'start_date' | 'end_date'> | null, today = chinaToday()) {
  const [y, m] = campaignAnchorDay(campaign, today).split('-').map(Number)
  return { year: y, part: Math.floor((m - 1) / 3) + 1 }
}

/**
 * The latest whole month up to the anchor day (YYYY-MM): the month before
 * today's in a running campaign, an ended campaign's last month when it ends on
 * a month's last day; never a month before the campaign's first.
 */
export function campaignLastFullMonth(campaign: Pick<Campaign, 'start_date' | 'end_date'> | null, today = chinaToday()): string {
  const anchor = campaignAnchorDay(campaign, today)
  const next = new Date(`${anchor}T00:00:00Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  // The month before the anchor's next day: the anchor's own when it is a month's end.
  next.setUTCDate(0)
  const month = next.toISOString().slice(0, 7)
  const first = campaign?.start_date.slice(0, 7)
  return first && month < first ? first : month
}

/** The month holding the anchor day, from its first day (or the campaign's) to the anchor. */
export function campaignMonthRange(campaign: Pick<Campaign, 'start_date' | 'end_date'> | null, today = chinaToday()): [string, string] {
  const anchor = campaignAnchorDay(campaign, today)
  const first = `${anchor.slice(0, 8)}01`
  return [campaign && campaign.start_date > first ? campaign.start_date : first, anchor]
}
