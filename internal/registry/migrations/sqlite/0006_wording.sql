-- The hash of each clause's wording as the document carries it: the
-- alternative's own text (clause.Alternative.Hash), so that an edit to
-- one alternative of a clause file calls for amending only the documents
-- that carry it. Empty for a composition recorded before this was kept:
-- those are matched by the clause's version and the whole file's hash.
ALTER TABLE composition_clauses ADD COLUMN wording TEXT NOT NULL DEFAULT '';
