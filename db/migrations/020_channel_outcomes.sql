-- What channels report back about the videos they were sent: views, completions and call-to-action clicks per
-- delivery, as cumulative totals where the newest observation wins, and the inbound messages already taken in (by
-- webhook-id), so a replay is acknowledged without being counted twice.

-- Each inbound message once per channel; a second message under the same id with another body is refused.
CREATE TABLE outcome_messages (
  channel_id   text NOT NULL REFERENCES channels(id),
  webhook_id   text NOT NULL CHECK (length(webhook_id) BETWEEN 1 AND 256),
  body_sha256  text NOT NULL CHECK (body_sha256 ~ '^[0-9a-f]{64}$'),
  reports      integer NOT NULL CHECK (reports > 0),
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, webhook_id)
);

-- The latest totals per delivery. A delivery is one video (video_sha256) of one segment on one channel, so a segment
-- running two script variants (two videos, split by channel or schedule) has its outcomes apart per variant.
CREATE TABLE delivery_outcomes (
  delivery_id  text PRIMARY KEY REFERENCES deliveries(id),
  views        bigint NOT NULL CHECK (views >= 0),
  completions  bigint NOT NULL CHECK (completions >= 0 AND completions <= views),
  cta_clicks   bigint NOT NULL CHECK (cta_clicks >= 0),
  -- When the channel counted these totals; an older observation arriving later changes nothing.
  observed_at  timestamptz NOT NULL,
  -- The message that set them, to trace a number back to what the channel sent.
  webhook_id   text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
