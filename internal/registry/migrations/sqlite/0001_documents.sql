-- Issued documents. A document is identified by its id (see package
-- docid): the same text from the same library has the same id, and each
-- time it is generated is one issuance.

-- The clause wordings a document is made of, shared by every document
-- made of the same ones: a million documents from a few dozen
-- compositions keep "which documents carry clause X at version V" a
-- lookup in a small table.
CREATE TABLE compositions (
    id TEXT PRIMARY KEY
);

CREATE TABLE composition_clauses (
    composition TEXT NOT NULL REFERENCES compositions (id),
    position    INTEGER NOT NULL,
    clause      TEXT NOT NULL,
    alternative TEXT NOT NULL,
    version     TEXT NOT NULL,
    hash        TEXT NOT NULL,
    number      TEXT NOT NULL,
    PRIMARY KEY (composition, position)
);

CREATE INDEX composition_clauses_clause ON composition_clauses (clause, version);

CREATE TABLE documents (
    id               TEXT PRIMARY KEY,
    library          TEXT NOT NULL,
    library_version  TEXT NOT NULL,
    template         TEXT NOT NULL,
    template_version TEXT NOT NULL,
    variant          TEXT NOT NULL,
    customer         TEXT NOT NULL,
    customer_key     TEXT NOT NULL, -- customer, lower-cased, for prefix search
    processor        TEXT NOT NULL,
    processor_key    TEXT NOT NULL,
    jurisdiction     TEXT NOT NULL,
    document_date    TEXT NOT NULL, -- YYYY-MM-DD
    variables_hash   TEXT NOT NULL,
    vals             TEXT NOT NULL, -- JSON: every value by variable path
    composition      TEXT NOT NULL REFERENCES compositions (id),
    first_issued     TEXT NOT NULL, -- UTC, 2006-01-02T15:04:05.000000Z
    last_issued      TEXT NOT NULL,
    issues           INTEGER NOT NULL
);

CREATE INDEX documents_customer ON documents (customer_key, last_issued);
CREATE INDEX documents_processor ON documents (processor_key, last_issued);
CREATE INDEX documents_composition ON documents (composition, last_issued);
CREATE INDEX documents_last_issued ON documents (last_issued);

CREATE TABLE issuances (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    document  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    issued_at TEXT NOT NULL,
    source    TEXT NOT NULL, -- render, batch or serve
    program   TEXT NOT NULL,
    paper     TEXT NOT NULL, -- the PDF and DOCX paper size: A4 or Letter
    batch_run TEXT NOT NULL, -- a batch run: its manifest's path; '' otherwise
    batch_row INTEGER NOT NULL,
    outputs_digest TEXT NOT NULL, -- of each output's format and SHA-256
    given     TEXT NOT NULL  -- JSON: the values as the request gave them
);

-- A resumed batch run records a row once; made again with other bytes
-- (--force with another paper or formats), it is issued again.
CREATE UNIQUE INDEX issuances_run_row ON issuances (batch_run, batch_row, document, outputs_digest) WHERE batch_run <> '';
-- Also serves the date filters, per document.
CREATE INDEX issuances_document ON issuances (document, issued_at);

CREATE TABLE outputs (
    issuance INTEGER NOT NULL REFERENCES issuances (id) ON DELETE CASCADE,
    format   TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    bytes    INTEGER NOT NULL,
    PRIMARY KEY (issuance, format)
);

CREATE INDEX outputs_sha256 ON outputs (sha256);
