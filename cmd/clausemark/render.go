package main

import (
	"bytes"
	"fmt"
	"github.com/clausemark/clausemark/internal/diag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/clausemark/clausemark/internal/atomicfile"
	"github.com/clausemark/clausemark/internal/catalog"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/vars"
	"github.com/spf13/cobra"
)

// inputFlags are the flags that choose a document and its values.
type inputFlags struct {
	variant  string
	template string
	files    []string
	sets     []string
}

func (f *inputFlags) register(c *cobra.Command, e *env) {
	c.Flags().StringVar(&f.variant, "variant", "", "start from the variant `NAME` (see 'clausemark templates')")
	c.Flags().StringVar(&f.template, "template", "", "use the document template `ID` instead of the variant's")
	c.Flags().StringArrayVar(&f.files, "vars", nil, "read variables from the YAML `FILE` (repeatable; later files win)")
	c.Flags().StringArrayVar(&f.sets, "set", nil, "set one variable, as `path=value` (repeatable; wins over files)")
	_ = c.RegisterFlagCompletionFunc("variant", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		lib, err := e.load()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		return lib.VariantNames(), cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("template", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		lib, err := e.load()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		return lib.TemplateIDs(), cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("set", func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		lib, err := e.load()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		return setCompletions(lib, f.variant, f.template, toComplete), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	})
}

// setCompletions offers the variable paths of the template chosen (every
// template's, when none is) as "path=", and once a path and its = are
// typed, the values it allows, for an enum or a jurisdiction.
func setCompletions(lib *library.Library, variant, template, toComplete string) []string {
	if v, ok := lib.Variants[variant]; ok && template == "" {
		template = v.Meta.Template
	}
	var schemas []*vars.Schema
	if t, ok := lib.Templates[template]; ok {
		schemas = append(schemas, t.Schema)
	} else {
		for _, id := range lib.TemplateIDs() {
			schemas = append(schemas, lib.Templates[id].Schema)
		}
	}
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] && strings.HasPrefix(s, toComplete) {
			seen[s] = true
			out = append(out, s)
		}
	}
	path, _, typed := strings.Cut(toComplete, "=")
	for _, s := range schemas {
		if typed {
			if v := s.Vars[path]; v != nil {
				for _, val := range v.Values {
					add(path + "=" + val)
				}
			}
			continue
		}
		for _, p := range s.Paths() {
			add(p + "=")
		}
	}
	sort.Strings(out)
	return out
}

// request reads the variables files and builds the library request for a
// document issued on date: the document's date wherever the files and
// --set give none (--set agreement.date= gives an empty one, an error).
func (f *inputFlags) request(e *env, date vars.Date) (library.Request, error) {
	req := library.Request{Variant: f.variant, Template: f.template, Sets: f.sets, Date: date}
	for _, s := range f.sets {
		if path, _, ok := strings.Cut(s, "="); !ok || strings.TrimSpace(path) == "" {
			return req, usagef("--set %s: must be written path=value, such as deletion.days=45", diag.Quote(s))
		}
	}
	for _, name := range f.files {
		var data []byte
		var err error
		if name == "-" {
			name = "<stdin>"
			data, err = limitio.ReadAllContext(e.ctx, e.stdin, name, limitio.Variables)
		} else {
			data, err = limitio.ReadFileContext(e.ctx, name, limitio.Variables)
		}
		if err != nil {
			return req, diag.Wrap("--vars", err)
		}
		req.Files = append(req.Files, library.Input{Name: name, Data: data})
	}
	if req.Variant == "" && req.Template == "" && len(req.Files) == 0 {
		return req, usagef("choose a document: --variant NAME, --template ID or --vars FILE")
	}
	return req, nil
}

// prepare reads the flags' files, loads the library and prepares the
// request for a document issued today, wrapping problems with the
// command's name.
func (f *inputFlags) prepare(e *env, cmd string) (*library.Library, *library.Prepared, error) {
	return f.prepareOn(e, cmd, e.today())
}

// prepareOn is prepare for a document issued on date.
func (f *inputFlags) prepareOn(e *env, cmd string, date vars.Date) (*library.Library, *library.Prepared, error) {
	req, err := f.request(e, date)
	if err != nil {
		return nil, nil, err
	}
	lib, err := e.load()
	if err != nil {
		return nil, nil, err
	}
	p, err := lib.Prepare(req)
	if err != nil {
		return nil, nil, diag.Wrap(cmd, err)
	}
	return lib, p, nil
}

func newRender(e *env) *cobra.Command {
	var in inputFlags
	var rec recordFlag
	var output, formatName, size string
	var pdfa, strict, quiet, noCheck bool
	formats := catalog.Formats()
	c := &cobra.Command{
		Use:   "render",
		Short: "Assemble one document and write it as " + formats.List(),
		Long: `Render assembles one document from a variant or template and the variables given,
and writes it to standard output or to the file named by -o. A PDF or Word file
is not written to a terminal: give -o, or redirect standard output.

A document written to a file is issued: it is recorded in the registry (see
'clausemark registry'); --no-record skips that. Render then says on standard
error what it wrote: the file, its pages (for a PDF) and size, and the id it was
recorded as; --quiet says nothing. A document written to standard output is a
trial and is not recorded, unless --record asks for it. Where the library's
templates/library.yaml sets check: required, a document the check finds
problems in is not issued: render refuses to write or record it and lists each
problem; --no-check issues it anyway, with a warning.

Values are layered: the variant, then each --vars file in order, then each --set.
Every problem (a missing or mistyped variable, an unknown path, a template error)
is reported at once, and no output file is written unless rendering succeeds.

Formats (--format, or the extension of -o):
` + formatHelp(formats),
		Example: `  clausemark render --variant opsium
  clausemark render --variant ojoo --set deletion.days=45 -o output/ojoo.md
  clausemark render --variant ojoo -o output/ojoo.pdf
  clausemark render --variant ojoo --format html > ojoo.html
  clausemark render --variant ojoo --format pdf --record > ojoo.pdf
  clausemark render --vars acme.yaml --set customer.name="Globex Corporation"`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			defer e.oneDocumentGC()()
			f, err := chooseFormat(formats, formatName, output)
			if err != nil {
				return err
			}
			if (output == "" || output == "-") && !strings.HasPrefix(f.MediaType, "text/") {
				if err := notForTerminal(e.stdout, "a "+f.Title, f.Extension); err != nil {
					return err
				}
			}
			ps, err := pageSize(size)
			if err != nil {
				return err
			}
			lib, p, err := in.prepare(e, "render")
			if err != nil {
				return err
			}
			toStdout := output == "" || output == "-"
			reg, err := rec.recorderFor(e, toStdout)
			if err != nil {
				return err
			}
			if reg != nil {
				defer reg.Close()
			}
			res, err := e.generator(ps, pdfa).Generate(e.ctx, generate.Request{Base: p, Origin: generate.Origin{Source: "render"}}, []*format.Format{f})
			if err != nil {
				return diag.Wrap("render", err)
			}
			if strict && len(res.Resolved.Warnings) > 0 {
				return fmt.Errorf("render: %s (--strict makes warnings errors; nothing written)", strings.Join(res.Resolved.Warnings, "; "))
			}
			for _, w := range res.Resolved.Warnings {
				e.warn("%s", w)
			}
			if err := e.heldBack(lib, res, reg != nil || !toStdout, noCheck); err != nil {
				return err
			}
			// The document is recorded once it is safely on disk and before
			// it is put in place: a file that cannot be written is never
			// issued, and one that cannot be recorded never appears.
			recorded := false
			record := func() error {
				if reg == nil {
					return nil
				}
				if err := reg.Record(e.ctx, res); err != nil {
					return &notRecordedError{output: output, err: err}
				}
				recorded = true
				return nil
			}
			out := res.Outputs[0].Data
			if toStdout {
				if err := record(); err != nil {
					return err
				}
				_, err = e.stdout.Write(out)
			} else {
				err = writeOutputCommit(output, out, record)
			}
			if err != nil && recorded {
				return &recordedNotWrittenError{id: res.ID, output: output, err: err}
			}
			if err == nil && !quiet {
				e.said(toStdout, output, res.Outputs[0], res.ID, recorded)
			}
			return err
		},
	}
	in.register(c, e)
	rec.register(c)
	rec.registerRecord(c)
	c.Flags().StringVarP(&output, "output", "o", "", "write to `FILE` instead of standard output (- for standard output)")
	c.Flags().StringVar(&formatName, "format", "", "output `FORMAT`: "+formats.List()+" (default: from the -o extension, else md)")
	c.Flags().StringVar(&size, "page-size", "a4", "PDF paper `SIZE`: a4 or letter")
	c.Flags().BoolVar(&pdfa, "pdf-a", false, pdfaUsage)
	c.Flags().BoolVar(&strict, "strict", false, strictUsage)
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "do not say on standard error what was written and recorded")
	c.Flags().BoolVar(&noCheck, "no-check", false, noCheckUsage)
	_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return formats.Names(), cobra.ShellCompDirectiveNoFileComp
	})
	return c
}

// said says on standard error what render did: for a file, "wrote
// globex.pdf: 39 pages, 210 KB · recorded as CM-…; --no-record to skip";
// for standard output, only that the document was recorded, if it was.
func (e *env) said(toStdout bool, output string, out generate.Output, id string, recorded bool) {
	rec := ""
	if recorded {
		rec = "recorded as " + id + "; --no-record to skip"
	}
	if toStdout {
		if recorded {
			fmt.Fprintf(e.stderr, "%s: %s\n", name, rec)
		}
		return
	}
	what := byteSize(len(out.Data))
	if n, ok := pdfPages(out.Data); ok {
		what = pageCount(n) + ", " + what
	}
	line := fmt.Sprintf("%s: wrote %s: %s", name, printable(output), what)
	if recorded {
		line += " · " + rec
	}
	fmt.Fprintln(e.stderr, line)
}

// pageCount is "1 page" or "n pages".
func pageCount(n int) string {
	if n == 1 {
		return "1 page"
	}
	return strconv.Itoa(n) + " pages"
}

// byteSize is a file's size as people read it: "812 bytes", "210 KB",
// "1.4 MB" (1 KB is 1,000 bytes).
func byteSize(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1_000_000:
		return fmt.Sprintf("%d KB", (n+500)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// pagesCount matches the page tree's root in a PDF the writer made: its
// dictionary names the type Pages and counts the pages.
var pagesCount = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<<\s*/Type\s*/Pages\b[^>]*?/Count\s+(\d+)`) })

// pdfPages returns how many pages the PDF data has, read from its page
// tree, and whether it could tell: data that is not a PDF has none.
func pdfPages(data []byte) (int, bool) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return 0, false
	}
	m := pagesCount().FindSubmatch(data)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(string(m[1]))
	return n, err == nil && n > 0
}

// formatHelp lists a registry's formats, one per line, for help texts.
func formatHelp(r *format.Registry) string {
	var b strings.Builder
	for _, f := range r.All() {
		fmt.Fprintf(&b, "  %-5s %s (%s)\n", f.Name, f.Description, f.Extension)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// chooseFormat picks the format named by --format, else the one the output
// file's extension asks for, else Markdown.
func chooseFormat(r *format.Registry, name, output string) (*format.Format, error) {
	if name != "" {
		f, ok := r.Lookup(name)
		if !ok {
			return nil, usagef("unsupported output format %q: render writes %s", name, r.List())
		}
		return f, nil
	}
	if output == "" || output == "-" || filepath.Ext(output) == "" {
		return format.Markdown, nil
	}
	if f, ok := r.ByExtension(output); ok {
		return f, nil
	}
	return nil, usagef("unsupported output format %q: render writes %s (give --format)", strings.TrimPrefix(filepath.Ext(output), "."), r.List())
}

func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q", c.CommandPath(), args[0])
	}
	return nil
}

// writeOutput writes data to path atomically, creating its folder if needed.
func writeOutput(path string, data []byte) error {
	return writeOutputCommit(path, data, nil)
}

// writeOutputCommit is writeOutput with commit, if not nil, called before
// the file is put in place (see atomicfile.WriteCommit).
func writeOutputCommit(path string, data []byte, commit func() error) error {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return diag.Wrap("create output folder", err)
		}
	}
	if commit == nil {
		return atomicfile.Write(path, data)
	}
	return atomicfile.WriteCommit(path, data, commit)
}

// notRecordedError is a document that could not be recorded, and so was
// not written.
type notRecordedError struct {
	output string // the file it was to be, "" or "-" for standard output
	err    error
}

func (e *notRecordedError) Error() string {
	where := printable(e.output)
	if e.output == "" || e.output == "-" {
		where = "standard output"
	}
	return fmt.Sprintf("%v: nothing written to %s (a document is written once it is recorded; --no-record writes without recording)", e.err, where)
}
func (e *notRecordedError) Unwrap() error { return e.err }

// recordedNotWrittenError is a document recorded as issued that could not
// then be put in place: the record says it was issued, but there is no
// file.
type recordedNotWrittenError struct {
	id, output string
	err        error
}

func (e *recordedNotWrittenError) Error() string {
	where := printable(e.output)
	if e.output == "" || e.output == "-" {
		where = "standard output"
	}
	return fmt.Sprintf("%s was recorded as issued, but writing it to %s failed: %v", e.id, where, e.err)
}
func (e *recordedNotWrittenError) Unwrap() error { return e.err }
