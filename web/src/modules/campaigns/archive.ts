// Archiving a campaign from its list or its page: asked first, then the
// header's selector reloaded (an archived campaign is no longer offered).
import { ElMessage } from 'element-plus'
import { campaignsApi, type Campaign } from './api'
import { useCampaignStore } from './store'
import { confirmDanger, notifyError } from '@/utils/notify'

/** Archives `c` once the user confirms; the archived campaign, or null when not archived. */
export async function archiveCampaign(c: Campaign): Promise<Campaign | null> {
  if (!(await confirmDanger(`归档“${c.name}”后不能再修改，确定归档？`, '归档学习教育活动', '归档'))) return null
  try {
    const archived = await campaignsApi.archive(c.id, c.version)
    ElMessage.success('已归档')
    await useCampaignStore().load().catch(notifyError)
    return archived
  } catch (e) {
    notifyError(e)
    return null
  }
}
