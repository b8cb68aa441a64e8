package fuzzdeadline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// fakeT records a failure and stops the goroutine, as testing.T does.
type fakeT struct {
	testing.TB
	failed string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// runFake calls run on a fakeT in a goroutine of its own and returns the
// failure, empty when there is none, and run's error.
func runFake(d time.Duration, work func(context.Context) error) (string, error) {
	f := &fakeT{}
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		err = run(f, []byte("input"), d, work)
	}()
	<-done
	return f.failed, err
}

func TestRun(t *testing.T) {
	errBad := errors.New("bad input")
	block := make(chan struct{})
	defer close(block)
	for _, tc := range []struct {
		name     string
		work     func(context.Context) error
		wantFail string // part of the failure; empty for none
		wantErr  error
	}{
		{"in time", func(context.Context) error { return nil }, "", nil},
		{"an error in time", func(context.Context) error { return errBad }, "", errBad},
		{"stops at the deadline", func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }, "a 5-byte input took more than 20ms: context deadline exceeded", nil},
		{"ignores the deadline", func(context.Context) error { <-block; return nil }, "did not stop at its deadline", nil},
		{"panics", func(context.Context) error { panic("boom") }, "panic: boom", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			failed, err := runFake(20*time.Millisecond, tc.work)
			if tc.wantFail == "" && failed != "" || !strings.Contains(failed, tc.wantFail) {
				t.Fatalf("failure %q, want one with %q", failed, tc.wantFail)
			}
			if tc.wantFail == "" && !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
		})
	}
}

// TestDeadline is the guard outside fuzzing.
func TestDeadline(t *testing.T) {
	if got := Deadline(); got != Guard {
		t.Fatalf("Deadline() = %v when not fuzzing, want %v", got, Guard)
	}
}
