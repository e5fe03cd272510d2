// Writes N people (default 10,000) as an import CSV to FILE, the same rows on
// every run: no two with the same name and birth date (so the duplicate check passes),
// spread over the demo bureau's three in-service branches.
//   node bench/people_csv.mjs FILE [N]
import { writeFileSync } from 'node:fs'

const [file, count = '10000'] = process.argv.slice(2)
const n = Number(count)
const branches = ['机关第一支部', '机关第二支部', '机关第三支部']
const s = '王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗'
const g = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚'
const rows = ['姓名,性别,出生日期,人员类别,所在支部,联系电话']
for (let i = 0; i < n; i++) {
  const name = s[i % 20] + g[(i / 20 | 0) % 20] + g[(i / 400 | 0) % 20] + '甲乙丙丁戊己庚辛壬癸'.slice(0, (i / 8000) | 0)
  // Birth dates cycle every 18,000 rows (1960 to 2024), so 100,000 rows stay in the past.
  const d = new Date(Date.UTC(1960, 0, 1) + (i % 18000) * 86400000 * 1.3).toISOString().slice(0, 10)
  rows.push([name, i % 2 ? '男' : '女', d, '在职党员', branches[i % 3], '138' + String(i).padStart(8, '0')].join(','))
}
writeFileSync(file, rows.join('\n') + '\n')
