// Package fuzzdeadline gives each input of a fuzz target a deadline. Go's
// fuzzing has none of its own: an input that takes a minute holds its
// worker for that minute, the executions per second fall to zero, and the
// input is never reported. [Run] runs one input's work with a context that
// is done at the deadline and fails the input when the work ran past it,
// so that the fuzzer saves it under testdata/fuzz and reports it.
package fuzzdeadline

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"
	"testing"
	"time"
)

// Fuzzing is the deadline of one input while fuzzing (go test -fuzz):
// short, so that a slow input is found. Seeds run as tests (under the race
// detector too, which is slower) get [Guard], which only stops a hang.
const (
	Fuzzing = 3 * time.Second
	Guard   = 2 * time.Minute
)

// Deadline is the deadline of one input: [Fuzzing] when the test binary is
// fuzzing, else [Guard].
func Deadline() time.Duration {
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		return Fuzzing
	}
	return Guard
}

// Run calls work with a context that is done after [Deadline] and returns
// its error. It fails t, naming the input's size, when work returns after
// the deadline (whatever it returns: usually the context's error from a
// renderer that checks it), and when work has not returned at twice the
// deadline (a path that does not check the context; it is left running).
// A panic in work fails t with its stack.
func Run(t testing.TB, input []byte, work func(ctx context.Context) error) error {
	t.Helper()
	return run(t, input, Deadline(), work)
}

func run(t testing.TB, input []byte, d time.Duration, work func(ctx context.Context) error) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	type result struct {
		err   error
		panic string
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{panic: fmt.Sprintf("%v\n%s", p, debug.Stack())}
			}
		}()
		done <- result{err: work(ctx)}
	}()
	timer := time.NewTimer(2 * d)
	defer timer.Stop()
	select {
	case r := <-done:
		if r.panic != "" {
			t.Fatalf("panic: %s", r.panic)
		}
		if ctx.Err() != nil {
			t.Fatalf("a %d-byte input took more than %v: %v", len(input), d, r.err)
		}
		return r.err
	case <-timer.C:
		t.Fatalf("a %d-byte input took more than %v and did not stop at its deadline", len(input), 2*d)
	}
	return nil
}
