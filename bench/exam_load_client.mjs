// One client thread of bench/exam_load.mjs: takers [from, to) of the run
// (their API tokens in `tokens`), on `sockets` keep-alive connections. Posts
// {progress: acknowledged saves} every 100 ms and, at the end, {done: ...}
// with every latency, acknowledged save, submission, the schedule's planned
// and actual send times, and its event loop's lag; then ends.
import http from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parentPort, workerData } from 'node:worker_threads'

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

async function clientThread({ port, ANSWERS, RAMP, THINK_MS, examId, tokens, from, to, sockets, t0 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets })
  const lag = monitorEventLoopDelay({ resolution: 10 })
  lag.enable()
  const saveMs = [], saveSent = [], submitMs = [], acked = [], submitted = [], planned = [], sent = []
  let saves = 0, retries = 0, failed = 0
  const retryWhy = {}
  const errors = []
  const since = () => performance.timeOrigin + performance.now() - t0
  const progress = setInterval(() => parentPort.postMessage({ progress: saves }), 100)
  function call(method, p, token, json) {
    return new Promise((resolve, reject) => {
      const body = json === undefined ? null : Buffer.from(JSON.stringify(json))
      const headers = { Authorization: `Bearer ${token}` }
      if (body) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = body.length }
      const req = http.request({ host: '127.0.0.1', port, method, path: p, headers, agent }, (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString()
          let parsed = null
          try { parsed = JSON.parse(text) } catch {}
          resolve({ status: res.statusCode, json: parsed, text })
        })
      })
      req.setTimeout(60_000, () => req.destroy(new Error('timeout')))
      req.on('error', reject)
      if (body) req.write(body)
      req.end()
    })
  }
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
  agent.destroy()
}

await clientThread(workerData)
