// Command goldmarkpdf renders a Markdown file to PDF with goldmark-pdf, the
// pure-Go peer scripts/bench.sh measures Clausemark against. It is a module
// of its own so that Clausemark does not depend on it.
//
// Like Clausemark, it embeds DejaVu Serif in four styles and DejaVu Sans
// Mono (with -core, PDF's built-in Times and Courier, which embed nothing
// and cannot print ₹ or ł).
//
// Usage: goldmarkpdf [-n N] FILE.md OUT.pdf
//
// With -n, it renders N times in one warm process and prints the median
// milliseconds per document.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/go-fonts/dejavu/dejavusansmono"
	"github.com/go-fonts/dejavu/dejavuserif"
	"github.com/go-fonts/dejavu/dejavuserifbold"
	"github.com/go-fonts/dejavu/dejavuserifbolditalic"
	"github.com/go-fonts/dejavu/dejavuserifitalic"
	pdf "github.com/stephenafamo/goldmark-pdf"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func main() {
	n := flag.Int("n", 0, "render `N` times and print the median milliseconds")
	core := flag.Bool("core", false, "use the built-in Times and Courier instead of embedding DejaVu")
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
		opts := []pdf.Option{pdf.WithHeadingFont(pdf.FontTimes), pdf.WithBodyFont(pdf.FontTimes), pdf.WithCodeFont(pdf.FontCourier)}
		if !*core {
			// Fonts of type custom are the caller's to add; the others
			// would be fetched from Google Fonts.
			doc := pdf.NewFpdf(context.Background(), pdf.FpdfConfig{}, nil)
			for style, ttf := range map[string][]byte{"": dejavuserif.TTF, "B": dejavuserifbold.TTF, "I": dejavuserifitalic.TTF, "BI": dejavuserifbolditalic.TTF} {
				doc.Fpdf.AddUTF8FontFromBytes("DejaVu Serif", style, ttf)
			}
			for _, style := range []string{"", "B", "I", "BI"} {
				doc.Fpdf.AddUTF8FontFromBytes("DejaVu Sans Mono", style, dejavusansmono.TTF)
			}
			serif := pdf.Font{Family: "DejaVu Serif", Type: pdf.FontTypeCustom, CanUseForText: true}
			mono := pdf.Font{Family: "DejaVu Sans Mono", Type: pdf.FontTypeCustom, CanUseForCode: true}
			opts = []pdf.Option{pdf.WithPDF(doc), pdf.WithHeadingFont(serif), pdf.WithBodyFont(serif), pdf.WithCodeFont(mono)}
		}
		md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRenderer(pdf.New(opts...)))
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
