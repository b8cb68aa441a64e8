package server

import "net/http"

// handleCheck answers what clausemark check --format json writes: a
// document that fails the check is still a 200, with "ok": false.
func (s *srv) handleCheck() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, doc, ok := s.assembleJSON(w, r)
		if !ok {
			return
		}
		writeJSON(w, http.StatusOK, s.cfg.Checker.Check(doc, res.Tree))
	})
}
