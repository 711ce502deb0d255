-- Steering a running campaign: a manager may pause it (status PAUSED until resumed); internal webhook receivers may be
-- admitted by CIDR block per channel (allow_cidrs, a JSON array of blocks; NULL: public addresses only).
ALTER TABLE campaigns DROP CONSTRAINT campaigns_status_check;
ALTER TABLE campaigns ADD CONSTRAINT campaigns_status_check
  CHECK (status IN ('DRAFT', 'RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED'));

ALTER TABLE channels ADD COLUMN allow_cidrs jsonb;
