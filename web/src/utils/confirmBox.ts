// The message box with its CSS: loaded the first time a page asks something
// (confirmDanger), not with the first page (it pulls buttons, inputs and the
// overlay that the sign-in page does not show).
import 'element-plus/es/components/message-box/style/css'

export { ElMessageBox } from 'element-plus'
