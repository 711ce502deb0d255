-- Channels as their own records, reusable across campaigns, with secrets encrypted by the application (AES-256-GCM);
-- the campaign ↔ channel links; and the entries of pull-feed channels.
CREATE TABLE channels (
  id                text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]*$'),
  name              text NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('webhook', 'folder', 'feed')),
  -- An https URL (webhook) or an absolute directory (folder); a feed is pulled, so it has none.
  target            text,
  -- `v1.<key id>.<iv>.<tag>.<ciphertext>`; the plain secret is never stored.
  secret_ciphertext text,
  secret_key_id     text,
  -- { languages?, regions?, tags? }: absent or empty means every segment of a linked campaign.
  route             jsonb NOT NULL DEFAULT '{}',
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  status_reason     text,
  -- SHA-256 (hex) of the feed's bearer token; the token itself is shown once and never stored.
  feed_token_sha256 text CHECK (feed_token_sha256 IS NULL OR feed_token_sha256 ~ '^[0-9a-f]{64}$'),
  created_by        text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'feed') = (target IS NULL)),
  CHECK ((secret_ciphertext IS NULL) = (secret_key_id IS NULL))
);

CREATE TABLE campaign_channels (
  campaign_id text NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  channel_id  text NOT NULL REFERENCES channels(id),
  PRIMARY KEY (campaign_id, channel_id)
);

CREATE INDEX campaign_channels_channel ON campaign_channels (channel_id);

-- A feed's entries in the order they were appended; `seq` is the cursor receivers page with.
CREATE TABLE feed_entries (
  seq             bigserial PRIMARY KEY,
  channel_id      text NOT NULL REFERENCES channels(id),
  delivery_id     text NOT NULL,
  type            text NOT NULL,
  event_timestamp timestamptz NOT NULL,
  data            jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel_id, delivery_id)
);

-- Campaigns stored before this migration carry their channels inline, secrets in plain text. SQL cannot encrypt
-- with the application's key, so each such channel becomes a disabled record without its secret (the latest
-- campaign's definition wins), the campaign is linked to it, and the plain secrets are removed from the briefs.
INSERT INTO channels (id, name, kind, target, status, status_reason)
SELECT DISTINCT ON (ch->>'id') ch->>'id', ch->>'id', 'webhook', ch->>'url', 'disabled',
       'migrated from a campaign brief without its secret: add it again with `klartext channels add`'
FROM campaigns c, jsonb_array_elements(c.brief->'channels') ch
WHERE ch ? 'url' AND ch->>'id' ~ '^[a-z0-9][a-z0-9-]*$'
ORDER BY ch->>'id', c.created_at DESC;

INSERT INTO campaign_channels (campaign_id, channel_id)
SELECT DISTINCT c.id, ch->>'id'
FROM campaigns c, jsonb_array_elements(c.brief->'channels') ch
WHERE ch ? 'url' AND ch->>'id' IN (SELECT id FROM channels);

UPDATE campaigns c
SET brief = jsonb_set(c.brief, '{channels}', (
  SELECT coalesce(jsonb_agg(jsonb_build_object('ref', ch->>'id')), '[]'::jsonb)
  FROM jsonb_array_elements(c.brief->'channels') ch))
WHERE jsonb_typeof(c.brief->'channels') = 'array' AND jsonb_array_length(c.brief->'channels') > 0;
