// Writes `x.br` and `x.gz` beside every compressible file of the built web
// UI (default: web/dist), at the highest levels, for the server to send by
// Accept-Encoding without compressing per request. A variant that is not
// smaller than its file is not written (and a stale one is removed).
// Run at the end of `npm run build`:   node scripts/compress-dist.mjs [DIR]
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

// Text and fonts not compressed already (woff/woff2, images: left alone).
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.map', '.xml',
  '.ico', '.ttf', '.otf', '.eot', '.wasm'])

const variants = {
  br: (bytes) => zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }),
  gz: (bytes) => zlib.gzipSync(bytes, { level: zlib.constants.Z_BEST_COMPRESSION, memLevel: 9 }),
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(full)
    else if (entry.isFile()) yield full
  }
}

export function compressDir(dir) {
  const totals = { files: 0, bytes: 0, br: 0, gz: 0 }
  for (const file of [...walk(dir)]) {
    if (!COMPRESSIBLE.has(path.extname(file).toLowerCase())) continue
    const bytes = fs.readFileSync(file)
    totals.files++
    totals.bytes += bytes.length
    for (const [ext, compress] of Object.entries(variants)) {
      const packed = compress(bytes)
      const out = `${file}.${ext}`
      if (packed.length < bytes.length) {
        fs.writeFileSync(out, packed)
        totals[ext] += packed.length
      } else {
        fs.rmSync(out, { force: true })
        totals[ext] += bytes.length
      }
    }
  }
  return totals
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(process.argv[2] ?? path.join(path.dirname(process.argv[1]), '../dist'))
  const t = compressDir(dir)
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
  console.log(`compressed ${t.files} files in ${dir}: ${kib(t.bytes)} -> br ${kib(t.br)}, gzip ${kib(t.gz)}`)
}
