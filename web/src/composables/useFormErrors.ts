import { nextTick, reactive, ref, type Ref } from 'vue'
import type { FormInstance } from 'element-plus'
import { ApiError, CONFLICT_MESSAGE, errorMessage } from '@/api/http'
import { notifyError } from '@/utils/notify'

/**
 * A form's answer to a refused save, the same in every form: the message
 * stays at the top of the form (`serverError`, an el-alert) and under the
 * field the server named (`fieldErrors[field]`, an el-form-item :error), is
 * also shown as a toast, and the first errored field (else the alert) is
 * scrolled into view, so on a phone the user sees it where they are.
 */
export function useFormErrors(formRef: Ref<FormInstance | undefined>) {
  const serverError = ref('')
  const fieldErrors = reactive<Record<string, string>>({})

  function clearErrors(): void {
    serverError.value = ''
    for (const k of Object.keys(fieldErrors)) delete fieldErrors[k]
  }

  async function showError(e: unknown): Promise<void> {
    clearErrors()
    const conflict = e instanceof ApiError && e.isConflict
    serverError.value = conflict ? CONFLICT_MESSAGE : errorMessage(e)
    if (!conflict && e instanceof ApiError && e.field && e.field !== 'version') {
      fieldErrors[e.field] = e.message
    }
    notifyError(e)
    await nextTick() // the field's :error is set...
    await nextTick() // ...and drawn
    scrollToError(formRef)
  }

  return { serverError, fieldErrors, clearErrors, showError }
}

/** Brings the first errored field, else the form's alert, into view. */
function scrollToError(formRef: Ref<FormInstance | undefined>): void {
  const form = formRef.value?.$el as HTMLElement | undefined
  const scope = form?.closest('.el-dialog') ?? form?.closest('.page-card') ?? form
  const target =
    form?.querySelector('.el-form-item.is-error') ?? scope?.querySelector('.form-error')
  target?.scrollIntoView({ block: 'center' })
}

/**
 * Checks a form's rules before sending, the same in every form: true when it
 * passes; otherwise the first field in error is scrolled into view (in a
 * dialog or on a phone the user may be far below it) and false comes back.
 */
export async function validateForm(formRef: Ref<FormInstance | undefined>): Promise<boolean> {
  const valid = await formRef.value?.validate().catch(() => false)
  if (valid) return true
  await nextTick() // the error messages are drawn
  scrollToError(formRef)
  return false
}

/**
 * The first refusal of a field under `prefix` ("phases" for "phases[2].end_date"):
 * for a list of rows shown as one form item.
 */
export function errorUnder(fieldErrors: Record<string, string>, prefix: string): string {
  return Object.entries(fieldErrors).find(([k]) => k.startsWith(prefix))?.[1] ?? ''
}
