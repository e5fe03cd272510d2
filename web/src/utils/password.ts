// The new-password rule of the server (src/domain/auth/password_policy.hpp),
// mirrored for the forms so that they can say what is wrong before sending.
// The server checks again, and alone holds the list of common passwords.

export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 128

/** Whose password it is: a new password must not contain these (3 bytes or more). */
/** The rules passwordProblem checks, as shown beside every new-password field. */
export const PASSWORD_RULES = `密码规则：${PASSWORD_MIN} 到 ${PASSWORD_MAX} 个字符，可用汉字、空格和符号；不能包含用户名或姓名，不能是常见密码`

export interface PasswordOwner {
  username?: string
  displayName?: string
}

/** Code points, as the server counts them (a Chinese character is one). */
export function passwordLength(v: string): number {
  return [...v].length
}

function oneCharacterRepeated(v: string): boolean {
  const chars = [...v]
  return chars.length > 0 && chars.every((c) => c === chars[0])
}

/**
 * An error message for a new password, or '' when the forms accept it. Taken
 * exactly as typed: never trim a password.
 */
export function passwordProblem(v: string, owner: PasswordOwner = {}): string {
  if (!v) return '请输入密码'
  const n = passwordLength(v)
  if (n < PASSWORD_MIN) return `密码至少 ${PASSWORD_MIN} 个字符（可用汉字、空格和符号）`
  if (n > PASSWORD_MAX) return `密码不能超过 ${PASSWORD_MAX} 个字符`
  if (oneCharacterRepeated(v)) return '该密码过于常见，容易被猜中，请换一个'
  const lower = v.toLowerCase()
  for (const part of [owner.username, owner.displayName]) {
    if (part && new TextEncoder().encode(part).length >= 3 && lower.includes(part.toLowerCase())) {
      return '密码不能包含用户名或姓名'
    }
  }
  return ''
}

export interface PasswordStrength {
  score: 0 | 1 | 2 | 3 | 4
  label: string
}

const LABELS = ['太短', '弱', '一般', '较强', '强'] as const

/** Common shapes that make a long password guessable all the same. */
const WEAK_PATTERNS = [
  /^(.{1,4})\1+$/u, // a short block repeated: 123123123123, abcabcabcabc
  /^[0-9]+$/, // digits only (dates, phone numbers, QQ numbers)
  /(0123|1234|2345|3456|4567|5678|6789|9876|8765|7654|6543|5432|4321|3210)/,
  /(qwer|wert|asdf|sdfg|zxcv|xcvb|qaz|wsx|edc|1q2w|q1w2)/i,
  /(password|passw0rd|p@ss|admin|duxing|tongji|woaini|iloveyou|qq)/i,
  /(19|20)\d\d/, // a year
]

/**
 * A rough strength for the meter (ASVS 2.1.8): length counts most, then the
 * kinds of characters, minus common shapes. It only guides: the rule is
 * passwordProblem, and the server's.
 */
export function passwordStrength(v: string): PasswordStrength {
  const n = passwordLength(v)
  if (n < PASSWORD_MIN) return { score: 0, label: LABELS[0] }
  let points = n >= 20 ? 3 : n >= 16 ? 2 : 1
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(v)).length
  if (kinds >= 3) points += 1
  if (/[^\x00-\x7f]/.test(v)) points += 1 // Chinese and other scripts widen the search
  points -= WEAK_PATTERNS.filter((re) => re.test(v)).length
  if (oneCharacterRepeated(v)) points = 1
  const score = Math.max(1, Math.min(4, points)) as 1 | 2 | 3 | 4
  return { score, label: LABELS[score] }
}

/** A random password the rule accepts (16 letters and digits, ambiguous ones left out). */
export function randomPassword(): string {
  const all = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const bytes = new Uint32Array(16)
  for (;;) {
    crypto.getRandomValues(bytes)
    const pw = Array.from(bytes, (b) => all[b % all.length]).join('')
    if (!passwordProblem(pw)) return pw
  }
}
