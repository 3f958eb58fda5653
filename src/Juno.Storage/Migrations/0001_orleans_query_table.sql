-- The registry Orleans' ADO.NET providers read at start-up: "SELECT QueryKey, QueryText FROM OrleansQuery".
-- The statement is unquoted, so PostgreSQL folds it to orleansquery(querykey, querytext) in the search path;
-- the table therefore lives in public under exactly those lower-case names.
CREATE TABLE orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (querykey)
);

COMMENT ON TABLE orleansquery IS
    'Query texts for the Orleans ADO.NET providers, keyed by the names the providers ask for. Written by Juno migrations only.';
