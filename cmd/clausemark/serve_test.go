package main

import (
	"errors"
	"net/http"
	"slices"
	"strings"
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

// TestServeHosts: serve answers requests naming localhost, its address
// and the --allowed-hosts names, and refuses others with 421; /healthz
// and /readyz (the registry can record) answer any.
func TestServeHosts(t *testing.T) {
	addr := startServeWith(t, testEnv(t), "--allowed-hosts", "clausemark.example.com, docs.example.com:443")
	port := addr[strings.LastIndexByte(addr, ':')+1:]
	for host, want := range map[string]int{
		"localhost:" + port:                   200,
		strings.TrimPrefix(addr, "http://"):   200,
		"clausemark.example.com":              200,
		"docs.example.com":                    200,
		"rebind.attacker.example:" + port:     421,
		"clausemark.example.com.evil.example": 421,
	} {
		req, err := http.NewRequest("GET", addr+"/api/v1/templates", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %s, want %d", host, resp.Status, want)
		}
	}
	// The probes answer any name: Kubernetes names the pod's address.
	for _, p := range []string{"/healthz", "/readyz"} {
		req, _ := http.NewRequest("GET", addr+p, nil)
		req.Host = "rebind.attacker.example:" + port
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: %s", p, resp.Status)
		}
	}
}

func TestAllowedHosts(t *testing.T) {
	for _, tc := range []struct {
		addr  string
		names []string
		want  []string
		err   string
	}{
		{"127.0.0.1:8080", nil, nil, ""},
		{":8080", nil, nil, ""},
		{"[::]:8080", nil, nil, ""},
		{"Clausemark.internal:8080", nil, []string{"clausemark.internal"}, ""},
		{":8080", []string{"a.example", " B.example:443 ", "*"}, []string{"a.example", "b.example:443", "*"}, ""},
		{":8080", []string{"http://a.example"}, nil, `--allowed-hosts: "http://a.example" is not a host name`},
		{":8080", []string{""}, nil, `--allowed-hosts: "" is not a host name`},
		{":8080", []string{"*.example.com"}, nil, `"*.example.com" is not a host name`},
	} {
		got, err := allowedHosts(tc.addr, tc.names)
		if tc.err != "" {
			var u usageError
			if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.As(err, &u) {
				t.Errorf("%s %q: error %v, want a usage error with %q", tc.addr, tc.names, err, tc.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s %q: %q %v, want %q", tc.addr, tc.names, got, err, tc.want)
		}
	}
}
