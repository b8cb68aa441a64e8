package server

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/filename"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/vars"
)

//go:embed openapi.json
var openapi []byte

// openAPI returns the OpenAPI description with the formats of reg: the
// render request's format names and the render response's media types.
func openAPI(reg *format.Registry) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openapi, &doc); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	get := func(m map[string]any, keys ...string) map[string]any {
		for _, k := range keys {
			next, _ := m[k].(map[string]any)
			if next == nil {
				next = map[string]any{}
				m[k] = next
			}
			m = next
		}
		return m
	}
	var names []string
	content := map[string]any{}
	for _, f := range reg.All() {
		names = append(names, f.Name)
		names = append(names, f.Aliases...)
		mt, _, _ := strings.Cut(f.MediaType, ";")
		content[mt] = map[string]any{}
	}
	prop := get(doc, "components", "schemas", "RenderRequest", "properties", "format")
	prop["enum"] = names
	prop["description"] = "Output format for render: " + reg.List() + "; otherwise the Accept header decides, and PDF is the default."
	get(doc, "paths", "/api/v1/render", "post", "responses", "200")["content"] = content
	return json.MarshalIndent(doc, "", "  ")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, e *statusError) {
	e.setHeaders(w)
	writeJSON(w, e.status, apiErrors{Errors: e.errs})
}

func handleHealth() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
}

func (s *srv) handleOpenAPI() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.openapiErr != nil {
			writeJSON(w, http.StatusInternalServerError, apiErrors{Errors: []apiError{{Message: s.openapiErr.Error()}}})
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(s.openapi)
	})
}

func handleAPINotFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, apiErrors{Errors: []apiError{{Message: "no such endpoint: " + r.Method + " " + r.URL.Path + " (see /api/openapi.json)"}}})
	})
}

// templateSummary describes a template in the API.
type templateSummary struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Version     string   `json:"version"`
	Description string   `json:"description"`
	Variants    []string `json:"variants"`
}

type variableInfo struct {
	Path        string   `json:"path"`
	Type        string   `json:"type"`
	Required    bool     `json:"required"`
	Description string   `json:"description"`
	Default     any      `json:"default,omitempty"`
	Values      []string `json:"values,omitempty"`
	Min         *int64   `json:"min,omitempty"`
	Max         *int64   `json:"max,omitempty"`
}

type templateDetail struct {
	templateSummary
	Variables []variableInfo            `json:"variables"`
	Defaults  map[string]map[string]any `json:"variant_values"`
}

func (s *srv) summary(t *library.Template) templateSummary {
	sum := templateSummary{ID: t.ID, Title: t.Title, Version: t.Version, Description: t.Description, Variants: []string{}}
	for _, n := range s.cfg.Library.VariantNames() {
		if s.cfg.Library.Variants[n].Meta.Template == t.ID {
			sum.Variants = append(sum.Variants, n)
		}
	}
	return sum
}

func (s *srv) handleTemplates() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		out := []templateSummary{}
		for _, id := range s.cfg.Library.TemplateIDs() {
			out = append(out, s.summary(s.cfg.Library.Templates[id]))
		}
		writeJSON(w, http.StatusOK, map[string]any{"library": s.cfg.Library.Name, "version": s.cfg.Library.Version, "templates": out})
	})
}

func (s *srv) template(w http.ResponseWriter, r *http.Request) *library.Template {
	t, ok := s.cfg.Library.Templates[r.PathValue("id")]
	if !ok {
		writeJSON(w, http.StatusNotFound, apiErrors{Errors: []apiError{{Message: fmt.Sprintf("no template %q (templates: %s)", r.PathValue("id"), strings.Join(s.cfg.Library.TemplateIDs(), ", "))}}})
	}
	return t
}

func (s *srv) handleTemplate() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := s.template(w, r)
		if t == nil {
			return
		}
		d := templateDetail{templateSummary: s.summary(t), Variables: []variableInfo{}, Defaults: map[string]map[string]any{}}
		for _, p := range t.Schema.Paths() {
			v := t.Schema.Vars[p]
			info := variableInfo{Path: p, Type: string(v.Kind), Required: v.Required, Description: v.Description, Values: v.Values, Min: v.Min, Max: v.Max}
			if v.Default != nil {
				info.Default = vars.Plain(v.Default)
			}
			d.Variables = append(d.Variables, info)
		}
		for _, n := range d.Variants {
			vals := map[string]any{}
			for p, val := range s.cfg.Library.Variants[n].Values {
				if _, ok := t.Schema.Vars[p]; ok {
					vals[p] = vars.Plain(val.V)
				}
			}
			d.Defaults[n] = vals
		}
		writeJSON(w, http.StatusOK, d)
	})
}

func (s *srv) handleSchema() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := s.template(w, r)
		if t == nil {
			return
		}
		w.Header().Set("Content-Type", "application/schema+json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(vars.JSONSchema(t.Schema, "/api/v1/templates/"+t.ID+"/schema", t.Title+" ("+t.ID+") variables", s.cfg.Library.VariantPaths(t.ID)))
	})
}

func (s *srv) handleValidate() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, _, ok := s.assembleJSON(w, r)
		if !ok {
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"valid": true, "template": res.Template.ID, "warnings": nonNil(res.Warnings)})
	})
}

// assembleJSON reads a render request and assembles its document, or
// answers with the errors and returns false.
func (s *srv) assembleJSON(w http.ResponseWriter, r *http.Request) (*library.Resolved, *assemble.Document, bool) {
	var req renderRequest
	if e := s.decodeJSON(w, r, &req); e != nil {
		writeError(w, e)
		return nil, nil, false
	}
	return s.assemble(w, &req)
}

// assemble resolves a decoded render request and assembles its document,
// or answers with the errors and returns false.
func (s *srv) assemble(w http.ResponseWriter, req *renderRequest) (*library.Resolved, *assemble.Document, bool) {
	res, e := s.resolveJSON(req)
	if e != nil {
		writeError(w, e)
		return nil, nil, false
	}
	doc, err := assemble.Assemble(res)
	if err != nil {
		writeError(w, badRequest(err))
		return nil, nil, false
	}
	return res, doc, true
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// outputFormat picks a format from the body's format field, else from the
// Accept header, else PDF.
func (s *srv) outputFormat(field, accept string) (*format.Format, bool) {
	if field != "" {
		return s.cfg.Formats.Lookup(field)
	}
	for _, part := range strings.Split(accept, ",") {
		mt, _, _ := mime.ParseMediaType(strings.TrimSpace(part))
		if f, ok := s.cfg.Formats.ByMediaType(mt); ok {
			return f, true
		}
	}
	return pdf.Format, true
}

func (s *srv) handleRender() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req renderRequest
		if e := s.decodeJSON(w, r, &req); e != nil {
			writeError(w, e)
			return
		}
		f, ok := s.outputFormat(req.Format, r.Header.Get("Accept"))
		if !ok {
			writeError(w, &statusError{status: http.StatusBadRequest, errs: []apiError{{Path: "format", Message: "must be " + s.cfg.Formats.List()}}})
			return
		}
		res, e := s.resolveJSON(&req)
		if e != nil {
			writeError(w, e)
			return
		}
		if !s.houseAPI(w, r, res) {
			return
		}
		if held := s.heldBack(res); held != nil {
			writeHeld(w, held)
			return
		}
		body, name, err := s.produce(r.Context(), res, f, req.PDFA)
		if err != nil {
			writeError(w, s.produceFailure(r, err))
			return
		}
		writeAttachment(w, f, name, body)
	})
}

// writeAttachment sends a rendered document as a download.
func writeAttachment(w http.ResponseWriter, f *format.Format, name string, body []byte) {
	w.Header().Set("Content-Type", f.MediaType)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	w.Header().Set("Cache-Control", "no-store") // a customer's agreement stays out of caches
	_, _ = w.Write(body)
}

// produce generates a resolved request in format f, with its file name;
// pdfa, if set, says whether a PDF is PDF/A-2b.
func (s *srv) produce(ctx context.Context, res *library.Resolved, f *format.Format, pdfa *bool) ([]byte, string, error) {
	g := s.cfg.Generator
	if pdfa != nil && *pdfa != g.Options.PDFA {
		c := *g
		c.Options.PDFA = *pdfa
		g = &c
	}
	out, err := g.GenerateResolved(ctx, res, []*format.Format{f}, generate.Origin{Source: "serve"})
	if err != nil {
		return nil, "", err
	}
	return out.Outputs[0].Data, fileName(out.Document.Meta.Customer) + f.Extension, nil
}

// fileName names a download after the customer.
func fileName(customer string) string {
	if slug := filename.Slug(customer); slug != "" {
		return slug + "-dpa"
	}
	return "dpa"
}
