// Command goldmarkpdf renders a Markdown file to PDF with goldmark-pdf, the
// pure-Go peer scripts/bench.sh measures Clausemark against. It is a module
// of its own so that Clausemark does not depend on it.
//
// Usage: goldmarkpdf [-n N] FILE.md OUT.pdf
//
// With -n, it renders N times in one warm process and prints the median
// milliseconds per document.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	pdf "github.com/stephenafamo/goldmark-pdf"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func main() {
	n := flag.Int("n", 0, "render `N` times and print the median milliseconds")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: goldmarkpdf [-n N] FILE.md OUT.pdf")
		os.Exit(2)
	}
	src, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	render := func() []byte {
		var buf bytes.Buffer
		md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRenderer(pdf.New(
			// its built-in fonts: the others are fetched from Google Fonts
			pdf.WithHeadingFont(pdf.FontTimes), pdf.WithBodyFont(pdf.FontTimes), pdf.WithCodeFont(pdf.FontCourier),
		)))
		if err := md.Convert(src, &buf); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return buf.Bytes()
	}
	out := render()
	if *n > 0 {
		times := make([]float64, *n)
		for i := range times {
			start := time.Now()
			render()
			times[i] = float64(time.Since(start).Microseconds()) / 1000
		}
		slices.Sort(times)
		fmt.Printf("%.2f\n", times[len(times)/2])
	}
	if err := os.WriteFile(flag.Arg(1), out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
