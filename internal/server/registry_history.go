package server

import (
	"strings"

	"github.com/clausemark/clausemark/internal/registry"
)

// alsoNamed is the sentence of a verdict that names the ids a file names
// besides the verdict's own, with what the registry holds of each: an
// issued file with another id added names both. It is "" when there are
// none.
func alsoNamed(v *registry.Verdict) string {
	var parts []string
	for _, n := range v.Names {
		if n.ID == v.ID {
			continue
		}
		switch n.Status {
		case registry.Altered:
			parts = append(parts, n.ID+" (a document this registry holds)")
		case registry.Erased:
			parts = append(parts, n.ID+" (its record erased on "+n.ErasedAt.Format("2 January 2006")+")")
		default:
			parts = append(parts, n.ID+" (never recorded here)")
		}
	}
	if v.NamesMore {
		parts = append(parts, "and more")
	}
	if len(parts) == 0 {
		return ""
	}
	if v.ID == "" {
		return " The file names " + strings.Join(parts, ", ") + "."
	}
	return " The file also names " + strings.Join(parts, ", ") + "."
}
