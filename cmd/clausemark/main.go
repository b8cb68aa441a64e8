// Command clausemark assembles contracts from a clause library and typed
// variables. Run "clausemark help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := notifyContext(context.Background())
	code := exitCode(run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr), os.Stderr)
	stop()
	os.Exit(code)
}

// notifyContext returns a context that the first Ctrl-C or SIGTERM
// cancels: the work then stops at its next check and cleans up. Once it is
// cancelled, the signals' default handling comes back, so a second signal
// ends the process at once.
func notifyContext(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}
