-- The document another was made from: a reply to a customer's redline
-- (clausemark review --reply) is a document of its own, derived from the
-- one the customer returned. Empty for a document made from values alone.
ALTER TABLE documents ADD COLUMN derived_from TEXT NOT NULL DEFAULT '';
CREATE INDEX documents_derived_from ON documents (derived_from) WHERE derived_from <> '';
