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
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// clausemarkBin is the clausemark command on $PATH: testscript.Main (see
// TestMain) puts a copy of this test binary there under that name, which
// runs main, so the end-to-end tests run the code under test without a
// build of their own. Under the race detector that copy is instrumented
// too, many times slower over a batch's rows, so the tests that run it
// are left to go test without -race, as CI runs it.
func clausemarkBin(t *testing.T) string {
	t.Helper()
	if raceEnabled {
		t.Skip("clausemark is built with the race detector; go test without -race runs this")
	}
	bin, err := exec.LookPath("clausemark")
	if err != nil {
		t.Fatalf("no clausemark on $PATH, which TestMain puts there: %v", err)
	}
	return bin
}

// TestInterruptStopsPDF sends SIGINT to clausemark pdf while it lays out a
// long document: it stops with exit status 130, says why, and writes no
// file.
func TestInterruptStopsPDF(t *testing.T) {
	bin := clausemarkBin(t)
	dir := t.TempDir()
	var md strings.Builder
	md.WriteString("# A Long Agreement\n\n")
	// About 3.9 MB in 1,038 pages, within the bounds of what pdf lays out
	// (4 MiB, 100,000 lines, 2,000 pages), and a few tenths of a second of
	// layout after the read.
	for i := range 4000 {
		for range 9 {
			md.WriteString("The Processor shall process Personal Data only on documented instructions from the Controller, clause ")
			md.WriteString(strings.Repeat("x", i%7))
			md.WriteString(". ")
		}
		md.WriteString("\n\n")
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
	// main installs its handler before the command reads its input: once
	// the process has read the whole file it is laying out.
	waitRead(t, cmd.Process.Pid, int64(md.Len()))
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

// waitRead waits until process pid has read at least n bytes, as Linux
// counts them in /proc/PID/io; where there is no such file, it gives the
// process a moment.
func waitRead(t *testing.T, pid int, n int64) {
	t.Helper()
	io := fmt.Sprintf("/proc/%d/io", pid)
	if _, err := os.Stat(io); err != nil {
		time.Sleep(200 * time.Millisecond)
		return
	}
	for {
		data, err := os.ReadFile(io)
		stat, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)) // "pid (name) state ..."
		if state := string(stat[strings.LastIndex(string(stat), ")")+1:]); err != nil || strings.HasPrefix(state, " Z") {
			t.Fatalf("the process ended before it read its input (%v)", err)
		}
		for line := range strings.Lines(string(data)) {
			v, ok := strings.CutPrefix(line, "rchar: ")
			if r, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); ok && err == nil && r >= n {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
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

// TestInterruptWhileReading sends one SIGINT to commands waiting on an
// input that never comes (standard input left open, a fifo nobody
// writes to): each stops with exit status 130 and writes no file.
func TestInterruptWhileReading(t *testing.T) {
	bin := clausemarkBin(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.md")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no fifo here:", err)
	}
	out := filepath.Join(dir, "out")
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"render --vars - ", []string{"render", "--variant", "opsium", "--vars", "-", "-o", out + ".md"}},
		{"pdf on a fifo", []string{"pdf", fifo, "-o", out + ".pdf"}},
		{"batch --data on a fifo", []string{"batch", "--variant", "opsium", "--data", fifo, "--data-format", "csv", "--out", out}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			cmd.Env = withRegistry(filepath.Join(t.TempDir(), "registry.db"))
			stdin, err := cmd.StdinPipe() // open, and never written to
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond) // the handler is in place long before
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatal("still running 10 s after one SIGINT")
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 130 {
				t.Errorf("exit %v, want status 130", err)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "fifo.md" {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
}
