// What a page pulls over the network, as Chromium counts it: every request's
// encoded length on the wire (headers and the body as sent, compressed or not),
// from the DevTools protocol (Network.loadingFinished encodedDataLength).
// Used by bytes.test.mjs (the byte budgets) and bench/phone_timing.mjs.

/**
 * Starts counting the requests of `page` (a playwright-core Page). Returns a
 * meter: `entries()` lists every request seen so far ({ url, type, status,
 * encoding (Content-Encoding), acceptEncoding (as sent), bytes, done, start
 * and end in monotonic seconds); `mark()` remembers how many there are and
 * `since(mark)` sums what came after it ({ requests, bytes, seconds from the
 * first start to the last end, list }); `quiet()` resolves when no request
 * is in flight (at once if none is); `network(conditions)` sets
 * Network.emulateNetworkConditions; `close()` detaches.
 */
export async function wireMeter(page) {
  const cdp = await page.context().newCDPSession(page)
  const byId = new Map()
  const order = []
  let waiters = []
  const inFlight = () => order.filter((r) => !r.done).length
  const wake = () => {
    if (inFlight() > 0) return
    const ready = waiters
    waiters = []
    for (const resolve of ready) resolve()
  }
  cdp.on('Network.requestWillBeSent', (e) => {
    // A redirect reuses the request id: the hop before it is finished.
    const prev = byId.get(e.requestId)
    if (prev && e.redirectResponse) {
      prev.done = true
      prev.status = e.redirectResponse.status
      prev.bytes = e.redirectResponse.encodedDataLength ?? 0
    }
    const r = {
      url: e.request.url, type: e.type ?? '', status: 0, encoding: '', acceptEncoding: '', bytes: 0, done: false,
      start: e.timestamp, end: e.timestamp,
    }
    byId.set(e.requestId, r)
    order.push(r)
  })
  // The headers Chromium really sent (Accept-Encoding is added by the network stack).
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
    const r = byId.get(e.requestId)
    if (!r) return
    const h = Object.entries(e.headers ?? {}).find(([k]) => k.toLowerCase() === 'accept-encoding')
    r.acceptEncoding = h ? h[1] : ''
  })
  cdp.on('Network.responseReceived', (e) => {
    const r = byId.get(e.requestId)
    if (!r) return
    r.status = e.response.status
    const headers = Object.fromEntries(
      Object.entries(e.response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
    r.encoding = headers['content-encoding'] ?? ''
  })
  cdp.on('Network.loadingFinished', (e) => {
    const r = byId.get(e.requestId)
    if (!r) return
    r.bytes = e.encodedDataLength
    r.done = true
    r.end = e.timestamp
    wake()
  })
  cdp.on('Network.loadingFailed', (e) => {
    const r = byId.get(e.requestId)
    if (!r) return
    r.done = true
    r.failed = e.errorText
    r.end = e.timestamp
    wake()
  })
  await cdp.send('Network.enable')
  // A cold cache: nothing from an earlier page of the same context.
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false })
  await cdp.send('Network.clearBrowserCache')

  return {
    entries: () => order.slice(),
    mark: () => order.length,
    since(mark = 0) {
      const list = order.slice(mark)
      // From the first request's start to the last one's end (monotonic seconds).
      const seconds = list.length ? Math.max(...list.map((r) => r.end)) - Math.min(...list.map((r) => r.start)) : 0
      return { requests: list.length, bytes: list.reduce((s, r) => s + r.bytes, 0), seconds, list }
    },
    quiet: () => new Promise((resolve) => {
      waiters.push(resolve)
      wake()
    }),
    network: (conditions) => cdp.send('Network.emulateNetworkConditions', conditions),
    close: () => cdp.detach(),
  }
}

/** "123.4 KiB" */
export function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`
}

/** One line per request: bytes, status, encoding, path. */
export function describeRequests(list) {
  return list
    .map((r) => `  ${kib(r.bytes).padStart(10)}  ${r.status || '---'}  ${(r.encoding || '-').padEnd(4)}  ` +
      `${new URL(r.url).pathname}${r.failed ? ` (${r.failed})` : ''}`)
    .join('\n')
}
