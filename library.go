// Package clausemark embeds the clause library that the clausemark binary
// ships with: the clauses/ and templates/ folders at the module root.
//
// Load it with library.Load(clausemark.Library) from the internal library
// package, or point the binary at a copy on disk with --library DIR.
package clausemark

import "embed"

// Library holds clauses/ and templates/ exactly as they are in the
// repository, so that the binary renders with nothing beside it.
//
//go:embed clauses templates
var Library embed.FS
