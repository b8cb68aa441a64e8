package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/clausemark/clausemark/internal/catalog"
)

// The responses the tests receive are checked against openapi.json:
// newServerOf (and the tests that build a handler themselves) wrap the
// server with specChecked, which records every answer to a path the
// document describes and, when the test ends, reports each one whose
// status, content type or JSON body the document does not allow.

// spec is the OpenAPI description the server serves (openapi.json with
// the catalog's formats), read once, with the schemas compiled from it.
var spec struct {
	once sync.Once
	err  error
	doc  struct {
		Paths map[string]map[string]struct {
			Responses map[string]response `json:"responses"`
		} `json:"paths"`
		Components struct {
			Responses map[string]response `json:"responses"`
		} `json:"components"`
	}
	ops *http.ServeMux // a documented operation's pattern, as "GET /api/v1/documents/{id}"

	mu       sync.Mutex // guards compiler and compiled
	compiler *jsonschema.Compiler
	compiled map[string]*jsonschema.Schema
}

// response is a response object of the description, or a reference to
// one of its components.
type response struct {
	Ref     string `json:"$ref"`
	Content map[string]struct {
		Schema json.RawMessage `json:"schema"`
	} `json:"content"`
}

// specURL names the description to the compiler, which has it in memory
// and reads nothing from disk.
const specURL = "mem:///openapi.json"

func loadSpec() error {
	spec.once.Do(func() {
		doc, err := openAPI(catalog.Formats())
		if err != nil {
			spec.err = err
			return
		}
		if spec.err = json.Unmarshal(doc, &spec.doc); spec.err != nil {
			return
		}
		raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
		if err != nil {
			spec.err = err
			return
		}
		spec.compiler = jsonschema.NewCompiler()
		spec.compiler.DefaultDraft(jsonschema.Draft2020)
		if spec.err = spec.compiler.AddResource(specURL, raw); spec.err != nil {
			return
		}
		spec.compiled = map[string]*jsonschema.Schema{}
		spec.ops = http.NewServeMux()
		for path, methods := range spec.doc.Paths {
			for method := range methods {
				spec.ops.Handle(strings.ToUpper(method)+" "+path, http.NotFoundHandler())
			}
		}
	})
	return spec.err
}

// exchange is one answer of the server, as a test received it.
type exchange struct {
	test    string
	method  string
	pattern string // the documented operation, as "GET /api/v1/documents/{id}"
	target  string
	status  int
	ctype   string
	body    bytes.Buffer // only where the answer is JSON
}

// specChecked returns h, whose answers to the operations openapi.json
// describes are checked against it when t ends.
func specChecked(t *testing.T, h http.Handler) http.Handler {
	t.Helper()
	if err := loadSpec(); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	var mu sync.Mutex
	var seen []*exchange
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, x := range seen {
			if err := conforms(x); err != nil {
				t.Errorf("%s %s (%s): %d %s: %v", x.method, x.target, x.test, x.status, x.ctype, err)
			}
		}
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := spec.ops.Handler(r)
		if pattern == "" {
			h.ServeHTTP(w, r)
			return
		}
		x := &exchange{test: t.Name(), method: r.Method, pattern: pattern, target: r.URL.RequestURI()}
		h.ServeHTTP(&recording{ResponseWriter: w, x: x}, r)
		if x.status == 0 {
			x.status = http.StatusOK
		}
		mu.Lock()
		seen = append(seen, x)
		mu.Unlock()
	})
}

// recording passes an answer on, keeping its status, its content type and,
// where that is JSON, its body.
type recording struct {
	http.ResponseWriter
	x *exchange
}

func (w *recording) WriteHeader(code int) {
	if w.x.status == 0 {
		w.x.status = code
		w.x.ctype = w.Header().Get("Content-Type")
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recording) Write(p []byte) (int, error) {
	if w.x.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if isJSON(w.x.ctype) {
		w.x.body.Write(p)
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection's deadlines.
func (w *recording) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *recording) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func isJSON(ctype string) bool {
	mt, _, _ := mime.ParseMediaType(ctype)
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// conforms reports how x departs from its operation in openapi.json: a
// status the operation does not list, a content type the status does not
// list, or a JSON body its schema rejects.
func conforms(x *exchange) error {
	method, path, _ := strings.Cut(x.pattern, " ")
	responses := spec.doc.Paths[path][strings.ToLower(method)].Responses
	status := strconv.Itoa(x.status)
	resp, ok := responses[status]
	if !ok {
		if resp, ok = responses["default"]; !ok {
			return fmt.Errorf("status %d is not among the operation's responses", x.status)
		}
		status = "default"
	}
	at := pointer("paths", path, strings.ToLower(method), "responses", status)
	if name, ok := strings.CutPrefix(resp.Ref, "#/components/responses/"); ok {
		if resp, ok = spec.doc.Components.Responses[name]; !ok {
			return fmt.Errorf("openapi.json: no response %s", name)
		}
		at = pointer("components", "responses", name)
	}
	if len(resp.Content) == 0 {
		if x.ctype != "" && x.body.Len() > 0 {
			return fmt.Errorf("a body where the document describes none")
		}
		return nil
	}
	mt, _, err := mime.ParseMediaType(x.ctype)
	if err != nil {
		return fmt.Errorf("content type %q: %v", x.ctype, err)
	}
	content, ok := resp.Content[mt]
	if !ok {
		return fmt.Errorf("content type %s is not among the response's", mt)
	}
	if content.Schema == nil || !isJSON(mt) {
		return nil
	}
	sch, err := compiled(at + pointer("content", mt, "schema"))
	if err != nil {
		return err
	}
	body, err := jsonschema.UnmarshalJSON(bytes.NewReader(x.body.Bytes()))
	if err != nil {
		return fmt.Errorf("the body is not JSON: %v\n%s", err, x.body.Bytes())
	}
	if err := sch.Validate(body); err != nil {
		return fmt.Errorf("%v\n%s", err, x.body.Bytes())
	}
	return nil
}

// compiled returns the schema at the JSON pointer ptr of openapi.json.
func compiled(ptr string) (*jsonschema.Schema, error) {
	spec.mu.Lock()
	defer spec.mu.Unlock()
	if sch, ok := spec.compiled[ptr]; ok {
		return sch, nil
	}
	sch, err := spec.compiler.Compile(specURL + "#" + ptr)
	if err != nil {
		return nil, fmt.Errorf("openapi.json: %v", err)
	}
	spec.compiled[ptr] = sch
	return sch, nil
}

// pointer is the JSON pointer of the member reached through keys.
func pointer(keys ...string) string {
	var b strings.Builder
	for _, k := range keys {
		b.WriteString("/")
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1", "%", "%25").Replace(k))
	}
	return b.String()
}

// TestSpecChecked: an answer the document does not allow is reported,
// one it allows is not.
func TestSpecChecked(t *testing.T) {
	if err := loadSpec(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, pattern string
		status        int
		ctype, body   string
		wantErr       string
	}{
		{"an error list", "POST /api/v1/render", 400, "application/json; charset=utf-8", `{"errors": [{"message": "m", "path": "deletion.days"}]}`, ""},
		{"an error without its message", "POST /api/v1/render", 400, "application/json", `{"errors": [{"path": "deletion.days"}]}`, "message"},
		{"a PDF", "POST /api/v1/render", 200, "application/pdf", "%PDF-1.7", ""},
		{"a status not listed", "POST /api/v1/render", 418, "application/json", `{"errors": []}`, "status 418"},
		{"a content type not listed", "POST /api/v1/render", 200, "image/png", "", "image/png"},
		{"not JSON", "GET /api/v1/documents", 200, "application/json", `{"documents": [`, "not JSON"},
		{"a schema's content type", "GET /api/v1/templates/{id}/schema", 200, "application/schema+json", `{"type": "object"}`, ""},
		{"a schema that is not an object", "GET /api/v1/templates/{id}/schema", 200, "application/schema+json", `[]`, "object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := &exchange{pattern: tc.pattern, status: tc.status, ctype: tc.ctype}
			if isJSON(tc.ctype) {
				x.body.WriteString(tc.body)
			}
			err := conforms(x)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("reported: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("got %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
	// An answer written without WriteHeader is a 200, recorded with its
	// content type and body as sent.
	rec := httptest.NewRecorder()
	x := &exchange{}
	w := &recording{ResponseWriter: rec, x: x}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"status": "ok"}`)
	if x.status != 200 || x.ctype != "application/json" || x.body.String() != rec.Body.String() || rec.Code != 200 {
		t.Errorf("recorded %d %q %q; sent %d %q", x.status, x.ctype, x.body.String(), rec.Code, rec.Body)
	}
}
