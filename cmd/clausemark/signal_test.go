package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
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
	for i := range 120000 { // about 13 MB, a few seconds of layout
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
	time.Sleep(200 * time.Millisecond)
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

// TestSecondSignalKills runs this test binary as a process that takes the
// first SIGINT and then ignores its context, as work would that is stuck:
// the second SIGINT must end it.
func TestSecondSignalKills(t *testing.T) {
	if os.Getenv("CLAUSEMARK_SIGNAL_HELPER") == "1" {
		ctx, stop := notifyContext(context.Background())
		defer stop()
		fmt.Println("ready")
		<-ctx.Done()
		fmt.Println("cancelled")
		time.Sleep(time.Minute) // stuck: only the second signal ends this
		os.Exit(0)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSecondSignalKills$")
	cmd.Env = append(os.Environ(), "CLAUSEMARK_SIGNAL_HELPER=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	expect := func(want string) {
		t.Helper()
		for lines.Scan() {
			if lines.Text() == want {
				return
			}
		}
		cmd.Process.Kill()
		t.Fatalf("the helper never printed %q", want)
	}
	expect("ready")
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	expect("cancelled")
	// The handler is reset right after the context is cancelled; give it a
	// moment, then send the second signal.
	var state *os.ProcessState
	for range 50 {
		time.Sleep(20 * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			break // already gone
		}
	}
	err = cmd.Wait()
	state = cmd.ProcessState
	ws, ok := state.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Fatalf("the helper ended with %v (%v), want death by SIGINT", state, err)
	}
}
