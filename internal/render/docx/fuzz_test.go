package docx_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/clausemark/clausemark/internal/render/fuzzdeadline"
)

// FuzzDOCX writes arbitrary Markdown, alone and as a redline against the
// fixture's, and reads every part back: it may fail with a TableError or an
// mdext.NestingError and nothing else, every part is well-formed XML, and
// no input takes longer than the fuzz deadline.
func FuzzDOCX(f *testing.F) {
	a, err := os.ReadFile("testdata/fixture.txtar")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(a)
	for _, s := range []string{
		"# T\n\n- a\n  1. b\n     > c\n\n```\nx\n```\n",
		"| a | b |\n|---|---|\n| <w:t> | ]]> |\n",
		"<!-- signatures: A, B -->\n\n- For X: Y\n- :\n",
		"[Section 1 (T)](#1-t) [x](#) <https://e.com> <a@b.c>\n\n## 1. T\n",
		"\x00\x01\xff\xfe&#0; &#xD800; \\\n",
		strings.Repeat("- ", 50) + "x\n",
	} {
		f.Add([]byte(s))
	}
	base := fixture(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 20000 {
			return
		}
		doc := &document.Document{Markdown: src}
		for _, render := range []func(context.Context) ([]byte, error){
			func(ctx context.Context) ([]byte, error) { return docx.Render(ctx, doc, docx.Options{}) },
			func(ctx context.Context) ([]byte, error) { return docx.Redline(ctx, base, doc, docx.Options{}, rev) },
		} {
			// Under a deadline: a slow input fails and is saved.
			var data []byte
			err := fuzzdeadline.Run(t, src, func(ctx context.Context) error {
				var err error
				data, err = render(ctx)
				return err
			})
			var te *docx.TableError
			var ne *mdext.NestingError
			if errors.As(err, &te) || errors.As(err, &ne) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			for name, part := range unzip(t, data) {
				if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
					parseXML(t, part)
				}
			}
		}
	})
}
