//go:build !nosnapshot

package library

import (
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"text/template"
	"text/template/parse"
	"unsafe"

	clausemark "github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/funcs"
	"github.com/clausemark/clausemark/internal/librarytest"
)

// TestSnapshotCurrent: snapshot_gen.go was made from the embedded files
// as they are, and rebuilds what Load loads from them: every clause with
// its wordings, uses and parsed body, every template, variant, table,
// schema and the check policy, sharing what Load's library shares. A
// file of the library edited without the snapshot made again fails here.
func TestSnapshotCurrent(t *testing.T) {
	hash, err := SourceHash(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	check, err := SourceCheck(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	if hash != snapshotSource || check != snapshotCheck {
		t.Fatalf("the embedded library's files (clauses/, templates/) are not those snapshot_gen.go was made from (%s, the files are %s): run %s", snapshotSource, hash, RegenerateCommand)
	}
	whole, err := Load(clausemark.Library)
	if err != nil {
		t.Fatalf("the embedded library does not load: %v", err)
	}
	if called := whole.CalledFuncs(); !slices.Equal(snapshotFuncs, called) {
		t.Fatalf("the snapshot keeps the functions %q, the library calls %q: run %s", snapshotFuncs, called, RegenerateCommand)
	}
	snap := restore(clausemark.Library)
	// Every function the restored templates call is the snapshot's:
	// executing one it lacks would fail, or for print and the like run
	// text/template's own, unbounded.
	for _, name := range snap.CalledFuncs() {
		if snap.Funcs[name] == nil {
			t.Errorf("the restored templates call %s, which the snapshot's functions lack: run %s", name, RegenerateCommand)
		}
	}
	c := &comparer{pairs: map[[2]uintptr]bool{}, same: map[uintptr]uintptr{}}
	c.compare("Library", reflect.ValueOf(whole), reflect.ValueOf(snap))
	wantLists, err := whole.Checklists()
	if err != nil {
		t.Fatal(err)
	}
	gotLists, err := snap.Checklists()
	if err != nil {
		t.Fatal(err)
	}
	c.compare("Checklists()", reflect.ValueOf(wantLists), reflect.ValueOf(gotLists))
	if len(c.diffs) > 0 {
		if len(c.diffs) > 20 {
			c.diffs = append(c.diffs[:20], fmt.Sprintf("and %d more", len(c.diffs)-20))
		}
		t.Fatalf("the snapshot differs from the library loaded from its files: run %s\n%s", RegenerateCommand, strings.Join(c.diffs, "\n"))
	}
}

// TestSnapshotTaken: LoadLazy takes the snapshot for the embedded
// library, and loads the files of any other: an edited copy renders its
// edit.
func TestSnapshotTaken(t *testing.T) {
	if fromSnapshot(clausemark.Library) == nil {
		t.Fatal("the embedded library is not taken from the snapshot")
	}
	m := librarytest.Copy(t)
	if fromSnapshot(m) == nil {
		t.Fatal("an unedited copy of the embedded library is not taken from the snapshot")
	}
	librarytest.Replace(t, m, "clauses/deletion.md", "description:", "description: Edited.")
	if fromSnapshot(m) != nil {
		t.Fatal("an edited copy is taken from the snapshot")
	}
	lib, err := LoadLazy(m)
	if err != nil {
		t.Fatal(err)
	}
	if d := lib.Clauses["deletion"].Description; !strings.HasPrefix(d, "Edited.") {
		t.Errorf("deletion's description %q, want the edited one", d)
	}
}

// TestCalledFuncs: the functions a library calls are found in every
// alternative of its clauses and in its templates' conditions, and only
// those of funcs.Map.
func TestCalledFuncs(t *testing.T) {
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, "clauses/deletion.md", `{{ define "concise" }}`, `{{ define "concise" }}{{ upper "" }}`)
	librarytest.Replace(t, m, "templates/documents/dpa-concise.yaml", `when: eq .jurisdiction.code "us-ca"`, `when: eq (lower .jurisdiction.code) "us-ca"`)
	lib, err := Load(m)
	if err != nil {
		t.Fatal(err)
	}
	called := lib.CalledFuncs()
	for _, name := range []string{"upper", "lower", "plural", "ref"} {
		if !slices.Contains(called, name) {
			t.Errorf("CalledFuncs() = %q, without %s", called, name)
		}
	}
	for _, name := range []string{"repeat", "authority", "transfers"} {
		if slices.Contains(called, name) {
			t.Errorf("CalledFuncs() = %q, with %s, which no template calls or funcs.Map does not have", called, name)
		}
	}
	if restored := funcs.MapOf(called...); restored["upper"] == nil || restored["lower"] == nil {
		t.Error("MapOf(CalledFuncs()) lacks a function called")
	}
}

// TestSnapshotConcurrent: the clauses of a restored library parse on
// first use once, from any number of goroutines (run with -race), and
// each alternative's template is the one Load parses.
func TestSnapshotConcurrent(t *testing.T) {
	lib := restore(clausemark.Library)
	whole, err := Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]map[string]*template.Template, 4)
	for i := range got {
		got[i] = map[string]*template.Template{}
		wg.Go(func() {
			for _, id := range lib.ClauseIDs() {
				c := lib.Clauses[id]
				for _, n := range c.Names {
					got[i][id+"/"+n] = c.Template(n)
				}
			}
		})
	}
	wg.Wait()
	for key, tmpl := range got[0] {
		id, n, _ := strings.Cut(key, "/")
		for i := range got {
			if got[i][key] != tmpl {
				t.Fatalf("%s: goroutines got different templates: parsed more than once", key)
			}
		}
		if err := lib.Clauses[id].Err(); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if tmpl.Tree.Root.String() != whole.Clauses[id].Template(n).Tree.Root.String() {
			t.Errorf("%s: restored template differs from the parsed one", key)
		}
	}
}

// comparer compares two values deeply, recording each difference by its
// path. A pointer the first value reaches twice must be one pointer in
// the second too. Parsed templates compare by their trees, functions by
// whether they are there.
type comparer struct {
	diffs []string
	pairs map[[2]uintptr]bool
	same  map[uintptr]uintptr
}

var (
	tmplType   = reflect.TypeFor[*template.Template]()
	regexpType = reflect.TypeFor[*regexp.Regexp]()
	clauseT    = reflect.TypeFor[clause.Clause]()
	libraryT   = reflect.TypeFor[Library]()
)

func (c *comparer) errorf(format string, args ...any) {
	c.diffs = append(c.diffs, fmt.Sprintf(format, args...))
}

func (c *comparer) compare(path string, a, b reflect.Value) {
	if a.IsValid() != b.IsValid() {
		c.errorf("%s: one is missing", path)
		return
	}
	if !a.IsValid() {
		return
	}
	if a.Type() != b.Type() {
		c.errorf("%s: %s, want %s", path, b.Type(), a.Type())
		return
	}
	switch a.Type() {
	case tmplType:
		c.templates(path, a, b)
		return
	case regexpType:
		ra, _ := open(a).Interface().(*regexp.Regexp)
		rb, _ := open(b).Interface().(*regexp.Regexp)
		if (ra == nil) != (rb == nil) || ra != nil && ra.String() != rb.String() {
			c.errorf("%s: %v, want %v", path, rb, ra)
		}
		return
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Map:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				c.errorf("%s: nil in one only", path)
			}
			return
		}
		if a.Kind() == reflect.Pointer || a.Kind() == reflect.Map {
			if other, ok := c.same[a.Pointer()]; ok && other != b.Pointer() {
				c.errorf("%s: shared in the loaded library, not in the snapshot", path)
			}
			c.same[a.Pointer()] = b.Pointer()
		}
		key := [2]uintptr{a.Pointer(), b.Pointer()}
		if c.pairs[key] {
			return
		}
		c.pairs[key] = true
		if a.Kind() == reflect.Pointer {
			c.compare(path, a.Elem(), b.Elem())
			return
		}
		ka, kb := sortedMapKeys(a), sortedMapKeys(b)
		if !slices.Equal(ka, kb) {
			c.errorf("%s: keys %v, want %v", path, kb, ka)
			return
		}
		for _, k := range a.MapKeys() {
			c.compare(fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), b.MapIndex(k))
		}
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				c.errorf("%s: nil in one only", path)
			}
			return
		}
		c.compare(path, a.Elem(), b.Elem())
	case reflect.Slice, reflect.Array:
		if a.Kind() == reflect.Slice && a.IsNil() != b.IsNil() {
			c.errorf("%s: nil in one only", path)
			return
		}
		if a.Len() != b.Len() {
			c.errorf("%s: length %d, want %d", path, b.Len(), a.Len())
			return
		}
		for i := range a.Len() {
			c.compare(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i))
		}
	case reflect.Struct:
		for i := range a.NumField() {
			f := a.Type().Field(i)
			p := path + "." + f.Name
			switch {
			case a.Type() == libraryT && (f.Name == "FS" || f.Name == "checklists"):
				// the same files; the checklists compare by Checklists()
			case a.Type() == libraryT && f.Name == "Funcs":
				// The snapshot's are those its clauses and conditions
				// call (snapshotFuncs), which the restored templates
				// are checked to find below.
				ka, kb := sortedMapKeys(a.Field(i)), sortedMapKeys(b.Field(i))
				if extra := slices.DeleteFunc(kb, func(k string) bool { return slices.Contains(ka, k) }); len(extra) > 0 {
					c.errorf("%s: %v, which Load does not have", p, extra)
				}
			case a.Type() == clauseT && f.Name == "tmpl":
				ac, bc := open(a).Addr().Interface().(*clause.Clause), open(b).Addr().Interface().(*clause.Clause)
				for _, n := range ac.Names {
					c.alternative(p+"("+n+")", ac.File, ac.Template(n), bc.Template(n))
				}
			case a.Type() == clauseT && f.Name == "lazy":
				// how the body parses, not what it is
			default:
				c.compare(p, a.Field(i), b.Field(i))
			}
		}
	case reflect.Func:
		if a.IsNil() != b.IsNil() {
			c.errorf("%s: a function in one only", path)
		}
	case reflect.String:
		if a.String() != b.String() {
			c.errorf("%s: %q, want %q", path, b.String(), a.String())
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			c.errorf("%s: %v, want %v", path, b.Bool(), a.Bool())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			c.errorf("%s: %d, want %d", path, b.Int(), a.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			c.errorf("%s: %d, want %d", path, b.Uint(), a.Uint())
		}
	case reflect.Float32, reflect.Float64:
		if a.Float() != b.Float() {
			c.errorf("%s: %v, want %v", path, b.Float(), a.Float())
		}
	default:
		c.errorf("%s: cannot compare a %s", path, a.Type())
	}
}

// templates compares two parsed templates: their names and the trees of
// every template of their sets.
func (c *comparer) templates(path string, a, b reflect.Value) {
	ta, _ := open(a).Interface().(*template.Template)
	tb, _ := open(b).Interface().(*template.Template)
	if (ta == nil) != (tb == nil) {
		c.errorf("%s: a template in one only", path)
		return
	}
	if ta == nil {
		return
	}
	if ta.Name() != tb.Name() || tree(ta) != tree(tb) {
		c.errorf("%s: template %s differs from %s", path, tb.Name(), ta.Name())
	}
	set := func(t *template.Template) map[string]string {
		m := map[string]string{}
		for _, x := range t.Templates() {
			m[x.Name()] = tree(x)
		}
		return m
	}
	if !maps.Equal(set(ta), set(tb)) {
		c.errorf("%s: the templates it defines differ", path)
	}
}

// open makes a value reached through an unexported field usable by
// Interface, where it is addressable.
func open(v reflect.Value) reflect.Value {
	if v.CanInterface() || !v.CanAddr() {
		return v
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

// alternative compares a clause's template for one alternative: the
// restored set may hold fewer templates than the whole body, but each it
// holds is the whole body's, and it holds every template they call. The
// file's own template, whose text is only the space between the blocks
// of a clause with alternatives, is not compared where it holds a block.
func (c *comparer) alternative(path, file string, ta, tb *template.Template) {
	if ta == nil || tb == nil {
		if (ta == nil) != (tb == nil) {
			c.errorf("%s: a template in one only", path)
		}
		return
	}
	if ta.Name() != tb.Name() || tree(ta) != tree(tb) {
		c.errorf("%s: template %s differs from %s", path, tb.Name(), ta.Name())
	}
	for _, x := range tb.Templates() {
		if x.Name() == file && ta.Name() != file {
			continue
		}
		if y := ta.Lookup(x.Name()); y == nil || tree(x) != tree(y) {
			c.errorf("%s: its template %s differs from the whole body's", path, x.Name())
		}
		if x.Tree == nil {
			continue
		}
		for _, called := range calledNames(x.Tree.Root) {
			if tb.Lookup(called) == nil {
				c.errorf("%s: %s calls %s, which it does not hold", path, x.Name(), called)
			}
		}
	}
}

// calledNames lists the templates a tree calls by {{ template }}.
func calledNames(n parse.Node) []string {
	var out []string
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, x := range n.Nodes {
				out = append(out, calledNames(x)...)
			}
		}
	case *parse.IfNode:
		out = append(append(out, calledNames(n.List)...), calledNames(n.ElseList)...)
	case *parse.RangeNode:
		out = append(append(out, calledNames(n.List)...), calledNames(n.ElseList)...)
	case *parse.WithNode:
		out = append(append(out, calledNames(n.List)...), calledNames(n.ElseList)...)
	case *parse.TemplateNode:
		out = append(out, n.Name)
	}
	return out
}

func tree(t *template.Template) string {
	if t.Tree == nil || t.Tree.Root == nil {
		return ""
	}
	return t.Tree.Root.String()
}

func sortedMapKeys(m reflect.Value) []string {
	keys := make([]string, 0, m.Len())
	for _, k := range m.MapKeys() {
		keys = append(keys, fmt.Sprint(k))
	}
	slices.Sort(keys)
	return keys
}

// TestSnapshotComparer: the comparison TestSnapshotCurrent relies on
// finds a changed value deep in a clause, in the schema and in a table,
// and a pointer no longer shared.
func TestSnapshotComparer(t *testing.T) {
	whole, err := Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	snap := restore(clausemark.Library)
	a := snap.Clauses["deletion"].Alts[snap.Clauses["deletion"].Names[0]]
	a.Uses[0].Line++
	snap.Schema.Vars["agreement.date"].Line++
	snap.Jurisdictions["de"]["name"] = "Germany, edited"
	p := snap.Templates["dpa-full"].Parts[0]
	copied := *p.Clause
	p.Clause = &copied
	c := &comparer{pairs: map[[2]uintptr]bool{}, same: map[uintptr]uintptr{}}
	c.compare("Library", reflect.ValueOf(whole), reflect.ValueOf(snap))
	joined := strings.Join(c.diffs, "\n")
	for _, want := range []string{".Uses[0].Line", `Vars[agreement.date].Line`, `Jurisdictions[de][name]`, "shared in the loaded library, not in the snapshot"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no difference at %s in:\n%s", want, joined)
		}
	}
}
