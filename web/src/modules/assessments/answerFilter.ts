// All, by question or by taker: how the grading queue (阅卷) and regrading
// (重新评分) narrow a list of answers, and the questions and takers offered
// to pick from, read from a scan of the unfiltered list.
import { computed, ref, type Ref } from 'vue'
import { shortText } from '@/utils/format'

/** An answer of a list: its attempt (the taker) and its question. */
export interface AnswerRow {
  attempt_id: number
  question_id: number
  stem: string
}

/** The filter of a list of answers, one mode at a time. */
export interface AnswerFilter {
  question_id?: number
  attempt_id?: number
}

/**
 * The mode (all, by question, by taker), the picked question or taker and the
 * filter they make; `scan` offers the choices, labelled by `takerLabel`.
 * `onModeChange(search)` picks the first choice of a new mode and searches.
 */
export function useAnswerFilter<T extends AnswerRow>(scan: Ref<T[]>, takerLabel: (row: T) => string) {
  const mode = ref<'all' | 'question' | 'taker'>('all')
  const questionId = ref<number>()
  const attemptId = ref<number>()
  const filter = computed<AnswerFilter>(() => {
    if (mode.value === 'question' && questionId.value) return { question_id: questionId.value }
    if (mode.value === 'taker' && attemptId.value) return { attempt_id: attemptId.value }
    return {}
  })
  const questions = computed(() => distinct(scan.value, (g) => g.question_id, (g) => shortText(g.stem, 30)))
  const takers = computed(() => distinct(scan.value, (g) => g.attempt_id, takerLabel))
  function onModeChange(search: () => void) {
    if (mode.value === 'question') questionId.value ??= questions.value[0]?.id
    if (mode.value === 'taker') attemptId.value ??= takers.value[0]?.id
    search()
  }
  return { mode, questionId, attemptId, filter, questions, takers, onModeChange }
}

function distinct<T>(items: T[], id: (g: T) => number, label: (g: T) => string) {
  const seen = new Map<number, string>()
  for (const g of items) if (!seen.has(id(g))) seen.set(id(g), label(g))
  return [...seen].map(([i, l]) => ({ id: i, label: l }))
}
