package server

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/pgtest"
	"github.com/clausemark/clausemark/internal/registry"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// withRegistry serves with a registry at loc that every download records
// into.
func withRegistry(t *testing.T, loc string) func(*Config) {
	t.Helper()
	reg, err := registry.Open(context.Background(), loc, registry.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Close() })
	return func(c *Config) {
		c.Registry = reg
		c.Generator = &generate.Generator{Program: "clausemark test", Recorder: reg, Options: format.Options{Creator: "clausemark test"}}
	}
}

func registries(t *testing.T) map[string]string {
	return map[string]string{
		"sqlite":   filepath.Join(t.TempDir(), "registry.db"),
		"postgres": "",
	}
}

func TestHistoryAPI(t *testing.T) {
	for name, loc := range registries(t) {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				loc = pgtest.URL(t)
			}
			h := newTestServer(t, withRegistry(t, loc))
			body := `{"variant":"ojoo","format":"pdf","variables":{"customer":{"name":"Globex Corporation"},"deletion":{"days":45}}}`
			rec := do(t, h, "POST", "/api/v1/render", "application/json", body)
			if rec.Code != 200 {
				t.Fatalf("render: %d %s", rec.Code, rec.Body)
			}
			pdf := rec.Body.Bytes()

			rec = do(t, h, "GET", "/api/v1/documents?customer=globex&var=deletion.days%3D45", "", "")
			var list documentsList
			if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || rec.Code != 200 || len(list.Documents) != 1 {
				t.Fatalf("list: %d %s", rec.Code, rec.Body)
			}
			id := list.Documents[0].ID
			if rec := do(t, h, "GET", "/api/v1/documents?customer=initech", "", ""); !strings.Contains(rec.Body.String(), `"documents": []`) {
				t.Errorf("list of another customer: %s", rec.Body)
			}
			if rec := do(t, h, "GET", "/api/v1/documents?clause=no-such-clause", "", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"documents": []`) {
				t.Errorf("list by a clause no document carries: %d %s", rec.Code, rec.Body)
			}
			rec = do(t, h, "GET", "/api/v1/documents/"+strings.ToLower(id), "", "")
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"source": "serve"`) {
				t.Errorf("show: %d %s", rec.Code, rec.Body)
			}
			rec = do(t, h, "GET", "/api/v1/documents/"+id+"/pdf", "", "")
			if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), pdf) || !strings.Contains(rec.Header().Get("Content-Disposition"), "globex-corporation-dpa.pdf") {
				t.Errorf("re-download: %d, %d bytes, %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Disposition"))
			}
			if rec := do(t, h, "GET", "/api/v1/documents/"+id+"/docx", "", ""); rec.Code != 409 || !strings.Contains(rec.Body.String(), "never issued as docx") {
				t.Errorf("a format never issued: %d %s", rec.Code, rec.Body)
			}
			for target, want := range map[string]int{
				"/api/v1/documents/CM-0000-0000-0000-0000": 404,
				"/api/v1/documents/nonsense":               400,
				"/api/v1/documents/" + id + "/odt":         404,
				"/api/v1/documents?limit=0":                400,
				"/api/v1/documents?since=monday":           400,
				"/api/v1/documents?var=deletion.dayz%3D4":  400,
			} {
				if rec := do(t, h, "GET", target, "", ""); rec.Code != want {
					t.Errorf("%s: %d, want %d: %s", target, rec.Code, want, rec.Body)
				}
			}

			verify := func(data []byte) registry.Verdict {
				t.Helper()
				rec := do(t, h, "POST", "/api/v1/verify", "application/octet-stream", string(data))
				var v registry.Verdict
				var raw map[string]any
				if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil || rec.Code != 200 {
					t.Fatalf("verify: %d %s", rec.Code, rec.Body)
				}
				v.ID, _ = raw["id"].(string)
				switch raw["status"] {
				case "issued":
					v.Status = registry.Issued
				case "altered":
					v.Status = registry.Altered
				case "unknown":
					v.Status = registry.Unknown
				}
				return v
			}
			if v := verify(pdf); v.Status != registry.Issued || v.ID != id {
				t.Errorf("verify issued: %+v", v)
			}
			altered := bytes.Clone(pdf)
			altered[len(altered)/2] ^= 1
			if v := verify(altered); v.Status != registry.Altered || v.ID != id {
				t.Errorf("verify altered: %+v", v)
			}
			if v := verify([]byte("%PDF-1.7 someone else's")); v.Status != registry.Unknown {
				t.Errorf("verify never issued: %+v", v)
			}
			if rec := do(t, h, "POST", "/api/v1/verify", "application/octet-stream", ""); rec.Code != 400 {
				t.Errorf("verify of nothing: %d", rec.Code)
			}

			// The history page lists it with its download, and verifies an upload.
			rec = do(t, h, "GET", "/history?customer=Glob", "", "")
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), id) || !strings.Contains(rec.Body.String(), `href="/api/v1/documents/`+id+`/pdf"`) {
				t.Errorf("history: %d %s", rec.Code, rec.Body)
			}
			if rec := do(t, h, "GET", "/history?customer=%3Cscript%3E", "", ""); !strings.Contains(rec.Body.String(), "&lt;script&gt;") || strings.Contains(rec.Body.String(), "<script>") {
				t.Errorf("history echoes the search unescaped")
			}
			var form bytes.Buffer
			mw := multipart.NewWriter(&form)
			fw, _ := mw.CreateFormFile("file", "globex.pdf")
			fw.Write(pdf)
			mw.Close()
			rec = do(t, h, "POST", "/history/verify", mw.FormDataContentType(), form.String())
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Issued and unaltered: "+id) || !strings.Contains(rec.Body.String(), "<strong>globex.pdf</strong>") {
				t.Errorf("history verify: %d %s", rec.Code, rec.Body)
			}
		})
	}
}

func TestHistoryWithoutRegistry(t *testing.T) {
	h := newTestServer(t, nil)
	for _, target := range []string{"/api/v1/documents", "/api/v1/documents/CM-0000-0000-0000-0000", "/history"} {
		if rec := do(t, h, "GET", target, "", ""); rec.Code != 404 || !strings.Contains(rec.Body.String(), "--no-record") {
			t.Errorf("%s: %d %s", target, rec.Code, rec.Body)
		}
	}
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openapi, &doc); err != nil {
		t.Fatal(err)
	}
	seen := &routeRecorder{}
	addRoutes(seen, newSrv(NewConfig()))
	if len(seen.routes) < 10 {
		t.Fatalf("only %d routes recorded", len(seen.routes))
	}
	for _, r := range seen.routes {
		method, p, _ := strings.Cut(r, " ")
		if !strings.HasPrefix(p, "/api/v1/") {
			continue
		}
		if doc.Paths[p][strings.ToLower(method)] == nil {
			t.Errorf("%s is served but not in openapi.json", r)
		}
	}
}

// routeRecorder records the patterns routes are added with.
type routeRecorder struct {
	mu     sync.Mutex
	routes []string
}

func (r *routeRecorder) Handle(pattern string, _ http.Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.routes = append(r.routes, pattern)
}
