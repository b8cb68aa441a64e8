package server

import (
	"net/http"

	"github.com/clausemark/clausemark/internal/assemble"
)

// handleCheck answers what clausemark check --format json writes: a
// document that fails the check is still a 200, with "ok": false.
func (s *srv) handleCheck() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req renderRequest
		if e := s.decodeJSON(w, r, &req); e != nil {
			writeError(w, e)
			return
		}
		res, e := s.resolveJSON(&req)
		if e != nil {
			writeError(w, e)
			return
		}
		doc, err := assemble.Assemble(res)
		if err != nil {
			writeError(w, badRequest(err))
			return
		}
		writeJSON(w, http.StatusOK, s.cfg.Checker.Check(doc, res.Tree))
	})
}
