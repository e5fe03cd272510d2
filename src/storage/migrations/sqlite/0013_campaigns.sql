-- Campaigns (学习教育活动, domain/campaigns/campaign.hpp): one row each, its
-- phases and its ordered texts (goal phrases, key study points) in child
-- rows rewritten with the campaign. Dates are YYYY-MM-DD; status is
-- preparing / active / ended; the organizing org sets the scope.
CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  year INTEGER NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  status TEXT NOT NULL,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX campaigns_org ON campaigns(org_id);
CREATE TABLE campaign_phases (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  PRIMARY KEY (campaign_id, position)
);
-- kind: goal (目标) or study_point (学习重点), each list in position order.
CREATE TABLE campaign_texts (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  kind TEXT NOT NULL,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (campaign_id, kind, position)
);
-- The campaign each account chose in the header's selector (none: the
-- newest active one in its scope).
CREATE TABLE account_campaigns (
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id)
);
