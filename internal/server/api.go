package server

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/batch"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/publish"
	"github.com/clausemark/clausemark/internal/vars"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

//go:embed openapi.json
var openapi []byte

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, e *statusError) {
	writeJSON(w, e.status, apiErrors{Errors: e.errs})
}

func handleHealth() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
}

func handleOpenAPI() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(openapi)
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
		_ = enc.Encode(vars.JSONSchema(t.Schema, "/api/v1/templates/"+t.ID+"/schema", t.Title+" ("+t.ID+") variables"))
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
	res, e := s.resolveJSON(&req)
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

// outputFormat picks pdf, md or html from the body's format or the Accept header.
func outputFormat(field, accept string) (string, bool) {
	switch strings.ToLower(field) {
	case "pdf":
		return "pdf", true
	case "md", "markdown":
		return "md", true
	case "html":
		return "html", true
	case "":
	default:
		return "", false
	}
	for _, part := range strings.Split(accept, ",") {
		mt, _, _ := mime.ParseMediaType(strings.TrimSpace(part))
		switch mt {
		case "application/pdf":
			return "pdf", true
		case "text/markdown":
			return "md", true
		case "text/html":
			return "html", true
		}
	}
	return "pdf", true
}

var contentTypes = map[string]string{
	"pdf":  "application/pdf",
	"md":   "text/markdown; charset=utf-8",
	"html": "text/html; charset=utf-8",
}

func (s *srv) handleRender() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req renderRequest
		if e := s.decodeJSON(w, r, &req); e != nil {
			writeError(w, e)
			return
		}
		format, ok := outputFormat(req.Format, r.Header.Get("Accept"))
		if !ok {
			writeError(w, &statusError{status: http.StatusBadRequest, errs: []apiError{{Path: "format", Message: "must be pdf, md or html"}}})
			return
		}
		res, e := s.resolveJSON(&req)
		if e != nil {
			writeError(w, e)
			return
		}
		body, name, err := s.produce(r.Context(), res, format)
		if err != nil {
			writeError(w, badRequest(err))
			return
		}
		writeAttachment(w, format, name, body)
	})
}

// writeAttachment sends a rendered document as a download.
func writeAttachment(w http.ResponseWriter, format, name string, body []byte) {
	w.Header().Set("Content-Type", contentTypes[format])
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	w.Header().Set("Cache-Control", "no-store") // a customer's agreement stays out of caches
	_, _ = w.Write(body)
}

// produce assembles a resolved request in a format, with its file name.
func (s *srv) produce(ctx context.Context, res *library.Resolved, format string) ([]byte, string, error) {
	doc, err := assemble.Assemble(res)
	if err != nil {
		return nil, "", err
	}
	name := fileName(doc.Meta.Customer) + "." + format
	if format == "html" {
		h, err := htmlDocument(doc)
		return h, name, err
	}
	out, err := publish.Bytes(ctx, doc, format, s.cfg.Publish)
	return out, name, err
}

// fileName names a download after the customer.
func fileName(customer string) string {
	if slug := batch.Slug(customer); slug != "" {
		return slug + "-dpa"
	}
	return "dpa"
}

var htmlMD = goldmark.New(goldmark.WithExtensions(extension.GFM, mdext.Extension))

// htmlBody renders a document's Markdown as HTML. Values are escaped twice
// over: as Markdown when assembled, and as HTML here; raw HTML in the
// Markdown is dropped.
func htmlBody(md []byte) ([]byte, error) {
	var b bytes.Buffer
	doc := htmlMD.Parser().Parse(text.NewReader(md), parser.WithContext(mdext.NewContext()))
	if err := htmlMD.Renderer().Render(&b, md, doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func htmlDocument(doc *assemble.Document) ([]byte, error) {
	body, err := htmlBody(doc.Markdown)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
	b.WriteString(htmlEscape(doc.Title))
	b.WriteString("</title></head><body>\n")
	b.Write(body)
	b.WriteString("</body></html>\n")
	return b.Bytes(), nil
}
