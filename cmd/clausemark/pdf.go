package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/spf13/cobra"
)

// pageSize parses --page-size.
func pageSize(s string) (format.PageSize, error) {
	switch strings.ToLower(s) {
	case "", "a4":
		return format.A4, nil
	case "letter", "us-letter":
		return format.Letter, nil
	}
	return format.PageSize{}, usagef("--page-size must be a4 or letter, got %q", s)
}

func newPDF(e *env) *cobra.Command {
	var output, size, title, font, lists string
	var pdfa, contents, paragraphs bool
	c := &cobra.Command{
		Use:   "pdf FILE.md",
		Short: "Typeset any Markdown file as PDF with the same renderer as render",
		Long: `Pdf typesets a Markdown file (GitHub Flavored Markdown, plus page breaks and
signature blocks) as a PDF. The first heading becomes the title block. Without -o
the PDF is written next to the input, with the extension .pdf.

Images (PNG or JPEG, at most 8 MiB and 4096 pixels a side) are embedded from
files in the input's folder; an image that is a URL, lies outside that folder,
or cannot be read fails the command rather than being left out.`,
		Example: `  clausemark pdf contract.md
  clausemark pdf contract.md -o signed/contract.pdf --page-size letter`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("%s takes one Markdown file, got %s", c.CommandPath(), arguments(len(args)))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			defer e.oneDocumentGC()()
			ps, err := pageSize(size)
			if err != nil {
				return err
			}
			in := args[0]
			src, err := limitio.ReadFileContext(e.ctx, in, limitio.Markdown)
			if err != nil {
				return err
			}
			if bytes.HasPrefix(src, []byte("%PDF-")) {
				return fmt.Errorf("%s: is a PDF; pdf typesets a Markdown file", in)
			}
			if output == "" {
				output = strings.TrimSuffix(in, filepath.Ext(in)) + ".pdf"
			}
			if output == "-" {
				if err := notForTerminal(e.stdout, "a PDF", ".pdf"); err != nil {
					return err
				}
			}
			if output != "-" && sameFile(in, output) {
				return fmt.Errorf("%s: the output would replace the input; choose another file with -o", output)
			}
			if title == "" {
				title = firstHeading(src)
			}
			style := &document.Style{Font: font, Lists: lists, Contents: contents}
			if paragraphs {
				style.Paragraphs = "numbered"
			}
			switch {
			case font != "serif" && font != "sans":
				return usagef("--font must be serif or sans, got %q", font)
			case lists != "bullets" && lists != "legal":
				return usagef("--lists must be bullets or legal, got %q", lists)
			}
			// Images are read from the input's folder, and only from it:
			// an os.Root does not follow links out of it.
			root, err := os.OpenRoot(filepath.Dir(in))
			if err != nil {
				return err
			}
			defer root.Close()
			opts := append(pdf.StyleOptions(style), pdf.WithImages(pdf.FSImages(root.FS())))
			out, err := pdf.Typeset(e.ctx, src, pdf.Info{Title: title, Creator: creator()}, format.Options{PageSize: ps, PDFA: pdfa}, opts...)
			if err != nil {
				return diag.Wrap(args[0], err)
			}
			if output == "-" {
				_, err = e.stdout.Write(out)
				return err
			}
			return writeOutput(output, out)
		},
	}
	c.Flags().StringVarP(&output, "output", "o", "", "write to `FILE` (- for standard output)")
	c.Flags().StringVar(&size, "page-size", "a4", "paper `SIZE`: a4 or letter")
	c.Flags().BoolVar(&pdfa, "pdf-a", false, pdfaUsage)
	c.Flags().StringVar(&title, "title", "", "document `TITLE` for the metadata and running header (default: the first heading)")
	c.Flags().StringVar(&font, "font", "serif", "typeface `FAMILY`: serif (DejaVu Serif) or sans (DejaVu Sans)")
	c.Flags().StringVar(&lists, "lists", "bullets", "list `STYLE`: bullets, or legal for (a), (b) then (i), (ii)")
	c.Flags().BoolVar(&contents, "contents", false, "add a table of contents of the level-2 headings after the title")
	c.Flags().BoolVar(&paragraphs, "number-paragraphs", false, "number the paragraphs below numbered headings (1), (2)")
	return c
}

// firstHeading returns the text of the first ATX heading in src.
func firstHeading(src []byte) string {
	for _, l := range strings.Split(string(src), "\n") {
		if t, ok := strings.CutPrefix(strings.TrimSpace(l), "# "); ok {
			return strings.TrimSpace(t)
		}
	}
	return ""
}

// creator names the program in PDF metadata.
func creator() string { return name + " " + programVersion() }

// generator returns the generator the commands share, typesetting PDF on
// paper of size ps, as PDF/A-2 if pdfa, with the fonts the process
// parses once.
func (e *env) generator(ps format.PageSize, pdfa bool) *generate.Generator {
	return &generate.Generator{Options: format.Options{Creator: creator(), PageSize: ps, PDFA: pdfa}, Program: creator()}
}

// strictUsage is the help of every --strict flag.
const strictUsage = "fail, instead of warning, on a value the document ignores (a cap amount with a cap in months of fees)"

// pdfaUsage is the help of every --pdf-a flag.
const pdfaUsage = "make PDFs PDF/A-2 (ISO 19005-2), as archives ask: level A (accessible) where tagged, as documents are, else level B"

// sameFile reports whether a and b name one existing file, through any
// path or link.
func sameFile(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
}
