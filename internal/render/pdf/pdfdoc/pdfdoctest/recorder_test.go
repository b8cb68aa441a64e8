package pdfdoctest_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/render/pdf/layout"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc/pdfdoctest"
	"github.com/clausemark/clausemark/internal/render/pdf/writer"
)

// TestLayoutGoldens records the layout's fixtures with no backend and
// wrapping the PDF writer, and finds the layout's own golden logs
// (layout/testdata/ops) both times: the recorder logs what the layout's
// tests log, whatever it wraps.
func TestLayoutGoldens(t *testing.T) {
	files, _ := filepath.Glob("../../layout/testdata/ops/*.md")
	if len(files) == 0 {
		t.Fatal("no layout/testdata/ops/*.md")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(strings.TrimSuffix(f, ".md") + ".ops")
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name    string
			backend pdfdoc.New
			pdf     bool // Output writes a PDF, not the log
		}{{"alone", nil, false}, {"writer", writer.New, true}} {
			t.Run(filepath.Base(f)+"/"+tc.name, func(t *testing.T) {
				newDoc, rec := pdfdoctest.Wrap(tc.backend)
				r := layout.NewRenderer(layout.WithDoc(newDoc), layout.WithInfo(layout.Info{Title: "Layout Test", Footer: "test 1.0.0"}))
				var out bytes.Buffer
				if err := r.Convert(src, &out); err != nil {
					t.Fatal(err)
				}
				if got := rec.Log(); got != string(want) {
					t.Errorf("the log differs from %s at %s", f, firstLine(got, string(want)))
				}
				if isPDF := bytes.HasPrefix(out.Bytes(), []byte("%PDF-")); isPDF != tc.pdf {
					t.Errorf("Output wrote a PDF: %v, want %v", isPDF, tc.pdf)
				}
			})
		}
	}
}

// TestLast: before any document is made, the log is empty.
func TestLast(t *testing.T) {
	_, rec := pdfdoctest.Wrap(nil)
	if got := rec.Log(); got != "" {
		t.Errorf("log before a document: %q", got)
	}
}

// firstLine describes the first line where got and want differ.
func firstLine(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got " + g[i] + "\nwant " + w[i]
		}
	}
	return "the end: " + strconv.Itoa(len(g)) + " lines, want " + strconv.Itoa(len(w))
}
