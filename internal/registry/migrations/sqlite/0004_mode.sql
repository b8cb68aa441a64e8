-- Whose processor identity an issuance's document carries: 'standard'
-- when it is the library's (a variant's, that is a house style's, or the
-- template's own), 'house' when the request entered it (the web form's
-- house-style mode, processor values in an API request, --set or --vars),
-- so that verify can say a document issued unaltered names a processor
-- nobody vouched for. Empty for an issuance recorded before this was kept.
ALTER TABLE issuances ADD COLUMN mode TEXT NOT NULL DEFAULT '';
