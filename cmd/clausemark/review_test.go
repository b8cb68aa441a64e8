package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/review"
	"github.com/clausemark/clausemark/internal/review/tracked"
)

// reviewEnv runs clausemark commands on a registry of the test's own.
type reviewEnv struct {
	t   *testing.T
	dir string
	reg string
}

func newReviewEnv(t *testing.T) *reviewEnv {
	dir := t.TempDir()
	return &reviewEnv{t: t, dir: dir, reg: filepath.Join(dir, "registry.db")}
}

func (r *reviewEnv) run(args ...string) (string, string, error) {
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string {
		if k == registryEnv {
			return r.reg
		}
		return ""
	}
	err := run(context.Background(), args, getenv, strings.NewReader(""), &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func (r *reviewEnv) path(name string) string { return filepath.Join(r.dir, name) }

// issue renders Ojoo's DPA for Globex with a deletion period of 30 days,
// recorded, as issued.docx.
func (r *reviewEnv) issue() string {
	out := r.path("issued.docx")
	if _, stderr, err := r.run("render", "--variant", "ojoo", "--set", "customer.name=Globex GmbH", "--set", "deletion.days=30", "-o", out); err != nil {
		r.t.Fatalf("render: %v\n%s", err, stderr)
	}
	return out
}

// reviewJSON reviews file and returns the report and the exit status.
func (r *reviewEnv) reviewJSON(file string) (*review.Report, int) {
	r.t.Helper()
	stdout, stderr, err := r.run("review", file, "--format", "json")
	code := exitCode(err, &bytes.Buffer{})
	if code == 2 {
		r.t.Fatalf("review %s: %s", file, stderr)
	}
	var rep review.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		r.t.Fatalf("review %s: %v\n%s", file, err, stdout)
	}
	return &rep, code
}

// answers writes each change's clause and verdict, with the value or
// wording read.
func answers(rep *review.Report) []string {
	var out []string
	for _, it := range rep.Items {
		s := it.Clause + " " + string(it.Verdict)
		if it.Value != nil {
			s += " " + it.Path + "=" + itoa64(*it.Value)
		}
		if it.Offer != nil {
			s += " offer " + itoa64(*it.Offer)
		}
		if it.Wording != "" {
			s += " " + it.Wording
		}
		out = append(out, s)
	}
	return out
}

func itoa64(n int64) string { return jsonNumber(n) }

func jsonNumber(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestReviewCommand: an unchanged file is accepted (exit 0), a file
// Clausemark did not issue or cannot read is an error (exit 2), and the
// report says so in text and JSON.
func TestReviewCommand(t *testing.T) {
	r := newReviewEnv(t)
	issued := r.issue()
	stdout, _, err := r.run("review", issued)
	if err != nil || !strings.Contains(stdout, "no changes: the text is as issued") || !strings.Contains(stdout, "Globex GmbH (dpa-full, variant ojoo)") {
		t.Errorf("unchanged: %v\n%s", err, stdout)
	}
	rep, code := r.reviewJSON(issued)
	if code != 0 || len(rep.Items) != 0 || rep.Customer != "Globex GmbH" {
		t.Errorf("unchanged, JSON: exit %d, %+v", code, rep)
	}

	other := newReviewEnv(t) // a registry that never recorded it
	if _, stderr, err := other.run("render", "--variant", "opsium", "-o", other.path("opsium.docx")); err != nil {
		t.Fatalf("render: %v\n%s", err, stderr)
	}
	_, stderr, err := other.run("review", issued)
	if exitCode(err, &bytes.Buffer{}) != 2 || !strings.Contains(stderr, "not a document Clausemark issued: CM-") || !strings.Contains(stderr, "is not in the registry") {
		t.Errorf("foreign: %v\n%s", err, stderr)
	}
	text := r.path("notes.txt")
	if err := os.WriteFile(text, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err = r.run("review", text)
	if exitCode(err, &bytes.Buffer{}) != 2 || !strings.Contains(stderr, "notes.txt: not a Word document") {
		t.Errorf("not a DOCX: %v\n%s", err, stderr)
	}
	_, _, err = r.run("review", issued, "--format", "pdf")
	var u usageError
	if !errors.As(err, &u) {
		t.Errorf("--format pdf: %v", err)
	}
}

// TestReviewText: the text report of a file returned with one change in
// Word's shape, and its exit status.
func TestReviewText(t *testing.T) {
	r := newReviewEnv(t)
	issued := r.issue()
	data, err := os.ReadFile(issued)
	if err != nil {
		t.Fatal(err)
	}
	returned := r.path("returned.docx")
	changed := rewritePart(t, data, "word/document.xml", "within thirty (30) days", `within </w:t></w:r><w:del w:id="901" w:author="Counsel" w:date="2026-06-01T10:00:00Z"><w:r><w:delText>thirty (30)</w:delText></w:r></w:del><w:ins w:id="902" w:author="Counsel" w:date="2026-06-01T10:00:00Z"><w:r><w:t>seven (7)</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> days`)
	if err := os.WriteFile(returned, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, _, err := r.run("review", returned)
	if exitCode(err, &bytes.Buffer{}) != 1 {
		t.Errorf("exit: %v", err)
	}
	want := `: OJOO SOFTWARE SERVICES PRIVATE LIMITED and Globex GmbH (dpa-full, variant ojoo)
1 change: 1 fallback

14. Data Retention and Deletion (deletion)
  replacement by Counsel (paragraph N, deletion.days = 7): "thirty (30)" → "seven (7)"
    fallback: Deletion period: 7 days is outside what the house accepts without asking (14 to 60 days); the house offers 14 days. Deletion takes at least 14 days to reach every backup on the house's schedule, and the house keeps no personal data longer than 60 days after the services end.
`
	// The paragraph's number moves with the library's text.
	stdout = regexp.MustCompile(`\(paragraph [1-9][0-9]*,`).ReplaceAllString(stdout, "(paragraph N,")
	if !strings.HasPrefix(stdout, "CM-") || !strings.HasSuffix(stdout, want) {
		t.Errorf("got\n%s\nwant it to end\n%s", stdout, want)
	}
}

// TestReviewReply: --reply to a file returned with the deletion period
// shortened to 7 days, in Word's shape, answers with 14 days as a
// tracked change by the processor with the playbook's reason as a
// comment, recorded as derived from the issued document; --reply without
// -o FILE.docx is a usage error, and nothing is written or recorded when
// the file cannot be answered.
func TestReviewReply(t *testing.T) {
	r := newReviewEnv(t)
	issued := r.issue()
	data, err := os.ReadFile(issued)
	if err != nil {
		t.Fatal(err)
	}
	returned := r.path("returned.docx")
	changed := rewritePart(t, data, "word/document.xml", "within thirty (30) days", `within </w:t></w:r><w:del w:id="901" w:author="Counsel" w:date="2026-06-01T10:00:00Z"><w:r><w:delText>thirty (30)</w:delText></w:r></w:del><w:ins w:id="902" w:author="Counsel" w:date="2026-06-01T10:00:00Z"><w:r><w:t>seven (7)</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> days`)
	if err := os.WriteFile(returned, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"review", returned, "--reply"},
		{"review", returned, "--reply", "-o", "-"},
		{"review", returned, "--reply", "-o", r.path("reply.pdf")},
		{"review", returned, "--reply", "-o", r.path("reply.docx"), "--format", "json"},
	} {
		_, _, err := r.run(args...)
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("%q: %v, want a usage error", args[2:], err)
		}
	}
	text := r.path("notes.txt")
	if err := os.WriteFile(text, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := r.run("review", text, "--reply", "-o", r.path("bad.docx"))
	if exitCode(err, &bytes.Buffer{}) != 2 || !strings.Contains(stderr, "not a Word document") {
		t.Errorf("not a DOCX: %v\n%s", err, stderr)
	}
	if _, err := os.Stat(r.path("bad.docx")); !os.IsNotExist(err) {
		t.Errorf("a reply to a file that is not a Word document was written: %v", err)
	}

	out := r.path("reply.docx")
	stdout, stderr, err := r.run("review", returned, "--reply", "-o", out)
	if exitCode(err, &bytes.Buffer{}) != 1 {
		t.Errorf("exit: %v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "\n1 change: 1 fallback\nthe reply keeps 0 accepted, answers 1 with the playbook's fallback, restores the house's wording for 0, and leaves 0 as the customer made them for the house's lawyer; 1 comment\n") {
		t.Errorf("printed\n%s", stdout)
	}
	reply := r.reply(returned, "reply.docx")
	d, err := os.ReadFile(reply)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := tracked.Read(d)
	if err != nil {
		t.Fatal(err)
	}
	var changes, comments []string
	for _, c := range doc.Changes {
		if c.Kind == tracked.Comment {
			comments = append(comments, c.Author+": "+c.Comment)
		} else {
			changes = append(changes, c.Author+" "+c.Date+": "+c.Text)
		}
	}
	house := "OJOO SOFTWARE SERVICES PRIVATE LIMITED"
	if strings.Join(changes, "\n") != house+" 2026-06-01T10:00:00Z: seven (7)\n"+house+" 2026-06-01T10:00:00Z: fourteen (14)" {
		t.Errorf("changes\n%s", strings.Join(changes, "\n"))
	}
	if len(comments) != 1 || !strings.HasPrefix(comments[0], house+": Not accepted. Deletion period: 7 days is outside what the house accepts without asking (14 to 60 days); the house offers 14 days. Deletion takes at least 14 days") {
		t.Errorf("comments %q", comments)
	}
	if _, err := exec.LookPath("pandoc"); err == nil {
		customer := pandocText(t, returned, "accept")
		if got := pandocText(t, reply, "reject"); got != customer {
			t.Errorf("rejected, against the customer's text:\n%s", lineDiff(got, customer))
		}
		counter := strings.Replace(customer, "seven (7)", "fourteen (14)", 1)
		if got := pandocText(t, reply, "accept"); got != counter {
			t.Errorf("accepted, against the counter-draft:\n%s", lineDiff(got, counter))
		}
		if cs := pandocComments(t, reply); len(cs) != 1 || !strings.Contains(cs[0], "the house offers 14 days") {
			t.Errorf("pandoc reads the comments %q", cs)
		}
	}
}

// rewritePart returns the zip data with old replaced by new in part.
func rewritePart(t *testing.T, data []byte, part, old, new string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part {
			if !bytes.Contains(content, []byte(old)) {
				t.Fatalf("%s does not hold %q", part, old)
			}
			content = bytes.Replace(content, []byte(old), []byte(new), 1)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestReviewLibreOffice edits an issued Ojoo DPA in LibreOffice with
// change recording on, as a customer's counsel would (python UNO, run by
// soffice headless), and wants each change answered: deletion 30 -> 45
// days accepted, the balanced audits wording pasted in accepted, a new
// sentence about affiliates for legal review; in a second file, 30 -> 7
// days answered with the fallback of 14. Skipped without soffice and
// python3's uno, except under CI=true.
func TestReviewLibreOffice(t *testing.T) {
	python := "/usr/bin/python3"
	if _, err := exec.LookPath("soffice"); err != nil || exec.Command(python, "-c", "import uno").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI needs soffice and python3-uno for this test")
		}
		t.Skip("no soffice or python3-uno")
	}
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	r := newReviewEnv(t)
	issued := r.issue()
	audits := r.auditsBalanced()
	// Read here, so that the test's cached result follows the script.
	src, err := os.ReadFile("testdata/review/lo-edit.py")
	if err != nil {
		t.Fatal(err)
	}
	script := r.path("lo-edit.py")
	if err := os.WriteFile(script, src, 0o644); err != nil {
		t.Fatal(err)
	}
	edit := func(name string, edits []map[string]any) string {
		spec := r.path(name + ".json")
		data, _ := json.Marshal(edits)
		if err := os.WriteFile(spec, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out := r.path(name + ".docx")
		if b, err := exec.Command(python, script, issued, out, spec).CombinedOutput(); err != nil {
			t.Fatalf("LibreOffice: %v\n%s", err, b)
		}
		return out
	}
	first := edit("returned", []map[string]any{
		{"replace": "thirty (30)", "with": "forty-five (45)"},
		{"from": "Ojoo shall make available to the Customer reasonable information", "to": "The Customer remains solely responsible for determining its own compliance obligations", "paragraphs": audits},
		{"after": "acts as the Processor, except where applicable law or the nature of a specific processing activity requires otherwise.", "insert": " The Customer’s affiliates may rely on this DPA as if each were the Customer."},
	})
	rep, code := r.reviewJSON(first)
	got := strings.Join(dedupe(answers(rep)), "\n")
	want := "roles needs legal review\naudits accepted balanced\ndeletion accepted deletion.days=45"
	if got != want || code != 1 {
		t.Errorf("exit %d, answers\n%s\nwant\n%s\n%+v", code, got, want, rep.Items)
	}
	second := edit("shorter", []map[string]any{{"replace": "thirty (30)", "with": "seven (7)"}})
	rep, code = r.reviewJSON(second)
	if got := strings.Join(answers(rep), "\n"); got != "deletion fallback deletion.days=7 offer 14" || code != 1 {
		t.Errorf("exit %d, answers %s", code, got)
	}
	only := edit("accepted", []map[string]any{{"replace": "thirty (30)", "with": "sixty (60)"}})
	if rep, code = r.reviewJSON(only); code != 0 {
		t.Errorf("exit %d, answers %s", code, answers(rep))
	}

	// The replies. To the first file: every change kept, the affiliates
	// sentence with a comment for the lawyer.
	if _, err := exec.LookPath("pandoc"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI needs pandoc for this test")
		}
		t.Skip("no pandoc")
	}
	reply := r.reply(first, "reply.docx")
	customer := pandocText(t, first, "accept")
	if got := pandocText(t, reply, "reject"); got != customer {
		t.Errorf("reply to the first file, its changes rejected, against the customer's text:\n%s", lineDiff(got, customer))
	}
	if got := pandocText(t, reply, "accept"); got != customer {
		t.Errorf("reply to the first file, its changes accepted, against the customer's text (every change kept):\n%s", lineDiff(got, customer))
	}
	if cs := pandocComments(t, reply); len(cs) != 1 || !strings.Contains(cs[0], "for OJOO SOFTWARE SERVICES PRIVATE LIMITED's lawyer") || !strings.Contains(cs[0], "matches no wording of the library") {
		t.Errorf("comments %q", cs)
	}
	// To a file with the four kinds of change in one: 30 -> 7 days
	// answered with 14, the balanced audits kept, the affiliates
	// sentence left for the lawyer.
	mixed := edit("mixed", []map[string]any{
		{"replace": "thirty (30)", "with": "seven (7)"},
		{"from": "Ojoo shall make available to the Customer reasonable information", "to": "The Customer remains solely responsible for determining its own compliance obligations", "paragraphs": audits},
		{"after": "acts as the Processor, except where applicable law or the nature of a specific processing activity requires otherwise.", "insert": " The Customer’s affiliates may rely on this DPA as if each were the Customer."},
	})
	rep, code = r.reviewJSON(mixed)
	if got := strings.Join(dedupe(answers(rep)), "\n"); got != "roles needs legal review\naudits accepted balanced\ndeletion fallback deletion.days=7 offer 14" || code != 1 {
		t.Errorf("mixed: exit %d, answers\n%s", code, got)
	}
	reply = r.reply(mixed, "reply-mixed.docx")
	customer = pandocText(t, mixed, "accept")
	if got := pandocText(t, reply, "reject"); got != customer {
		t.Errorf("reply to the mixed file, its changes rejected, against the customer's text:\n%s", lineDiff(got, customer))
	}
	counter := strings.Replace(customer, "seven (7)", "fourteen (14)", 1)
	if got := pandocText(t, reply, "accept"); got != counter {
		t.Errorf("reply to the mixed file, its changes accepted, against the counter-draft:\n%s", lineDiff(got, counter))
	}
	if got := trackedChanges(t, reply); got != "deletion: seven (7)\ninsertion: fourteen (14)" {
		t.Errorf("the reply to the mixed file changes\n%s", got)
	}
	cs := pandocComments(t, reply)
	if len(cs) != 2 || !strings.Contains(cs[0], "lawyer") || !strings.Contains(cs[1], "the house offers 14 days. Deletion takes at least 14 days to reach every backup") {
		t.Errorf("comments %q", cs)
	}
}

// reply answers file with --reply -o name, and checks what it prints
// and that the registry records the reply as derived from the issued
// document. It returns the reply's path.
func (r *reviewEnv) reply(file, name string) string {
	r.t.Helper()
	out := r.path(name)
	stdout, stderr, err := r.run("review", file, "--reply", "-o", out)
	if code := exitCode(err, &bytes.Buffer{}); code == 2 {
		r.t.Fatalf("review --reply: %v\n%s", err, stderr)
	}
	m := regexp.MustCompile(`^\S+` + regexp.QuoteMeta(name) + `: (CM-[0-9A-Z-]+), the reply to (CM-[0-9A-Z-]+) \(OJOO SOFTWARE SERVICES PRIVATE LIMITED and Globex GmbH\), recorded as derived from it\n`).FindStringSubmatch(stdout)
	if m == nil {
		r.t.Fatalf("review --reply printed\n%s", stdout)
	}
	show, stderr, err := r.run("registry", "show", m[1])
	if err != nil || !strings.Contains(show, "Derived from: "+m[2]) {
		r.t.Errorf("registry show %s: %v %s\n%s", m[1], err, stderr, show)
	}
	list, stderr, err := r.run("registry", "list", "--json")
	var listed struct{ Documents []registry.Summary }
	if err == nil {
		err = json.Unmarshal([]byte(list), &listed)
	}
	if err != nil || !slices.ContainsFunc(listed.Documents, func(s registry.Summary) bool { return s.ID == m[1] && s.DerivedFrom == m[2] }) {
		r.t.Errorf("registry list --json does not give %s as derived from %s: %v %s\n%s", m[1], m[2], err, stderr, list)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		r.t.Fatal(err)
	}
	if d, err := tracked.Read(data); err != nil || d.ID != m[1] {
		r.t.Errorf("the reply carries id %q (%v), want %s", d.ID, err, m[1])
	}
	return out
}

// trackedChanges lists the tracked changes of the Word file, one a
// line: its kind and text.
func trackedChanges(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	d, err := tracked.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range d.Changes {
		if c.Kind != tracked.Comment {
			out = append(out, string(c.Kind)+": "+c.Text)
		}
	}
	return strings.Join(out, "\n")
}

// pandocText is pandoc's plain text of the Word file, its tracked
// changes accepted or rejected (mode), comments left out, white space
// folded (LibreOffice saves a heading's space after its number as a
// no-break space), and the
// markers pandoc computes for list items taken off: Word numbers them
// itself, and pandoc counts a list LibreOffice saved otherwise than the
// one the DOCX writer writes ("(a)" for "(b)"); and empty paragraphs
// left out, such as those LibreOffice leaves where it tracks the
// deletion of a paragraph's text but not of its end.
func pandocText(t *testing.T, file, mode string) string {
	t.Helper()
	b, err := exec.Command("pandoc", "--track-changes="+mode, "-t", "plain", "--wrap=none", file).Output()
	if err != nil {
		t.Fatalf("pandoc %s: %v", file, err)
	}
	var lines []string
	for _, l := range strings.Split(listMarker.ReplaceAllString(string(b), ""), "\n") {
		if f := strings.Join(strings.Fields(l), " "); f != "" {
			lines = append(lines, f)
		}
	}
	return strings.Join(lines, "\n")
}

var listMarker = regexp.MustCompile(`(?m)^([ \x{a0}]*(\([0-9a-zA-Z]{1,5}\)|[0-9a-zA-Z]{1,5}[.)]|[-•])([ \x{a0}]+|$))+`)

// pandocComments are the texts of the Word file's comments as pandoc
// reads them.
func pandocComments(t *testing.T, file string) []string {
	t.Helper()
	b, err := exec.Command("pandoc", "--track-changes=all", "-t", "json", file).Output()
	if err != nil {
		t.Fatalf("pandoc %s: %v", file, err)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(x any, in bool, text *strings.Builder)
	walk = func(x any, in bool, text *strings.Builder) {
		switch v := x.(type) {
		case map[string]any:
			if v["t"] == "Span" {
				c := v["c"].([]any)
				attr := c[0].([]any)
				if classes, _ := attr[1].([]any); len(classes) > 0 && classes[0] == "comment-start" {
					var b strings.Builder
					walk(c[1], true, &b)
					out = append(out, b.String())
					return
				}
			}
			if in && v["t"] == "Str" {
				text.WriteString(v["c"].(string))
			}
			if in && v["t"] == "Space" {
				text.WriteString(" ")
			}
			for _, y := range v {
				walk(y, in, text)
			}
		case []any:
			for _, y := range v {
				walk(y, in, text)
			}
		}
	}
	walk(doc, false, nil)
	return out
}

// lineDiff shows the first lines of a and b that differ.
func lineDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < max(len(la), len(lb)) && len(out) < 12; i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			out = append(out, fmt.Sprintf("%d got:  %s", i+1, x), fmt.Sprintf("%d want: %s", i+1, y))
		}
	}
	return strings.Join(out, "\n")
}

// auditsBalanced returns the paragraphs of Ojoo's audits clause in its
// balanced wording, below its heading, as Word shows them.
func (r *reviewEnv) auditsBalanced() []string {
	out := r.path("balanced.docx")
	if _, stderr, err := r.run("render", "--variant", "ojoo", "--set", "customer.name=Globex GmbH", "--set", "deletion.days=30", "--set", "position=balanced", "--no-record", "-o", out); err != nil {
		r.t.Fatalf("render: %v\n%s", err, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		r.t.Fatal(err)
	}
	d, err := tracked.Read(data)
	if err != nil {
		r.t.Fatal(err)
	}
	var paras []string
	in := false
	for _, l := range d.View(tracked.All) {
		switch {
		case !strings.HasPrefix(l.Bookmark, review.BookmarkName("audits")):
			if in {
				return paras
			}
		case !in:
			in = true // the heading, the same in both wordings
		case l.Text != "":
			paras = append(paras, l.Text)
		}
	}
	r.t.Fatal("no audits clause in the balanced document")
	return nil
}

func dedupe(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// TestReviewLibreOfficeComments comments an issued Ojoo DPA in
// LibreOffice, as the customer's counsel would beside a tracked change:
// one comment on the changed deletion period, one by another author
// anchored across the audits clause's first paragraphs. Each comment is
// answered under its clause with its author and words, for the lawyer,
// and the tracked change beside it is still answered from the playbook.
// Skipped without soffice and python3's uno, except under CI=true.
func TestReviewLibreOfficeComments(t *testing.T) {
	r := newReviewEnv(t)
	edit := libreOfficeEditor(t, r)
	returned := edit("commented", "Globex counsel", []map[string]any{
		{"replace": "thirty (30)", "with": "forty-five (45)"},
		{"comment": "We need 45 days: our backups are kept for a month.", "on": "forty-five (45)"},
		{"comment": "Audits at whose cost?", "author": "Globex DPO", "from": "Ojoo shall make available to the Customer reasonable information", "to": "Upon reasonable written request"},
	})
	rep, code := r.reviewJSON(returned)
	if code != 1 {
		t.Errorf("exit %d, want 1: comments are for the lawyer", code)
	}
	// Each answer as clause, title, kind, author, comment, words, verdict.
	want := map[string]bool{
		"deletion|Data Retention and Deletion|replacement|Globex counsel||forty-five (45)|accepted":                                                         true,
		"deletion|Data Retention and Deletion|comment|Globex counsel|We need 45 days: our backups are kept for a month.|forty-five (45)|needs legal review": true,
		"audits|Audits and Compliance Information|comment|Globex DPO|Audits at whose cost?||needs legal review":                                             true,
	}
	got := map[string]bool{}
	for _, it := range rep.Items {
		added := it.Added
		if it.Clause == "audits" && it.Kind == "comment" {
			// Anchored across three paragraphs: from the clause's first
			// to the first words of the one below the next heading.
			if !strings.HasPrefix(added, "Ojoo shall make available to the Customer reasonable information") || !strings.HasSuffix(added, "Compliance Information Upon reasonable written request") {
				t.Errorf("the audits comment covers %q", added)
			}
			added = ""
		}
		got[strings.Join([]string{it.Clause, it.Title, it.Kind, it.Author, it.Comment, added, string(it.Verdict)}, "|")] = true
	}
	if len(got) != len(rep.Items) || len(got) != len(want) {
		t.Errorf("%d answers, want %d: %+v", len(rep.Items), len(want), rep.Items)
	}
	for a := range want {
		if !got[a] {
			t.Errorf("no answer %s", a)
		}
	}
	for a := range got {
		if !want[a] {
			t.Errorf("unexpected answer %s", a)
		}
	}
}

// libreOfficeEditor returns a function that edits r's issued Ojoo DPA in
// LibreOffice with testdata/review/lo-edit.py, as author, and returns the
// file saved. The test is skipped without soffice and python3's uno,
// except under CI=true, and under -short.
func libreOfficeEditor(t *testing.T, r *reviewEnv) func(name, author string, edits []map[string]any) string {
	t.Helper()
	python := "/usr/bin/python3"
	if _, err := exec.LookPath("soffice"); err != nil || exec.Command(python, "-c", "import uno").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI needs soffice and python3-uno for this test")
		}
		t.Skip("no soffice or python3-uno")
	}
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	issued := r.issue()
	// Read here, so that the test's cached result follows the script.
	src, err := os.ReadFile("testdata/review/lo-edit.py")
	if err != nil {
		t.Fatal(err)
	}
	script := r.path("lo-edit.py")
	if err := os.WriteFile(script, src, 0o644); err != nil {
		t.Fatal(err)
	}
	return func(name, author string, edits []map[string]any) string {
		t.Helper()
		spec := r.path(name + ".json")
		data, err := json.Marshal(edits)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(spec, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out := r.path(name + ".docx")
		if b, err := exec.Command(python, script, "--author", author, issued, out, spec).CombinedOutput(); err != nil {
			t.Fatalf("LibreOffice: %v\n%s", err, b)
		}
		return out
	}
}
