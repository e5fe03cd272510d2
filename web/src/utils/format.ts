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
