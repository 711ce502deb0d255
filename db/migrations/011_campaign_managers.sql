-- Who manages each campaign: its creator first, then co-managers they or an admin add. Campaign managers act only on
-- the campaigns listed here for them (api/ownership.ts); admins act on every campaign.
CREATE TABLE campaign_managers (
  campaign_id  text NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  user_id      text NOT NULL REFERENCES users(id),
  -- The user who granted it (the creator grants themselves); not a foreign key, so the record outlives a rename.
  granted_by   text NOT NULL,
  granted_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, user_id)
);
-- "Which campaigns does this user manage?" for dashboards and list filters.
CREATE INDEX campaign_managers_by_user ON campaign_managers (user_id);

-- Existing campaigns: their creator is their manager (a creator no longer in users is skipped; admins still reach it).
INSERT INTO campaign_managers (campaign_id, user_id, granted_by, granted_at)
SELECT c.id, c.created_by, c.created_by, c.created_at
  FROM campaigns c JOIN users u ON u.id = c.created_by
ON CONFLICT DO NOTHING;
