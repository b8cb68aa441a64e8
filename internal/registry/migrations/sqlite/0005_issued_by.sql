-- Who issued each issuance: the user the server's access rule named (a
-- single sign-on proxy's header, a login token's name) or, at the
-- command line, the system user. Empty when nobody was named, and for an
-- issuance recorded before this was kept. A document keeps its newest
-- issuance's, so that a listing names who issued it last without
-- reading the issuances.
ALTER TABLE issuances ADD COLUMN issued_by TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN last_issued_by TEXT NOT NULL DEFAULT '';
-- The history's filter by house style, newest first.
CREATE INDEX documents_variant ON documents (variant, last_issued);
