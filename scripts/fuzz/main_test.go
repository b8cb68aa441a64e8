package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWatch feeds the fuzzer's reports to the watch: a stall is
// executions that do not grow for longer than the stall, after the first
// report of executions; the baseline and other lines are not reports.
func TestWatch(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		stall int // index of the line that reports the stall; -1 for none
	}{
		{"steady", []string{
			"fuzz: elapsed: 0s, gathering baseline coverage: 0/27 completed",
			"fuzz: elapsed: 1s, gathering baseline coverage: 27/27 completed, now fuzzing with 2 workers",
			"fuzz: elapsed: 3s, execs: 713 (238/sec), new interesting: 14 (total: 41)",
			"fuzz: elapsed: 6s, execs: 918 (68/sec), new interesting: 18 (total: 45)",
			"fuzz: elapsed: 9s, execs: 2088 (390/sec), new interesting: 39 (total: 66)",
			"PASS",
		}, -1},
		{"one report at zero, as a short minimization gives", []string{
			"fuzz: elapsed: 3s, execs: 100 (33/sec), new interesting: 0 (total: 27)",
			"fuzz: elapsed: 6s, execs: 100 (0/sec), new interesting: 0 (total: 27)",
			"fuzz: elapsed: 8s, execs: 100 (0/sec), new interesting: 0 (total: 27)",
			"fuzz: elapsed: 9s, execs: 2988 (2190/sec), new interesting: 0 (total: 27)",
		}, -1},
		{"stalled", []string{
			"fuzz: elapsed: 9s, execs: 2583 (793/sec), new interesting: 4 (total: 254)",
			"fuzz: elapsed: 12s, execs: 8183 (1866/sec), new interesting: 5 (total: 255)",
			"fuzz: elapsed: 15s, execs: 8183 (0/sec), new interesting: 5 (total: 255)",
			"fuzz: elapsed: 18s, execs: 8183 (0/sec), new interesting: 5 (total: 255)",
			"fuzz: elapsed: 21s, execs: 8183 (0/sec), new interesting: 5 (total: 255)",
		}, 3},
		{"stalled past a minute", []string{
			"fuzz: elapsed: 57s, execs: 28 (0/sec), new interesting: 0 (total: 27)",
			"fuzz: elapsed: 1m0s, execs: 28 (0/sec), new interesting: 0 (total: 27)",
			"fuzz: elapsed: 1m3s, execs: 28 (0/sec), new interesting: 0 (total: 27)",
		}, 2},
		{"zero from the start", []string{
			"fuzz: elapsed: 1s, gathering baseline coverage: 27/27 completed, now fuzzing with 1 workers",
			"fuzz: elapsed: 3s, execs: 11 (4/sec), new interesting: 0 (total: 27)",
			"fuzz: elapsed: 6s, execs: 11 (0/sec), new interesting: 0 (total: 27)",
			"fuzz: elapsed: 9s, execs: 11 (0/sec), new interesting: 0 (total: 27)",
		}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := &watch{stall: 5 * time.Second}
			got := -1
			for i, l := range tc.lines {
				if s := w.line(l); s != "" {
					got = i
					if !strings.Contains(s, "none for") {
						t.Errorf("stall reported as %q", s)
					}
					break
				}
			}
			if got != tc.stall {
				t.Fatalf("stall at line %d, want %d", got, tc.stall)
			}
		})
	}
}

// fakeModule writes the module of testdata/hang in a folder of its own,
// where the fuzzer may write its inputs.
func fakeModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for from, to := range map[string]string{"go.mod.txt": "go.mod", "hang_test.go.txt": "hang_test.go"} {
		b, err := os.ReadFile(filepath.Join("testdata", "hang", from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestRun fuzzes a target that returns at once, and one whose workers
// stop returning: the first passes; the second is reported as stalled,
// the fuzzer writes the input a worker was running, and run ends with
// status 1 long before the fuzz time.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and fuzzes a module")
	}
	for _, tc := range []struct {
		name   string
		hang   bool
		status int
	}{
		{"steady", false, 0},
		{"hangs", true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := fakeModule(t)
			fuzztime := "4s"
			if tc.hang {
				fuzztime = "10m"
			}
			cmd := exec.Command("go", "test", "-run", "^$", "-fuzz", "^FuzzHang$", "-fuzztime", fuzztime, "-fuzzminimizetime", "1s", "-parallel", "1", ".")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
			if tc.hang {
				cmd.Env = append(cmd.Env, "HANG=1")
			}
			var out bytes.Buffer
			if got := run(cmd, &out, 4*time.Second); got != tc.status {
				t.Fatalf("status %d, want %d; output:\n%s", got, tc.status, out.String())
			}
			stalled := strings.Contains(out.String(), "fuzz: stalled: ")
			if stalled != tc.hang {
				t.Fatalf("stall reported: %v, want %v; output:\n%s", stalled, tc.hang, out.String())
			}
			if !tc.hang {
				return
			}
			saved, _ := filepath.Glob(filepath.Join(dir, "testdata", "fuzz", "FuzzHang", "*"))
			if len(saved) == 0 || !strings.Contains(out.String(), "Failing input written to testdata/fuzz/FuzzHang/") {
				t.Fatalf("no input saved (%v); output:\n%s", saved, out.String())
			}
		})
	}
}

// TestEnding tells the coordinator's race at -fuzztime (a bare "context
// deadline exceeded", nothing saved) from a finding.
func TestEnding(t *testing.T) {
	for _, tc := range []struct {
		name string
		out  string
		race bool
	}{
		{"race at the deadline", "fuzz: elapsed: 4s, execs: 118538 (33530/sec)\n--- FAIL: FuzzHang (4.04s)\n    context deadline exceeded\nFAIL\nexit status 1\n", true},
		{"an input past the target's deadline", "--- FAIL: FuzzMarkdown (31.2s)\n    --- FAIL: FuzzMarkdown (3.00s)\n        fuzz_test.go:40: a 90-byte input took more than 3s: context deadline exceeded\n\n    Failing input written to testdata/fuzz/FuzzMarkdown/1a2b\n", false},
		{"a panic", "--- FAIL: FuzzDOCX (2.1s)\n    context deadline exceeded\npanic: runtime error: index out of range\n", false},
		{"a saved input", "--- FAIL: FuzzDOCX (2.1s)\n    context deadline exceeded\n    Failing input written to testdata/fuzz/FuzzDOCX/9f\n", false},
		{"another failure", "--- FAIL: FuzzDOCX (2.1s)\n    fuzz_test.go:9: wrong bytes\n", false},
		{"no failure", "ok  \tx\t4.1s\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e ending
			for _, l := range strings.Split(tc.out, "\n") {
				e.line(l)
			}
			if got := e.deadlineRace(); got != tc.race {
				t.Errorf("deadlineRace() = %v, want %v", got, tc.race)
			}
		})
	}
}
