package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/clausemark/clausemark/internal/atomicfile"
	"github.com/clausemark/clausemark/internal/batch"
	"github.com/clausemark/clausemark/internal/catalog"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/filename"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/limitio"
	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/rows"
	"github.com/clausemark/clausemark/internal/vars"
)

// parseDelimiter reads --delimiter: empty detects it from the data.
func parseDelimiter(s, kind string) (rune, error) {
	if s == "" {
		return 0, nil
	}
	if kind != rows.CSV {
		return 0, usagef("--delimiter is for CSV data; --data is %s", kind)
	}
	switch s {
	case ",", ";":
		return rune(s[0]), nil
	case "tab", "\\t", "\t":
		return '\t', nil
	}
	return 0, usagef("--delimiter must be , ; or tab, got %q", s)
}

func newBatch(e *env) *cobra.Command {
	var in inputFlags
	var rec recordFlag
	var data, dataFormat, out, formats, nameTmpl, shard, size, delimiter, checkMode string
	var allowUnchecked, noCheck bool
	var jobs int
	var force, quiet, pdfa, strict, includeExample, dryRun bool
	c := &cobra.Command{
		Use:   "batch --data FILE --out DIR [--variant NAME | --template ID] [flags]",
		Short: "Render one document per row of a CSV, Excel, JSON Lines or YAML file",
		Long: `Batch renders one document per row of a spreadsheet. The header row names
variables (customer.name, deletion.days, liability.cap.amount, ...); each row
starts from the variant, --vars files and --set values, and overrides them. An
empty cell means "not set".

Rows render concurrently (--jobs) and every file is written atomically. A CSV's fields
may be separated by commas, semicolons (as spreadsheets save them where the
comma is the decimal separator) or tabs: the header line says which, or
--delimiter does. A bad
row is reported, recorded in errors.jsonl and skipped; the others go on; the
exit status is 1 if any row failed. manifest.jsonl in the output folder records
each row: its number, the hash of its variables, its files with their SHA-256,
the template and library versions, and its status. Running the same command
again renders only the rows whose files are missing or whose variables changed;
--force renders all. --shard I/N takes only rows whose number modulo N is I
(numbering rows from 0), so N machines can share a batch.

--check checks each row's document as clausemark check does: a row whose
document fails (an element missing or weak, a limit on its values failed) is a
failed row, neither written nor recorded, and errors.jsonl and errors.csv name
each element, its article and the problem ("missing", "weak: <phrase>",
"limit: <variable> is <value>"). A row whose jurisdiction no checklist of
processor rules applies to (in a library of your own; the embedded one has a
checklist for each) fails the check as "unchecked"
unless --allow-unchecked is also given. With --check=warn the row is written
and recorded as usual and its problems are listed there as warnings. Where the
library's templates/library.yaml sets check: required, every row is checked
as with --check (a jurisdiction without a checklist passing, as with
--allow-unchecked), --check=warn is refused, and --no-check issues the rows
unchecked, with a warning.

The header may name a variable by its path, by the form's label ("Deletion
period") or by the label after its group, in any case; a list may be given
in one cell ([a, b]) or one column for each item, numbered
(subprocessors.1.name, "Subprocessor 1 country"); a choice may be given as
the form shows it ("Ireland" for ie). An error names the row and the column
as the spreadsheet shows them: "row 6, column E (Deletion period)". The row
that batch template marks as its example (yes in the column example) is
passed over unless --include-example is given.

--dry-run reads, resolves and names every row, and with --check checks each
row's document, but writes no document, records nothing and leaves the
manifest as it is: it writes the errors files, if any row fails, and says
how many rows would be written.

Formats:
` + formatHelp(catalog.Formats()),
		Example: `  clausemark batch template --variant ojoo > customers.csv
  clausemark batch --variant ojoo --data customers.csv --out output/q4 --format pdf,md,html
  clausemark batch --variant ojoo --data customers.jsonl --out output/q4 --shard 3/8`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if data == "" || out == "" {
				return usagef("batch needs --data FILE and --out DIR")
			}
			fs, err := catalog.Formats().Parse(formats)
			if err != nil {
				return usageError{err}
			}
			ps, err := pageSize(size)
			if err != nil {
				return err
			}
			idx, total, err := parseShard(shard)
			if err != nil {
				return err
			}
			kind := dataFormat
			fromStdin := data == "-"
			switch {
			case kind == "" && fromStdin:
				return usagef("--data - reads the rows from standard input: give their format with --data-format csv, jsonl, yaml or xlsx")
			case kind == "":
				if kind, err = rows.KindOf(data); err != nil {
					return usageError{err}
				}
			}
			delim, err := parseDelimiter(delimiter, kind)
			if err != nil {
				return err
			}
			switch checkMode {
			case "", batch.CheckFail, batch.CheckWarn:
			default:
				return usagef("--check must be fail or warn, got %q", checkMode)
			}
			if allowUnchecked && checkMode == "" {
				return usagef("--allow-unchecked needs --check")
			}
			date, err := runDate(e, out, idx, total)
			if err != nil {
				return err
			}
			lib, base, err := in.prepareOn(e, "batch", date)
			if err != nil {
				return err
			}
			if checkMode, allowUnchecked, err = e.houseCheck(lib, checkMode, allowUnchecked, noCheck); err != nil {
				return err
			}
			if p, ok := base.Template.Schema.RolePath(vars.RoleDate); ok && date != e.today() && !quiet && !setsPath(in.sets, p) {
				fmt.Fprintf(e.stderr, "%s: the documents are dated %s, as those of the run this one resumes (--set %s=YYYY-MM-DD dates them otherwise)\n", name, date.ISO(), p)
			}
			var input io.Reader
			if fromStdin {
				data, input = "<stdin>", e.stdin
			} else {
				f, err := limitio.OpenContext(e.ctx, data)
				if err != nil {
					return diag.Wrap("--data", err)
				}
				defer f.Close()
				input = f
			}
			if _, err := pdf.LoadFonts(); err != nil {
				return err
			}
			var reg *registry.Registry
			if !dryRun { // a dry run records nothing, nor opens the registry
				if reg, err = rec.recorder(e); err != nil {
					return err
				}
			}
			if reg != nil {
				defer reg.Close()
			}
			if e.getenv("GOGC") == "" && e.getenv("GOMEMLIMIT") == "" && slices.Contains(fs, pdf.Format) {
				// Typesetting allocates heavily and briefly. Collecting only
				// when the heap reaches a ceiling buys throughput and keeps
				// peak memory the same for a thousand rows or a million
				// (see README).
				debug.SetGCPercent(-1)
				debug.SetMemoryLimit(batchMemoryLimit(jobs, runtime.GOMAXPROCS(0), cgroupMemoryLimit()))
			}
			cfg := batch.Config{
				Base: base, Date: date, Data: data, Input: input, Kind: kind, Delimiter: delim, Out: out, Formats: fs, Name: nameTmpl,
				Jobs: jobs, Shard: idx, Shards: total, Force: force, Version: programVersion(),
				Generate:       withRecorder(e.generator(ps, pdfa), reg),
				OnError:        func(err error) { fmt.Fprintf(e.stderr, "%s: error: %v\n", name, err) },
				OnWarning:      func(err error) { e.warn("%v", err) },
				Strict:         strict,
				IncludeExample: includeExample,
				DryRun:         dryRun,
				Check:          checkMode,
				AllowUnchecked: allowUnchecked,
				OnCheckWarning: func(err error) { e.warn("%v", err) },
			}
			if !quiet {
				// Only a regular file can be read twice: a pipe such as
				// /dev/stdin or <(...) is read once, for the rows.
				if f, ok := input.(*os.File); ok && !fromStdin {
					if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
						if cf, err := os.Open(data); err == nil {
							defer cf.Close()
							cfg.Count = cf
						}
					}
				}
				cfg.Reporter = newReporter(e.stderr)
			}
			sum, err := batch.Run(e.ctx, cfg)
			err = diag.Wrap("batch", err)
			if quiet || err != nil && sum.Done == 0 && !errors.Is(err, batch.ErrRowsFailed) {
				return err // nothing was done: the error says why
			}
			// The errors first, then the summary, last.
			code := 0
			if err != nil {
				code = exitCode(err, e.stderr)
			}
			if sum.Done == 0 && !includeExample && cfg.Shards <= 1 {
				fmt.Fprintf(e.stderr, "%s: batch: the data has no rows to render; a row marked yes in the example column, as batch template writes it, is passed over (--include-example renders it)\n", name)
			}
			printBatchSummary(e.stderr, sum, dryRun)
			if code != 0 {
				return exitStatus(code)
			}
			return nil
		},
	}
	in.register(c, e)
	rec.register(c)
	c.Flags().StringVar(&data, "data", "", "read rows from `FILE` (.csv, .xlsx, .jsonl or .yaml; - for standard input, with --data-format)")
	c.Flags().StringVar(&delimiter, "delimiter", "", "CSV field `SEPARATOR`: , ; or tab (default: the one the header line uses most)")
	c.Flags().StringVar(&dataFormat, "data-format", "", "`FORMAT` of --data when its extension does not say: csv, xlsx, jsonl or yaml")
	c.Flags().StringVar(&out, "out", "", "write documents, manifest.jsonl and errors.jsonl to `DIR`")
	c.Flags().StringVar(&formats, "format", "pdf", "output `FORMATS`, comma-separated: "+catalog.Formats().List()+", as pdf,md")
	c.Flags().StringVar(&nameTmpl, "name", filename.Default, "file name `TEMPLATE`; it sees the row's values as text and the row number as .row")
	c.Flags().IntVar(&jobs, "jobs", runtime.NumCPU(), "render `N` rows at once")
	c.Flags().StringVar(&shard, "shard", "", "render only shard `I/N`: rows whose number modulo N is I, from 0")
	c.Flags().BoolVar(&force, "force", false, "render every row, even those already up to date")
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "show no progress and no summary")
	c.Flags().StringVar(&size, "page-size", "a4", "PDF paper `SIZE`: a4 or letter")
	c.Flags().BoolVar(&pdfa, "pdf-a", false, pdfaUsage)
	c.Flags().BoolVar(&strict, "strict", false, strictUsage)
	c.Flags().StringVar(&checkMode, "check", "", "check each row's document as clausemark check does; `MODE` fail (the default with --check alone: a row that fails is not written) or warn (written, its problems listed as warnings)")
	c.Flags().Lookup("check").NoOptDefVal = batch.CheckFail
	c.Flags().BoolVar(&includeExample, "include-example", false, "render the row the column example marks with yes, as batch template writes it")
	c.Flags().BoolVar(&dryRun, "dry-run", false, "read, resolve and check every row, writing no document and recording nothing")
	c.Flags().BoolVar(&allowUnchecked, "allow-unchecked", false, "with --check, let a row pass when no checklist of processor rules applies to its jurisdiction")
	c.Flags().BoolVar(&noCheck, "no-check", false, noCheckUsage)
	c.AddCommand(newBatchTemplate(e))
	c.AddCommand(newBatchOrphans(e))
	return c
}

// printBatchSummary prints a run's counts, the last line of its output.
func printBatchSummary(w io.Writer, sum batch.Summary, dryRun bool) {
	if sum.Warned > 0 {
		what := "written"
		if dryRun {
			what = "would be written"
		}
		fmt.Fprintf(w, "%s: batch: %d %s with check warnings (see errors.jsonl or errors.csv)\n", name, sum.Warned, what)
	}
	// Tenths of a second, or milliseconds under one: "20.1s", "45ms", never "0s".
	took := sum.Elapsed.Round(100 * time.Millisecond)
	if sum.Elapsed < time.Second {
		took = sum.Elapsed.Round(time.Millisecond)
	}
	if dryRun {
		fmt.Fprintf(w, "%s: batch: dry run: %d rows would be written, %d failed, in %s; nothing written or recorded\n", name, sum.Checked, sum.Failed, took)
		return
	}
	rate := 0.0
	if s := sum.Elapsed.Seconds(); s > 0 {
		rate = float64(sum.Written) / s
	}
	fmt.Fprintf(w, "%s: batch: %d written, %d skipped, %d failed in %s (%.1f docs/s)\n", name, sum.Written, sum.Skipped, sum.Failed, took, rate)
}

// parseShard parses "I/N".
func parseShard(s string) (int, int, error) {
	if s == "" {
		return 0, 1, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, usagef("--shard must be I/N with 0 <= I < N, such as 0/4, got %q", s)
	}
	return i, n, nil
}

// newReporter shows a progress bar on a terminal and a plain line every few
// seconds otherwise.
func newReporter(w io.Writer) batch.Reporter {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return &barReporter{w: w}
	}
	return &lineReporter{w: w, every: 5 * time.Second}
}

type barReporter struct {
	w    io.Writer
	once sync.Once
	bar  *progressbar.ProgressBar
}

func (b *barReporter) Update(s batch.Summary) {
	b.once.Do(func() {
		b.bar = progressbar.NewOptions(s.Total,
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription("clausemark: batch"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("rows"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond),
		)
	})
	_ = b.bar.Set(s.Done)
}

func (b *barReporter) Finish(batch.Summary) {
	if b.bar != nil {
		_ = b.bar.Finish()
	}
}

type lineReporter struct {
	w     io.Writer
	every time.Duration
	last  time.Duration
}

func (l *lineReporter) Update(s batch.Summary) {
	if s.Elapsed-l.last < l.every {
		return
	}
	l.last = s.Elapsed
	rate := float64(s.Done) / s.Elapsed.Seconds()
	left := ""
	if s.Total > 0 && rate > 0 {
		left = fmt.Sprintf(", %s left", (time.Duration(float64(s.Total-s.Done)/rate) * time.Second).Round(time.Second))
	}
	of := ""
	if s.Total >= 0 {
		of = fmt.Sprintf("/%d", s.Total)
	}
	fmt.Fprintf(l.w, "%s: batch: %d%s rows, %.1f rows/s%s\n", name, s.Done, of, rate, left)
}

func (l *lineReporter) Finish(batch.Summary) {}

func newBatchOrphans(e *env) *cobra.Command {
	var out string
	var remove bool
	c := &cobra.Command{
		Use:   "orphans --out DIR [--remove]",
		Short: "List (or remove) the documents in an output folder that no manifest row claims",
		Long: `Orphans lists the documents (files with a format's extension) in a batch's output
folder that no manifest there claims: those of a customer since renamed, of a
format since dropped, of a row since deleted. --remove deletes them. Other files
in the folder are never listed or touched.`,
		Example: `  clausemark batch orphans --out output/q4
  clausemark batch orphans --out output/q4 --remove`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if out == "" {
				return usagef("batch orphans needs --out DIR")
			}
			var exts []string
			for _, f := range catalog.Formats().All() {
				exts = append(exts, f.Extension)
			}
			list := batch.Orphans
			if remove {
				list = batch.RemoveOrphans
			}
			orphans, err := list(out, exts)
			for _, n := range orphans {
				if remove {
					fmt.Fprintf(e.stdout, "removed %s\n", printable(n))
				} else {
					fmt.Fprintln(e.stdout, printable(n))
				}
			}
			if err != nil {
				return diag.Wrap("batch orphans", err)
			}
			if len(orphans) == 0 {
				fmt.Fprintln(e.stderr, name+": no orphaned documents")
			}
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "the batch's output `DIR`")
	c.Flags().BoolVar(&remove, "remove", false, "delete the orphaned documents")
	return c
}

func newBatchTemplate(e *env) *cobra.Command {
	var in inputFlags
	var all bool
	var kind, output string
	c := &cobra.Command{
		Use:   "template --variant NAME [--format csv|xlsx] [-o FILE]",
		Short: "Write a starting spreadsheet: the columns and one example row",
		Long: `Template writes a spreadsheet whose columns are the variables a row may set,
in the order the form shows them (the customer's first), with one example
row taken from the variant (or each variable's example) that renders as it is.
Its first column, example, marks that row with yes: batch passes it over
unless given --include-example, so it never becomes a customer's document.
Processor identity fields are left out, since one batch is for one processor;
--all includes them. The agreement's date is left out too: a run dates every
row with the day it starts (kept when it resumes); a column agreement.date,
added by hand, dates each row with its own, and an empty cell there is an
error. A list of records, such as the subprocessors, is one
column for each field of each item, numbered as batch reads them
(subprocessors.1.name, subprocessors.1.location, ...), for as many items as
the example has and at least two; batch also takes more, and YAML in one
column (subprocessors) still.

--format xlsx writes an Excel workbook: the form's labels above the paths
(batch reads either as the header), a drop-down for every choice (the values
the form offers, countries, yes or no), a range for every bounded number, and
a second sheet with each column's help. A workbook goes to -o FILE.`,
		Example: `  clausemark batch template --variant ojoo > customers.csv
  clausemark batch template --variant opsium --format xlsx -o customers.xlsx`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if kind != rows.CSV && kind != rows.XLSX {
				return usagef("--format must be csv or xlsx, got %q", kind)
			}
			if kind == rows.XLSX && output == "" {
				return usagef("a workbook is no text: give -o FILE")
			}
			_, base, err := in.prepare(e, "batch template")
			if err != nil {
				return err
			}
			t, err := sheetTemplate(base, all)
			if err != nil {
				return diag.Wrap("batch template", err)
			}
			// Made whole in memory (a template is a few kilobytes) and
			// then put in place at once: a workbook refused half-way
			// leaves no file behind, nor a broken one over an old.
			var buf bytes.Buffer
			if kind == rows.XLSX {
				err = t.WriteXLSX(&buf)
			} else {
				err = t.WriteCSV(&buf)
			}
			if err != nil {
				return diag.Wrap("batch template", err)
			}
			if output == "" {
				_, err = e.stdout.Write(buf.Bytes())
				return err
			}
			return diag.Wrap("batch template", atomicfile.Write(output, buf.Bytes()))
		},
	}
	in.register(c, e)
	c.Flags().BoolVar(&all, "all", false, "include the processor's identity fields")
	c.Flags().StringVar(&kind, "format", rows.CSV, "`FORMAT` of the spreadsheet: csv or xlsx")
	c.Flags().StringVarP(&output, "output", "o", "", "write to `FILE` instead of the standard output")
	return c
}

// sheetTemplate lays out the starting spreadsheet of base's template:
// its columns in the form's order, and an example row of the variant's
// values or the variables' examples that renders as it is.
func sheetTemplate(base *library.Prepared, all bool) (*rows.Template, error) {
	r, err := base.Resolve()
	if err != nil {
		return nil, err
	}
	s := base.Template.Schema
	t := &rows.Template{Schema: s, Get: func(p string) any { return vars.Plain(r.Tree.Get(p)) }}
	fromExample := map[string]bool{}
	date, _ := s.RolePath(vars.RoleDate)
	for _, p := range formOrder(s) {
		v := s.Vars[p]
		if v.Identity && !all || p == date {
			continue // a run dates its rows the day it starts, unless given a date column
		}
		cell, example := v.Example, true
		if val, ok := r.Values[p]; ok && val.V != nil {
			cell, example = cellText(val.V), false
		}
		if !v.UsedWith(r.Values) {
			cell = "" // an example the document would ignore misleads (a cap amount with a cap in fees)
		}
		if rp, ok := s.RolePath(vars.RoleCustomerName); ok && p == rp && cell == "" {
			cell, example = v.Example, true
		}
		t.Vars = append(t.Vars, v)
		t.Example = append(t.Example, cell)
		fromExample[p] = example && cell != ""
	}
	dropRefused(base, t, fromExample)
	return t, nil
}

// dropRefused empties the example cells, taken from the variables'
// examples, that the row refuses with the variant's values (a court seat
// of another jurisdiction than the variant's), until the row resolves.
func dropRefused(base *library.Prepared, t *rows.Template, fromExample map[string]bool) {
	for range t.Vars {
		set := vars.Set{}
		for i, v := range t.Vars {
			if x, err := t.Schema.ParseLabelled(v, t.Example[i], nil); err == nil && t.Example[i] != "" {
				set[v.Path] = vars.Value{V: x}
			}
		}
		_, err := base.Resolve(set)
		if err == nil {
			return
		}
		dropped := false
		for i, v := range t.Vars {
			if fromExample[v.Path] && names(err, v.Path) {
				t.Example[i], fromExample[v.Path], dropped = "", false, true
			}
		}
		if !dropped {
			return
		}
	}
}

// names reports whether err has a problem about variable path.
func names(err error, path string) bool {
	var list diag.List
	if errors.As(err, &list) {
		for _, e := range list {
			if e.Variable == path {
				return true
			}
		}
		return false
	}
	var de *diag.Error
	return errors.As(err, &de) && de.Variable == path
}

// formOrder is the order the form shows the variables in: by group, the
// groups in the order they first come, the customer's first, and in each
// the order of declaration.
func formOrder(s *vars.Schema) []string {
	paths := s.Ordered()
	group := func(p string) string {
		switch {
		case s.Vars[p].Group != "":
			return s.Vars[p].Group
		case s.InGroupOf(vars.RoleCustomerName, p):
			return "Customer"
		}
		return "Terms"
	}
	rank := map[string]int{}
	for _, p := range paths {
		if _, ok := rank[group(p)]; !ok {
			rank[group(p)] = len(rank) + 1
		}
	}
	if p, ok := s.RolePath(vars.RoleCustomerName); ok {
		rank[group(p)] = 0
	}
	slices.SortStableFunc(paths, func(a, b string) int { return rank[group(a)] - rank[group(b)] })
	return paths
}

// cellText writes a value as a CSV cell that reads back as the same value.
func cellText(x any) string {
	switch v := x.(type) {
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			if m, ok := e.(map[string]any); ok {
				var kv []string
				for _, k := range slices.Sorted(maps.Keys(m)) {
					kv = append(kv, k+": "+strconv.Quote(cellText(m[k])))
				}
				parts[i] = "{" + strings.Join(kv, ", ") + "}"
			} else {
				parts[i] = strconv.Quote(cellText(e))
			}
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case nil:
		return ""
	}
	return fmt.Sprint(vars.Plain(x))
}

// batchMemoryLimit is the heap ceiling for a PDF batch: 48 MiB plus 32 MiB
// for each job that can run at once (no more than GOMAXPROCS, which Go
// sets from the CPUs and the container's CPU quota), and never more than
// three quarters of the container's memory limit, if it has one (0: none).
func batchMemoryLimit(jobs, procs int, cgroupLimit int64) int64 {
	busy := max(1, min(jobs, procs))
	limit := int64(48+32*busy) << 20
	if cgroupLimit > 0 {
		limit = min(limit, cgroupLimit/4*3)
	}
	return limit
}

// cgroupMemoryLimit returns the memory limit of the container the process
// runs in (cgroup v2, else v1), or 0 if there is none or it cannot be read.
func cgroupMemoryLimit() int64 {
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if n, ok := parseMemoryLimit(string(b)); ok {
			return n
		}
	}
	return 0
}

// parseMemoryLimit reads a cgroup memory limit file: a number of bytes, or
// "max" (v2) or a huge number (v1) for none.
func parseMemoryLimit(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "max" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	if n >= 1<<60 { // v1 writes about 2^63 for "no limit"
		return 0, true
	}
	return n, true
}

// runDate is the batch run's date of issue: that of the run of the same
// folder and shard it resumes, if one recorded a date, so that every row
// of the run carries the same; else today.
func runDate(e *env, out string, shard, shards int) (vars.Date, error) {
	date, ok, err := batch.EarlierDate(out, shard, shards)
	if err != nil {
		return vars.Date{}, diag.Wrap("batch", err)
	}
	if !ok {
		return e.today(), nil
	}
	return date, nil
}

// setsPath reports whether one of the --set flags sets path.
func setsPath(sets []string, path string) bool {
	for _, s := range sets {
		if p, _, _ := strings.Cut(s, "="); strings.TrimSpace(p) == path {
			return true
		}
	}
	return false
}
