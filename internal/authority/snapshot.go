package authority

// Entries returns the table's entries by ISO 3166-1 code, for a snapshot
// of the library (see [Restore]).
func (t *Table) Entries() map[string]*Entry { return t.entries }

// Restore is the table of these entries.
func Restore(entries map[string]*Entry) *Table { return &Table{entries: entries} }
