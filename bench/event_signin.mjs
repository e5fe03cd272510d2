// One sign-in burst of bench/event_signin.sh: every member of SESSIONS (person
// id, session token, CSRF token per line) signs in to EVENT once, CONCURRENCY
// requests in flight, each member on its own keep-alive connection pool slot,
// with the code the organizer's session reads from GET /sign-in-code (read
// again as it rotates). Prints sign-ins/s, p50, p99 and the answers by
// status; writes the person ids answered 200 to ACKED. Each member first
// opens the event (GET, not timed), as a phone does after the scan. With KILL_PID, sends
// it SIGKILL once half the members have been answered and stops there.
//   node bench/event_signin.mjs PORT EVENT SESSIONS CONCURRENCY COOKIE CSRF ACKED [KILL_PID]
import fs from 'node:fs'
import http from 'node:http'

const [port, event, sessionsFile, concurrency, cookie, csrf, ackedFile, killPid] = process.argv.slice(2)
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) })
const members = fs.readFileSync(sessionsFile, 'utf8').trim().split('\n').map((l) => l.split('\t'))

function call(method, path, headers, body) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      let text = ''
      res.on('data', (d) => { text += d })
      res.on('end', () => resolve({ status: res.statusCode, text }))
      res.on('error', () => resolve({ status: 0, text: '' }))
    })
    req.on('error', () => resolve({ status: 0, text: '' }))
    if (body) req.write(body)
    req.end()
  })
}

let code = ''
async function refreshCode() {
  const r = await call('GET', `/api/v1/events/${event}/sign-in-code`, { Cookie: cookie })
  if (r.status === 200) code = JSON.parse(r.text).code
  return r.status
}
if (await refreshCode() !== 200) {
  console.error('cannot read the sign-in code')
  process.exit(1)
}
const refresher = setInterval(refreshCode, 10_000)

const latencies = []
const statuses = {}
const acked = []
let next = 0
let answered = 0
let killed = false
const half = Math.floor(members.length / 2)

async function worker() {
  while (!killed && next < members.length) {
    const [person, token, memberCsrf] = members[next++]
    const body = JSON.stringify({ code })
    const t0 = process.hrtime.bigint()
    let r = await call('POST', `/api/v1/events/${event}/sign-in`, {
      Cookie: `duxing_session=${token}`, 'X-CSRF-Token': memberCsrf,
      'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body),
    }, body)
    if (r.status === 422 && /过期/.test(r.text)) { // rotated under us: read it again, once
      await refreshCode()
      const again = JSON.stringify({ code })
      r = await call('POST', `/api/v1/events/${event}/sign-in`, {
        Cookie: `duxing_session=${token}`, 'X-CSRF-Token': memberCsrf,
        'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(again),
      }, again)
    }
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
    statuses[r.status] = (statuses[r.status] || 0) + 1
    if (r.status === 200) acked.push(person)
    answered++
    if (killPid && !killed && answered >= half) {
      killed = true
      process.kill(Number(killPid), 'SIGKILL')
    }
  }
}

// The phones first open the sign-in page (the event, with their session):
// not measured, as the burst is the confirmations that follow.
let opened = 0
await Promise.all(Array.from({ length: Number(concurrency) }, async () => {
  while (opened < members.length) {
    const [, token] = members[opened++]
    await call('GET', `/api/v1/events/${event}`, { Cookie: `duxing_session=${token}` })
  }
}))

const start = process.hrtime.bigint()
await Promise.all(Array.from({ length: Number(concurrency) }, worker))
const seconds = Number(process.hrtime.bigint() - start) / 1e9
clearInterval(refresher)
agent.destroy()
latencies.sort((a, b) => a - b)
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1)
fs.writeFileSync(ackedFile, acked.join('\n') + '\n')
console.log(`${latencies.length} answers in ${seconds.toFixed(2)} s: ${(latencies.length / seconds).toFixed(0)} sign-ins/s, ` +
  `p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms; by status ${JSON.stringify(statuses)}`)
