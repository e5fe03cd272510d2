// Build check: no source file takes ElMessageBox straight from 'element-plus'.
// Components come with their CSS where templates use them (vite.config.ts),
// but the message box is called as a function, so its CSS arrives only through
// src/utils/confirmBox.ts; a direct import draws the dialog as bare text in
// the top-left corner. Exits 1 naming each offending file.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const src = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src')
const allowed = path.join(src, 'utils', 'confirmBox.ts')
// An import statement from 'element-plus' (not a subpath) naming ElMessageBox.
const direct = /import\s*\{[^}]*\bElMessageBox\b[^}]*\}\s*from\s*['"]element-plus['"]/

function* files(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) yield* files(p)
    else if (/\.(vue|ts)$/.test(e.name)) yield p
  }
}

const bad = [...files(src)].filter((f) => f !== allowed && direct.test(fs.readFileSync(f, 'utf8')))
if (bad.length) {
  for (const f of bad) console.error(`${path.relative(process.cwd(), f)}: imports ElMessageBox from 'element-plus'; use await import('@/utils/confirmBox') (it loads the CSS)`)
  process.exit(1)
}
