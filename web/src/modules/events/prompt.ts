// A one-line text asked of the user (请假事由, 审批意见), with the message box
// loaded on first use (utils/confirmBox.ts); null when cancelled.
export async function askText(message: string, title: string, opts: { required: boolean; placeholder: string }): Promise<string | null> {
  const { ElMessageBox } = await import('@/utils/confirmBox')
  try {
    const { value } = await ElMessageBox.prompt(message, title, {
      confirmButtonText: '确定',
      cancelButtonText: '取消',
      inputPlaceholder: opts.placeholder,
      inputValidator: (v: string) => !opts.required || !!v?.trim() || '请填写',
      inputErrorMessage: '请填写',
    })
    return (value ?? '').trim()
  } catch {
    return null
  }
}
