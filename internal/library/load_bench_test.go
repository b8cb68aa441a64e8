package library

import (
	"testing"

	clausemark "github.com/clausemark/clausemark"
)

// BenchmarkLoad loads the embedded library from its files, as --library
// DIR is loaded.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(clausemark.Library); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadLazy loads the embedded library as the binary does: from
// its snapshot, no clause parsed yet.
func BenchmarkLoadLazy(b *testing.B) {
	for b.Loop() {
		if _, err := LoadLazy(clausemark.Library); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadLazyDocument is BenchmarkLoadLazy and the parsing of every
// clause the dpa-full template places, as rendering one document from a
// fresh process does.
func BenchmarkLoadLazyDocument(b *testing.B) {
	for b.Loop() {
		lib, err := LoadLazy(clausemark.Library)
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range lib.Templates["dpa-full"].Parts {
			for _, a := range p.Wordings() {
				if p.Clause.Template(a.Name) == nil {
					b.Fatal("no template")
				}
			}
		}
	}
}

// BenchmarkSourceCheck checks the embedded library's files, as LoadLazy
// does before it takes the snapshot.
func BenchmarkSourceCheck(b *testing.B) {
	for b.Loop() {
		if _, err := SourceCheck(clausemark.Library); err != nil {
			b.Fatal(err)
		}
	}
}
