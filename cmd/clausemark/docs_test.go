package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
	"github.com/spf13/pflag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// The documentation: the README and the guides under docs/. The CLI
// reference under docs/reference/cli is generated (TestDocsCLIReference)
// and holds cobra's usage blocks, not commands to run.
const (
	docsRoot    = "../.."
	cliDocsDir  = "docs/reference/cli"
	readmeLimit = 200
)

// docPages returns the README, examples/README.md and every Markdown page
// under docs/ but the generated CLI reference, as paths relative to the
// repository's root.
func docPages(t *testing.T) []string {
	t.Helper()
	pages := []string{"README.md", "examples/README.md"}
	err := filepath.WalkDir(filepath.Join(docsRoot, "docs"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(docsRoot, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() && rel == cliDocsDir {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(rel, ".md") {
			pages = append(pages, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// TestDocsREADMELength: the README is read in a few minutes; the rest is
// in docs/.
func TestDocsREADMELength(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(docsRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("\n")); n > readmeLimit {
		t.Errorf("README.md has %d lines; at most %d: move the detail to a page under docs/", n, readmeLimit)
	}
}

// A docBlock is a fenced code block of a page.
type docBlock struct {
	page string // path from the repository's root
	line int    // line of the opening fence
	lang string // the info string's first word
	text string
}

func (b docBlock) String() string { return fmt.Sprintf("%s:%d", b.page, b.line) }

// The languages a page's fenced blocks may have: sh blocks are run,
// shell blocks are checked but not run (they need a server, a network
// service or the source tree), the others are files or output.
var docLanguages = map[string]bool{"sh": true, "shell": true, "text": true, "yaml": true, "markdown": true, "json": true}

// fencedBlocks returns the fenced code blocks of a Markdown page.
func fencedBlocks(page string, src []byte) []docBlock {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	root := md.Parser().Parse(text.NewReader(src))
	var blocks []docBlock
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		fb, ok := n.(*ast.FencedCodeBlock)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		b := docBlock{page: page, lang: string(fb.Language(src))}
		lines := fb.Lines()
		var body strings.Builder
		for i := range lines.Len() {
			seg := lines.At(i)
			body.Write(seg.Value(src))
		}
		b.text = body.String()
		// The opening fence is the line before the first line of text,
		// or, in an empty block, found from the block's position.
		start := 0
		if lines.Len() > 0 {
			start = lines.At(0).Start
		} else if fb.Info != nil {
			start = fb.Info.Segment.Start
		}
		b.line = bytes.Count(src[:start], []byte("\n"))
		if lines.Len() == 0 {
			b.line++
		}
		blocks = append(blocks, b)
		return ast.WalkSkipChildren, nil
	})
	return blocks
}

// A docCommand is one command of a block: its lines joined where they end
// in a backslash, and the exit status its trailing comment states.
type docCommand struct {
	line   int // line on the page
	text   string
	status int
}

var exitsComment = regexp.MustCompile(`\bexits (\d+)\b`)

// commands splits a shell block into its commands: a line ending in a
// backslash goes on on the next; blank lines and comments are skipped. A
// command's status is 0 unless its comment says "exits N".
func commands(b docBlock) []docCommand {
	var cmds []docCommand
	var cur *docCommand
	for i, line := range strings.Split(strings.TrimRight(b.text, "\n"), "\n") {
		if cur == nil {
			trimmed := strings.TrimSpace(line)
			if trimmed == "" || strings.HasPrefix(trimmed, "#") {
				continue
			}
			cur = &docCommand{line: b.line + 1 + i}
		}
		cur.text += line + "\n"
		if strings.HasSuffix(line, `\`) {
			continue
		}
		if _, comment := splitComment(line); comment != "" {
			if m := exitsComment.FindStringSubmatch(comment); m != nil {
				cur.status, _ = strconv.Atoi(m[1])
			}
		}
		cmds = append(cmds, *cur)
		cur = nil
	}
	if cur != nil {
		cmds = append(cmds, *cur)
	}
	return cmds
}

// splitComment splits a shell line at a # that starts a comment: after a
// space, outside quotes.
func splitComment(line string) (code, comment string) {
	var quote rune
	prev := ' '
	for i, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '#' && (prev == ' ' || prev == '\t'):
			return line[:i], line[i:]
		}
		prev = r
	}
	return line, ""
}

// shellScript returns a bash script that runs a block's commands in order
// and stops at the first whose exit status is not the one stated.
func shellScript(b docBlock) string {
	var s strings.Builder
	s.WriteString("set -o pipefail\n")
	for _, c := range commands(b) {
		s.WriteString(c.text)
		fmt.Fprintf(&s, "__status=$?; if [ \"$__status\" -ne %d ]; then echo \"%s:%d: exit status $__status, want %d\" >&2; exit 100; fi\n",
			c.status, b.page, c.line, c.status)
	}
	return s.String()
}

// docsEnv returns the environment the commands run in: the clausemark on
// $PATH, a home, data directory (and so registry) and temporary folder of
// their own inside dir, and a terminal 80 columns wide.
func docsEnv(t *testing.T, dir string) []string {
	t.Helper()
	exe, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("no %s on $PATH (TestMain puts this test binary there): %v", name, err)
	}
	for _, d := range []string{"home", "data", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, ".docs", d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return []string{
		"PATH=" + filepath.Dir(exe) + string(filepath.ListSeparator) + os.Getenv("PATH"),
		"HOME=" + filepath.Join(dir, ".docs", "home"),
		"XDG_DATA_HOME=" + filepath.Join(dir, ".docs", "data"),
		"TMPDIR=" + filepath.Join(dir, ".docs", "tmp"),
		"USER=docs",
		"COLUMNS=80",
		"LANG=C.UTF-8",
	}
}

// runBlock runs an sh block in dir and returns an error naming the block
// and the command that failed, with the output.
func runBlock(b docBlock, dir string, env []string) error {
	cmd := exec.Command("bash", "--noprofile", "--norc", "-c", shellScript(b))
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", b, err, tail(out, 40))
	}
	if bytes.Contains(bytes.ToLower(out), []byte("no such file or directory")) {
		return fmt.Errorf("%s: a command names a file that does not exist:\n%s", b, tail(out, 40))
	}
	return nil
}

// tail returns the last n lines of out.
func tail(out []byte, n int) []byte {
	lines := bytes.SplitAfter(out, []byte("\n"))
	if len(lines) <= n {
		return out
	}
	return slices.Concat(append([][]byte{[]byte("...\n")}, lines[len(lines)-n:]...)...)
}

// checkTranscript runs the command of a text block that begins "$ CMD"
// and compares what it prints, standard output and error together, with
// the rest of the block.
func checkTranscript(b docBlock, dir string, env []string) error {
	first, want, _ := strings.Cut(b.text, "\n")
	cmd := exec.Command("bash", "--noprofile", "--norc", "-c", strings.TrimPrefix(first, "$ "))
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return fmt.Errorf("%s: %v", b, err)
	}
	if string(out) != want {
		return fmt.Errorf("%s: %s prints another text:\n%s", b, first, out)
	}
	return nil
}

// copyExamples copies examples/ into dir, as a reader who runs the docs'
// commands from that folder has them.
func copyExamples(t *testing.T, dir string) {
	t.Helper()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(docsRoot, "examples"))); err != nil {
		t.Fatal(err)
	}
}

// TestDocsCommands runs every sh block of the README and docs/, each page
// in a folder of its own holding a copy of examples/, in the page's order,
// with this clausemark on $PATH. Every command exits 0 or with the status
// its comment states; a file that does not exist fails it. The shell
// blocks, not run, name only commands and flags clausemark has.
func TestDocsCommands(t *testing.T) {
	if raceEnabled {
		// The commands run this test binary, several times slower when
		// built with the race detector; they test what the docs say,
		// which the race detector does not change.
		t.Skip("the docs' commands are run without the race detector")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not installed")
	}
	for _, page := range docPages(t) {
		t.Run(page, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(docsRoot, page))
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			copyExamples(t, dir)
			env := docsEnv(t, dir)
			if err := checkFences(page, src); err != nil {
				t.Error(err)
			}
			blocks := fencedBlocks(page, src)
			if slices.ContainsFunc(blocks, func(b docBlock) bool {
				return b.lang == "sh" && strings.Contains(b.text, "$"+docsServerVar)
			}) {
				env = append(env, docsServerVar+"="+startServer(t, dir, env))
			}
			for _, b := range blocks {
				if err := checkBlock(b, dir, env); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// docsServerVar names the server's address in the docs' commands: a page
// whose sh blocks use it gets a clausemark serve of its own, on a free port
// of 127.0.0.1, sharing the page's folder and registry.
const docsServerVar = "CLAUSEMARK_URL"

// startServer starts clausemark serve for a page and returns its URL once
// it answers /healthz; the server stops when the test ends.
func startServer(t *testing.T, dir string, env []string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var log bytes.Buffer
	cmd := exec.Command(name, "serve", "--addr", addr)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	url := "http://" + addr
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	t.Fatalf("clausemark serve --addr %s did not answer /healthz within 20 s:\n%s", addr, log.String())
	return ""
}

// checkBlock runs an sh block, checks the clausemark commands of a shell
// block, and refuses a block without a language or with one the docs do
// not use.
func checkBlock(b docBlock, dir string, env []string) error {
	switch {
	case b.lang == "":
		return fmt.Errorf("%s: a fenced block without a language: sh (run by the docs test), shell (not run), text (output), yaml, markdown or json", b)
	case !docLanguages[b.lang]:
		return fmt.Errorf("%s: a fenced block of language %q: the docs use sh (run by the docs test), shell (not run), text, yaml, markdown or json", b, b.lang)
	case b.lang == "sh":
		return runBlock(b, dir, env)
	case b.lang == "text" && strings.HasPrefix(b.text, "$ "):
		return checkTranscript(b, dir, env)
	case b.lang == "shell":
		return parseCommands(b)
	}
	return shownFile(b)
}

// shownFile checks a block that shows a file of examples/: one whose first
// line is a comment naming it ("# acme.yaml: ...") holds the file as it is,
// and so does a clause, whose front matter's id names examples/ID.md.
func shownFile(b docBlock) error {
	m := regexp.MustCompile(`^# ([\w.-]+\.(?:yaml|csv|md))\b`).FindStringSubmatch(b.text)
	if c := regexp.MustCompile(`^---\nid: ([\w-]+)\n`).FindStringSubmatch(b.text); c != nil {
		m = []string{c[0], c[1] + ".md"}
	}
	if m == nil {
		return nil
	}
	want, err := os.ReadFile(filepath.Join(docsRoot, "examples", m[1]))
	if err != nil {
		return fmt.Errorf("%s: the block shows %s, which is not in examples/", b, m[1])
	}
	if b.text != string(want) {
		return fmt.Errorf("%s: the block shows %s, but not as examples/%s holds it", b, m[1], m[1])
	}
	return nil
}

// shellWords splits a command into words as a shell would, roughly:
// quotes group, a backslash escapes, and |, ;, &, >, < and a comment end
// the command at hand (each starts a new word list).
func shellWords(s string) [][]string {
	var lists [][]string
	var words []string
	var word strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, word.String())
			word.Reset()
			inWord = false
		}
	}
	end := func() {
		flush()
		if len(words) > 0 {
			lists = append(lists, words)
		}
		words = nil
	}
	var quote rune
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			word.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == '\\' && i+1 < len(rs):
			i++
			if rs[i] != '\n' {
				word.WriteRune(rs[i])
				inWord = true
			}
		case r == '#' && !inWord:
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
			end()
		case strings.ContainsRune("|;&<>\n", r):
			end()
		case r == ' ' || r == '\t':
			flush()
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	end()
	return lists
}

// parseCommands checks each clausemark command of a block that is not
// run: its command path and its flags exist.
func parseCommands(b docBlock) error {
	for _, c := range commands(b) {
		for _, words := range shellWords(c.text) {
			i := slices.Index(words, name)
			if i < 0 {
				continue
			}
			if err := parseCommand(words[i+1:]); err != nil {
				return fmt.Errorf("%s:%d: %s: %v", b.page, c.line, strings.Join(words[i:], " "), err)
			}
		}
	}
	return nil
}

// parseCommand parses args as clausemark would, without running them.
func parseCommand(args []string) error {
	root := newRoot(&env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard})
	root.InitDefaultCompletionCmd()
	c, rest, err := root.Find(args)
	if err != nil {
		return err
	}
	if word := commandWord(c, rest); c.HasSubCommands() && word != "" {
		return &unknownCommandError{parent: c, word: word}
	}
	return c.ParseFlags(rest)
}

// checkFences checks that each fenced block of a page is closed by a bare
// fence: a fence with a language inside a block is no closing fence, and
// leaves the block open over the text after it.
func checkFences(page string, src []byte) error {
	open := 0
	for i, line := range strings.Split(string(src), "\n") {
		if !strings.HasPrefix(line, "```") {
			continue
		}
		switch {
		case open == 0:
			open = i + 1
		case line == "```":
			open = 0
		default:
			return fmt.Errorf("%s:%d: %q inside the block opened at line %d; close that block with a bare ``` first", page, i+1, line, open)
		}
	}
	if open != 0 {
		return fmt.Errorf("%s:%d: the block opened here is never closed", page, open)
	}
	return nil
}

// TestDocsFences: a fence with a language inside a block, or a block left
// open, fails the page.
func TestDocsFences(t *testing.T) {
	for _, tc := range []struct {
		page string
		ok   bool
	}{
		{"```sh\nls\n```\n\ntext\n\n```text\nout\n```\n", true},
		{"```sh\nls\n```text\n\ntext\n", false},
		{"```sh\nls\n", false},
	} {
		if err := checkFences("p.md", []byte(tc.page)); (err == nil) != tc.ok {
			t.Errorf("%q: error %v, want ok %v", tc.page, err, tc.ok)
		}
	}
}

// TestDocsRunnerCatches: the docs test fails a page whose command names a
// file or a flag that does not exist, or exits with another status than
// the one its comment states, and one whose unrun commands name a flag or
// command clausemark lacks.
func TestDocsRunnerCatches(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not installed")
	}
	dir := t.TempDir()
	copyExamples(t, dir)
	env := docsEnv(t, dir)
	for _, tc := range []struct {
		page string
		fail bool
	}{
		{"```sh\nclausemark render --vars acme.yaml -o acme.md\nclausemark diff opsium ojoo   # exits 1: they differ\n```\n", false},
		{"```sh\nclausemark render --vars nosuch.yaml   # exits 1\n```\n", true},
		{"```sh\nclausemark render --variant opsium --no-such-flag\n```\n", true},
		{"```sh\nclausemark diff opsium ojoo\n```\n", true},
		{"```sh\nclausemark diff opsium ojoo   # exits 1\nclausemark diff opsium opsium   # exits 1\n```\n", true},
		{"```sh\nclausemark render \\\n  --variant opsium \\\n  -o opsium.md\n```\n", false},
		{"```shell\nclausemark serve --addr 127.0.0.1:8080 --auth header:X-Forwarded-User\n```\n", false},
		{"```shell\nexport X=1\nclausemark serve --no-such-flag | head\n```\n", true},
		{"```shell\nclausemark srve\n```\n", true},
		{"```shell\nclausemark registry lst\n```\n", true},
		{"```\nclausemark render\n```\n", true},
		{"```bash\nclausemark render\n```\n", true},
		{"```text\nclausemark render --nothing\n```\n", false},
		{"```text\n$ clausemark render --nothing\nclausemark: error: unknown flag: --nothing\n```\n", true},
		{"```text\n$ clausemark templates --no-such-flag\n" + runOutput(t, dir, env, "clausemark templates --no-such-flag") + "```\n", false},
		{"```yaml\n# acme.yaml: a new processor\nvariant: ojoo\n```\n", true},
		{"```yaml\n# nosuch.yaml: a file\nvariant: ojoo\n```\n", true},
		{"```yaml\n# acme.yaml\n" + mustRead(t, "../../examples/acme.yaml") + "```\n", true},
		{"```yaml\n" + mustRead(t, "../../examples/acme.yaml") + "```\n", false},
		{"```markdown\n" + mustRead(t, "../../examples/cookies.md") + "```\n", false},
		{"```markdown\n---\nid: cookies\ntitle: Other\n---\n```\n", true},
	} {
		var errs []error
		for _, b := range fencedBlocks("test.md", []byte(tc.page)) {
			if err := checkBlock(b, dir, env); err != nil {
				errs = append(errs, err)
			}
		}
		if got := len(errs) > 0; got != tc.fail {
			t.Errorf("%q: failed %v (%v), want %v", tc.page, got, errs, tc.fail)
		}
	}
}

// runOutput returns what a command prints in dir.
func runOutput(t *testing.T, dir string, env []string, command string) string {
	t.Helper()
	cmd := exec.Command("bash", "-c", command)
	cmd.Dir, cmd.Env = dir, env
	out, _ := cmd.CombinedOutput()
	return string(out)
}

// mustRead returns the text of a file.
func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDocsCommandsSplit: commands are split at lines, joined at a
// trailing backslash, and take the status their comment states.
func TestDocsCommandsSplit(t *testing.T) {
	b := docBlock{page: "p.md", line: 10, lang: "sh", text: "# a comment\nclausemark a \\\n  --b   # exits 2\n\nclausemark c '# not a comment, exits 3'\n"}
	got := commands(b)
	want := []docCommand{
		{line: 12, text: "clausemark a \\\n  --b   # exits 2\n", status: 2},
		{line: 15, text: "clausemark c '# not a comment, exits 3'\n", status: 0},
	}
	if !slices.Equal(got, want) {
		t.Errorf("commands = %#v, want %#v", got, want)
	}
}

// machineDefaults are the flags whose default depends on the machine the
// reference is generated on, with what the reference says instead.
var machineDefaults = map[string]struct{ value, says string }{
	"jobs": {strconv.Itoa(runtime.NumCPU()), "the number of CPUs"},
}

// cliReference writes the CLI reference to dir with cobra's generator: a
// page per command, each headed by a line that says how it is made, with
// no date, so that the same program gives the same pages.
func cliReference(t *testing.T, dir string) {
	t.Helper()
	root := newRoot(&env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard})
	root.InitDefaultCompletionCmd()
	root.DisableAutoGenTag = true
	var visit func(c *cobra.Command)
	visit = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if m, ok := machineDefaults[f.Name]; ok {
				if f.DefValue != m.value {
					t.Fatalf("--%s defaults to %s, not %s: update machineDefaults", f.Name, f.DefValue, m.value)
				}
				f.DefValue = "0"
				f.Usage += " (default: " + m.says + ")"
			}
		})
		for _, sub := range c.Commands() {
			visit(sub)
		}
	}
	visit(root)
	header := func(string) string {
		return "<!-- Generated from clausemark's help by go test ./cmd/clausemark -run Docs -update; do not edit. -->\n\n"
	}
	if err := doc.GenMarkdownTreeCustom(root, dir, header, func(s string) string { return s }); err != nil {
		t.Fatal(err)
	}
}

// TestDocsCLIReference keeps docs/reference/cli equal to what cobra's
// generator writes from the commands' help; -update rewrites it.
func TestDocsCLIReference(t *testing.T) {
	gen := t.TempDir()
	cliReference(t, gen)
	want := readTree(t, gen)
	dir := filepath.Join(docsRoot, cliDocsDir)
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(dir, os.DirFS(gen)); err != nil {
			t.Fatal(err)
		}
		return
	}
	got := readTree(t, dir)
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s/%s is missing", cliDocsDir, name)
		case g != w:
			t.Errorf("%s/%s differs from the commands' help", cliDocsDir, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s/%s is not a command's page", cliDocsDir, name)
		}
	}
	if t.Failed() {
		t.Log("run go test ./cmd/clausemark -run Docs -update")
	}
}

// readTree returns the files of dir by name; a missing dir has none.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(b)
	}
	return files
}

// TestDocsLinks: every relative link and picture of the README and docs/
// (the CLI reference included) names a file that exists, and a link to a
// section names a heading of its page, as GitHub makes the anchors.
func TestDocsLinks(t *testing.T) {
	pages := docPages(t)
	cli, err := filepath.Glob(filepath.Join(docsRoot, cliDocsDir, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range cli {
		rel, _ := filepath.Rel(docsRoot, p)
		pages = append(pages, filepath.ToSlash(rel))
	}
	anchors := map[string]map[string]bool{}
	for _, page := range pages {
		src, err := os.ReadFile(filepath.Join(docsRoot, page))
		if err != nil {
			t.Fatal(err)
		}
		for _, dest := range links(src) {
			if err := checkLink(page, dest, anchors); err != nil {
				t.Errorf("%s: link %s: %v", page, dest, err)
			}
		}
	}
}

// links returns the destinations of a page's links and pictures.
func links(src []byte) []string {
	root := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	var dests []string
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			dests = append(dests, string(n.Destination))
		case *ast.Image:
			dests = append(dests, string(n.Destination))
		}
		return ast.WalkContinue, nil
	})
	return dests
}

var linkScheme = regexp.MustCompile(`^[a-z][a-z0-9+.-]*:`)

// checkLink checks one destination of page; anchors caches each page's
// headings' anchors.
func checkLink(page, dest string, anchors map[string]map[string]bool) error {
	if linkScheme.MatchString(dest) {
		return nil // a URL, not checked here
	}
	file, frag, _ := strings.Cut(dest, "#")
	target := page
	if file != "" {
		target = filepath.ToSlash(filepath.Join(filepath.Dir(page), file))
		if _, err := os.Stat(filepath.Join(docsRoot, target)); err != nil {
			return fmt.Errorf("no file %s", target)
		}
	}
	if frag == "" {
		return nil
	}
	if !strings.HasSuffix(target, ".md") {
		return fmt.Errorf("a section of %s, which is not a Markdown page", target)
	}
	if anchors[target] == nil {
		src, err := os.ReadFile(filepath.Join(docsRoot, target))
		if err != nil {
			return err
		}
		anchors[target] = headingAnchors(src)
	}
	if !anchors[target][frag] {
		return fmt.Errorf("%s has no heading whose anchor is #%s", target, frag)
	}
	return nil
}

// headingAnchors returns the anchors GitHub gives a page's headings: the
// text in lower case, without punctuation, spaces as hyphens, and -1, -2
// after a repeated one.
func headingAnchors(src []byte) map[string]bool {
	root := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	seen := map[string]int{}
	anchors := map[string]bool{}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		a := slug(headingText(h, src))
		if k := seen[a]; k > 0 {
			anchors[fmt.Sprintf("%s-%d", a, k)] = true
		} else {
			anchors[a] = true
		}
		seen[a]++
		return ast.WalkSkipChildren, nil
	})
	return anchors
}

// headingText returns the text of a heading, without its markup.
func headingText(n ast.Node, src []byte) string {
	var s strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			s.Write(c.Segment.Value(src))
		case *ast.String:
			s.Write(c.Value)
		case *ast.CodeSpan:
			for i := c.FirstChild(); i != nil; i = i.NextSibling() {
				if t, ok := i.(*ast.Text); ok {
					s.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return s.String()
}

// slug makes a heading's anchor as GitHub does.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestSlug: anchors as GitHub makes them from the docs' headings.
func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"The Word copy (DOCX)":                          "the-word-copy-docx",
		"Agreements issued: history, downloads, verify": "agreements-issued-history-downloads-verify",
		"clausemark batch":                              "clausemark-batch",
		"Values, files, exit status":                    "values-files-exit-status",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDocsLinkCheck: the link check fails a missing page or section.
func TestDocsLinkCheck(t *testing.T) {
	anchors := map[string]map[string]bool{}
	for _, tc := range []struct {
		page, dest string
		ok         bool
	}{
		{"docs/lawyer.md", "library.md#a-house-style", true},
		{"README.md", "docs/ojoo-pages.png", true},
		{"README.md", "examples", true},
		{"README.md", "https://example.com/nowhere", true},
		{"docs/lawyer.md", "library.md#no-such-section", false},
		{"README.md", "docs/no-such-page.md", false},
		{"docs/lawyer.md", "#no-such-section", false},
		{"README.md", "docs/ojoo-pages.png#x", false},
	} {
		if err := checkLink(tc.page, tc.dest, anchors); (err == nil) != tc.ok {
			t.Errorf("%s: %s: error %v, want ok %v", tc.page, tc.dest, err, tc.ok)
		}
	}
}

// TestDocsREADMETestCommand: the test command of the README's set-up is
// one .ci/run runs, word for word.
func TestDocsREADMETestCommand(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(docsRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile(filepath.Join(docsRoot, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	var found string
	for _, b := range fencedBlocks("README.md", readme) {
		for _, c := range commands(b) {
			code, _ := splitComment(strings.TrimSpace(c.text))
			if strings.HasPrefix(code, "go test") {
				found = strings.TrimSpace(code)
				break
			}
		}
		if found != "" {
			break
		}
	}
	if found == "" {
		t.Fatal("README.md gives no go test command")
	}
	if !slices.Contains(strings.Split(string(ci), "\n"), found) {
		t.Errorf("README.md's test command %q is not a line of .ci/run", found)
	}
}
