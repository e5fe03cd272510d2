/**
 * Phone numbers as the server accepts them (digits, spaces, + and -, at most 20
 * characters), with at least 7 digits: 13800138000, 0731-88888888, +86 138 0013 8000.
 */
export function isValidPhone(v: string): boolean {
  const s = v.trim()
  if (!s) return true
  if (!/^\+?[0-9][0-9 -]*[0-9]$/.test(s) || s.length > 20) return false
  return (s.match(/[0-9]/g) ?? []).length >= 7
}

export const NAME_MAX = 50
