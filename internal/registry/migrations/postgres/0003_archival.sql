-- The archival standard an issuance's PDF was made to: "PDF/A-2b", or
-- empty for a plain PDF. Re-issuing makes the same kind of file again.
ALTER TABLE issuances ADD COLUMN archival TEXT NOT NULL DEFAULT '';
