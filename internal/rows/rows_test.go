package rows

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestKindOf(t *testing.T) {
	for name, want := range map[string]string{
		"customers.csv": CSV, "Q4.XLSX": XLSX, "rows.jsonl": JSONL, "rows.ndjson": JSONL, "rows.yml": YAML, "rows.yaml": YAML,
		"customers.xls": "", "customers": "",
	} {
		got, err := KindOf(name)
		if got != want || (err != nil) != (want == "") {
			t.Errorf("KindOf(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
}

func TestDetectDelimiter(t *testing.T) {
	for _, tc := range []struct {
		head string
		want rune
	}{
		{"a,b,c\n1;2;3;4;5\n", ','},     // the header line decides
		{"a;b,c;d\n", ';'},              // the most used
		{`"a;b;c",d` + "\n", ','},       // quoted separators do not count
		{"a\tb\tc", '\t'},               // a header without a line end
		{"customer.name\nx;y;z\n", ','}, // none: the comma
		{"", ','},
		{"\ufeffa;b\r\n", ';'}, // a byte order mark and CRLF, as Excel writes
	} {
		if got := DetectDelimiter(bufio.NewReader(strings.NewReader(tc.head))); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.head, got, tc.want)
		}
	}
}

// place describes a row as the tests compare it: its number, its Pos, and
// its problems, a table's each naming its cell, as errors.As finds the
// first.
func place(r Row) string {
	s := fmt.Sprintf("%d %s (line %d)", r.N, r.Pos, r.Pos.Line)
	if r.Err == nil {
		return s
	}
	var ce *CellError
	if !errors.As(r.Err, &ce) && r.Pos.Row > 0 {
		return s + ": no CellError: " + r.Err.Error()
	}
	return s + ": " + r.Err.Error()
}

// TestPositions: each row, and each cell that fails, knows where a
// spreadsheet shows it (the header is row 1, a blank line a blank row, a
// cell's line breaks no new row) and where the file has it; the messages
// name the row and the column as a spreadsheet does, never a byte offset.
func TestPositions(t *testing.T) {
	tests := []struct {
		name, kind, data string
		want             []string
	}{
		{"csv", CSV, "customer.name,deletion.days\n" +
			"\" \n \",30\n" + // lines 2 and 3: row 2, its name blank
			"\n" + // a blank row 3
			"Bad Co,thirty\n" +
			"\"Another\r\nbreak\",1,extra\n" +
			"Last Co,2\n" +
			"\"a\nb\"x,1\n" +
			"End Co,3\n",
			[]string{
				"1 row 2 (line 2)",
				`2 row 4 (line 5): row 4, column B (deletion.days): must be an integer from 1 to 365, got "thirty"`,
				"3 row 5 (line 6): row 5: malformed CSV: wrong number of fields",
				"4 row 6 (line 8)",
				`5 row 7 (line 9): row 7: malformed CSV: extraneous or missing " in quoted-field`,
				"6 row 8 (line 11)",
			}},
		{"csv, a header over two lines", CSV, "\"customer.name\n\",deletion.days\nA,1\n", []string{"1 row 2 (line 3)"}},
		{"jsonl", JSONL, "{\"customer\": {\"name\": \"A\"}}\n\n{\"deletion\": {\"days\": \"x\"}}\n",
			[]string{"1 line 1 (line 1)", `2 line 3 (line 3): data:3:23: variable "deletion.days": must be an integer from 1 to 365, got "x"`}},
		{"yaml", YAML, "- customer: {name: A}\n- deletion:\n    days: 5\n", []string{"1 line 1 (line 1)", "2 line 2 (line 2)"}},
		{"xlsx", XLSX, string(rawBook(t, `<row r="1"><c r="A1" t="inlineStr"><is><t>customer.name</t></is></c><c r="B1" t="inlineStr"><is><t>deletion.days</t></is></c></row>`+
			`<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c></row>`+
			`<row r="6"><c r="A6" t="inlineStr"><is><t>B</t></is></c><c r="B6" t="inlineStr"><is><t>thirty</t></is></c></row>`, "", "")),
			[]string{
				"1 row 2 (line 2)",
				`2 row 6 (line 6): row 6, column B (deletion.days): must be an integer from 1 to 365, got "thirty"`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := Open(tt.kind, "data", strings.NewReader(tt.data), conciseSchema(t), 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for r, ok := src.Next(); ok; r, ok = src.Next() {
				got = append(got, place(r))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestPosString(t *testing.T) {
	for _, tc := range []struct {
		pos  Pos
		want string
	}{
		{Pos{Line: 7, Row: 6, Col: "E", Header: "Deletion period"}, "row 6, column E (Deletion period)"},
		{Pos{Line: 7, Row: 6, Col: "AA"}, "row 6, column AA"},
		{Pos{Line: 7, Row: 6}, "row 6"},
		{Pos{Line: 3}, "line 3"},
	} {
		if got := tc.pos.String(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.pos, got, tc.want)
		}
	}
	for col, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 1024: "AMJ", 16384: "XFD"} {
		if got := colName(col); got != want {
			t.Errorf("colName(%d) = %q, want %q", col, got, want)
		}
	}
}

// TestCount counts what the readers read: every CSV record after the
// header, malformed ones too, and every JSON Lines record, blank lines
// not.
func TestCount(t *testing.T) {
	for _, tc := range []struct {
		kind, data string
		want       int
	}{
		{CSV, "a,b\n1,2\n\"x\ny\",3\n4\n", 3},
		{CSV, "a;b\n1;2\n", 1},
		{CSV, "", 0},
		{CSV, "example,a\nyes,1\n,2\nno,3\n", 2}, // the example row is passed over
		{JSONL, "{}\n\n{}\n" + strings.Repeat("x", MaxJSONLine+1) + "\n", 3},
		{YAML, "- {}\n", -1},
	} {
		if got := Count(tc.kind, strings.NewReader(tc.data), Options{}); got != tc.want {
			t.Errorf("%s %.20q: %d, want %d", tc.kind, tc.data, got, tc.want)
		}
	}
}

// TestReadLine: a line longer than the bound is reported and passed over,
// and the next is read whole.
func TestReadLine(t *testing.T) {
	br := bufio.NewReaderSize(strings.NewReader("short\n"+strings.Repeat("y", 100)+"\nlast"), 16)
	var got []string
	for {
		line, tooLong, err := ReadLine(br, 10)
		if err != nil {
			break
		}
		got = append(got, fmt.Sprintf("%s %v", bytes.TrimSpace(line), tooLong))
	}
	if want := "short false| true|last false"; strings.Join(got, "|") != want {
		t.Errorf("lines %q, want %q", strings.Join(got, "|"), want)
	}
}

// endless is a reader that never ends: what /dev/zero or a pipe that is
// never closed gives.
type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

// TestCSVRecordBound: a CSV record longer than MaxCSVRecord stops the
// reading with a *RecordTooLongError naming its row, after the rows
// before it, whatever follows (even an input without end); a record just
// under the bound is read.
func TestCSVRecordBound(t *testing.T) {
	long := strings.Repeat("x", MaxCSVRecord+1)
	for _, tc := range []struct {
		name    string
		data    io.Reader
		rows    int // rows read before the error
		errRow  int // the row the error names; 0: no error
		openErr bool
	}{
		{"a header without end", endless(0), 0, 1, true},
		{"a quoted header without end", io.MultiReader(strings.NewReader(`"`), endless('a')), 0, 1, true},
		{"a row without end", io.MultiReader(strings.NewReader("customer.name\nA\nB\n"), endless(0)), 2, 4, false},
		{"a quoted row without end", io.MultiReader(strings.NewReader("customer.name\nA\n\"x\n"), endless('\n')), 1, 3, false},
		{"a long row, then more", strings.NewReader("customer.name\nA\n" + long + "\nB\n"), 1, 3, false},
		{"a row just under the bound", strings.NewReader("customer.name\n" + long[:MaxCSVRecord-1] + "\nB\n"), 2, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := Open(CSV, "data.csv", tc.data, conciseSchema(t), 0)
			var tl *RecordTooLongError
			if tc.openErr {
				if !errors.As(err, &tl) || tl.Row != tc.errRow {
					t.Fatalf("open: %v, want a RecordTooLongError at row %d", err, tc.errRow)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			var last error
			for r, ok := src.Next(); ok; r, ok = src.Next() {
				if r.Err != nil && errors.As(r.Err, &tl) {
					last = r.Err
					continue
				}
				n++
			}
			if n != tc.rows {
				t.Errorf("%d rows read, want %d", n, tc.rows)
			}
			switch {
			case tc.errRow == 0 && last != nil:
				t.Errorf("error %v", last)
			case tc.errRow != 0 && (last == nil || tl.Row != tc.errRow):
				t.Errorf("error %v, want a RecordTooLongError at row %d", last, tc.errRow)
			}
		})
	}
	if got := Count(CSV, io.MultiReader(strings.NewReader("a\n1\n2\n"), endless(0)), Options{}); got != 2 {
		t.Errorf("Count over an input without end: %d, want 2", got)
	}
}

// TestJSONLWithoutLineEnd: JSON Lines data whose line never ends (an
// input without end) stops with ErrNoLineEnd after the rows before it,
// where a long line that ends is a failed row and reading goes on.
func TestJSONLWithoutLineEnd(t *testing.T) {
	src, err := Open(JSONL, "data.jsonl", io.MultiReader(strings.NewReader("{\"customer\":{\"name\":\"A\"}}\n"+strings.Repeat("x", MaxJSONLine+1)+"\n{}\n"), endless(0)), conciseSchema(t), 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for r, ok := src.Next(); ok; r, ok = src.Next() {
		switch {
		case errors.Is(r.Err, ErrNoLineEnd):
			got = append(got, "no line end")
		case r.Err != nil && strings.Contains(r.Err.Error(), "longer than"):
			got = append(got, "too long")
		default:
			got = append(got, "row")
		}
	}
	if want := "row too long row no line end"; strings.Join(got, " ") != want {
		t.Errorf("read %q, want %q", strings.Join(got, " "), want)
	}
	if n := Count(JSONL, io.MultiReader(strings.NewReader("{}\n{}\n"), endless('x')), Options{}); n != 2 {
		t.Errorf("Count over a line without end: %d, want 2", n)
	}
}
