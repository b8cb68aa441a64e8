package main

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// maxInitBytes bounds what each of Clausemark's packages allocates as the
// program starts, before main runs: its package-level variables'
// initialisers and init functions. Every process pays for them, whatever
// its command, so tables, patterns, parsers and templates are built on
// first use (sync.OnceValue) instead. One goldmark parser (about 18 KB)
// or a map of a few hundred entries built at start-up exceeds it.
const maxInitBytes = 16 << 10

// initLine is a line of the runtime's GODEBUG=inittrace=1 report: "init
// PACKAGE @T ms, D ms clock, B bytes, A allocs".
var initLine = regexp.MustCompile(`^init (\S+) @\S+ ms, \S+ ms clock, (\d+) bytes, (\d+) allocs$`)

// TestStartupInits runs clausemark --version with the runtime's report of
// each package's initialisation, and checks that none of Clausemark's own
// packages that the program links allocates more than maxInitBytes at
// start-up. (The clausemark on $PATH is this test binary, which links the
// tests' helper packages too; go list names the program's own.)
func TestStartupInits(t *testing.T) {
	bin := clausemarkBin(t)
	list, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	linked := map[string]bool{}
	for _, p := range strings.Fields(string(list)) {
		linked[p] = true
	}
	cmd := exec.Command(bin, "--version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("clausemark --version: %v\n%s", err, stderr.Bytes())
	}
	if !strings.HasPrefix(stdout.String(), "clausemark version ") {
		t.Fatalf("clausemark --version printed %q", stdout.String())
	}
	seen := 0
	for _, line := range strings.Split(stderr.String(), "\n") {
		m := initLine.FindStringSubmatch(line)
		if m == nil || !linked[m[1]] || !strings.HasPrefix(m[1], "github.com/clausemark/clausemark/internal/") {
			continue
		}
		seen++
		n, _ := strconv.Atoi(m[2])
		if n > maxInitBytes {
			t.Errorf("package %s allocates %d bytes (%s allocations) at start-up, more than %d: build its package-level tables, patterns and templates on first use", m[1], n, m[3], maxInitBytes)
		}
	}
	// The report names only packages with initialisation to do; the
	// library's packages have some (their errors, at least).
	if seen == 0 {
		t.Fatalf("GODEBUG=inittrace=1 reported no package of Clausemark's:\n%s", stderr.Bytes())
	}
}
