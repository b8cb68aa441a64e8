package server

import "net/http"

// checkRequest is a render request and whether a document to which no
// checklist of processor rules applies may pass, as the command's
// --allow-unchecked.
type checkRequest struct {
	renderRequest
	AllowUnchecked bool `json:"allow_unchecked"`
}

// handleCheck answers what clausemark check --format json writes: a
// document that fails the check is still a 200, with "ok": false. One to
// which no checklist of processor rules applies is "unchecked": true and
// "ok": false unless the body sets "allow_unchecked": true.
func (s *srv) handleCheck() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req checkRequest
		if e := s.decodeJSON(w, r, &req); e != nil {
			writeError(w, e)
			return
		}
		res, doc, ok := s.assemble(w, &req.renderRequest)
		if !ok {
			return
		}
		sum := s.cfg.Checker.Check(doc, res.Tree)
		if req.AllowUnchecked {
			sum.AllowUnchecked()
		}
		writeJSON(w, http.StatusOK, sum)
	})
}
