package main

import (
	"net/http"
	"testing"
	"time"
)

// TestServe starts the server through run, as main does, waits until it
// answers, and stops it by cancelling the context, as SIGTERM does.
func TestServe(t *testing.T) {
	addr := startServe(t) // stops it by cancelling the context, and checks it stopped cleanly
	var resp *http.Response
	var err error
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if resp, err = http.Get(addr + "/healthz"); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %s", resp.Status)
	}
}
