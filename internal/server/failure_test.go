package server

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/registry"
)

// failingRecorder fails as a registry whose folder was made read-only.
type failingRecorder struct{}

const secretPlace = "/srv/secret-place/registry.db"

func (failingRecorder) Record(context.Context, *generate.Result) error {
	return &registry.Error{Location: secretPlace, Op: "record CM-0000-0000-0000-0000", Err: fmt.Errorf("%w: attempt to write a readonly database", registry.ErrReadOnly)}
}

// TestRecordFailure: a document that cannot be recorded is not issued:
// 503 with Retry-After, through the API and the form (which keeps what
// was typed), with the registry's location and error in the log and not
// in the answer. It was 400 with both.
func TestRecordFailure(t *testing.T) {
	var logs bytes.Buffer
	h := newTestServer(t, func(c *Config) {
		c.Generator = &generate.Generator{Recorder: failingRecorder{}}
		c.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	})
	form := url.Values{"_start": {"opsium"}, "_format": {"pdf"}, "customer.name": {"Globex Unrecorded"}}
	for _, tc := range []struct {
		path, ctype, body, want string
	}{
		{"/api/v1/render", "application/json", `{"variant":"opsium","format":"md"}`, "cannot be reached or written just now, so nothing was issued"},
		{"/download", "application/x-www-form-urlencoded", form.Encode(), `value="Globex Unrecorded"`},
	} {
		logs.Reset()
		rec := do(t, h, "POST", tc.path, tc.ctype, tc.body)
		body := rec.Body.String()
		if rec.Code != 503 || rec.Header().Get("Retry-After") != "5" || !strings.Contains(body, tc.want) || !strings.Contains(body, "nothing was issued") {
			t.Errorf("%s: %d, Retry-After %q: %.600s", tc.path, rec.Code, rec.Header().Get("Retry-After"), body)
		}
		for _, secret := range []string{"secret-place", "readonly", "CM-0000"} {
			if strings.Contains(body, secret) {
				t.Errorf("%s: the answer names %q", tc.path, secret)
			}
		}
		if !strings.Contains(logs.String(), secretPlace) || !strings.Contains(logs.String(), `"level":"ERROR"`) {
			t.Errorf("%s: the log lacks the detail: %s", tc.path, logs.String())
		}
	}
}

// TestReadyz: /readyz answers 200 while documents can be recorded, and
// 503 with Retry-After once they cannot, with the detail in the log only;
// a failed record has it checked again at once; /healthz stays 200.
func TestReadyz(t *testing.T) {
	dir := t.TempDir()
	loc := filepath.Join(dir, "registry.db")
	var logs bytes.Buffer
	cfg := NewConfig()
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Library = lib
	cfg.AllowedHosts = []string{"example.com"}
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	withRegistry(t, loc)(&cfg)
	s := newSrv(cfg)
	s.ready.ttl = time.Hour // checked once, unless a record fails
	h := specChecked(t, s.handler())
	if rec := do(t, h, "GET", "/readyz", "", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"status": "ready"`) {
		t.Fatalf("ready: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, h, "POST", "/api/v1/render", "application/json", `{"variant":"opsium","format":"md"}`); rec.Code != 200 {
		t.Fatalf("render: %d %s", rec.Code, rec.Body)
	}
	cfg.Registry.Close() // as a database gone away
	if rec := do(t, h, "GET", "/readyz", "", ""); rec.Code != 200 {
		t.Errorf("within the last check's time: %d %s", rec.Code, rec.Body)
	}
	rec := do(t, h, "POST", "/api/v1/render", "application/json", `{"variant":"opsium","format":"md"}`)
	if rec.Code != 503 || strings.Contains(rec.Body.String(), dir) {
		t.Errorf("render into a closed registry: %d %s", rec.Code, rec.Body)
	}
	logs.Reset()
	rec = do(t, h, "GET", "/readyz", "", "")
	if rec.Code != 503 || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "documents cannot be recorded") || strings.Contains(rec.Body.String(), dir) {
		t.Errorf("not ready: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	if !strings.Contains(logs.String(), loc) {
		t.Errorf("the log lacks the registry: %s", logs.String())
	}
	if rec := do(t, h, "GET", "/healthz", "", ""); rec.Code != 200 {
		t.Errorf("healthz: %d", rec.Code)
	}
	// Looking documents up in a registry gone away: 503, the place unnamed.
	for _, path := range []string{"/api/v1/documents", "/api/v1/documents/CM-7K3M-Q2XA-9PZB-1TRE", "/api/v1/documents/CM-7K3M-Q2XA-9PZB-1TRE/md", "/history?customer=Acme"} {
		rec := do(t, h, "GET", path, "", "")
		if rec.Code != 503 || rec.Header().Get("Retry-After") == "" || strings.Contains(rec.Body.String(), dir) {
			t.Errorf("%s from a closed registry: %d %v %.400s", path, rec.Code, rec.Header(), rec.Body)
		}
	}
}
