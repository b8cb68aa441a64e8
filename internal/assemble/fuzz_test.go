package assemble_test

import (
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/textmatch"
)

// FuzzRender sends arbitrary values through the whole pipeline. A value may
// be rejected, but an accepted one must render without a panic, without
// "<no value>", without being executed as a template, and must read back
// literally once the Markdown is parsed: it cannot change the formatting.
func FuzzRender(f *testing.F) {
	for _, seed := range []struct {
		customer, processor, days string
	}{
		{"Globex", "Acme", "30"},
		{"{{ .x }} & *Stars* _Ltd_", "{{ template \"full\" . }}", "45"},
		{"<script>alert(1)</script>", "# Heading", "1"},
		{"1. First", "- item", "365"},
		{"[link](http://x) `code`", "a | b", "0"},
		{"\x1eref:deletion\x1f", "Zürich Łódź", "thirty"},
		{"&amp; &#42;", "~~x~~", "7"},
	} {
		f.Add(seed.customer, seed.processor, seed.days)
	}
	lib := load(f)
	f.Fuzz(func(t *testing.T, customer, processor, days string) {
		for _, variant := range []string{"opsium", "ojoo"} {
			r, err := lib.Resolve(library.Request{Variant: variant, Sets: []string{
				"customer.name=" + customer, "processor.name=" + processor, "deletion.days=" + days,
			}})
			if err != nil {
				continue
			}
			doc, err := assemble.Assemble(r)
			if err != nil {
				t.Fatalf("%s: accepted values do not render: %v", variant, err)
			}
			out := string(doc.Markdown)
			if strings.Contains(out, "<no value>") {
				t.Fatalf("%s: output contains <no value>", variant)
			}
			plain := strings.Join(strings.Fields(textmatch.PlainText(doc.Markdown)), " ")
			for _, v := range []string{customer, processor} {
				v = strings.Join(strings.Fields(v), " ")
				if v != "" && !strings.Contains(plain, v) {
					t.Fatalf("%s: value %q does not read back literally", variant, v)
				}
			}
		}
	})
}
