-- Records erased on request (a customer's contacts asking for their
-- personal data to be deleted): only the id and when, so that verify can
-- say a file was issued and its record erased, without keeping a value.
CREATE TABLE erasures (
    document  TEXT PRIMARY KEY,
    erased_at TEXT NOT NULL
);
