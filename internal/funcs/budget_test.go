package funcs

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"
	"weak"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/vars"
)

// TestBudgetCopiesCharge: a template executed under one budget after
// another charges each execution to its own budget, though its copies
// are kept between them: a budget's bound stops its execution alone.
func TestBudgetCopiesCharge(t *testing.T) {
	tmpl := template.Must(template.New("clauses/x.md").Funcs(Map()).Parse(`{{ range until 10 }}{{ upper "abcdefghij" }}{{ end }}`))
	roomy := NewBudget(Map(), DefaultLimits)
	for _, tc := range []struct {
		name string
		b    *Budget
		want Limit
		ok   bool // no bound passed
	}{
		{"roomy", roomy, 0, true},
		{"tight", NewBudget(Map(), Limits{Output: MaxOutput, Steps: 100, Work: 50, Timeout: time.Hour}), LimitWork, false},
		{"roomy again", roomy, 0, true},
		{"late", NewBudget(Map(), Limits{Output: MaxOutput, Steps: 100, Work: 5_000, Timeout: -time.Second}), LimitTime, false},
		{"fresh", NewBudget(Map(), DefaultLimits), 0, true},
	} {
		var out strings.Builder
		err := tc.b.Execute(tmpl, &out, nil, "clauses/x.md")
		var le *LimitError
		switch {
		case tc.ok && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.ok && out.String() != strings.Repeat("ABCDEFGHIJ", 10):
			t.Errorf("%s: wrote %q", tc.name, out.String())
		case !tc.ok && (!errors.As(err, &le) || le.Limit != tc.want):
			t.Errorf("%s: got %v, want the bound %v", tc.name, err, tc.want)
		}
	}
	// The roomy budget ran the template twice, and was charged twice
	// what one execution costs, nothing of the others'.
	once := NewBudget(Map(), DefaultLimits)
	if err := once.Execute(tmpl, io.Discard, nil, "clauses/x.md"); err != nil {
		t.Fatal(err)
	}
	if roomy.work != 2*once.work || once.work < 10*(10+10) {
		t.Errorf("the roomy budget was charged %d, one execution %d", roomy.work, once.work)
	}
}

// TestBudgetOtherFuncs: a budget whose function of a name has another
// type runs its own function, in a copy made for it, and the copies kept
// for the others still run theirs.
func TestBudgetOtherFuncs(t *testing.T) {
	tmpl := template.Must(template.New("clauses/x.md").Funcs(Map()).Parse(`{{ upper "ab" }}`))
	other := Map()
	other["upper"] = func(v any) string { return fmt.Sprint("<", v, ">") }
	for _, tc := range []struct {
		fm   template.FuncMap
		want string
	}{{Map(), "AB"}, {other, "<ab>"}, {Map(), "AB"}} {
		var out strings.Builder
		if err := NewBudget(tc.fm, DefaultLimits).Execute(tmpl, &out, nil, "clauses/x.md"); err != nil || out.String() != tc.want {
			t.Errorf("got %q, %v; want %q", out.String(), err, tc.want)
		}
	}
}

// TestBudgetConcurrent: one template executed by many goroutines at once,
// each document with its budget, gives each its own output and charges
// each its own work; the copies kept are no more than those ran at once.
func TestBudgetConcurrent(t *testing.T) {
	tmpl := template.Must(template.New("clauses/x.md").Funcs(Map()).Parse(`{{ range .n }}{{ upper $.s }}{{ end }}`))
	var wg sync.WaitGroup
	errs := make(chan error, 8*20)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				s := fmt.Sprintf("g%di%d", g, i)
				b := NewBudget(Map(), DefaultLimits)
				var out strings.Builder
				if err := b.Execute(tmpl, &out, map[string]any{"n": []int{1, 2, 3}, "s": s}, "clauses/x.md"); err != nil {
					errs <- err
					continue
				}
				if want := strings.Repeat(strings.ToUpper(s), 3); out.String() != want {
					errs <- fmt.Errorf("wrote %q, want %q", out.String(), want)
				}
				if want := int64(3 * 2 * len(s)); b.work != want {
					errs <- fmt.Errorf("charged %d, want %d", b.work, want)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	v, ok := templates.Load(weak.Make(tmpl))
	if !ok {
		t.Fatal("no copies kept")
	}
	if p := v.(*copies); len(p.free) > 8 || len(p.free) > cap(p.free) {
		t.Errorf("%d copies kept, more than ran at once", len(p.free))
	}
}

// TestBudgetNeededTogether: a clause that lacks several values it needs
// (a function's vars.ErrRequired) reports them all at once, in order,
// going on with each left empty; an error of another kind still stops it,
// and the next clause starts with none noted.
func TestBudgetNeededTogether(t *testing.T) {
	fm := Map()
	fm["need"] = func(path string, v any) (any, error) {
		if v == nil {
			return nil, &diag.Error{Variable: path, Err: vars.ErrRequired}
		}
		return v, nil
	}
	fm["fail"] = func() (string, error) { return "", errors.New("broken") }
	run := func(b *Budget, text string) error {
		tmpl := template.Must(template.New("clauses/x.md").Funcs(fm).Parse(text))
		return b.Execute(tmpl, io.Discard, map[string]any{"a": nil, "b": nil, "c": "x"}, "clauses/x.md")
	}
	b := NewBudget(fm, DefaultLimits)
	err := run(b, `{{ need "a" .a }} {{ serial (need "b" .b) }} {{ need "c" .c }}`)
	var l diag.List
	if !errors.As(err, &l) || len(l) != 2 || l[0].Variable != "a" || l[1].Variable != "b" || !errors.Is(err, vars.ErrRequired) {
		t.Errorf("two values lacking: %v", err)
	}
	if err := run(b, `{{ need "c" .c }}`); err != nil {
		t.Errorf("the next clause: %v", err)
	}
	if err := run(b, `{{ fail }} {{ need "a" .a }}`); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("another error: %v", err)
	}
}
