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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl-C or SIGTERM cancels the work, which then stops at
	// its next check and cleans up; restoring the default handling then
	// lets a second signal end the process at once.
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := exitCode(run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr), os.Stderr)
	stop()
	os.Exit(code)
}
