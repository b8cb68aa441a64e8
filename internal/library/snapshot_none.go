//go:build nosnapshot

package library

import "github.com/clausemark/clausemark/internal/clause"

// Built with the tag nosnapshot, as snapgen is, the library has no
// snapshot: LoadLazy loads the files.
const (
	snapshotSource = ""
	snapshotCheck  = 0
)

var snapshotFuncs []string

func restoreSnapshot(*clause.Funcs) *Library { return nil }
