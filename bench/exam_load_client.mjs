// One client thread of bench/exam_load.mjs: takers [from, to) of the run
// (their API tokens in `tokens`), on `sockets` keep-alive connections. Posts
// {progress: acknowledged saves} every 100 ms and, at the end, {done: ...}
// with every latency, acknowledged save, submission, the schedule's planned
// and actual send times, and its event loop's lag; then ends.
import net from 'node:net'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parentPort, workerData } from 'node:worker_threads'

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

// call(method, path, token, json) -> {status, json, text} over at most
// `size` keep-alive connections, a request at a time on each, the others
// queued: HTTP/1.1 written and read by hand (requests with Content-Length
// bodies, responses framed by Content-Length, as the server sends them).
// node's http client took about 0.7 of the machine's two cores at 2,000
// requests/s, CPU the server being measured did not have; this takes a
// fraction of that. A connection that fails or closes rejects its request
// (the caller retries) and is replaced on the next call.
function rawClient(port, size) {
  const idle = [], queue = []
  let open = 0
  function connection() {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true })
    const conn = { socket, pending: null, buf: Buffer.alloc(0) }
    socket.setTimeout(60_000, () => socket.destroy(new Error('timeout')))
    socket.on('data', (chunk) => {
      conn.buf = conn.buf.length ? Buffer.concat([conn.buf, chunk]) : chunk
      const end = conn.buf.indexOf('\r\n\r\n')
      if (end < 0 || !conn.pending) return
      const head = conn.buf.subarray(0, end).toString('latin1')
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0)
      if (conn.buf.length < end + 4 + length) return
      const text = conn.buf.subarray(end + 4, end + 4 + length).toString()
      conn.buf = conn.buf.subarray(end + 4 + length)
      const { resolve } = conn.pending
      conn.pending = null
      let parsed = null
      try { parsed = JSON.parse(text) } catch {}
      resolve({ status: Number(head.slice(9, 12)), json: parsed, text })
      if (/\r\nconnection: *close/i.test(head)) socket.destroy()
      else release(conn)
    })
    const fail = (e) => {
      if (conn.closed) return
      conn.closed = true
      open--
      const i = idle.indexOf(conn)
      if (i >= 0) idle.splice(i, 1)
      if (conn.pending) conn.pending.reject(e || new Error('connection closed'))
      conn.pending = null
      if (queue.length) dispatch()
    }
    socket.on('error', fail)
    socket.on('close', () => fail())
    open++
    return conn
  }
  function release(conn) {
    const next = queue.shift()
    if (next) send(conn, next)
    else idle.push(conn)
  }
  function send(conn, job) {
    conn.pending = job
    conn.socket.write(job.bytes)
  }
  function dispatch() {
    while (queue.length && (idle.length || open < size)) send(idle.pop() || connection(), queue.shift())
  }
  function call(method, p, token, json) {
    return new Promise((resolve, reject) => {
      const body = json === undefined ? '' : JSON.stringify(json)
      const bytes = `${method} ${p} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
        (body ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` : 'Content-Length: 0\r\n') +
        `\r\n${body}`
      queue.push({ bytes, resolve, reject })
      dispatch()
    })
  }
  call.close = () => { for (const c of idle) c.socket.destroy() }
  return call
}

async function clientThread({ port, ANSWERS, RAMP, THINK_MS, examId, tokens, from, to, sockets, t0 }) {
  const lag = monitorEventLoopDelay({ resolution: 10 })
  lag.enable()
  const saveMs = [], saveSent = [], submitMs = [], acked = [], submitted = [], planned = [], sent = []
  let saves = 0, retries = 0, failed = 0
  const retryWhy = {}
  const errors = []
  const since = () => performance.timeOrigin + performance.now() - t0
  const progress = setInterval(() => parentPort.postMessage({ progress: saves }), 100)
  const call = rawClient(port, sockets)
  async function retrying(fn) {
    for (let i = 0; i < 200; i++) {
      try {
        const r = await fn()
        if (r.status < 500 && r.status !== 429) return r
        retryWhy[r.status] = (retryWhy[r.status] || 0) + 1
      } catch (e) {
        retryWhy[e.code || e.message] = (retryWhy[e.code || e.message] || 0) + 1
      }
      retries++
      await sleep(100)
    }
    throw new Error('gave up after 200 tries')
  }
  async function taker(i) {
    // The schedule: start within RAMP, think up to 2 x THINK_MS before each save.
    let at = Math.random() * RAMP * 1000
    await sleep(at - since())
    const token = tokens[i - from]
    const a = await retrying(() => call('POST', `/api/v1/assessments/exams/${examId}/attempts`, token))
    if (a.status !== 200) throw new Error('start: ' + a.text)
    const qs = a.json.questions
    for (let k = 0; k < ANSWERS; k++) {
      const think = Math.random() * THINK_MS * 2
      at += think
      planned.push(at)  // were every answer instant, the save would go now
      await sleep(think)
      const q = qs[k % qs.length]
      // The option chosen, sent by the paper's key, remembered by its text.
      const option = q.options[Math.floor(Math.random() * q.options.length)]
      const value = [option.key]
      const t = performance.now()
      const sentAt = since()
      sent.push(sentAt)
      const r = await retrying(() => call('PUT', `/api/v1/assessments/attempts/${a.json.id}/answers/${q.question_id}`, token, { value, seq: k + 1 }))
      saveMs.push(performance.now() - t)
      saveSent.push(sentAt)
      if (r.status !== 200) throw new Error(`save: taker ${i} attempt ${a.json.id} question ${q.question_id} seq ${k + 1}: ` + r.text)
      acked.push([a.json.id, q.question_id, k + 1, option.text, since()])
      saves++
    }
    const t = performance.now()
    const s = await retrying(() => call('POST', `/api/v1/assessments/attempts/${a.json.id}/submit`, token))
    submitMs.push(performance.now() - t)
    if (s.status !== 200) throw new Error('submit: ' + s.text)
    submitted.push(a.json.id)
  }
  await Promise.all(Array.from({ length: to - from }, (_, k) => taker(from + k).catch((e) => {
    if (failed++ < 3) errors.push(String(e.message).slice(0, 400))
  })))
  clearInterval(progress)
  lag.disable()
  parentPort.postMessage({ done: { saveMs, saveSent, submitMs, acked, submitted, planned, sent, retries, retryWhy, failed, errors,
    lagP99: lag.percentile(99) / 1e6, lagMax: lag.max / 1e6 } })
  call.close()
}

await clientThread(workerData)
