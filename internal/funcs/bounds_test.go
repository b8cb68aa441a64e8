package funcs

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/clausemark/clausemark/internal/diag"
)

func execute(t *testing.T, text string, data any) (string, error) {
	t.Helper()
	tmpl, err := template.New("clauses/x.md").Funcs(Map()).Parse(text)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	var b strings.Builder
	err = NewBudget(Map(), DefaultLimits).Execute(tmpl, &b, data, "clauses/x.md")
	return b.String(), err
}

// TestBoundsAtExecution: counts and sizes known only when the template
// runs fail there, before the work, with the bound and the clause's file
// and line.
func TestBoundsAtExecution(t *testing.T) {
	data := map[string]any{
		"n":    2_000_000_000,
		"big":  strings.Repeat("x", 10_000),
		"list": []any{"a", "b", "c"},
		"sep":  strings.Repeat("-", 2<<20),
	}
	for _, tc := range []struct {
		text  string
		limit Limit
		fn    string
	}{
		{`{{ repeat .n "x" }}`, LimitCount, "repeat"},
		{`{{ repeat 5000 .big }}`, LimitResult, "repeat"},
		{`{{ until .n }}`, LimitCount, "until"},
		{`{{ range until .n }}x{{ end }}`, LimitCount, "until"},
		{`{{ untilStep 0 .n 1 }}`, LimitCount, "untilStep"},
		{`{{ seq .n }}`, LimitCount, "seq"},
		{`{{ seq 1 .n }}`, LimitCount, "seq"},
		{`{{ indent .n "x" }}`, LimitCount, "indent"},
		{`{{ nindent 5000 (repeat 1000 "\n") }}`, LimitResult, "nindent"},
		{`{{ replace "x" .big .big }}`, LimitResult, "replace"},
		{`{{ wrapWith 1 .big .big }}`, LimitResult, "wrapWith"},
		{`{{ regexReplaceAll "x" .big .big }}`, LimitResult, "regexReplaceAll"},
		{`{{ regexReplaceAllLiteral "x" .big .big }}`, LimitResult, "regexReplaceAllLiteral"},
		{`{{ join .sep .list }}`, LimitResult, "join"},
		{`{{ printf "%2000000000d" 1 }}`, LimitWidth, "printf"},
		{`{{ $s := "xxxxxxxx" }}{{ range until 40 }}{{ $s = print $s $s }}{{ end }}`, LimitArgs, "print"},
		{`{{ $s := "xxxxxxxx" }}{{ range until 40 }}{{ $s = cat $s $s }}{{ end }}`, LimitArgs, "cat"},
		{`{{ $l := list 1 }}{{ range until 40 }}{{ $l = concat $l $l }}{{ end }}`, LimitResult, "concat"},
		{`{{ splitList "" (repeat 1000 "abcdefghijk") }}`, LimitResult, "splitList"},
	} {
		_, err := execute(t, tc.text, data)
		var le *LimitError
		var de *diag.Error
		if !errors.As(err, &le) || !errors.As(err, &de) {
			t.Errorf("%s: got %v, want a bound error", tc.text, err)
			continue
		}
		if le.Limit != tc.limit || le.Func != tc.fn || de.File != "clauses/x.md" || de.Line != 1 || de.Col == 0 {
			t.Errorf("%s: got %v %q at %s:%d:%d, want %v %q at clauses/x.md:1", tc.text, le.Limit, le.Func, de.File, de.Line, de.Col, tc.limit, tc.fn)
		}
	}
}

// TestNestedBounds: lists and maps that share their items (sprig's list,
// dict, append, concat do not copy) are measured all the way down, so a
// value that would print as far more than it holds fails where it is built,
// or, grown by set after it was measured, where it is given to a function
// or printed. A regression here would print 2^24 or 2^17 copies (hundreds
// of MB), not the 2^40 of the report.
func TestNestedBounds(t *testing.T) {
	const grown = `{{ $d := dict }}{{ $a := list $d }}{{ range until 17 }}{{ $a = list $a $a }}{{ end }}` +
		`{{ $_ := set $d "k" (repeat 100 "xxxxxxxxxx") }}`
	for _, tc := range []struct {
		text  string
		limit Limit
		fn    string
	}{
		{`{{ $a := list "xxxxxxxxxx" "xxxxxxxxxx" }}{{ range until 24 }}{{ $a = list $a $a }}{{ end }}{{ $a }}`, LimitArgs, "list"},
		{`{{ $a := list "xxxxxxxxxx" }}{{ range until 24 }}{{ $a = append $a $a }}{{ end }}`, LimitArgs, "append"},
		{`{{ $a := list "xxxxxxxxxx" }}{{ range until 24 }}{{ $a = concat (list $a) (list $a) }}{{ end }}`, LimitArgs, "concat"},
		{`{{ $d := dict "k" "xxxxxxxxxx" }}{{ range until 24 }}{{ $d = dict "a" $d "b" $d }}{{ end }}`, LimitArgs, "dict"},
		{`{{ $d := dict "k" "xxxxxxxxxx" }}{{ range until 24 }}{{ $d = merge (dict "a" $d) (dict "b" $d) }}{{ end }}`, LimitArgs, "merge"},
		{`{{ $a := list "xxxxxxxxxx" }}{{ range until 24 }}{{ $a = list $a $a }}{{ end }}`, LimitArgs, "list"},
		{grown + `{{ $a | _print }}`, LimitClause, "the value printed"},
		{grown + `{{ toJson $a }}`, LimitArgs, "toJson"},
		{grown + `{{ printf "%v" $a }}`, LimitArgs, "printf"},
		{grown + `{{ cat $a }}`, LimitArgs, "cat"},
		{grown + `{{ deepCopy $a }}`, LimitArgs, "deepCopy"},
		{`{{ $d := dict }}{{ $_ := set $d "k" $d }}`, LimitDepth, "set"},
		{`{{ $a := list }}{{ range until 101 }}{{ $a = list $a }}{{ end }}`, LimitDepth, "list"},
	} {
		_, err := execute(t, tc.text, nil)
		var le *LimitError
		var de *diag.Error
		if !errors.As(err, &le) || !errors.As(err, &de) {
			t.Errorf("%s: got %v, want a bound error", tc.text, err)
			continue
		}
		if le.Limit != tc.limit || le.Func != tc.fn || de.File != "clauses/x.md" || de.Line != 1 || de.Col == 0 {
			t.Errorf("%s: got %v (%v %q at %s:%d:%d), want %v %q at clauses/x.md:1", tc.text, err, le.Limit, le.Func, de.File, de.Line, de.Col, tc.limit, tc.fn)
		}
	}
	// Within the bounds, nesting works and prints as before.
	got, err := execute(t, `{{ $a := list "x" }}{{ range until 3 }}{{ $a = list $a $a }}{{ end }}{{ $a | _print }} {{ toJson (dict "k" (list 1 2)) | _print }}`, nil)
	if want := `[[[[x] [x]] [[x] [x]]] [[[x] [x]] [[x] [x]]]] {"k":[1,2]}`; err != nil || got != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}

// TestSize: what a value would print as, counted down to its texts and
// numbers, and a walk that stops past its limit however large the value.
func TestSize(t *testing.T) {
	leaf := []any{"xxxxxxxxxx", "xxxxxxxxxx"}
	huge := leaf
	for range 60 {
		huge = []any{huge, huge} // prints as 2^61 leaves
	}
	cyclic := map[string]any{}
	cyclic["k"] = cyclic
	for _, tc := range []struct {
		name  string
		v     any
		limit int64
		want  int64
		deep  bool
	}{
		{"text", "abc", 100, 3, false},
		{"nil", nil, 100, 5, false},
		{"ints", []int{1, 2, 3}, 100, 2 + 3*21, false},
		{"list", []any{"ab", []any{"c"}}, 100, 2 + 1 + 2 + 1 + 2 + 1 + 1, false},
		{"map", map[string]any{"k": "v"}, 100, 5 + 2 + 1 + 1, false},
		{"stringer", struct{ fmtStringer }{}, 100, 4, false},
		{"struct", struct{ A, B string }{"a", "bc"}, 100, 2 + 1 + 1 + 1 + 2, false},
		{"huge", huge, 1000, 1001, false},
		{"cyclic", cyclic, 1 << 20, 0, true},
	} {
		n, deep := Size(reflect.ValueOf(tc.v), tc.limit)
		if deep != tc.deep || (!tc.deep && tc.want > tc.limit && n <= tc.limit) || (!tc.deep && tc.want <= tc.limit && n != tc.want) {
			t.Errorf("%s: Size = %d, %v; want %d, %v", tc.name, n, deep, tc.want, tc.deep)
		}
	}
}

type fmtStringer struct{}

func (fmtStringer) String() string { return "four" }

// TestBudgetWorkNested: what functions are given and build is charged to
// the document's work all the way down, so doubling a shared list spends
// the work its printed size would.
func TestBudgetWorkNested(t *testing.T) {
	tmpl := template.Must(template.New("clauses/x.md").Funcs(Map()).Parse(`{{ $a := list "xxxxxxxxxx" }}{{ range until 12 }}{{ $a = list $a $a }}{{ end }}`))
	b := NewBudget(Map(), Limits{Output: MaxOutput, Steps: 100, Work: 100_000, Timeout: time.Hour})
	err := b.Execute(tmpl, io.Discard, nil, "clauses/x.md")
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != LimitWork || le.Func != "list" {
		t.Errorf("got %v, want the work bound in list", err)
	}
}

// TestBoundsKeepResults: within the bounds the functions give sprig's
// results, and untilStep with a step that overflows past the end stops
// instead of looping forever, as sprig's own did.
func TestBoundsKeepResults(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{`{{ repeat 3 "ab" }}`, "ababab"},
		{`{{ until 3 }} {{ until -2 }} {{ until 0 }}`, "[0 1 2] [0 -1] []"},
		{`{{ untilStep 1 10 3 }} {{ untilStep 5 0 -2 }} {{ untilStep 0 5 0 }} {{ untilStep 0 5 -1 }}`, "[1 4 7] [5 3 1] [] []"},
		{`{{ untilStep 0 9223372036854775807 4611686018427387904 }}`, "[0 4611686018427387904]"},
		{`{{ seq 3 }}|{{ seq 0 }}|{{ seq 2 -1 }}|{{ seq 1 3 10 }}|{{ seq 10 -3 1 }}|{{ seq 1 -1 5 }}`, "1 2 3|1 0|2 1 0 -1|1 4 7 10|10 7 4 1|"},
		{`{{ indent 2 "a\nb" }}|{{ nindent 1 "a" }}`, "  a\n  b|\n a"},
		{`{{ replace "a" "bb" "aXa" }}`, "bbXbb"},
		{`{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}`, "-W-xxW-"},
		{`{{ join ", " (list 1 2 3) }}`, "1, 2, 3"},
		{`{{ printf "%05.1f|%s" 3.14159 "x" }}`, "003.1|x"},
		{`{{ print "a" 1 }}{{ println "b" }}{{ html "<" }}{{ js "'" }}{{ urlquery "a b" }}`, "a1b\n&lt;\\'a+b"},
	} {
		got, err := execute(t, tc.text, nil)
		if err != nil || got != tc.want {
			t.Errorf("%s = %q, %v; want %q", tc.text, got, err, tc.want)
		}
	}
}

// TestBudgetOutput: a clause that writes more than 4 MiB stops there with
// an error naming the clause; so does a document whose clauses together
// write more.
func TestBudgetOutput(t *testing.T) {
	fourMB := `{{ repeat 1000 (repeat 1000 "xxxx") }}`
	tmpl := template.Must(template.New("clauses/big.md").Funcs(Map()).Parse(fourMB + fourMB))
	b := NewBudget(Map(), DefaultLimits)
	n := &countingWriter{}
	err := b.Execute(tmpl, n, nil, "clauses/big.md")
	var le *LimitError
	var de *diag.Error
	if !errors.As(err, &le) || le.Limit != LimitClause || !errors.As(err, &de) || de.File != "clauses/big.md" {
		t.Fatalf("got %v, want the clause output bound naming clauses/big.md", err)
	}
	if n.n > MaxOutput {
		t.Errorf("wrote %d bytes, more than %d", n.n, MaxOutput)
	}
	if !strings.Contains(err.Error(), "clauses/big.md: writes more than 4 MiB") {
		t.Errorf("message %q", err)
	}

	one := template.Must(template.New("clauses/one.md").Funcs(Map()).Parse(fourMB))
	b = NewBudget(Map(), DefaultLimits)
	if err := b.Execute(one, io.Discard, nil, "clauses/one.md"); err != nil {
		t.Fatal(err)
	}
	err = b.Execute(one, io.Discard, nil, "clauses/two.md")
	if !errors.As(err, &le) || le.Limit != LimitDocument || !errors.As(err, &de) || de.File != "clauses/two.md" {
		t.Fatalf("got %v, want the document output bound at clauses/two.md", err)
	}
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// TestBudgetWorkAndTime: the work functions do is counted, and a document
// past its time stops at the next step, call or write.
func TestBudgetWorkAndTime(t *testing.T) {
	tmpl := template.Must(template.New("clauses/x.md").Funcs(Map()).Parse(`{{ range until 100 }}{{ upper "` + strings.Repeat("x", 100) + `" }}{{ end }}`))
	b := NewBudget(Map(), Limits{Output: MaxOutput, Steps: 100, Work: 5_000, Timeout: time.Hour})
	err := b.Execute(tmpl, io.Discard, nil, "clauses/x.md")
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != LimitWork || le.Func != "upper" {
		t.Errorf("got %v, want the work bound in upper", err)
	}
	// A budget whose time is up fails at once, and keeps failing.
	b = NewBudget(Map(), Limits{Output: MaxOutput, Steps: 100, Work: 5_000, Timeout: -time.Second})
	for range 2 {
		err = b.Execute(tmpl, io.Discard, nil, "clauses/x.md")
		if !errors.As(err, &le) || le.Limit != LimitTime {
			t.Errorf("got %v, want the time bound", err)
		}
	}
	// Execution runs a copy: the template keeps the functions it was
	// parsed with, for the next budget.
	if err := NewBudget(Map(), DefaultLimits).Execute(tmpl, io.Discard, nil, "clauses/x.md"); err != nil {
		t.Errorf("a fresh budget: %v", err)
	}
}

func TestLiteralCount(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []int64
		n    int64
		ok   bool
	}{
		{"repeat", []int64{5}, 5, true},
		{"repeat", []int64{-5}, 0, true},
		{"until", []int64{-7}, 7, true},
		{"until", []int64{-1 << 63}, 1 << 62, true},
		{"untilStep", []int64{0, 10, 3}, 4, true},
		{"untilStep", []int64{-1 << 63, 1<<63 - 1, 1}, 1 << 62, true},
		{"untilStep", []int64{10, 0, -1 << 63}, 1, true},
		{"seq", []int64{3}, 3, true},
		{"seq", []int64{1, 2, 10}, 5, true},
		{"seq", []int64{1, -2, 10}, 0, true},
		{"seq", nil, 0, false},
		{"upper", []int64{1}, 0, false},
	} {
		n, ok := LiteralCount(tc.name, tc.args)
		if n != tc.n || ok != tc.ok {
			t.Errorf("%s %v = %d, %v; want %d, %v", tc.name, tc.args, n, ok, tc.n, tc.ok)
		}
	}
}

func TestFormatWidth(t *testing.T) {
	for _, tc := range []struct {
		format string
		w      int64
		star   bool
	}{
		{"%d %s", 0, false},
		{"%5.2f", 5, false},
		{"%.3000f", 3000, false},
		{"%-*d", 0, true},
		{"100%% %x", 0, false},
		{"%[2]d %[1]d", 2, false},
		{"%99999999999999999999d", 1 << 62, false},
	} {
		w, star := FormatWidth(tc.format)
		if w != tc.w || star != tc.star {
			t.Errorf("%q = %d, %v; want %d, %v", tc.format, w, star, tc.w, tc.star)
		}
	}
}
