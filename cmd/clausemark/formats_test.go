package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/catalog"
)

// startServe runs "clausemark serve" on a free loopback port, as main does,
// and returns its address; the server stops when the test ends.
func startServe(t *testing.T) string {
	t.Helper()
	return startServeWith(t, testEnv(t))
}

// startServeWith is startServe in the environment getenv, with args after
// --addr 127.0.0.1:0.
func startServeWith(t *testing.T, getenv func(string) string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), getenv, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v after shutdown", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no start-up line: %v", err)
	}
	go io.Copy(io.Discard, pr)
	_, addr, ok := strings.Cut(strings.TrimSpace(line), "serving on ")
	if !ok {
		t.Fatalf("start-up line %q", line)
	}
	return addr
}

// TestOneGenerationPath renders one document in every registered format
// through render, batch and the API, and wants the same bytes from each.
func TestOneGenerationPath(t *testing.T) {
	const customer = "Globex Überseehandel GmbH"
	reg := catalog.Formats()
	names := reg.Names()
	addr := startServe(t)

	dir := t.TempDir()
	data := filepath.Join(dir, "rows.csv")
	if err := os.WriteFile(data, []byte("customer.name\n\""+customer+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"batch", "--variant", "ojoo", "--data", data, "--out", out, "--format", strings.Join(names, ","), "--quiet"}, testEnv(t), strings.NewReader(""), io.Discard, &stderr); err != nil {
		t.Fatalf("batch: %v\n%s", err, stderr.String())
	}

	for _, f := range reg.All() {
		t.Run(f.Name, func(t *testing.T) {
			var cli, stderr bytes.Buffer
			if err := run(context.Background(), []string{"render", "--variant", "ojoo", "--set", "customer.name=" + customer, "--format", f.Name}, testEnv(t), strings.NewReader(""), &cli, &stderr); err != nil {
				t.Fatalf("render: %v\n%s", err, stderr.String())
			}
			if cli.Len() == 0 {
				t.Fatal("render wrote nothing")
			}
			batched, err := os.ReadFile(filepath.Join(out, "globex-uberseehandel-gmbh-dpa"+f.Extension))
			if err != nil {
				t.Fatal(err)
			}
			body := `{"variant":"ojoo","variables":{"customer.name":"` + customer + `"},"format":"` + f.Name + `"}`
			resp, err := http.Post(addr+"/api/v1/render", "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			api, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("API: %s\n%s", resp.Status, api)
			}
			if ct := resp.Header.Get("Content-Type"); ct != f.MediaType {
				t.Errorf("API Content-Type %q, want %q", ct, f.MediaType)
			}
			if !bytes.Equal(cli.Bytes(), batched) {
				t.Errorf("render and batch differ: %d and %d bytes", cli.Len(), len(batched))
			}
			if !bytes.Equal(cli.Bytes(), api) {
				t.Errorf("render and the API differ: %d and %d bytes", cli.Len(), len(api))
			}
		})
	}
}

// TestHelpListsFormats: the formats in render's and batch's help come from
// the registry.
func TestHelpListsFormats(t *testing.T) {
	for _, cmd := range []string{"render", "batch"} {
		var stdout bytes.Buffer
		if err := run(context.Background(), []string{cmd, "--help"}, func(string) string { return "" }, strings.NewReader(""), &stdout, io.Discard); err != nil {
			t.Fatal(err)
		}
		for _, f := range catalog.Formats().All() {
			if !strings.Contains(stdout.String(), f.Name+" ") || !strings.Contains(stdout.String(), f.Description) {
				t.Errorf("%s --help does not list %s (%s):\n%s", cmd, f.Name, f.Description, stdout.String())
			}
		}
	}
}

// TestOpenAPIFormats: the OpenAPI description offers the registry's formats.
func TestOpenAPIFormats(t *testing.T) {
	addr := startServe(t)
	resp, err := http.Get(addr + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, _ := io.ReadAll(resp.Body)
	for _, f := range catalog.Formats().All() {
		mt, _, _ := strings.Cut(f.MediaType, ";")
		if !bytes.Contains(doc, []byte(`"`+f.Name+`"`)) || !bytes.Contains(doc, []byte(`"`+mt+`"`)) {
			t.Errorf("openapi.json lacks format %s (%s)", f.Name, mt)
		}
	}
}
