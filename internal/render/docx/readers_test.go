package docx_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/textmatch"
)

// The tests in this file read the DOCX with programs independent of the
// code that wrote it: python-docx, pandoc and LibreOffice. CI installs
// them (.ci/run) and runs them; go test -short skips them, and elsewhere a
// test is skipped when one is missing.

// skipShort skips the test of an outside reader under go test -short.
func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("reads the DOCX with an outside program; skipped with -short")
	}
}

func need(t *testing.T, tool, pkg string) string {
	t.Helper()
	skipShort(t)
	p, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed; .ci/run installs %s", tool, pkg)
		}
		t.Skipf("%s not installed", tool)
	}
	return p
}

// python returns a Python that can import docx.
func python(t *testing.T) string {
	t.Helper()
	skipShort(t)
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import docx").Run() == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no python3 imports docx; .ci/run installs python3-docx")
	}
	t.Skip("python-docx not installed")
	return ""
}

func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return out
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// headingTitle is a numbered heading's text after the number assembly
// typed.
func headingTitle(doc *document.Document, h document.Heading) string {
	rest := doc.Markdown[h.Offset+len(h.Prefix):]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	return string(rest)
}

// withoutNumbers is the document's Markdown with the typed heading
// numbers cut out, as the DOCX leaves them to Word.
func withoutNumbers(doc *document.Document) []byte {
	var b bytes.Buffer
	at := 0
	for _, h := range doc.Headings {
		b.Write(doc.Markdown[at:h.Offset])
		at = h.Offset + len(h.Prefix)
	}
	b.Write(doc.Markdown[at:])
	return b.Bytes()
}

const pythonHeadings = `
import docx, json, sys
d = docx.Document(sys.argv[1])
def numpr(style):
    while style is not None:
        ppr = style.element.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style = style.base_style
    return None
for p in d.paragraphs:
    name = p.style.name
    if not ("Heading" in name):
        continue
    n = p._p.pPr.numPr if p._p.pPr is not None and p._p.pPr.numPr is not None else numpr(p.style)
    num = n.numId.val if n is not None and n.numId is not None else None
    lvl = n.ilvl.val if n is not None and n.ilvl is not None else None
    print(json.dumps({"style": name, "text": p.text, "numId": num, "ilvl": lvl}))
`

// TestPythonDocx opens both variants with python-docx and finds every
// numbered heading with its style, its text without a number, and the
// numbering its style links it to: the one heading list, at the level of
// its depth.
func TestPythonDocx(t *testing.T) {
	py := python(t)
	for _, name := range []string{"opsium", "ojoo"} {
		doc := variant(t, name)
		file := writeTemp(t, name+".docx", render(t, doc))
		type heading struct {
			Style, Text string
			NumID, Ilvl *int
		}
		var got []heading
		for _, line := range bytes.Split(bytes.TrimSpace(run(t, py, "-c", pythonHeadings, file)), []byte("\n")) {
			var h heading
			if err := json.Unmarshal(line, &h); err != nil {
				t.Fatalf("%s: %q: %v", name, line, err)
			}
			if h.NumID != nil && *h.NumID != 0 {
				got = append(got, h)
			}
		}
		if len(got) != len(doc.Headings) {
			t.Fatalf("%s: python-docx finds %d numbered headings, assembly numbered %d", name, len(got), len(doc.Headings))
		}
		for i, h := range doc.Headings {
			appendix := doc.Sections[h.Section].Kind == document.Appendix
			style, text, ilvl := "Heading ", headingTitle(doc, h), h.Level-2
			if appendix {
				style, ilvl = "Appendix Heading ", ilvl+3
				if h.Level == 2 {
					text = "– " + text
				}
			}
			style += string(rune('0' + h.Level - 1))
			g := got[i]
			if g.Style != style || g.Text != text || *g.NumID != 1 || g.Ilvl == nil || *g.Ilvl != ilvl {
				t.Errorf("%s heading %d: python-docx reads %s %q numId %d ilvl %v; want %s %q numId 1 ilvl %d", name, i, g.Style, g.Text, *g.NumID, g.Ilvl, style, text, ilvl)
			}
		}
	}
}

// TestPandoc converts both variants back to text with pandoc: its words
// match the Markdown's, numbers aside (Word's numbering writes them), at
// a ratio of at least 0.99.
func TestPandoc(t *testing.T) {
	pandoc := need(t, "pandoc", "pandoc")
	for _, name := range []string{"opsium", "ojoo"} {
		doc := variant(t, name)
		file := writeTemp(t, name+".docx", render(t, doc))
		got := textmatch.Words(string(run(t, pandoc, "-f", "docx", "-t", "plain", "--wrap=none", file)))
		want := textmatch.Words(textmatch.PlainText(withoutNumbers(doc)))
		if r := textmatch.Ratio(got, want); r < 0.99 {
			t.Errorf("%s: pandoc's words match the Markdown's at %.4f, want at least 0.99", name, r)
		}
	}
}

// TestPandocRedline shows with pandoc that accepting a redline's changes
// gives B's words and rejecting them A's, and that a self-diff has none.
func TestPandocRedline(t *testing.T) {
	pandoc := need(t, "pandoc", "pandoc")
	text := func(file string, mode string) []string {
		return textmatch.Words(string(run(t, pandoc, "-f", "docx", "-t", "plain", "--wrap=none", "--track-changes="+mode, file)))
	}
	for _, tc := range redlineCases(t) {
		red := writeTemp(t, "red.docx", redline(t, tc.a, tc.b))
		a := text(writeTemp(t, "a.docx", render(t, tc.a)), "accept")
		b := text(writeTemp(t, "b.docx", render(t, tc.b)), "accept")
		if got := text(red, "accept"); strings.Join(got, " ") != strings.Join(b, " ") {
			t.Errorf("%s: accepted, %d words against B's %d (ratio %.4f)", tc.name, len(got), len(b), textmatch.Ratio(got, b))
		}
		if got := text(red, "reject"); strings.Join(got, " ") != strings.Join(a, " ") {
			t.Errorf("%s: rejected, %d words against A's %d (ratio %.4f)", tc.name, len(got), len(a), textmatch.Ratio(got, a))
		}
	}
	doc := variant(t, "ojoo")
	self := writeTemp(t, "self.docx", redline(t, doc, doc))
	if all := string(run(t, pandoc, "-f", "docx", "-t", "markdown", "--track-changes=all", self)); strings.Contains(all, ".insertion") || strings.Contains(all, ".deletion") {
		t.Error("a self-diff has changes")
	}
}

// TestLibreOffice converts both variants to PDF with LibreOffice, a
// second implementation of Word's numbering and fields: the PDF's text
// shows every section's number before its title ("1.", "4.2", "Appendix
// A") and every cross-reference as the engine wrote it.
func TestLibreOffice(t *testing.T) {
	soffice := need(t, "soffice", "libreoffice-writer-nogui")
	pdftotext := need(t, "pdftotext", "poppler-utils")
	profile := t.TempDir()
	space := regexp.MustCompile(`\s+`)
	link := regexp.MustCompile(`\[((?:Section|Appendix) [^\]]+)\]\(#`)
	for _, name := range []string{"opsium", "ojoo"} {
		doc := variant(t, name)
		dir := t.TempDir()
		file := filepath.Join(dir, name+".docx")
		if err := os.WriteFile(file, render(t, doc), 0o644); err != nil {
			t.Fatal(err)
		}
		run(t, soffice, "-env:UserInstallation=file://"+profile, "--headless", "--convert-to", "pdf", "--outdir", dir, file)
		text := space.ReplaceAllString(string(run(t, pdftotext, filepath.Join(dir, name+".pdf"), "-")), " ")
		for _, h := range doc.Headings {
			number := wantNumber(doc, h)
			title := headingTitle(doc, h)
			if h.Level == 2 && doc.Sections[h.Section].Kind == document.Appendix {
				title = "– " + title
			}
			if want := number + " " + space.ReplaceAllString(title, " "); !strings.Contains(text, want) {
				t.Errorf("%s: LibreOffice's PDF lacks the heading %q", name, want)
			}
		}
		refs := link.FindAllSubmatch(doc.Markdown, -1)
		if len(refs) == 0 {
			t.Fatalf("%s has no cross-reference", name)
		}
		for _, m := range refs {
			if !strings.Contains(text, string(m[1])) {
				t.Errorf("%s: LibreOffice's PDF lacks the cross-reference %q", name, m[1])
			}
		}
	}
}
