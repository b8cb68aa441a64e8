package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openTerminal opens a pseudo-terminal and returns the end a program
// writes to, which term.IsTerminal takes for a terminal, and a function
// that waits until what was written to it holds want (or 10 s pass) and
// returns it.
func openTerminal(t *testing.T) (*os.File, func(want string) string) {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { ptmx.Close() })
	if err := unix.IoctlSetPointerInt(int(ptmx.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlock the pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(int(ptmx.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("name the pseudo-terminal: %v", err)
	}
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open the pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { tty.Close() })
	// What the program shows on the terminal is read as it comes, so that
	// it never waits on a full terminal.
	var (
		mu    sync.Mutex
		shown bytes.Buffer
	)
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := ptmx.Read(buf)
			mu.Lock()
			shown.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return tty, func(want string) string {
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			mu.Lock()
			s := shown.String()
			mu.Unlock()
			if strings.Contains(s, want) || time.Now().After(deadline) {
				return s
			}
		}
	}
}

// TestBinaryNotToTerminal: a PDF or a Word file asked for on standard
// output that is a terminal is refused as a usage error (status 2),
// naming -o, before anything is written; text formats go to the
// terminal as they are.
func TestBinaryNotToTerminal(t *testing.T) {
	tty, _ := openTerminal(t)
	md := filepath.Join(t.TempDir(), "a.md")
	if err := os.WriteFile(md, []byte("# A\n\nText.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string // in the error; "" for none
	}{
		{[]string{"render", "--variant", "opsium", "--format", "pdf"}, "a PDF is a file, not text for a terminal: give -o FILE.pdf"},
		{[]string{"render", "--variant", "opsium", "--format", "docx", "-o", "-"}, "give -o FILE.docx"},
		{[]string{"pdf", md, "-o", "-"}, "a PDF is a file"},
		{[]string{"render", "--variant", "opsium", "--format", "html"}, ""},
	} {
		var stderr bytes.Buffer
		err := run(context.Background(), tc.args, testEnv(t), strings.NewReader(""), tty, &stderr)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%v: %v", tc.args, err)
			}
			continue
		}
		if got := exitCode(err, &stderr); got != 2 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: status %d, stderr %q; want 2 and %q", tc.args, got, stderr.String(), tc.want)
		}
	}
}

// TestCheckOnTerminal: on a terminal, check's report lists each problem
// once, and standard error only counts them; piped, the problems are
// also written to standard error as errors, one a line, for a log.
func TestCheckOnTerminal(t *testing.T) {
	tty, shown := openTerminal(t)
	const problem = "clauses/subprocessors.md:33"
	err := run(context.Background(), []string{"check", "--variant", "opsium"}, testEnv(t), strings.NewReader(""), tty, tty)
	if got := exitCode(err, tty); got != 1 {
		t.Errorf("status %d, want 1", got)
	}
	out := shown("problems, listed above")
	if n := strings.Count(out, problem); n != 1 || !strings.Contains(out, "clausemark: check: ") {
		t.Errorf("the terminal shows %s %d times, and %q:\n%s", problem, n, "problems, listed above", out)
	}
	var stdout, stderr bytes.Buffer
	err = run(context.Background(), []string{"check", "--variant", "opsium"}, testEnv(t), strings.NewReader(""), &stdout, &stderr)
	if got := exitCode(err, &stderr); got != 1 || !strings.Contains(stdout.String(), problem) || !strings.Contains(stderr.String(), "clausemark: error: check: "+problem) {
		t.Errorf("piped: status %d\nstdout %.300s\nstderr %.300s", got, stdout.String(), stderr.String())
	}
}
