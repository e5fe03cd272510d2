// Times are stored in UTC and shown in Asia/Shanghai.
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

/** An instant as shown everywhere: 2021-06-30 23:59 in Asia/Shanghai, to the minute. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const parts = Object.fromEntries(dateTime.formatToParts(d).map((p) => [p.type, p.value]))
  const hour = parts.hour === '24' ? '00' : parts.hour
  return `${parts.year}-${parts.month}-${parts.day} ${hour}:${parts.minute}`
}

/** Today in China, YYYY-MM-DD (the server's rule for "not after today"). */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

/**
 * How long a deadline (YYYY-MM-DD) has passed, as every page shows it:
 * 逾期 N 天 up to 90 days, then 逾期 N 个月, from a year on 逾期 N 年
 * (whole months and years, counted on the calendar); with `since`, the
 * first overdue day (the day after the deadline) for a tooltip. `text` is ''
 * when the deadline has not passed.
 */
export function overdueText(deadline: string, today = chinaToday()): { text: string; since: string } {
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`)
  const days = Math.round((day(today) - day(deadline)) / 86_400_000)
  const since = new Date(day(deadline) + 86_400_000).toISOString().slice(0, 10)
  if (!(days > 0)) return { text: '', since }
  if (days <= 90) return { text: `逾期 ${days} 天`, since }
  const [ty, tm, td] = today.split('-').map(Number)
  const [dy, dm, dd] = deadline.split('-').map(Number)
  const months = (ty - dy) * 12 + (tm - dm) - (td < dd ? 1 : 0)
  if (months < 12) return { text: `逾期 ${months} 个月`, since }
  return { text: `逾期 ${Math.floor(months / 12)} 年`, since }
}

/** A Date as an ISO 8601 UTC string without milliseconds: 2026-11-25T08:00:00Z. */
export function toIsoUtc(d: Date | string | number): string {
  return new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

const OPENING = '（(【[《'
const CLOSING = '）)】]》'

/**
 * `text` cut to at most `max` characters (plus "…"), never inside brackets:
 * when the cut would leave a bracket open, the text is cut before that
 * bracket ("张三（机关第二支部…" becomes "张三…"). Short texts come back whole.
 */
export function shortText(text: string, max: number): string {
  const chars = [...text]
  if (chars.length <= max) return text
  let cut = max
  let open = -1
  for (let i = 0; i < max; i++) {
    if (OPENING.includes(chars[i])) open = i
    else if (CLOSING.includes(chars[i])) open = -1
  }
  if (open > 0) cut = open
  return `${chars.slice(0, cut).join('').trimEnd()}…`
}

/** A file size for people: 512 B, 3.4 KB, 10.0 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
