package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds clausemark into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "clausemark")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestInterruptStopsPDF sends SIGINT to clausemark pdf while it lays out a
// long document: it stops with exit status 130, says why, and writes no
// file.
func TestInterruptStopsPDF(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	var md strings.Builder
	md.WriteString("# A Long Agreement\n\n")
	for i := range 40000 {
		md.WriteString("The Processor shall process Personal Data only on documented instructions from the Controller, clause ")
		md.WriteString(strings.Repeat("x", i%7))
		md.WriteString(".\n\n")
	}
	in := filepath.Join(dir, "long.md")
	if err := os.WriteFile(in, []byte(md.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "long.pdf")
	cmd := exec.Command(bin, "pdf", in, "-o", out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Give the process time to install its handler and start laying out.
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 130 {
		t.Fatalf("exit %v, want status 130; stderr:\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "context canceled") {
		t.Errorf("stderr does not say the work was cancelled:\n%s", stderr.String())
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "long.md" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
