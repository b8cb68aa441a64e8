package library

import "github.com/clausemark/clausemark/internal/playbook"

// PlaybookFile is the library's negotiation playbook (package playbook).
const PlaybookFile = playbook.File

// Playbook reads the library's negotiation playbook: what the house
// accepts from a customer's redline. A library without one has an empty
// playbook. Whether the variables, clauses and positions it names exist
// is checked by lint.
func (lib *Library) Playbook() (*playbook.Playbook, error) { return playbook.Load(lib.FS) }
