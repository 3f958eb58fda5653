-- Policy changes are recorded beside numeric adaptations. A whole policy has no single number, so its row carries the
-- old and new policy in evidence and leaves the values empty.
ALTER TABLE governance_adaptations
    ALTER COLUMN old_value DROP NOT NULL,
    ALTER COLUMN new_value DROP NOT NULL;

-- A rollback is a row of its own that names the row it undoes; nothing is ever updated in place.
ALTER TABLE governance_adaptations
    ADD COLUMN rolls_back bigint NULL REFERENCES governance_adaptations (adaptation_id);
