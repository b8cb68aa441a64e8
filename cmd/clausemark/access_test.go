package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/registry"
	"github.com/clausemark/clausemark/internal/server"
)

// lockedBuffer is a buffer that serve's log and the test share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serveOn runs serve with args until it is serving, then stops it; it
// returns serve's log and its error (nil once it served).
func serveOn(t *testing.T, getenv func(string) string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var log lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), getenv, strings.NewReader(""), pw, &log)
		pw.Close()
	}()
	line, _ := bufio.NewReader(pr).ReadString('\n')
	go io.Copy(io.Discard, pr)
	if strings.Contains(line, "serving on") {
		cancel()
	}
	select {
	case err := <-done:
		return log.String(), err
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	return "", nil
}

// TestServeAccessRule: serve on a loopback address needs no access rule;
// beyond this machine it refuses to start without one, unless told
// --insecure-no-auth, which it logs; a token or a proxy's header is one.
func TestServeAccessRule(t *testing.T) {
	env := testEnv(t)
	withToken := func(k string) string {
		if k == tokenEnv {
			return "s3cret"
		}
		return env(k)
	}
	for _, tc := range []struct {
		name   string
		getenv func(string) string
		args   []string
		err    string // "" to serve
		log    string
	}{
		{"loopback", env, []string{"--addr", "127.0.0.1:0"}, "", `"auth":"none"`},
		{"all interfaces", env, []string{"--addr", ":0"}, "needs an access rule", ""},
		{"an address beyond", env, []string{"--addr", "0.0.0.0:0"}, "give --token", ""},
		{"overridden", env, []string{"--addr", ":0", "--insecure-no-auth"}, "", "--insecure-no-auth"},
		{"a token", withToken, []string{"--addr", ":0"}, "", `"auth":"token"`},
		{"a proxy's header", env, []string{"--addr", ":0", "--auth", "header:x-forwarded-user", "--admins", "alice"}, "", `"auth":"header X-Forwarded-User"`},
	} {
		log, err := serveOn(t, tc.getenv, tc.args...)
		if tc.err == "" {
			if err != nil || !strings.Contains(log, tc.log) {
				t.Errorf("%s: %v, log %s", tc.name, err, log)
			}
			continue
		}
		var u usageError
		if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.As(err, &u) {
			t.Errorf("%s: %v, want a usage error with %q", tc.name, err, tc.err)
		}
	}
}

// TestAccessFlags: access rule flags that cannot work are usage errors.
func TestAccessFlags(t *testing.T) {
	for _, tc := range []struct {
		name  string
		acc   access
		token string
		err   string
		check func(server.Config) bool
	}{
		{"header", access{auth: "header:x-forwarded-user"}, "", "", func(c server.Config) bool { return c.UserHeader == "X-Forwarded-User" }},
		{"groups", access{auth: "header:X-Forwarded-User", groupsHeader: "x-forwarded-groups", admins: []string{"alice", " group:legal "}}, "",
			"", func(c server.Config) bool {
				return c.GroupsHeader == "X-Forwarded-Groups" && strings.Join(c.Admins, ",") == "alice,group:legal"
			}},
		{"token admins", access{admins: []string{"crm"}, tokenName: "crm"}, "s3cret", "", func(c server.Config) bool { return c.TokenName == "crm" }},
		{"not a header rule", access{auth: "basic"}, "", "--auth \"basic\": give header:NAME", nil},
		{"a bad header", access{auth: "header:X User"}, "", "give header:NAME", nil},
		{"groups without a header rule", access{groupsHeader: "X-Forwarded-Groups"}, "s3cret", "with --auth header:NAME", nil},
		{"a group without its header", access{auth: "header:X-Forwarded-User", admins: []string{"group:legal"}}, "", "a group needs --groups-header", nil},
		{"an empty admin", access{auth: "header:X-Forwarded-User", admins: []string{"group:"}}, "", "is not a user name", nil},
		{"admins without a rule", access{admins: []string{"alice"}}, "", "--admins needs an access rule", nil},
	} {
		cfg := server.Config{Token: tc.token}
		err := tc.acc.apply(&cfg)
		if tc.err != "" {
			var u usageError
			if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.As(err, &u) {
				t.Errorf("%s: %v, want a usage error with %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || !tc.check(cfg) {
			t.Errorf("%s: %v, %+v", tc.name, err, cfg)
		}
	}
}

// TestRenderIssuedBy: a document render writes is recorded as issued by
// the system user.
func TestRenderIssuedBy(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "registry.db")
	getenv := func(k string) string {
		switch k {
		case registryEnv:
			return reg
		case "USER":
			return "jdoe"
		}
		return ""
	}
	out := filepath.Join(dir, "dpa.md")
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"render", "--variant", "opsium", "--set", "customer.name=Globex", "-o", out}, getenv, strings.NewReader(""), io.Discard, &stderr); err != nil {
		t.Fatalf("render: %v\n%s", err, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	r, err := registry.Open(context.Background(), reg, registry.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	v, err := r.Verify(context.Background(), data)
	if err != nil || v.Issued == nil || v.Issued.IssuedBy != "jdoe" {
		t.Errorf("recorded %+v, %v; want issued by jdoe", v, err)
	}
}
