package server

import "net/http"

// addRoutes lists every route the server answers.
func addRoutes(mux interface{ Handle(string, http.Handler) }, s *srv) {
	// Every route that validates, assembles or typesets a request's values
	// takes a render slot, once it has read its body (see limit). The
	// empty form needs none.
	// House-style mode needs the house role (see access.go).
	mux.Handle("GET /{$}", s.houseOnly(s.handleEmptyForm()))
	mux.Handle("POST /{$}", s.limit(s.houseOnly(s.handleForm())))
	mux.Handle("POST /preview", s.limit(s.houseOnly(s.handlePreview())))
	mux.Handle("POST /download", s.limit(s.houseOnly(s.handleDownload())))
	mux.Handle("GET /login", s.handleLogin())
	mux.Handle("POST /login", s.handleLoginSubmit())
	mux.Handle("GET /static/", s.handleStatic())
	mux.Handle("GET /healthz", handleHealth())
	mux.Handle("GET /readyz", s.handleReady())

	mux.Handle("GET /api/openapi.json", s.handleOpenAPI())
	mux.Handle("GET /api/v1/templates", s.handleTemplates())
	mux.Handle("GET /api/v1/templates/{id}", s.handleTemplate())
	mux.Handle("GET /api/v1/templates/{id}/schema", s.handleSchema())
	mux.Handle("POST /api/v1/validate", s.limit(s.handleValidate()))
	mux.Handle("POST /api/v1/render", s.limit(s.handleRender()))
	mux.Handle("POST /api/v1/check", s.limit(s.handleCheck()))
	mux.Handle("GET /history", s.handleHistory())
	mux.Handle("GET /history/{id}/new", s.limit(s.houseOnly(s.handleNewFrom())))
	mux.Handle("POST /history/verify", s.handleHistoryVerify()) // its own slots (see verifyUpload)
	mux.Handle("POST /history/review", s.handleHistoryReview()) // its own slots (see weighUpload)
	mux.Handle("POST /history/reply", s.handleHistoryReply())   // its own slots (see weighUpload)
	mux.Handle("GET /api/v1/documents", s.handleDocuments())
	mux.Handle("GET /api/v1/documents/{id}", s.handleDocument())
	mux.Handle("GET /api/v1/documents/{id}/{format}", s.limit(s.handleReissue()))
	mux.Handle("POST /api/v1/verify", s.handleVerify())
	mux.Handle("POST /api/v1/review", s.handleReview())      // its own slots (see weighUpload)
	mux.Handle("POST /api/v1/review/reply", s.handleReply()) // its own slots (see weighUpload)
	mux.Handle("/api/", handleAPINotFound())
}
