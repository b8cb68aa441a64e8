package server

import "net/http"

// addRoutes lists every route the server answers.
func addRoutes(mux *http.ServeMux, s *srv) {
	mux.Handle("GET /{$}", s.handleForm())
	mux.Handle("POST /{$}", s.handleForm())
	mux.Handle("POST /preview", s.handlePreview())
	mux.Handle("POST /download", s.handleDownload())
	mux.Handle("GET /static/", s.handleStatic())
	mux.Handle("GET /healthz", handleHealth())

	mux.Handle("GET /api/openapi.json", handleOpenAPI())
	mux.Handle("GET /api/v1/templates", s.handleTemplates())
	mux.Handle("GET /api/v1/templates/{id}", s.handleTemplate())
	mux.Handle("GET /api/v1/templates/{id}/schema", s.handleSchema())
	mux.Handle("POST /api/v1/validate", s.handleValidate())
	mux.Handle("POST /api/v1/render", s.handleRender())
	mux.Handle("POST /api/v1/check", s.handleCheck())
	mux.Handle("/api/", handleAPINotFound())
}
