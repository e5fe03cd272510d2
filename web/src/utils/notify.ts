import { ElMessage } from 'element-plus'
import { ApiError, CONFLICT_MESSAGE, errorMessage } from '@/api/http'

/**
 * Tell the user that an action failed, in one way everywhere:
 * - 401: nothing here; the sign-in page already says the session ended;
 * - stale version (409 conflict): ask to refresh;
 * - anything else: the server's (Chinese) message.
 */
export function notifyError(e: unknown): void {
  if (e instanceof ApiError && e.status === 401) return
  ElMessage.error(e instanceof ApiError && e.isConflict ? CONFLICT_MESSAGE : errorMessage(e))
}

/** Ask before an action that cannot simply be undone (archive, revoke); true to go on. */
export async function confirmDanger(message: string, title: string, confirmButtonText: string): Promise<boolean> {
  const { ElMessageBox } = await import('./confirmBox')
  try {
    await ElMessageBox.confirm(message, title, {
      type: 'warning',
      confirmButtonText,
      confirmButtonClass: 'el-button--danger',
      cancelButtonText: '取消',
    })
    return true
  } catch {
    return false
  }
}
