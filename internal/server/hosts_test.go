package server

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostCheck: a request naming a host that is not the server's (a
// page whose name was rebound to 127.0.0.1) is refused with 421 on every
// kind of route, with or without a token; localhost, IP addresses and the
// allowed names are served; the probes answer any Host.
func TestHostCheck(t *testing.T) {
	const foreign = "rebind.attacker.example:18434"
	withReg := withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))
	routes := []struct {
		name, method, target, ctype, body string
	}{
		{"form", "GET", "/", "", ""},
		{"history", "GET", "/history", "", ""},
		{"documents", "GET", "/api/v1/documents", "", ""},
		{"templates", "GET", "/api/v1/templates", "", ""},
		{"static", "GET", "/static/app.js", "", ""},
		{"render", "POST", "/api/v1/render", "application/json", `{"variant":"opsium","format":"md"}`},
		{"download", "POST", "/download", "application/x-www-form-urlencoded", "_start=opsium&_format=md"},
	}
	for _, tc := range []struct {
		name    string
		allowed []string
		token   string
		host    string
		want    int
	}{
		{"foreign name", nil, "", foreign, 421},
		{"foreign name with a token", nil, "s3cret", foreign, 421},
		{"foreign name, others allowed", []string{"clausemark.example.com"}, "", foreign, 421},
		{"a name that ends like an allowed one", []string{"example.com"}, "", "evilexample.com", 421},
		{"localhost", nil, "", "localhost:18434", 200},
		{"localhost without a port, in capitals, with a final dot", nil, "", "LOCALHOST.", 200},
		{"127.0.0.1", nil, "", "127.0.0.1:18434", 200},
		{"::1", nil, "", "[::1]:18434", 200},
		{"the pod's address", nil, "", "10.1.2.3:8080", 200},
		{"an allowed name", []string{"clausemark.example.com"}, "", "clausemark.example.com", 200},
		{"an allowed name, any port", []string{"Clausemark.Example.com"}, "", "clausemark.example.com:443", 200},
		{"any name allowed", []string{"*"}, "", foreign, 200},
	} {
		h := newTestServer(t, func(c *Config) {
			withReg(c)
			c.AllowedHosts, c.Token = tc.allowed, tc.token
		})
		for _, r := range routes {
			t.Run(tc.name+"/"+r.name, func(t *testing.T) {
				req := httptest.NewRequest(r.method, r.target, strings.NewReader(r.body))
				req.Host = tc.host
				if r.ctype != "" {
					req.Header.Set("Content-Type", r.ctype)
					// What a rebinding page's script sends: its own origin,
					// which matches the Host.
					req.Header.Set("Origin", "http://"+tc.host)
				}
				if tc.token != "" {
					req.Header.Set("Authorization", "Bearer "+tc.token)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != tc.want {
					t.Fatalf("status %d, want %d: %.300s", rec.Code, tc.want, rec.Body)
				}
				if tc.want == 421 {
					errs := errorsOf(t, rec)
					if len(errs) != 1 || !strings.Contains(errs[0].Message, `does not answer to the host name "`+hostName(tc.host)+`"`) || !strings.Contains(errs[0].Message, "--allowed-hosts") {
						t.Errorf("message %+v", errs)
					}
				}
			})
		}
	}
	// The probes answer any Host: a Kubernetes probe names the pod's
	// address, a load balancer's check may name anything.
	h := newTestServer(t, func(c *Config) { withReg(c); c.AllowedHosts, c.Token = nil, "s3cret" })
	for _, p := range []string{"/healthz", "/readyz"} {
		req := httptest.NewRequest("GET", p, nil)
		req.Host = foreign
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Errorf("%s with Host %s: %d %s", p, foreign, rec.Code, rec.Body)
		}
	}
}

func TestHostName(t *testing.T) {
	for in, want := range map[string]string{
		"localhost:8080": "localhost", "[::1]:8080": "::1", "::1": "::1", "[::1]": "::1",
		"Example.COM.": "example.com", "example.com:": "example.com", "": "",
	} {
		if got := hostName(in); got != want {
			t.Errorf("hostName(%q) = %q, want %q", in, got, want)
		}
	}
}
