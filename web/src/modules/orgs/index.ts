// Organizations have no page of their own: the tree is part of 组织与人员
// (people module). The module holds who may change them and the shared store.
import { defineModule } from '../types'
import { useOrgStore } from '@/stores/orgs'

export default defineModule({
  name: 'orgs',
  permissions: {
    'orgs.manage': ['system_admin', 'org_admin'],
  },
  onSignOut: () => useOrgStore().$reset(),
})
