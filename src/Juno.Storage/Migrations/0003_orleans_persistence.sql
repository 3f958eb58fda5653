-- Grain state for Orleans' ADO.NET grain storage provider (Juno's own schema).
--
-- Contract, as the provider's C# uses it:
--  * a grain is identified by service id, grain type and the key split into n0/n1 (integer and Guid keys)
--    plus an optional string part; the provider also sends 32-bit hashes of the id and type, computed on
--    its side, which we only use to make the lookup index selective: equality is always on the full key;
--  * the ETag is the integer version. A write names the version it read (NULL: "I saw no row"); it must
--    succeed only against exactly that version, and return the new version. Returning NULL or the old
--    version is how the provider detects a conflict and raises InconsistentStateException;
--  * a clear keeps the row with a NULL payload and a new version, so a stale writer still conflicts.

CREATE TABLE orleans_grain_state
(
    grain_id_hash    integer     NOT NULL,
    grain_type_hash  integer     NOT NULL,
    service_id       text        NOT NULL,
    grain_type       text        NOT NULL,
    grain_id_n0      bigint      NOT NULL,
    grain_id_n1      bigint      NOT NULL,
    grain_id_ext     text        NULL,
    payload          bytea       NULL,
    version          integer     NOT NULL,
    modified_at      timestamptz NOT NULL DEFAULT now(),
    -- Leading hashes keep the index narrow to search; the full key makes it exact. NULLS NOT DISTINCT
    -- (PostgreSQL 15+) lets grains without a string key part conflict with each other as they should.
    CONSTRAINT orleans_grain_state_key UNIQUE NULLS NOT DISTINCT
        (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
);

CREATE FUNCTION orleans_grain_state_read(
    p_grain_id_hash integer, p_grain_type_hash integer, p_service_id text, p_grain_type text,
    p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_id_ext text)
    RETURNS TABLE ("PayloadBinary" bytea, "Version" integer)
    LANGUAGE sql
    STABLE
AS $$
    SELECT payload, version
      FROM orleans_grain_state
     WHERE grain_id_hash = p_grain_id_hash AND grain_type_hash = p_grain_type_hash
       AND service_id = p_service_id AND grain_type = p_grain_type
       AND grain_id_n0 = p_grain_id_n0 AND grain_id_n1 = p_grain_id_n1
       AND grain_id_ext IS NOT DISTINCT FROM p_grain_id_ext;
$$;

-- Returns the new version, or NULL when the caller's version is stale (including a first write racing
-- another first write: the unique key lets exactly one insert through).
CREATE FUNCTION orleans_grain_state_write(
    p_grain_id_hash integer, p_grain_type_hash integer, p_service_id text, p_grain_type text,
    p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_id_ext text,
    p_payload bytea, p_expected_version integer)
    RETURNS integer
    LANGUAGE plpgsql
AS $$
DECLARE
    new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        INSERT INTO orleans_grain_state (grain_id_hash, grain_type_hash, service_id, grain_type,
                                         grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
        VALUES (p_grain_id_hash, p_grain_type_hash, p_service_id, p_grain_type,
                p_grain_id_n0, p_grain_id_n1, p_grain_id_ext, p_payload, 1)
        ON CONFLICT DO NOTHING
        RETURNING version INTO new_version;
    ELSE
        UPDATE orleans_grain_state
           SET payload = p_payload, version = version + 1, modified_at = now()
         WHERE grain_id_hash = p_grain_id_hash AND grain_type_hash = p_grain_type_hash
           AND service_id = p_service_id AND grain_type = p_grain_type
           AND grain_id_n0 = p_grain_id_n0 AND grain_id_n1 = p_grain_id_n1
           AND grain_id_ext IS NOT DISTINCT FROM p_grain_id_ext
           AND version = p_expected_version
        RETURNING version INTO new_version;
    END IF;
    RETURN new_version;
END;
$$;

-- Clear keeps the row (payload NULL) and advances the version; NULL when the caller's version is stale.
CREATE FUNCTION orleans_grain_state_clear(
    p_grain_id_hash integer, p_grain_type_hash integer, p_service_id text, p_grain_type text,
    p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_id_ext text, p_expected_version integer)
    RETURNS integer
    LANGUAGE sql
AS $$
    WITH cleared AS (
        UPDATE orleans_grain_state
           SET payload = NULL, version = version + 1, modified_at = now()
         WHERE grain_id_hash = p_grain_id_hash AND grain_type_hash = p_grain_type_hash
           AND service_id = p_service_id AND grain_type = p_grain_type
           AND grain_id_n0 = p_grain_id_n0 AND grain_id_n1 = p_grain_id_n1
           AND grain_id_ext IS NOT DISTINCT FROM p_grain_id_ext
           AND version = p_expected_version
        RETURNING version
    )
    SELECT (SELECT version FROM cleared);
$$;

-- For DeleteStateOnClear: removes the row. The provider expects "deleted version + 1" on success so its
-- conflict check (new version must differ from the old) passes; NULL when the caller's version is stale.
CREATE FUNCTION orleans_grain_state_delete(
    p_grain_id_hash integer, p_grain_type_hash integer, p_service_id text, p_grain_type text,
    p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_id_ext text, p_expected_version integer)
    RETURNS integer
    LANGUAGE sql
AS $$
    WITH deleted AS (
        DELETE FROM orleans_grain_state
         WHERE grain_id_hash = p_grain_id_hash AND grain_type_hash = p_grain_type_hash
           AND service_id = p_service_id AND grain_type = p_grain_type
           AND grain_id_n0 = p_grain_id_n0 AND grain_id_n1 = p_grain_id_n1
           AND grain_id_ext IS NOT DISTINCT FROM p_grain_id_ext
           AND version = p_expected_version
        RETURNING version
    )
    SELECT (SELECT version + 1 FROM deleted);
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
    ('ReadFromStorageKey',
     'SELECT * FROM orleans_grain_state_read(@GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString)'),
    ('WriteToStorageKey',
     'SELECT orleans_grain_state_write(@GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, @GrainStateVersion) AS "NewGrainStateVersion"'),
    ('ClearStorageKey',
     'SELECT orleans_grain_state_clear(@GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @GrainStateVersion)'),
    ('DeleteStorageKey',
     'SELECT orleans_grain_state_delete(@GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @GrainStateVersion)');
