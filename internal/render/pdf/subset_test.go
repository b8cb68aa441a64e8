package pdf_test

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/render/pdf/font"
)

// render typesets src with fonts, as the renderer does.
func render(fonts *pdf.Fonts, src string, info pdf.Info) ([]byte, error) {
	var buf bytes.Buffer
	err := pdf.NewRenderer(pdf.WithFonts(fonts), pdf.WithInfo(info)).Convert([]byte(src), &buf)
	return buf.Bytes(), err
}

// mustRender is render that fails the test on an error; it is called from
// the test's goroutine only.
func mustRender(t testing.TB, fonts *pdf.Fonts, src string, info pdf.Info) []byte {
	t.Helper()
	data, err := render(fonts, src, info)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestSubsetCacheKeepsBytes renders documents with many character sets
// at once on fonts shared by every goroutine, more sets than the cache
// keeps (64 a face), and checks every file against the same document
// rendered alone on fonts of its own: what the cache holds never changes
// the bytes. The goroutines return their errors; the test's own goroutine
// reports them.
func TestSubsetCacheKeepsBytes(t *testing.T) {
	shared, err := font.Parse(font.Serif)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"Ærø Shipping ApS", "Łódź Logistics sp. z o.o.", "Şişli Yazılım A.Ş.", "Đà Nẵng Data", "Ōsaka Trading"}
	for i := range 64 + 10 {
		names = append(names, fmt.Sprintf("Customer %c%c", 'À'+rune(i%30), 'ĉ'+rune(i)))
	}
	doc := func(name string) string {
		return "# Agreement\n\nBetween **" + name + "** and the Processor.\n\n## 1. Scope\n\nThe Processor deletes the data within 30 days.\n"
	}
	got := make([][]byte, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			got[i], errs[i] = render(shared, doc(name), pdf.Info{Title: "Agreement", Subject: name})
		})
	}
	wg.Wait()
	for i, name := range names {
		if errs[i] != nil {
			t.Errorf("%s: %v", name, errs[i])
			continue
		}
		alone, err := font.Parse(font.Serif)
		if err != nil {
			t.Fatal(err)
		}
		if want := mustRender(t, alone, doc(name), pdf.Info{Title: "Agreement", Subject: name}); !bytes.Equal(got[i], want) {
			t.Errorf("%s: rendered among others, the bytes differ from alone", name)
		}
		// and again, after the cache has evicted the first sets
		if again := mustRender(t, shared, doc(name), pdf.Info{Title: "Agreement", Subject: name}); !bytes.Equal(again, got[i]) {
			t.Errorf("%s: rendered again, the bytes differ", name)
		}
	}
}

// TestPageCountAlias checks that the footer's page count is filled in,
// and that "{nb}", which fpdf replaced wherever it stood, stays as written
// in a document's text.
func TestPageCountAlias(t *testing.T) {
	fonts, err := pdf.LoadFonts()
	if err != nil {
		t.Fatal(err)
	}
	src := "# T\n\nThere are {nb} pages.\n\n<!-- pagebreak -->\n\nSecond page.\n"
	text := contentText(t, mustRender(t, fonts, src, pdf.Info{}))
	for _, want := range []string{"There are {nb} pages.", "Page 1 of 2", "Page 2 of 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in the pages' text:\n%s", want, text)
		}
	}
}

// contentText decodes the strings shown in each page's content, one
// after the other.
func contentText(t *testing.T, data []byte) string {
	t.Helper()
	var b strings.Builder
	streams := regexp.MustCompile(`(?s)/Filter /FlateDecode /Length (\d+) >>\nstream\n`)
	for _, m := range streams.FindAllSubmatchIndex(data, -1) {
		n, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		raw, err := inflate(data[m[1] : m[1]+n])
		if err != nil || !bytes.Contains(raw, []byte(" TJ")) {
			continue
		}
		// the strings of the TJ arrays, in order
		for _, s := range regexp.MustCompile(`(?s)\((.*?[^\\])\)`).FindAllSubmatch(raw, -1) {
			u := bytes.NewBuffer(nil)
			lit := s[1]
			for i := 0; i < len(lit); i++ {
				if lit[i] == '\\' && i+1 < len(lit) {
					i++
					if lit[i] == 'r' {
						u.WriteByte('\r')
						continue
					}
				}
				u.WriteByte(lit[i])
			}
			units := u.Bytes()
			for i := 0; i+1 < len(units); i += 2 {
				b.WriteRune(rune(units[i])<<8 | rune(units[i+1]))
			}
			b.WriteByte(' ')
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func inflate(b []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
