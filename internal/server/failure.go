package server

import (
	"net/http"
)

// registryFailure is the answer when the registry cannot do what a
// request needs (it cannot be written, the database is unreachable): the
// server's problem, for a while, not the request's. It logs the detail,
// which names the registry's file or database host, and answers 503 with
// Retry-After and a message that names neither.
func (s *srv) registryFailure(r *http.Request, op string, err error) *statusError {
	s.cfg.Logger.Error("registry", "op", op, "method", r.Method, "path", r.URL.Path, "error", err)
	return &statusError{status: http.StatusServiceUnavailable, retryAfter: 5,
		errs: []apiError{{Message: "the registry of issued documents cannot be reached or written just now, so nothing was " + doneFor(op) + "; retry shortly"}}}
}

// doneFor says what a failed registry operation did not do.
func doneFor(op string) string {
	if op == "record" {
		return "issued"
	}
	return "looked up"
}
