// The sign-in page on a phone on a weak mobile network: headless Chromium at
// 390×844 with the network throttled by the DevTools protocol (1.6 Mbit/s
// down, 750 kbit/s up, 150 ms round trip), a cold cache each run. Prints the
// bytes on the wire, the requests and the time from the first request to the
// network standing idle (the last answer's end), per run and the median.
//   node bench/phone_timing.mjs URL [RUNS]      (bench/phone_timing.sh starts a server)
import { launchBrowser, newPage } from '../tests/ui/helpers.mjs'
import { describeRequests, kib, wireMeter } from '../tests/ui/wire.mjs'

const PROFILE = {
  offline: false,
  latency: 150, // ms, round trip
  downloadThroughput: (1.6e6 / 8), // bytes/s
  uploadThroughput: (750e3 / 8),
}
const TARGET_SECONDS = 3

const base = (process.argv[2] ?? '').replace(/\/+$/, '')
const runs = Math.min(Math.max(Number(process.argv[3] ?? 3), 1), 20)
if (!base) {
  console.error('usage: node bench/phone_timing.mjs URL [RUNS]')
  process.exit(2)
}

const browser = await launchBrowser()
const results = []
try {
  for (let i = 0; i < runs; i++) {
    const { context, page } = await newPage(browser, { width: 390, height: 844, mobile: true })
    const meter = await wireMeter(page)
    await meter.network(PROFILE)
    await page.goto(`${base}/login`, { timeout: 120_000 })
    await page.getByTestId('login-submit').waitFor({ timeout: 120_000 })
    await meter.quiet()
    const load = meter.since(0)
    results.push(load)
    console.log(`run ${i + 1}: ${kib(load.bytes)} in ${load.requests} requests, ` +
      `network idle after ${load.seconds.toFixed(2)} s`)
    if (i === 0) console.log(describeRequests(load.list))
    await meter.close()
    await context.close()
  }
} finally {
  await browser.close()
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const seconds = median(results.map((r) => r.seconds))
console.log(`sign-in page at 390×844, 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT, cold cache: ` +
  `${kib(median(results.map((r) => r.bytes)))}, ${median(results.map((r) => r.requests))} requests, ` +
  `network idle after ${seconds.toFixed(2)} s (median of ${runs}; target < ${TARGET_SECONDS} s: ` +
  `${seconds < TARGET_SECONDS ? 'met' : 'NOT met'})`)
