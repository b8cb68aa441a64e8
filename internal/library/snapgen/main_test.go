package main

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	clausemark "github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

// TestGenerated: snapgen writes, for the embedded library, the very
// snapshot_gen.go package library holds, the same each time.
func TestGenerated(t *testing.T) {
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := library.SourceHash(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	check, err := library.SourceCheck(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	a, err := generate(lib, hash, check)
	if err != nil {
		t.Fatal(err)
	}
	b, err := generate(lib, hash, check)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two runs wrote different snapshots")
	}
	have, err := os.ReadFile("../snapshot_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, have) {
		t.Fatalf("internal/library/snapshot_gen.go is not what snapgen writes: run %s", library.RegenerateCommand)
	}
}

type node struct {
	Name string
	Next *node
}

type opaque struct {
	Name   string
	hidden int
}

// TestRefuses: a value the snapshot cannot rebuild is an error naming it,
// not a snapshot that loses it.
func TestRefuses(t *testing.T) {
	loop := &node{Name: "a"}
	loop.Next = &node{Name: "b", Next: loop}
	amount, err := vars.ParseAmount("12.50")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"cycle", loop, "refers back to itself"},
		{"unexported", opaque{Name: "x", hidden: 1}, "opaque.hidden is unexported"},
		{"amount", map[string]any{"fee": amount}, "is unexported and not zero"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, writing := range []bool{false, true} {
				e := &emitter{counts: map[ident]int{}, names: map[ident]string{}, imports: map[string]string{}, busy: map[ident]bool{}, writing: writing}
				_, err := e.value(reflect.ValueOf(tc.v), reflect.TypeOf(tc.v))
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("writing %v: %v, want an error saying %q", writing, err, tc.want)
				}
			}
		})
	}
}

// TestShares: a pointer reached twice is written once, as a variable both
// places use.
func TestShares(t *testing.T) {
	shared := &node{Name: "shared"}
	v := []*node{{Name: "a", Next: shared}, {Name: "b", Next: shared}}
	count := &emitter{counts: map[ident]int{}, imports: map[string]string{}, busy: map[ident]bool{}}
	if _, err := count.value(reflect.ValueOf(v), reflect.TypeOf(v)); err != nil {
		t.Fatal(err)
	}
	e := &emitter{counts: count.counts, names: map[ident]string{}, imports: map[string]string{}, busy: map[ident]bool{}, writing: true}
	expr, err := e.value(reflect.ValueOf(v), reflect.TypeOf(v))
	if err != nil {
		t.Fatal(err)
	}
	if len(e.stmts) != 1 || !strings.Contains(e.stmts[0], `"shared"`) || strings.Count(expr, "s0") != 2 || strings.Contains(expr, `"shared"`) {
		t.Errorf("statements %q, expression %s: want the shared node once, as s0, used twice", e.stmts, expr)
	}
}
