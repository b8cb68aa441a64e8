package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// openTerminal opens a pseudo-terminal and returns the end a program
// writes to, which term.IsTerminal takes for a terminal; what is written
// to it is read and dropped.
func openTerminal(t *testing.T) *os.File {
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
	// What the program shows on the terminal is read and dropped, so that
	// it never waits on a full terminal.
	go io.Copy(io.Discard, ptmx)
	return tty
}

// TestBinaryNotToTerminal: a PDF or a Word file asked for on standard
// output that is a terminal is refused as a usage error (status 2),
// naming -o, before anything is written; text formats go to the
// terminal as they are.
func TestBinaryNotToTerminal(t *testing.T) {
	tty := openTerminal(t)
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
