package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/spf13/cobra"
)

// pageSize parses --page-size.
func pageSize(s string) (pdf.PageSize, error) {
	switch strings.ToLower(s) {
	case "", "a4":
		return pdf.A4, nil
	case "letter", "us-letter":
		return pdf.Letter, nil
	}
	return pdf.PageSize{}, usagef("--page-size must be a4 or letter, got %q", s)
}

// docInfo is the PDF metadata of an assembled document.
func docInfo(m assemble.Meta) pdf.Info {
	keywords := []string{"Data Processing Agreement", "DPA"}
	if m.Law != "" {
		keywords = append(keywords, m.Law)
	}
	if m.Customer != "" {
		keywords = append(keywords, m.Customer)
	}
	subject := m.Title + " between " + m.Processor + " and " + nonEmpty(m.Customer, "the Customer")
	return pdf.Info{
		Title:    m.Title,
		Author:   m.Processor,
		Subject:  subject,
		Keywords: strings.Join(keywords, ", "),
		Creator:  name + " " + version,
		Footer:   fmt.Sprintf("%s %s · %s %s", m.Template, m.TemplateVer, m.Library, m.LibraryVersion),
		Date:     m.Date,
	}
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// typeset renders Markdown as PDF.
func typeset(src []byte, size pdf.PageSize, info pdf.Info) ([]byte, error) {
	fonts, err := pdf.LoadFonts()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	r := pdf.NewRenderer(pdf.WithFonts(fonts), pdf.WithPageSize(size), pdf.WithInfo(info))
	if err := r.Convert(src, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func newPDF(e *env) *cobra.Command {
	var output, size, title string
	c := &cobra.Command{
		Use:   "pdf FILE.md",
		Short: "Typeset any Markdown file as PDF with the same renderer as render",
		Long: `Pdf typesets a Markdown file (GitHub Flavored Markdown, plus page breaks and
signature blocks) as a PDF. The first heading becomes the title block. Without -o
the PDF is written next to the input, with the extension .pdf.`,
		Example: `  clausemark pdf contract.md
  clausemark pdf contract.md -o signed/contract.pdf --page-size letter`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("%s takes one Markdown file, got %d arguments", c.CommandPath(), len(args))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			ps, err := pageSize(size)
			if err != nil {
				return err
			}
			src, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			if output == "" {
				output = strings.TrimSuffix(args[0], filepath.Ext(args[0])) + ".pdf"
			}
			if title == "" {
				title = firstHeading(src)
			}
			out, err := typeset(src, ps, pdf.Info{Title: title, Creator: name + " " + version})
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
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
	c.Flags().StringVar(&title, "title", "", "document `TITLE` for the metadata and running header (default: the first heading)")
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
