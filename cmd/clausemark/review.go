package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/review"
	"github.com/spf13/cobra"
)

func newReview(e *env) *cobra.Command {
	var format, output string
	var reply bool
	c := &cobra.Command{
		Use:   "review RETURNED.docx",
		Short: "Weigh the tracked changes of a returned Word file against the house's playbook",
		Long: `Review reads a Word file the house issued and the customer returned with
tracked changes and comments, finds the document in the registry by the id in
its properties, and answers each change clause by clause from the library's
playbook (templates/playbook.yaml):

  accepted            a variable's value inside the playbook's range ("thirty
                      (30) days" made "forty-five (45) days": deletion.days=45),
                      or the clause now reads as a position or alternative the
                      playbook accepts;
  fallback            outside the range, or a wording the playbook does not
                      accept, where the house has something to offer instead;
  needs legal review  text that matches nothing the library writes, and every
                      comment;
  untracked edit      text that differs from the issued text without a
                      tracked change.

A file without a Clausemark id, or with one the registry has no record of, is
refused. The exit status is 0 when the playbook accepts every change, 1 when
it does not, and 2 when the file cannot be reviewed.

With --reply, review writes the house's answer as a Word file (-o REPLY.docx)
instead of the report: a counter-draft made by the library, shown as tracked
changes by the processor against the customer's version (the issued document
with the customer's changes accepted). Changes the playbook accepts are kept;
a value or wording it declines is answered with its fallback, or the house's
wording restored where it has none, each with a Word comment giving the
playbook's reason; text the library does not write is left as the customer
made it, with a comment leaving it to the house's lawyer. The reply is a
document of its own, with its own id, recorded in the registry as derived
from the one returned ("registry show ID" names it). Review prints the file,
the reply's id and what it did with the changes; the exit status is as for
the report.`,
		Example: `  clausemark review returned.docx
  clausemark review returned.docx --format json
  clausemark review returned.docx --format html -o review.html
  clausemark review returned.docx --reply -o reply.docx`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("%s reviews one returned Word file, got %s", c.CommandPath(), arguments(len(args)))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			if format != "text" && format != "json" && format != "html" {
				return usagef("--format must be text, json or html, got %q", format)
			}
			if output != "" && output != "-" && sameFile(output, args[0]) {
				return usagef("-o %s would replace the file under review", printable(output))
			}
			if reply {
				if output == "" || output == "-" || !strings.EqualFold(filepath.Ext(output), ".docx") {
					return usagef("--reply writes a Word file: give it with -o REPLY.docx")
				}
				if c.Flags().Changed("format") {
					return usagef("--reply writes a Word file; --format is for the report")
				}
				return e.reply(args[0], output)
			}
			rep, err := e.review(args[0])
			if errors.Is(err, context.Canceled) {
				return err
			}
			if err != nil {
				for _, l := range diag.Lines(diag.Wrap("review "+printable(args[0]), err)) {
					fmt.Fprintf(e.stderr, "%s: error: %s\n", name, l)
				}
				return exitStatus(2)
			}
			var b bytes.Buffer
			switch format {
			case "json":
				err = writeReviewJSON(&b, rep)
			case "html":
				err = review.WriteHTML(&b, rep)
			default:
				err = writeReview(&b, rep)
			}
			if err == nil && (output == "" || output == "-") {
				_, err = e.stdout.Write(b.Bytes())
			} else if err == nil {
				err = writeOutput(output, b.Bytes())
			}
			if err == nil && !rep.AllAccepted() {
				err = exitStatus(1)
			}
			return err
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output `FORMAT`: text, json, or html (a page of its own)")
	c.Flags().StringVarP(&output, "output", "o", "", "write the report to `FILE` instead of standard output; with --reply, the reply")
	c.Flags().BoolVar(&reply, "reply", false, "write the house's counter-draft as a Word file with tracked changes and comments (-o REPLY.docx), recorded in the registry")
	return c
}

// reply answers the returned file with a counter-draft written to
// output, recorded before it is put in place.
func (e *env) reply(file, output string) error {
	rr, err := e.makeReply(file, output)
	if errors.Is(err, context.Canceled) {
		return err
	}
	if err != nil {
		for _, l := range diag.Lines(diag.Wrap("review "+printable(file), err)) {
			fmt.Fprintf(e.stderr, "%s: error: %s\n", name, l)
		}
		return exitStatus(2)
	}
	rep := rr.Report
	fmt.Fprintf(e.stdout, "%s: %s, the reply to %s (%s and %s), recorded as derived from it\n", printable(output), rr.ID, rep.ID, rep.Processor, rep.Customer)
	fmt.Fprintf(e.stdout, "%s\n", reviewSummary(rep))
	fmt.Fprintf(e.stdout, "the reply keeps %d accepted, answers %d with the playbook's fallback, restores the house's wording for %d, and leaves %d as the customer made them for the house's lawyer; %s\n", rr.Kept, rr.Answered, rr.Reverted, rr.ForReview, plural(rr.Comments, "comment", "comments"))
	if !rep.AllAccepted() {
		return exitStatus(1)
	}
	return nil
}

// plural is n with the noun for one or for many.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func (e *env) makeReply(file, output string) (*review.ReplyResult, error) {
	data, err := limitio.ReadFileContext(e.ctx, file, limitio.Document)
	if err != nil {
		return nil, err
	}
	lib, err := e.load()
	if err != nil {
		return nil, err
	}
	reg, err := e.openRegistry(false)
	if err != nil {
		return nil, err
	}
	defer reg.Close()
	rr, err := review.Reply(e.ctx, lib, reg, data, review.ReplyOptions{
		Options:  format.Options{Creator: creator()},
		Program:  creator(),
		Origin:   generate.Origin{Source: "review"},
		Deferred: true,
	})
	if err != nil {
		return nil, err
	}
	if err := writeOutputCommit(output, rr.Data, func() error { return rr.Record(e.ctx, reg) }); err != nil {
		return nil, err
	}
	return rr, nil
}

// review reads the returned file and weighs its changes.
func (e *env) review(file string) (*review.Report, error) {
	data, err := limitio.ReadFileContext(e.ctx, file, limitio.Document)
	if err != nil {
		return nil, err
	}
	lib, err := e.load()
	if err != nil {
		return nil, err
	}
	reg, err := e.openRegistry(true)
	if err != nil {
		return nil, err
	}
	defer reg.Close()
	return review.Review(e.ctx, lib, reg, data)
}

func writeReviewJSON(w io.Writer, rep *review.Report) error {
	if rep.Items == nil {
		rep.Items = []review.Item{}
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// writeReview writes the report as text: a summary, then each clause's
// changes with the house's answer.
func writeReview(w io.Writer, rep *review.Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s and %s (%s", rep.ID, rep.Processor, rep.Customer, rep.Template)
	if rep.Variant != "" {
		fmt.Fprintf(&b, ", variant %s", rep.Variant)
	}
	b.WriteString(")\n")
	b.WriteString(reviewSummary(rep) + "\n")
	if rep.Now != "" {
		fmt.Fprintf(&b, "The library has changed since this document was issued: it makes %s from the recorded values; the clauses it makes otherwise (%s) are not weighed.\n", rep.Now, strings.Join(rep.Stale, ", "))
	}
	last := "\x00"
	for _, it := range rep.Items {
		if it.Clause != last {
			last = it.Clause
			b.WriteString("\n" + clauseHeading(it) + "\n")
		}
		writeItem(&b, it)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// reviewSummary counts the changes by verdict: "3 changes: 1 accepted,
// 1 fallback, 1 needs legal review".
func reviewSummary(rep *review.Report) string {
	if len(rep.Items) == 0 {
		return "no changes: the text is as issued"
	}
	var parts []string
	for _, c := range rep.Counts() {
		s := string(c.Verdict)
		if c.Verdict == review.Untracked && c.N > 1 {
			s += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", c.N, s))
	}
	noun := "changes"
	if len(rep.Items) == 1 {
		noun = "change"
	}
	s := fmt.Sprintf("%d %s: %s", len(rep.Items), noun, strings.Join(parts, ", "))
	if rep.Formatting > 0 {
		s += fmt.Sprintf("; %d changes of formatting, not weighed", rep.Formatting)
	}
	if rep.Contents > 0 {
		s += fmt.Sprintf("; %d changes to the table of contents, which Word makes again from the headings, not weighed", rep.Contents)
	}
	return s
}

func clauseHeading(it review.Item) string {
	switch {
	case it.Clause == "":
		return "Before the numbered clauses"
	case it.Title != "" && it.Number != "":
		return it.Number + ". " + it.Title + " (" + it.Clause + ")"
	case it.Title != "":
		return it.Title + " (" + it.Clause + ")"
	}
	return it.Clause
}

func writeItem(b *strings.Builder, it review.Item) {
	b.WriteString("  " + it.Kind)
	if it.Author != "" {
		b.WriteString(" by " + it.Author)
	}
	var where []string
	if it.Paragraph > 0 {
		where = append(where, fmt.Sprintf("paragraph %d", it.Paragraph))
	}
	if it.Path != "" && it.Value != nil {
		// The variable's path, for whoever maintains the library; the
		// answer below names it as the form does.
		where = append(where, fmt.Sprintf("%s = %d", it.Path, *it.Value))
	}
	if len(where) > 0 {
		b.WriteString(" (" + strings.Join(where, ", ") + ")")
	}
	b.WriteString(": ")
	switch {
	case it.Removed != "" && it.Added != "":
		fmt.Fprintf(b, "%q → %q", clip(it.Removed), clip(it.Added))
	case it.Removed != "":
		fmt.Fprintf(b, "%q", clip(it.Removed))
	default:
		fmt.Fprintf(b, "%q", clip(it.Added))
	}
	if it.Comment != "" {
		fmt.Fprintf(b, ", commenting %q", clip(it.Comment))
	}
	fmt.Fprintf(b, "\n    %s: %s\n", it.Verdict, it.Reason)
}

// clipAt bounds the customer's words the text report quotes; --format
// json gives them whole.
const clipAt = 160

// clip shortens s to about clipAt characters, at a space, with "…".
func clip(s string) string {
	r := []rune(s)
	if len(r) <= clipAt {
		return s
	}
	cut := string(r[:clipAt])
	if i := strings.LastIndexByte(cut, ' '); i > clipAt/2 {
		cut = cut[:i]
	}
	return cut + " …"
}
