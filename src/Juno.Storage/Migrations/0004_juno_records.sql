-- Juno's own records: what governance decided and did, and what the intelligence layers observed.
-- Times are timestamptz (UTC instants, microsecond precision); free-form detail is jsonb.

-- One row per proposed action, updated as it moves through governance and execution.
CREATE TABLE actions
(
    action_id            uuid             NOT NULL,
    cluster              text             NOT NULL,
    tenant               text             NOT NULL,
    entity               text             NOT NULL,
    kind                 text             NOT NULL,
    parameters           jsonb            NOT NULL,
    status               text             NOT NULL,
    verdict              text             NULL,
    risk                 double precision NOT NULL,
    proposed_at          timestamptz      NOT NULL,
    updated_at           timestamptz      NOT NULL,
    outcome              jsonb            NULL,
    -- Set once, by the single caller allowed to execute the action. Upserts never touch it, so a stale
    -- copy of the record written back as 'approved' cannot open the door to a second execution.
    execution_started_at timestamptz      NULL,
    CONSTRAINT actions_pk PRIMARY KEY (action_id)
);

CREATE INDEX actions_cluster_proposed_idx ON actions (cluster, proposed_at DESC);
CREATE INDEX actions_cluster_status_idx ON actions (cluster, status);

-- Tamper-evident decision log: per cluster, each row's hash covers the previous row's hash and the row's
-- own content, so editing or removing a row breaks every hash after it.
CREATE TABLE audit_log
(
    cluster     text        NOT NULL,
    sequence    bigint      NOT NULL,
    action_id   uuid        NOT NULL,
    event       text        NOT NULL,
    actor       text        NOT NULL,
    payload     jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL,
    prev_hash   char(64)    NOT NULL,
    hash        char(64)    NOT NULL,
    CONSTRAINT audit_log_pk PRIMARY KEY (cluster, sequence),
    CONSTRAINT audit_log_sequence_positive CHECK (sequence > 0)
);

CREATE INDEX audit_log_action_idx ON audit_log (action_id, sequence);

-- The last link of each cluster's chain. Without it, deleting the newest rows would leave a chain that
-- still verifies; with it, the verifier knows where the chain must end.
CREATE TABLE audit_chain_heads
(
    cluster       text     NOT NULL,
    last_sequence bigint   NOT NULL,
    last_hash     char(64) NOT NULL,
    CONSTRAINT audit_chain_heads_pk PRIMARY KEY (cluster)
);

CREATE FUNCTION audit_log_refuse_change()
    RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Anomalies that crossed the incident threshold, and what Juno did about them.
CREATE TABLE healing_incidents
(
    incident_id uuid             NOT NULL,
    cluster     text             NOT NULL,
    entity      text             NOT NULL,
    entity_kind text             NOT NULL,
    metric      text             NOT NULL,
    score       double precision NOT NULL,
    severity    text             NOT NULL,
    detected_at timestamptz      NOT NULL,
    action_id   uuid             NULL,
    summary     text             NOT NULL,
    recorded_at timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT healing_incidents_pk PRIMARY KEY (incident_id)
);

-- Both match the listing order (newest first, ties by id) so a LIMIT stops after max rows.
CREATE INDEX healing_incidents_detected_idx ON healing_incidents (detected_at DESC, incident_id DESC);
CREATE INDEX healing_incidents_cluster_detected_idx ON healing_incidents (cluster, detected_at DESC, incident_id DESC);

-- Every replica change Juno made (or tried to make) to a workload.
CREATE TABLE scaling_events
(
    event_id      bigint GENERATED ALWAYS AS IDENTITY,
    action_id     uuid        NOT NULL,
    cluster       text        NOT NULL,
    entity        text        NOT NULL,
    from_replicas integer     NOT NULL,
    to_replicas   integer     NOT NULL,
    succeeded     boolean     NOT NULL,
    detail        text        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    CONSTRAINT scaling_events_pk PRIMARY KEY (event_id),
    CONSTRAINT scaling_events_replicas_non_negative CHECK (from_replicas >= 0 AND to_replicas >= 0)
);

CREATE INDEX scaling_events_entity_idx ON scaling_events (cluster, entity, occurred_at DESC);
CREATE INDEX scaling_events_action_idx ON scaling_events (action_id);

-- Security-relevant observations (suspicious traffic, policy violations), for the threat layer.
CREATE TABLE threat_events
(
    event_id    bigint GENERATED ALWAYS AS IDENTITY,
    cluster     text             NOT NULL,
    entity      text             NOT NULL,
    category    text             NOT NULL,
    severity    text             NOT NULL,
    score       double precision NOT NULL,
    detail      jsonb            NOT NULL DEFAULT '{}'::jsonb,
    detected_at timestamptz      NOT NULL,
    action_id   uuid             NULL,
    CONSTRAINT threat_events_pk PRIMARY KEY (event_id)
);

CREATE INDEX threat_events_cluster_detected_idx ON threat_events (cluster, detected_at DESC);
CREATE INDEX threat_events_entity_idx ON threat_events (cluster, entity, detected_at DESC);

-- Changes governance made to its own limits (thresholds, rate limits) and why, so they can be audited
-- and rolled back.
CREATE TABLE governance_adaptations
(
    adaptation_id bigint GENERATED ALWAYS AS IDENTITY,
    cluster       text             NOT NULL,
    tenant        text             NULL,       -- NULL: the change applies cluster-wide
    parameter     text             NOT NULL,
    old_value     double precision NOT NULL,
    new_value     double precision NOT NULL,
    reason        text             NOT NULL,
    evidence      jsonb            NOT NULL DEFAULT '{}'::jsonb,
    actor         text             NOT NULL,
    adapted_at    timestamptz      NOT NULL,
    CONSTRAINT governance_adaptations_pk PRIMARY KEY (adaptation_id)
);

CREATE INDEX governance_adaptations_cluster_idx ON governance_adaptations (cluster, adapted_at DESC);
CREATE INDEX governance_adaptations_parameter_idx ON governance_adaptations (cluster, parameter, adapted_at DESC);

-- Each configuration the optimiser evaluated for an entity, its score, and whether it was adopted.
CREATE TABLE optimization_history
(
    run_id         bigint GENERATED ALWAYS AS IDENTITY,
    cluster        text             NOT NULL,
    entity         text             NOT NULL,
    objective      text             NOT NULL,
    parameters     jsonb            NOT NULL,
    score          double precision NOT NULL,
    baseline_score double precision NULL,
    accepted       boolean          NOT NULL,
    evaluated_at   timestamptz      NOT NULL,
    CONSTRAINT optimization_history_pk PRIMARY KEY (run_id)
);

CREATE INDEX optimization_history_entity_idx ON optimization_history (cluster, entity, evaluated_at DESC);
CREATE INDEX optimization_history_accepted_idx ON optimization_history (cluster, entity, evaluated_at DESC) WHERE accepted;
