// 统一社会信用代码 (GB 32100-2015), checked in the form before sending: 18
// characters of the digits and the capitals other than I, O, Z, S, V; the
// 3rd to 8th the administrative division (digits); the 18th the check
// character of the first 17. The server checks the same and has the last word
// (src/domain/ledger/enterprise.cpp, CheckCreditCode); the messages match.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** What is wrong with `code`, or '' when it is a valid code. */
export function creditCodeProblem(code: string): string {
  if (code.length !== 18) return '统一社会信用代码应为 18 位'
  let sum = 0
  for (let i = 0; i < 18; i++) {
    const value = ALPHABET.indexOf(code[i])
    if (value < 0) return `统一社会信用代码第 ${i + 1} 位字符无效（只能是数字和除 I、O、Z、S、V 以外的大写字母）`
    if (i >= 2 && i < 8 && value > 9) return '统一社会信用代码第 3 至 8 位应为行政区划代码（数字）'
    if (i < 17) sum += value * WEIGHTS[i]
  }
  return ALPHABET.indexOf(code[17]) === (31 - (sum % 31)) % 31 ? '' : '统一社会信用代码校验位不正确'
}
