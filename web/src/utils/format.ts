// Times are stored in UTC and shown in Asia/Shanghai.
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const parts = Object.fromEntries(dateTime.formatToParts(d).map((p) => [p.type, p.value]))
  const hour = parts.hour === '24' ? '00' : parts.hour
  return `${parts.year}-${parts.month}-${parts.day} ${hour}:${parts.minute}:${parts.second}`
}

/** A Date as an ISO 8601 UTC string without milliseconds: 2026-11-25T08:00:00Z. */
export function toIsoUtc(d: Date | string | number): string {
  return new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function prettyJson(v: unknown): string {
  if (v === null || v === undefined) return '（无）'
  try {
    return JSON.stringify(v, null, 2)
  } catch {
    return String(v)
  }
}
