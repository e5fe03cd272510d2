#!/usr/bin/env node
// Writes src/domain/auth/common_passwords.txt: passwords too common to allow.
//
// No breached-password list can be downloaded where duxing is built, so the
// list is generated from the patterns that dominate every published leak (and
// the Chinese ones, e.g. the CSDN/Tianya leaks of 2011): keyboard walks,
// repeated and sequential digits, years and dates, common words and pinyin with
// digits, QQ-style numbers. Only entries of 12 to 128 characters are kept
// (shorter passwords are refused by length). Lower case; the server compares
// the lower-cased password. Every entry is ASCII, so JavaScript's default sort
// (by UTF-16 code unit) is the byte order of the file.
//
// Usage: node scripts/gen-common-passwords.mjs > src/domain/auth/common_passwords.txt

const MIN = 12
const MAX = 128

const WORDS = [
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'admin', 'administrator', 'root',
  'duxing', 'tongji', 'tongjiju', 'statistics', 'qwerty', 'welcome', 'letmein',
  'iloveyou', 'woaini', 'woaini1314', 'aini1314', 'abc', 'abcd', 'abcde', 'abcdef',
  'a', 'aa', 'aaa', 'qq', 'qaz', 'zxc', 'asd', 'wang', 'zhang', 'li', 'liu', 'chen',
  'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo', 'he',
  'lin', 'gao', 'luo', 'zheng', 'liang', 'xie', 'song', 'tang', 'han', 'feng',
  'dangyuan', 'dangwei', 'zhibu', 'lingdao', 'gongchandang', 'zhongguo', 'china',
  'beijing', 'shanghai', 'love', 'dragon', 'monkey', 'sunshine', 'master', 'super',
  'superman', 'test', 'user', 'guest', 'system', 'manager', 'changeme', 'secret',
  'default', 'football', 'baseball', 'princess', 'shadow', 'hello', 'hellokitty',
  'qwe', 'asdf', 'zxcv', 'wocao', 'nihao', 'xiaoming', 'laopo', 'laogong',
  'baobei', 'tiantian', 'woshishui', 'wodemima', 'mima', 'zxcvbnm', 'qwertyuiop',
]

const SUFFIXES = [
  '', '1', '12', '123', '1234', '12345', '123456', '1234567', '12345678', '123456789',
  '1234567890', '0', '00', '000', '111', '666', '888', '999', '520', '1314', '5201314',
  '520520', '1314520', '!', '!!', '@', '#', '@123', '#123', '!@#', '!@#$', '123!', '123!@#', '@2021',
  'qwe', 'abc', '@qq', '.com', '@qq.com', '@163.com', '@126.com', '@sina.com',
]
const YEARS = range(1950, 2031).map(String)

const KEYBOARD_WALKS = [
  'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx', '1qaz2wsx3edc', '1qaz2wsx3edc4rfv',
  'qazwsx', 'qazwsxedc', 'qazwsxedcrfv', 'zaq12wsx', 'zaq1xsw2', '1q2w3e4r',
  '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4', 'q1w2e3r4t5', 'q1w2e3r4t5y6', 'qweasdzxc',
  'qweasd', 'asdzxc', 'qwe123', 'asd123', 'zxc123', 'qwerty123', 'qwertyuiop123',
  '!qaz@wsx', '!qaz2wsx', '1qaz@wsx', '1qaz!qaz', 'qwer1234', 'asdf1234', 'zxcv1234',
  '1234qwer', '1234asdf', '1234zxcv', 'qwerasdf', 'asdfjkl;', 'poiuytrewq',
  'mnbvcxz', 'lkjhgfdsa', '147258369', '159357', '159753', '123qwe', '123asd',
  '123zxc', 'qwertyui', 'asdfghjk', 'zxcvbnm,./', '1qazxsw2', '2wsx3edc', '3edc4rfv',
  'qazxswedc', '!@#$%^&*', '!@#$%^&*()', '!@#qwe', '!@#qweasd', '1q2w3e', 'zaq!2wsx',
]

// The integers from `start` up to, not including, `end`.
function range(start, end) {
  return Array.from({ length: end - start }, (_, i) => start + i)
}

const DIGITS = [...'0123456789']
const pad2 = (n) => String(n).padStart(2, '0')
const capitalize = (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()

function digitRuns(out) {
  for (const d of DIGITS) {
    for (const n of range(MIN, 21)) out.add(d.repeat(n))
  }
  for (const seq of ['01234567890123456789', '98765432109876543210']) {
    for (const start of range(0, 10)) {
      for (const n of range(MIN, 21)) out.add(seq.slice(start, start + n))
    }
  }
  // Repeated short blocks: 121212121212, 123123123123, 520520520520 ...
  for (const block of ['12', '21', '123', '321', '1234', '4321', '520', '1314', '5201314',
    '110', '119', '168', '518', '666', '888', 'abc', 'qwe', 'asd', 'zxc',
    'qaz', 'ab', 'aa', 'a1', '1a', 'qq']) {
    for (const n of range(2, 11)) out.add(block.repeat(n))
  }
  // 11-digit mobile-like and QQ-like runs with the favourite endings.
  for (const head of ['13', '15', '18', '17', '19']) {
    for (const d of DIGITS) out.add(head + d.repeat(10))
  }
}

function dates(out) {
  for (const y of range(1950, 2031)) {
    for (const m of range(1, 13)) {
      const ymd = `${y}${pad2(m)}01`
      out.add(ymd + ymd.slice(-4))
      out.add(ymd + '1234')
    }
    out.add(`${y}${y}${y}`)
    out.add(`${y}0101${y}`)
  }
  // Party anniversaries and campaign years people reach for.
  for (const s of ['19210701', '19491001', '20210701', '20211001', '19780101']) {
    for (const p of [s + '1234', s + s.slice(-4), s + '0000', 'dang' + s, 'cpc' + s]) out.add(p)
  }
}

function words(out) {
  for (const w of WORDS) {
    for (const f of new Set([w, capitalize(w), w.toUpperCase()])) {
      for (const s of [...SUFFIXES, ...YEARS]) out.add((f + s).toLowerCase())
    }
    for (const y of YEARS.slice(40)) {
      out.add(w + '@' + y)
      out.add(y + w)
    }
    out.add(w.repeat(2))
    out.add(w.repeat(3))
  }
  for (const w of ['duxing', 'tongji', 'tongjiju', 'admin', 'password', 'woaini', 'dangyuan',
    'dangwei', 'zhibu', 'lingdao', 'qwerty', 'china', 'zhongguo']) {
    for (const y of YEARS.slice(50)) {
      out.add(w + y + w)
      out.add(w + '@' + y + '!')
    }
  }
  for (const a of ['woaini', 'iloveyou', 'aini', 'love']) {
    for (const b of WORDS.slice(27, 70)) {
      out.add(a + b)
      out.add(b + a)
    }
  }
}

// a123456789012, qq1234567890, wang12345678910 ...
function prefixedDigits(out) {
  const runs = ['123456789', '1234567890', '12345678910', '123456789012', '0123456789',
    '987654321', '111111111', '888888888', '666666666', '5201314520']
  for (const p of ['a', 'aa', 'aaa', 'ab', 'abc', 'q', 'qq', 'qaz', 'zxc', 'asd', 'qwe',
    'wang', 'zhang', 'li', 'liu', 'chen', 'woaini', 'z', 'x', 'w']) {
    for (const r of runs) {
      out.add(p + r)
      out.add(r + p)
    }
  }
}

function walks(out) {
  for (const w of KEYBOARD_WALKS) {
    out.add(w)
    out.add(w.repeat(2))
    out.add(w + [...w].reverse().join(''))
    for (const s of [...SUFFIXES, '!@#', '!@#$%^', 'qwe', 'asd']) {
      out.add(w + s)
      out.add(s + w)
    }
  }
}

const every = new Set()
for (const add of [digitRuns, dates, words, prefixedDigits, walks]) add(every)
const kept = [...every].filter((p) => p.length >= MIN && p.length <= MAX).sort()
process.stdout.write(
  ['# Generated by scripts/gen-common-passwords.mjs; do not edit.', ...kept].map((l) => l + '\n').join(''),
)
