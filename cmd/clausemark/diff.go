package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/render/docx"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/compare"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/vars"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func newDiff(e *env) *cobra.Command {
	var format, output, author string
	var diff func(args []string) error // the command, whose errors are trouble (status 2)
	var sets []string
	c := &cobra.Command{
		Use:   "diff A B",
		Short: "Compare two documents clause by clause, with a word-level diff of each changed clause",
		Long: `Diff assembles two documents, each named by a variant or a variables file, and
lists the clauses only one of them has, the clauses whose wording differs (with
the words deleted and inserted), and the clauses that are the same. Output is
for the terminal (in colour on a terminal), Markdown, an HTML redline, or a Word
redline: B's document with Word tracked changes against A (--format docx), by
--author at B's document date, for counsel to accept or reject in Word.

As with diff(1), the exit status is 0 when the documents are identical
clause for clause and word for word, 1 when they differ, and 2 for a usage
error or when they cannot be compared (a file missing, a value invalid).`,
		Example: `  clausemark diff opsium ojoo
  clausemark diff ojoo globex.yaml --format html -o globex-redline.html
  clausemark diff ojoo globex.yaml --format docx -o globex-redline.docx`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usagef("%s compares two documents, got %s", c.CommandPath(), arguments(len(args)))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			err := diff(args)
			var st exitStatus
			if err != nil && !errors.As(err, &st) {
				return troubleError{err}
			}
			return err
		},
	}
	diff = func(args []string) error {
		if format != "text" && format != "md" && format != "html" && format != "docx" {
			return usagef("--format must be text, md, html or docx, got %q", format)
		}
		if err := checkAuthor(author); err != nil {
			return err
		}
		if format == "docx" && (output == "" || output == "-") {
			if err := notForTerminal(e.stdout, "a Word redline", ".docx"); err != nil {
				return err
			}
		}
		lib, err := e.load()
		if err != nil {
			return err
		}
		docs := make([]*assemble.Document, 2)
		for i, arg := range args {
			req := library.Request{Sets: sets, Date: e.today()}
			if _, ok := lib.Variants[arg]; ok {
				req.Variant = arg
			} else if data, err := limitio.ReadFileContext(e.ctx, arg, limitio.Variables); err == nil {
				req.Files = []library.Input{{Name: arg, Data: data}}
			} else {
				return unknownDocument(lib, arg, err)
			}
			r, err := lib.Resolve(req)
			if err != nil {
				return diag.Wrap("diff "+arg, err)
			}
			if docs[i], err = assemble.Assemble(r); err != nil {
				return diag.Wrap("diff "+arg, err)
			}
		}
		var b bytes.Buffer
		res := compare.Documents(args[0], docs[0].Model(), args[1], docs[1].Model())
		switch format {
		case "docx":
			var data []byte
			data, err = redline(e, docs[0], docs[1], author)
			b.Write(data)
		case "md":
			err = compare.Markdown(&b, res)
		case "html":
			err = compare.HTML(&b, res)
		default:
			err = compare.Text(&b, res, output == "" && isTerminal(e.stdout))
		}
		if err != nil {
			return err
		}
		if output == "" || output == "-" {
			_, err = e.stdout.Write(b.Bytes())
		} else {
			err = writeOutput(output, b.Bytes())
		}
		if err == nil && !res.Empty() {
			err = exitStatus(1)
		}
		return err
	}
	c.Flags().StringVar(&format, "format", "text", "output `FORMAT`: text, md, html or docx")
	c.Flags().StringVar(&author, "author", "", "the `NAME` a Word redline gives as its changes' author (default: B's processor)")
	c.Flags().StringVarP(&output, "output", "o", "", "write to `FILE` instead of standard output")
	c.Flags().StringArrayVar(&sets, "set", nil, "set one variable in both documents, as `path=value`")
	return c
}

// unknownDocument is diff's error for an argument that names neither a
// variant nor a file it can read (err): a near miss of a variant's name
// is taken for one, with what it may have meant.
func unknownDocument(lib *library.Library, arg string, err error) error {
	if m := vars.Closest(arg, lib.VariantNames()); m != "" {
		return fmt.Errorf("diff: unknown variant %s (did you mean %q?)", diag.Quote(arg), m)
	}
	return fmt.Errorf("diff: %s is neither a variant (%s) nor a readable variables file: %w", diag.Quote(arg), strings.Join(lib.VariantNames(), ", "), err)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// notForTerminal refuses, as a usage error, to write a file that is not
// text (what, with extension ext) to w where w is a terminal.
func notForTerminal(w io.Writer, what, ext string) error {
	if isTerminal(w) {
		return usagef("%s is a file, not text for a terminal: give -o FILE%s, or redirect standard output", what, ext)
	}
	return nil
}

// redline writes b as a DOCX file with tracked changes against a, by
// author (b's processor when empty) at b's document date.
func redline(e *env, a, b *assemble.Document, author string) ([]byte, error) {
	if author == "" {
		author = b.Meta.Processor
	}
	if author == "" {
		author = name
	}
	o := docx.OptionsFor(b.Meta.Meta, format.Options{Creator: creator()})
	data, err := docx.Redline(e.ctx, a.Model(), b.Model(), o, docx.Revision{Author: author, Date: b.Meta.Date})
	return data, diag.Wrap("diff", err)
}

// checkAuthor refuses an --author a redline could not show as a name: a
// control character, bytes that are not UTF-8, or more than 200 bytes.
func checkAuthor(a string) error {
	switch {
	case !utf8.ValidString(a):
		return usagef("--author must be UTF-8 text")
	case len(a) > 200:
		return usagef("--author is %d bytes; at most 200", len(a))
	case strings.ContainsFunc(a, unicode.IsControl):
		return usagef("--author %q contains a control character", a)
	}
	return nil
}
