// The answers of one attempt on their way to the server.
//
// Each answer a taker gives gets the next client sequence number of the
// attempt and is written to localStorage at once, then sent; the server keeps,
// per question, the answer with the highest sequence number, so that a late
// retry never overwrites a newer answer. Answers are sent one at a time, in
// the order given (the newest per question: an older unsent answer to the same
// question is dropped, as the server would ignore it). A send that fails for
// lack of a connection stays queued and is sent again when the browser is back
// online (or on retry()); a refusal (4xx) is dropped and reported. The queue
// survives closing the page: a new AnswerQueue for the same attempt in the same
// browser picks up what was left unsent, and its sequence numbers go on from
// the last one used.
import { reactive } from 'vue'
import { ApiError } from '@/api/http'

export type SaveState = 'saved' | 'saving' | 'queued' | 'failed' | 'refused'

export interface QueuedAnswer {
  question_id: number
  answer: string[]
  seq: number
}

/** Sends one answer; rejects with an ApiError (a refusal) or any other error (no connection). */
export type SendAnswer = (a: QueuedAnswer) => Promise<unknown>

interface Stored {
  seq: number
  pending: QueuedAnswer[]
}

// Answers the server refused for good (after hand-in, past the deadline, not
// in the paper): dropped. Anything else (no connection, 401 until signed in
// again, 429, 5xx) keeps the answer queued.
const REFUSALS = new Set([400, 403, 404, 409, 412, 413, 422])

const storageKey = (attemptId: number) => `duxing.attempt.${attemptId}.answers`

function load(attemptId: number): Stored {
  try {
    const raw = localStorage.getItem(storageKey(attemptId))
    if (raw) {
      const s = JSON.parse(raw) as Stored
      if (typeof s.seq === 'number' && Array.isArray(s.pending)) return s
    }
  } catch {
    // unreadable: start afresh (the server holds every acknowledged answer)
  }
  return { seq: 0, pending: [] }
}

export class AnswerQueue {
  /** Per question id: the state of its newest answer. */
  readonly states = reactive(new Map<number, SaveState>())
  /** The message of the last refusal, for the page to show. */
  readonly refusal = reactive({ message: '' })
  private stored: Stored
  private sending = false
  private stopped = false
  private readonly onOnline = () => void this.flush()

  constructor(
    private readonly attemptId: number,
    private readonly send: SendAnswer,
    /** The highest sequence number the server has seen for this attempt (from the attempt). */
    serverSeq = 0,
  ) {
    this.stored = load(attemptId)
    this.stored.seq = Math.max(this.stored.seq, serverSeq)
    for (const p of this.stored.pending) this.states.set(p.question_id, 'queued')
    window.addEventListener('online', this.onOnline)
  }

  /** Queues the taker's answer to a question and starts sending. */
  give(questionId: number, answer: string[]): void {
    const seq = ++this.stored.seq
    this.stored.pending = this.stored.pending.filter((p) => p.question_id !== questionId)
    this.stored.pending.push({ question_id: questionId, answer, seq })
    this.persist()
    this.states.set(questionId, 'queued')
    void this.flush()
  }

  /** Answers not yet acknowledged (hand-in waits until there are none). */
  get unsaved(): number {
    return this.stored.pending.length
  }

  /** True while some answer could not be sent (hand-in is blocked). */
  get failing(): boolean {
    for (const s of this.states.values()) if (s === 'failed') return true
    return false
  }

  /** The unsent answers, oldest first (what resuming on this browser starts from). */
  pendingAnswers(): readonly QueuedAnswer[] {
    return this.stored.pending
  }

  /** Sends what is queued now (also run on the browser's online event). */
  async flush(): Promise<void> {
    if (this.sending || this.stopped) return
    this.sending = true
    try {
      while (this.stored.pending.length > 0 && !this.stopped) {
        const next = this.stored.pending[0]
        this.states.set(next.question_id, 'saving')
        try {
          await this.send(next)
        } catch (e) {
          if (e instanceof ApiError && REFUSALS.has(e.status)) {
            this.refusal.message = e.message
            this.drop(next, 'refused')
            continue
          }
          for (const p of this.stored.pending) this.states.set(p.question_id, 'failed')
          return
        }
        this.drop(next, 'saved')
      }
    } finally {
      this.sending = false
    }
  }

  /** Stops sending and listening (the page is left or the attempt handed in). */
  stop(): void {
    this.stopped = true
    window.removeEventListener('online', this.onOnline)
  }

  /** Forgets the stored queue (after hand-in). */
  clear(): void {
    this.stop()
    localStorage.removeItem(storageKey(this.attemptId))
  }

  private drop(sent: QueuedAnswer, state: SaveState): void {
    this.stored.pending = this.stored.pending.filter((p) => p !== sent)
    this.persist()
    // A newer answer to the same question given meanwhile keeps its own state.
    if (!this.stored.pending.some((p) => p.question_id === sent.question_id)) {
      this.states.set(sent.question_id, state)
    }
  }

  private persist(): void {
    localStorage.setItem(storageKey(this.attemptId), JSON.stringify(this.stored))
  }
}
