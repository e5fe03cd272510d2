// Writes N people (default 10,000) as an import file to FILE, the same rows on
// every run: distinct (name, birth date) pairs (so the duplicate check
// passes), birth dates between 1950 and 1986, spread over the demo bureau's
// three in-service branches. A FILE ending in .xlsx gets a workbook (one
// sheet, inline strings, tests/api/xlsx.mjs), anything else a CSV.
//   node bench/people_csv.mjs FILE [N]
import { writeFileSync } from 'node:fs'
import { writeXlsx } from '../tests/api/xlsx.mjs'

const [file, count = '10000'] = process.argv.slice(2)
const n = Number(count)
const branches = ['机关第一支部', '机关第二支部', '机关第三支部']
const s = '王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗'
const g = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚'
const header = ['姓名', '性别', '出生日期', '人员类别', '所在支部', '联系电话']
const rows = []
for (let i = 0; i < n; i++) {
  // 8,000 names; the date adds i / 8000 (in thousands of days) and i % 1000,
  // so that (name, date) tells i apart.
  const k = i % 8000
  const name = s[k % 20] + g[(k / 20 | 0) % 20] + g[(k / 400 | 0) % 20]
  const day = Math.floor(i / 8000) * 1000 + (i % 1000)
  const d = new Date(Date.UTC(1950, 0, 1) + day * 86400000).toISOString().slice(0, 10)
  rows.push([name, i % 2 ? '男' : '女', d, '在职党员', branches[i % 3], '138' + String(i).padStart(8, '0')])
}
if (file.endsWith('.xlsx')) {
  writeFileSync(file, writeXlsx([header, ...rows]))
} else {
  writeFileSync(file, [header, ...rows].map((r) => r.join(',')).join('\n') + '\n')
}
