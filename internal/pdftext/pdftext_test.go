package pdftext_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/pdftext"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

// TestReadStrict reads a PDF of the writer's, and refuses it once it
// breaks a rule that only pdfcpu's strict validation enforces.
func TestReadStrict(t *testing.T) {
	var b bytes.Buffer
	src := "# Title\n\n## 1. One\n\nFirst.\n\n### 1.1 Sub\n\nSecond.\n"
	if err := pdf.NewRenderer(pdf.WithInfo(pdf.Info{Title: "T"})).Convert([]byte(src), &b); err != nil {
		t.Fatal(err)
	}
	d, err := pdftext.Read(b.Bytes(), pdf.A4.Height, 25)
	if err != nil {
		t.Fatal(err)
	}
	if d.Pages != 1 || !d.Outlines || !strings.Contains(d.Text, "First.") {
		t.Errorf("read %+v", d)
	}
	for _, tc := range []struct{ name, from, to string }{
		{"an outline item with children counted 0", "/Count -1", "/Count 0"},
	} {
		if !bytes.Contains(b.Bytes(), []byte(tc.from)) {
			t.Fatalf("%s: no %q in the file", tc.name, tc.from)
		}
		bad := bytes.Replace(b.Bytes(), []byte(tc.from), []byte(tc.to+strings.Repeat(" ", len(tc.from)-len(tc.to))), 1)
		if _, err := pdftext.Read(bad, pdf.A4.Height, 25); err == nil {
			t.Errorf("%s: read without an error", tc.name)
		}
	}
}
