package batch

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/clausemark/clausemark/internal/atomicfile"
	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/rows"
	"github.com/clausemark/clausemark/internal/vars"
)

// Status of a row in the manifest.
const (
	Written = "written" // rendered and written in this run
	Skipped = "skipped" // up to date from an earlier run: same variables, outputs present
	Failed  = "failed"  // not rendered; see the errors file
	// Checked is a row that a dry run (Config.DryRun) read, resolved,
	// named and assembled, and checked if asked, without a fault; it
	// is in no manifest.
	Checked = "checked"
)

// Record is one row's line in the manifest.
type Record struct {
	Row             int      `json:"row"`
	Line            int      `json:"line,omitempty"`
	Status          string   `json:"status"`
	Hash            string   `json:"hash,omitempty"` // SHA-256 of the row's variables, template and library versions, and formats
	Name            string   `json:"name,omitempty"`
	Customer        string   `json:"customer,omitempty"` // the customer's name, as the row gives it or the base has it
	ID              string   `json:"id,omitempty"`       // the document's id, as in its metadata and the registry
	Outputs         []Output `json:"outputs,omitempty"`
	Template        string   `json:"template"`
	TemplateVersion string   `json:"template_version"`
	LibraryVersion  string   `json:"library_version"`
	// Date is the run's date of issue, YYYY-MM-DD (Config.Date): the
	// date of the rows that give none, which a run resuming this one
	// takes again.
	Date  string `json:"date,omitempty"`
	Error string `json:"error,omitempty"`

	pos      rows.Pos         // where the data has the row, and the cell a failure is about, for the errors file
	located  bool             // Error names its place, as a *rows.CellError does
	variable string           // the variable a failure is about, for the errors file
	check    []CheckProblem   // what the check found (Config.Check), for the errors file
	res      *generate.Result // a written row's document, for the recorder
	// A written row's files, in temporary files until the row is
	// recorded: the writer puts them in place, or removes them.
	pending []*atomicfile.Pending
}

// Output is one file written for a row.
type Output struct {
	Path   string `json:"path"` // relative to the output folder
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

// ErrorRecord is one row's line in the errors file.
type ErrorRecord struct {
	Row  int `json:"row"`
	Line int `json:"line,omitempty"`
	// SheetRow is the row a spreadsheet shows, the header being row 1
	// (for a CSV or a workbook); Column and Header name the cell the
	// error is about, if one: its letter and its header as written.
	SheetRow int    `json:"sheet_row,omitempty"`
	Column   string `json:"column,omitempty"`
	Header   string `json:"header,omitempty"`
	Customer string `json:"customer,omitempty"`
	Variable string `json:"variable,omitempty"` // the variable the error is about
	Error    string `json:"error"`
	// Warning is set for a row written although its document fails the
	// check (--check=warn); every other record is of a failed row.
	Warning bool `json:"warning,omitempty"`
	// Check lists what the check found wrong with the row's document
	// (--check): each element or limit, the article and the problem.
	Check []CheckProblem `json:"check,omitempty"`
}

// The manifest and the errors file are also written as CSV, for a
// spreadsheet: these are their columns.
var (
	manifestColumns = []string{"row", "line", "status", "customer", "id", "files", "error"}
	errorColumns    = []string{"row", "line", "customer", "column", "error", "severity", "element", "article", "problem"}
)

func (r Record) csvRow() []string {
	paths := make([]string, len(r.Outputs))
	for i, o := range r.Outputs {
		paths[i] = o.Path
	}
	return cells(strconv.Itoa(r.Row), lineText(r.Line), r.Status, r.Customer, r.ID, strings.Join(paths, " "), r.Error)
}

// csvRows are a record's lines in errors.csv: one, or one for each
// problem the check found, each naming its element, article and problem.
// For a CSV or a workbook, the row and the column are those the
// spreadsheet shows, as in the message: row 6, column "E (Deletion
// period)"; for other data, the record's number and the variable.
func (e ErrorRecord) csvRows() [][]string {
	severity := "error"
	if e.Warning {
		severity = "warning"
	}
	row, col := e.Row, e.Variable
	if e.SheetRow > 0 {
		row, col = e.SheetRow, e.Column
		if e.Header != "" {
			col += " (" + e.Header + ")"
		}
	}
	if len(e.Check) == 0 {
		return [][]string{cells(strconv.Itoa(row), lineText(e.Line), e.Customer, col, e.Error, severity, "", "", "")}
	}
	rows := make([][]string, len(e.Check))
	for i, p := range e.Check {
		rows[i] = cells(strconv.Itoa(row), lineText(e.Line), e.Customer, col, p.Message, severity, p.Element, p.Ref, p.Problem)
	}
	return rows
}

func lineText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// cells makes text safe to open in a spreadsheet: a cell that starts with
// =, +, -, @, a tab or a carriage return would be read as a formula (a
// customer named "=HYPERLINK(...)"), so it gets a leading apostrophe,
// which the spreadsheet shows as text and hides.
func cells(texts ...string) []string {
	for i, t := range texts {
		if t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
			texts[i] = "'" + t
		}
	}
	return texts
}

// csvName is the CSV twin of a JSON Lines file: manifest.jsonl's is
// manifest.csv.
func csvName(jsonl string) string { return strings.TrimSuffix(jsonl, ".jsonl") + ".csv" }

// files names the manifest and errors files of a run; shards get their own.
func files(out string, shard, shards int) (manifest, errs string) {
	suffix := ""
	if shards > 1 {
		suffix = fmt.Sprintf(".shard-%d-of-%d", shard, shards)
	}
	return filepath.Join(out, "manifest"+suffix+".jsonl"), filepath.Join(out, "errors"+suffix+".jsonl")
}

// sideFiles are the files of a run besides its documents: those only
// replaced by a rename (the manifest, its CSV twin, the resume file), and
// those written in place (the partial manifests, the lock, the errors
// file and its CSV twin).
func sideFiles(manifest, errs string) (renamed, inPlace []string) {
	return []string{manifest, csvName(manifest), manifest + ".resume"},
		[]string{manifest + ".partial", csvName(manifest) + ".partial", manifest + ".lock", errs, csvName(errs)}
}

// maxRecordLine bounds one line of a manifest. Records are written far
// smaller (errors are cut to maxErrorLen); a longer line, from an older
// version or an edit, is passed over as if absent, so its row is rendered
// again rather than the run failing.
const maxRecordLine = 1 << 20

// maxErrorLen bounds the error text kept in a record.
const maxErrorLen = 2000

// records reads a manifest file one record at a time. Lines that are not
// records (torn by a kill, too long) are passed over.
type records struct {
	name string
	f    *os.File
	br   *bufio.Reader
	cur  Record
	ok   bool // cur holds a record
	err  error
}

func openRecords(name string) (*records, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	r := &records{name: name, f: f, br: bufio.NewReaderSize(f, 64<<10)}
	r.advance()
	return r, nil
}

// advance moves to the next record, if any.
func (r *records) advance() {
	r.ok = false
	for r.err == nil {
		line, tooLong, err := rows.ReadLine(r.br, maxRecordLine)
		if err != nil {
			if err != io.EOF {
				r.err = fmt.Errorf("read %s: %w", r.name, err)
			}
			return
		}
		var rec Record
		if tooLong || json.Unmarshal(line, &rec) != nil || rec.Row <= 0 {
			continue
		}
		r.cur, r.ok = rec, true
		return
	}
}

func (r *records) close() { r.f.Close() }

// previous answers, for rows asked in increasing order, what an earlier run
// recorded. It holds one record per file, whatever the number of rows:
// manifests are written in row order, so it reads them alongside the data.
type previous struct {
	srcs []*records // later files win
}

// lookup returns the record for row n. Rows must be asked in increasing
// order; a file out of order only makes rows look new, so they are
// rendered again.
func (p *previous) lookup(n int) (Record, bool) {
	var out Record
	found := false
	for _, s := range p.srcs {
		for s.ok && s.cur.Row < n {
			s.advance()
		}
		if s.ok && s.cur.Row == n {
			out, found = s.cur, true
		}
	}
	return out, found
}

func (p *previous) err() error {
	for _, s := range p.srcs {
		if s.err != nil {
			return s.err
		}
	}
	return nil
}

func (p *previous) close() {
	for _, s := range p.srcs {
		s.close()
	}
}

// openPrevious prepares the records of earlier runs of this shard: the
// last complete manifest, and what interrupted runs left in their partial
// manifests. When a partial manifest exists it is merged first into the
// resume file (partial records win), in one streaming pass, so that the
// new run can write its own partial manifest.
func openPrevious(manifest string) (*previous, error) {
	partial, resume := manifest+".partial", manifest+".resume"
	var names []string
	for _, n := range []string{manifest, resume, partial} {
		if _, err := os.Stat(n); err == nil {
			names = append(names, n)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	if len(names) > 0 && names[len(names)-1] == partial {
		if err := merge(names, resume); err != nil {
			return nil, err
		}
		if err := os.Remove(partial); err != nil {
			return nil, err
		}
		names = []string{resume}
	}
	p := &previous{}
	for _, n := range names {
		r, err := openRecords(n)
		if err != nil {
			p.close()
			return nil, err
		}
		p.srcs = append(p.srcs, r)
	}
	return p, nil
}

// EarlierDate returns the date of issue that the last run of shard
// (of shards) in the folder out recorded: in its partial manifest if it
// was stopped, else its resume file, else its manifest. A run resuming it
// dates its rows alike (Config.Date), so that a row written before the
// stop and one written after carry the same date, and the rows already
// written stay up to date. It reports false where no earlier run of the
// shard recorded a date.
func EarlierDate(out string, shard, shards int) (vars.Date, bool, error) {
	if shards <= 1 {
		shard, shards = 0, 1
	}
	manifest, errs := files(out, shard, shards)
	if err := checkSideFiles(manifest, errs); err != nil {
		return vars.Date{}, false, err
	}
	for _, n := range []string{manifest + ".partial", manifest + ".resume", manifest} {
		d, err := recordedDate(n)
		if err != nil {
			return vars.Date{}, false, err
		}
		if d == "" {
			continue
		}
		date, err := vars.ParseDate(d)
		if err != nil {
			return vars.Date{}, false, fmt.Errorf("%s: the run's date: %w", n, err)
		}
		return date, true, nil
	}
	return vars.Date{}, false, nil
}

// recordedDate returns the date of the first record of the manifest file
// name that has one; "" if none has, or there is no such file.
func recordedDate(name string) (string, error) {
	r, err := openRecords(name)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	defer r.close()
	for ; r.ok; r.advance() {
		if r.cur.Date != "" {
			return r.cur.Date, nil
		}
	}
	return "", r.err
}

// merge writes the records of files (later files win for a row) to out,
// in row order, atomically.
func merge(files []string, out string) error {
	p := &previous{}
	defer p.close()
	for _, n := range files {
		r, err := openRecords(n)
		if err != nil {
			return err
		}
		p.srcs = append(p.srcs, r)
	}
	var buf bytes.Buffer
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.merge")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 64<<10)
	for {
		// The smallest row any file holds next.
		n := 0
		for _, s := range p.srcs {
			if s.ok && (n == 0 || s.cur.Row < n) {
				n = s.cur.Row
			}
		}
		if n == 0 {
			break
		}
		rec, _ := p.lookup(n)
		for _, s := range p.srcs {
			if s.ok && s.cur.Row == n {
				s.advance()
			}
		}
		buf.Reset()
		if err := json.NewEncoder(&buf).Encode(rec); err != nil {
			return err
		}
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	if err := p.err(); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}

// upToDate reports whether an earlier record makes rendering the row again
// unnecessary: same row hash and name, and every output present with its
// recorded size and SHA-256.
func upToDate(prev Record, hash, name, out string) bool {
	if prev.Status == Failed || prev.Hash != hash || prev.Name != name || len(prev.Outputs) == 0 {
		return false
	}
	for _, o := range prev.Outputs {
		if !sameContent(filepath.Join(out, o.Path), o) {
			return false
		}
	}
	return true
}

// sameContent reports whether path is a regular file with o's size and
// SHA-256.
func sameContent(path string, o Output) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() != o.Bytes {
		return false
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return false
	}
	return hex.EncodeToString(h.Sum(nil)) == o.SHA256
}

// LockedError reports that another run holds the lock on a manifest: two
// runs of one shard on one folder at once would corrupt it.
type LockedError struct {
	Path string // the lock file
	PID  int    // the holder's process id, 0 if unknown
}

func (e *LockedError) Error() string {
	who := "another run"
	if e.PID > 0 {
		who = fmt.Sprintf("another run (process %d)", e.PID)
	}
	return fmt.Sprintf("%s is writing to this folder with the same shard (lock %s); wait for it to finish, or give another --out", who, e.Path)
}

// NameError reports a row whose file name an earlier row of the data took
// (names are compared without regard to case, as file systems may).
type NameError struct {
	File   string // the data file; "" for a CSV's or a workbook's row, whose place its error names
	Line   int
	Name   string
	Row    int // the row that keeps the name: as the spreadsheet shows it, or its number in other data
	Shard  int // that row's shard
	Shards int
}

func (e *NameError) Error() string {
	where := ""
	if e.Shards > 1 {
		where = fmt.Sprintf(" (shard %d/%d)", e.Shard, e.Shards)
	}
	pos := e.File
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if pos != "" {
		pos += ": "
	}
	return fmt.Sprintf("%sfile name %s is already used by row %d%s; give the rows names of their own with --name", pos, diag.Quote(e.Name), e.Row, where)
}
