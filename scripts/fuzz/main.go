// Command fuzz runs one fuzz target, as .ci/run does, and fails when it
// stalls: when the executions the fuzzer reports stop growing for longer
// than -stall. Go's fuzzing has no deadline per input, and an input that
// takes a minute (or a minimization that runs for one) holds the count at
// zero per second while the run still passes at its -fuzztime.
//
//	go run ./scripts/fuzz -pkg ./internal/render/pdf -target FuzzMarkdown -fuzztime 30s
//
// It prints the fuzzer's output as it comes. On a stall it prints when
// the executions last grew, sends SIGQUIT to the fuzzer's worker processes
// so that the fuzzer writes the input each was running under
// testdata/fuzz/<target>/ and names it, stops the run and exits 1. The
// fuzzer's own failures exit 1 as well.
//
// Minimizing an input that found new coverage also holds the count (the
// executions of a minimization are counted when it ends), and at Go's
// default of 60 s per input it took most of a short run: FuzzDOCX made
// 2 executions a second with minimizations of 2 s, 45 with none. The
// fuzzer runs with -fuzzminimizetime set by -minimize, 10 executions by
// default: an input found failing is saved as found, or nearly.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	pkg := flag.String("pkg", "", "the package holding the fuzz target, e.g. ./internal/render/pdf")
	target := flag.String("target", "", "the fuzz target, e.g. FuzzMarkdown")
	fuzztime := flag.Duration("fuzztime", 30*time.Second, "how long to fuzz")
	stall := flag.Duration("stall", 5*time.Second, "fail when the executions do not grow for longer than this")
	minimize := flag.String("minimize", "10x", "the fuzzer's -fuzzminimizetime: a time, or a count of executions as Nx")
	parallel := flag.Int("parallel", 0, "the fuzzer's -parallel (0: its default, GOMAXPROCS)")
	flag.Parse()
	if *pkg == "" || *target == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: fuzz -pkg PACKAGE -target FuzzName [-fuzztime 30s] [-stall 5s] [-minimize 10x] [-parallel N]")
		os.Exit(2)
	}
	if d, err := time.ParseDuration(*minimize); err == nil && d >= *stall {
		fmt.Fprintf(os.Stderr, "fuzz: -minimize %v must be shorter than -stall %v: a minimization holds the count\n", d, *stall)
		os.Exit(2)
	}
	args := []string{"test", "-run", "^$", "-fuzz", "^" + regexp.QuoteMeta(*target) + "$",
		"-fuzztime", fuzztime.String(), "-fuzzminimizetime", *minimize}
	if *parallel > 0 {
		args = append(args, "-parallel", strconv.Itoa(*parallel))
	}
	args = append(args, *pkg)
	os.Exit(run(exec.Command("go", args...), os.Stdout, *stall))
}

// run runs cmd, copying its output to out, and returns the exit status:
// cmd's, or 1 when the fuzzer stalled.
func run(cmd *exec.Cmd, out io.Writer, stall time.Duration) int {
	// The fuzzer and its workers in a process group of their own, to find
	// the workers and stop them all.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(out, "fuzz: %v\n", err)
		return 1
	}
	exited := make(chan error, 1)
	go func() {
		err := cmd.Wait()
		pw.Close()
		exited <- err
	}()
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		_, _ = io.Copy(io.Discard, pr) // a line past 1 MiB: keep the fuzzer unblocked
	}()
	w := &watch{stall: stall}
	// The fuzzer reports every 3 s; silence for longer than that and the
	// stall is a stall too.
	silence := time.NewTimer(time.Hour)
	defer silence.Stop()
	var stalled string
	var end ending
	for stalled == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				st := status(<-exited)
				if st != 0 && end.deadlineRace() {
					fmt.Fprintln(out, "fuzz: the fuzzer ended at its -fuzztime with a bare \"context deadline exceeded\" and saved no input: the race of Go's fuzzing coordinator at its deadline (go.dev/issue/75804, fixed in Go 1.27), not a finding")
					return 0
				}
				return st
			}
			fmt.Fprintln(out, l)
			end.line(l)
			if stalled = w.line(l); stalled == "" && w.started {
				silence.Reset(3*time.Second + stall)
			}
		case <-silence.C:
			stalled = fmt.Sprintf("no report from the fuzzer for %v after %s", 3*time.Second+stall, w.last)
		}
	}
	fmt.Fprintf(out, "fuzz: stalled: %s\n", stalled)
	// A worker that dies makes the fuzzer write the input it was running
	// and name it; then the run ends.
	quit := workers(cmd.Process.Pid)
	for _, pid := range quit {
		_ = syscall.Kill(pid, syscall.SIGQUIT)
	}
	fmt.Fprintf(out, "fuzz: sent SIGQUIT to %d worker processes, for the fuzzer to save what each was running\n", len(quit))
	deadline := time.After(15 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				<-exited
				return 1
			}
			fmt.Fprintln(out, l)
		case <-deadline:
			// The fuzzer did not end: stop it and its workers.
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			return 1
		}
	}
}

// ending reads how a fuzz run ended from its output.
type ending struct {
	prevFail     bool // the last line was "--- FAIL: FuzzX (Ns)"
	deadlineFail bool // a failure whose whole message is "context deadline exceeded"
	other        bool // any other failure, or a saved input
}

func (e *ending) line(l string) {
	t := strings.TrimSpace(l)
	switch {
	case e.prevFail && t == "context deadline exceeded":
		e.deadlineFail = true
	case e.prevFail, strings.Contains(l, "Failing input written to"), strings.HasPrefix(t, "panic:"):
		e.other = true
	}
	e.prevFail = strings.HasPrefix(t, "--- FAIL: ")
}

// deadlineRace reports a run that failed only with the bare "context
// deadline exceeded" that Go's fuzzing coordinator (before Go 1.27) may
// report when its -fuzztime runs out while a worker is mid-execution: no
// input saved, no other failure. An input past the targets' own deadline
// (internal/render/fuzzdeadline) fails with a message of its own and is
// saved, so it is never taken for this.
func (e *ending) deadlineRace() bool { return e.deadlineFail && !e.other }

// status is the exit status of a command that ended with err.
func status(err error) int {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee) && ee.ExitCode() > 0:
		return ee.ExitCode()
	default:
		return 1
	}
}

// report is a line of the fuzzer's progress:
// "fuzz: elapsed: 12s, execs: 8183 (1866/sec), new interesting: 5 (total: 255)".
var report = regexp.MustCompile(`^fuzz: elapsed: (\S+), execs: (\d+) \((\d+)/sec\)`)

// watch follows the fuzzer's reports.
type watch struct {
	stall   time.Duration
	started bool          // a report of executions has been seen
	execs   int64         // the executions at the last report
	since   time.Duration // elapsed when the executions last grew
	last    string        // the last report
}

// line reads one line of the fuzzer's output and returns, when the
// executions have not grown for longer than the stall, what it saw.
func (w *watch) line(l string) string {
	m := report.FindStringSubmatch(l)
	if m == nil {
		return ""
	}
	elapsed, err := time.ParseDuration(m[1])
	if err != nil {
		return ""
	}
	execs, err := strconv.ParseInt(m[2], 10, 64)
	if err != nil {
		return ""
	}
	w.last = strings.TrimPrefix(l, "fuzz: ")
	if !w.started || execs != w.execs {
		w.started, w.execs, w.since = true, execs, elapsed
		return ""
	}
	if elapsed-w.since > w.stall {
		return fmt.Sprintf("%d executions from elapsed %v to %v: none for %v, more than %v", execs, w.since, elapsed, elapsed-w.since, w.stall)
	}
	return ""
}

// workers returns the fuzz worker processes in the process group pgid:
// the test binary run with -test.fuzzworker.
func workers(pgid int) []int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var out []int
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
		i := strings.LastIndexByte(string(b), ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) < 3 || f[2] != strconv.Itoa(pgid) {
			continue
		}
		dir := filepath.Dir(p)
		cmdline, err := os.ReadFile(filepath.Join(dir, "cmdline"))
		if err != nil || !strings.Contains(string(cmdline), "-test.fuzzworker") {
			continue
		}
		if pid, err := strconv.Atoi(filepath.Base(dir)); err == nil {
			out = append(out, pid)
		}
	}
	return out
}
