// The campaign chosen in the header, as the ledger's lists, board and
// overdue counts filter by it (campaign_id: its items and those of no
// campaign): read once the header's choice is known, and again on a change.
import { onCampaignChosen, useCampaignStore } from '../campaigns/store'

/**
 * Call in setup. `campaignId()` resolves the header campaign's id (loading
 * the header's choice when the page was opened by its address first; null
 * when there is none); `reload` runs whenever the user chooses another.
 */
export function useHeaderCampaign(reload: () => void) {
  const campaigns = useCampaignStore()
  onCampaignChosen(() => reload())
  async function campaignId(): Promise<number | null> {
    if (!campaigns.loaded) await campaigns.load().catch(() => undefined)
    return campaigns.current?.id ?? null
  }
  return { campaigns, campaignId }
}
