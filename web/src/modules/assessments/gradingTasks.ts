// The exams the signed-in account is assigned to grade (GET
// /assessments/grading-assignments), loaded once per session: the side menu
// shows 评审任务 to graders by it, and the page lists them.
import { defineStore } from 'pinia'
import { examsApi, type GradingAssignment } from './api'

export const useGradingTasks = defineStore('assessments-grading-tasks', {
  state: () => ({
    items: [] as GradingAssignment[],
    loaded: false,
    loading: false,
  }),
  actions: {
    /** Loads the assignments unless loaded (or loading); a failure leaves none. */
    async ensure(): Promise<void> {
      if (this.loaded || this.loading) return
      await this.reload()
    },
    async reload(): Promise<void> {
      this.loading = true
      try {
        this.items = (await examsApi.gradingAssignments()).items
      } catch {
        this.items = []
      } finally {
        this.loaded = true
        this.loading = false
      }
    },
  },
})

/** Whether the account grades some exam (loads the assignments on first use). */
export function gradesSomeExam(): boolean {
  const tasks = useGradingTasks()
  if (!tasks.loaded) void tasks.ensure()
  return tasks.items.length > 0
}
