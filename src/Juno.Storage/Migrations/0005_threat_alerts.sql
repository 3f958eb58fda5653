-- Threat alerts live their whole life in threat_events: one row per alert, keyed by the alert id the raising
-- grain minted, updated in place as the playbook and people move it (open -> contained / false_positive ...).
-- The seed table had an identity key only; rows written before this migration get a fresh alert id.
ALTER TABLE threat_events
    ADD COLUMN alert_id    uuid             NOT NULL DEFAULT gen_random_uuid(),
    ADD COLUMN entity_kind text             NOT NULL DEFAULT 'Workload',
    ADD COLUMN confidence  double precision NOT NULL DEFAULT 0,
    ADD COLUMN status      text             NOT NULL DEFAULT 'open',
    ADD COLUMN incident_id uuid             NULL,
    ADD COLUMN updated_at  timestamptz      NOT NULL DEFAULT now();

ALTER TABLE threat_events ALTER COLUMN alert_id DROP DEFAULT;
ALTER TABLE threat_events ADD CONSTRAINT threat_events_alert_id_key UNIQUE (alert_id);
ALTER TABLE threat_events ADD CONSTRAINT threat_events_status_check
    CHECK (status IN ('open', 'logged', 'contained', 'false_positive', 'dismissed'));

-- The alerts view lists what is still open, newest first.
CREATE INDEX threat_events_open_idx ON threat_events (cluster, detected_at DESC) WHERE status = 'open';
