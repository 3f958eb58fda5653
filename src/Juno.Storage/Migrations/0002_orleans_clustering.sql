-- Membership for Orleans' ADO.NET clustering provider (Juno's own schema).
--
-- Contract, as the provider's C# uses it:
--  * every membership change is conditional on the table version the caller read (its "etag"); a change
--    succeeds only against that version and advances it by one, so concurrent writers cannot both win;
--  * reads return the version on every row (a LEFT JOIN), and one row with only the version when no silo
--    is registered yet; columns are found by name, case-insensitively;
--  * query parameters arrive as @DeploymentId, @Address, @Port, @Generation, ... (Npgsql named parameters).

CREATE TABLE orleans_membership_version
(
    deployment_id text        NOT NULL,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_membership_version_pk PRIMARY KEY (deployment_id)
);

CREATE TABLE orleans_membership
(
    deployment_id   text        NOT NULL,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,  -- Orleans SiloStatus: 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead
    proxy_port      integer     NOT NULL,  -- gateway port, 0 when the silo is not a gateway
    suspect_times   text        NULL,      -- Orleans' own "address,time|address,time" encoding, opaque here
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT orleans_membership_pk PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT orleans_membership_version_fk FOREIGN KEY (deployment_id)
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE
);

-- Creates the version row for a cluster once; true only for the caller that created it.
CREATE FUNCTION orleans_membership_init(p_deployment_id text)
    RETURNS boolean
    LANGUAGE sql
AS $$
    WITH created AS (
        INSERT INTO orleans_membership_version (deployment_id)
        VALUES (p_deployment_id)
        ON CONFLICT (deployment_id) DO NOTHING
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM created);
$$;

-- Registers a silo if the table is still at the version the caller read. The version bump and the row
-- insert are one unit: a duplicate silo rolls the bump back (the exception block is a subtransaction).
CREATE FUNCTION orleans_membership_insert(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_expected_version integer)
    RETURNS boolean
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = p_deployment_id AND version = p_expected_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                    proxy_port, suspect_times, start_time, i_am_alive_time)
    VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
            p_proxy_port, NULL, p_start_time, p_i_am_alive_time);
    RETURN true;
EXCEPTION
    WHEN unique_violation THEN
        RETURN false;
END;
$$;

-- Changes a silo's status and suspicions under the same version rule; nothing changes unless both the
-- version matches and the silo's row exists.
CREATE FUNCTION orleans_membership_update(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_expected_version integer)
    RETURNS boolean
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = p_deployment_id AND version = p_expected_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership
       SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
     WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found';
    END IF;
    RETURN true;
EXCEPTION
    WHEN no_data_found THEN
        RETURN false;
END;
$$;

-- The heartbeat. Deliberately not versioned: Orleans treats I-am-alive as a hint, not a membership change.
CREATE FUNCTION orleans_membership_i_am_alive(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_i_am_alive_time timestamptz)
    RETURNS void
    LANGUAGE sql
AS $$
    UPDATE orleans_membership
       SET i_am_alive_time = p_i_am_alive_time
     WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation;
$$;

-- Rows in the shape the provider maps by column name. A NULL silo (no member matched) still carries the
-- table version, which is how the provider learns the version of an empty table.
CREATE FUNCTION orleans_membership_read(
    p_deployment_id text, p_address text, p_port integer, p_generation integer)
    RETURNS TABLE ("Version" integer, "Address" text, "Port" integer, "Generation" integer,
                   "SiloName" text, "HostName" text, "Status" integer, "ProxyPort" integer,
                   "SuspectTimes" text, "StartTime" timestamptz, "IAmAliveTime" timestamptz)
    LANGUAGE sql
    STABLE
AS $$
    SELECT v.version, m.address, m.port, m.generation, m.silo_name, m.host_name, m.status, m.proxy_port,
           m.suspect_times, m.start_time, m.i_am_alive_time
      FROM orleans_membership_version v
      LEFT JOIN orleans_membership m
        ON m.deployment_id = v.deployment_id
       AND (p_address IS NULL OR (m.address = p_address AND m.port = p_port AND m.generation = p_generation))
     WHERE v.deployment_id = p_deployment_id;
$$;

-- Gateways clients may connect to: silos with the requested status that expose a gateway port.
CREATE FUNCTION orleans_membership_gateways(p_deployment_id text, p_status integer)
    RETURNS TABLE ("Address" text, "ProxyPort" integer, "Generation" integer)
    LANGUAGE sql
    STABLE
AS $$
    SELECT address, proxy_port, generation
      FROM orleans_membership
     WHERE deployment_id = p_deployment_id AND status = p_status AND proxy_port > 0;
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
    ('InsertMembershipVersionKey',
     'SELECT orleans_membership_init(@DeploymentId)'),
    ('InsertMembershipKey',
     'SELECT orleans_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)'),
    ('UpdateMembershipKey',
     'SELECT orleans_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version)'),
    ('UpdateIAmAlivetimeKey',
     'SELECT orleans_membership_i_am_alive(@DeploymentId, @Address, @Port, @Generation, @IAmAliveTime)'),
    ('MembershipReadRowKey',
     'SELECT * FROM orleans_membership_read(@DeploymentId, @Address, @Port, @Generation)'),
    ('MembershipReadAllKey',
     'SELECT * FROM orleans_membership_read(@DeploymentId, NULL, NULL, NULL)'),
    ('GatewaysQueryKey',
     'SELECT * FROM orleans_membership_gateways(@DeploymentId, @Status)'),
    ('DeleteMembershipTableEntriesKey',
     'DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId'),
    ('CleanupDefunctSiloEntriesKey',
     'DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime');
