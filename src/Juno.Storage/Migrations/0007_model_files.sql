-- Model files every silo loads from: each version of a named model, its bytes and their SHA-256 (checked again at
-- load, so a file altered in the table is refused rather than served), and what validation found in it.
CREATE TABLE model_files
(
    model        text        NOT NULL,
    version      integer     NOT NULL,
    sha256       text        NOT NULL,
    onnx         bytea       NOT NULL,
    input_width  integer     NOT NULL,
    output_width integer     NOT NULL,
    opset        bigint      NOT NULL,
    metadata     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    CONSTRAINT model_files_pk PRIMARY KEY (model, version),
    CONSTRAINT model_files_version_check CHECK (version > 0),
    CONSTRAINT model_files_sha_check CHECK (sha256 ~ '^[0-9a-f]{64}$')
);
