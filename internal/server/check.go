package server

import (
	"net/http"

	"github.com/clausemark/clausemark/internal/assemble"
	"github.com/clausemark/clausemark/internal/check"
	"github.com/clausemark/clausemark/internal/terms"
	"github.com/clausemark/clausemark/internal/vars"
)

// checkReport is the answer of POST /api/v1/check: what clausemark check
// prints, as data.
type checkReport struct {
	Template     string          `json:"template"`
	Jurisdiction string          `json:"jurisdiction"`
	OK           bool            `json:"ok"`
	Checklist    *checklistInfo  `json:"checklist"`
	Elements     []elementResult `json:"elements"`
	FalseClaims  []falseClaim    `json:"false_claims"`
	Terms        []termInfo      `json:"defined_terms"`
	TermProblems []termProblem   `json:"term_problems"`
}

type checklistInfo struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Source string `json:"source"`
}

type elementResult struct {
	ID       string   `json:"id"`
	Ref      string   `json:"ref"`
	Title    string   `json:"title"`
	Covered  bool     `json:"covered"`
	Sections []string `json:"sections"`
	Explain  string   `json:"explain,omitempty"` // for a missing element, what the law requires
}

type falseClaim struct {
	Clause      string `json:"clause"`
	Alternative string `json:"alternative"`
	Element     string `json:"element"`
	Message     string `json:"message"`
}

type termInfo struct {
	Term    string `json:"term"`
	Section string `json:"section"`
	Uses    int    `json:"uses"`
}

type termProblem struct {
	Kind    string `json:"kind"`
	Term    string `json:"term"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

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
		out := checkReport{Template: res.Template.ID, OK: true, Elements: []elementResult{}, FalseClaims: []falseClaim{}, Terms: []termInfo{}, TermProblems: []termProblem{}}
		if j, ok := res.Tree["jurisdiction"].(vars.Record); ok {
			out.Jurisdiction = vars.Canonical(j)
		}
		if list := check.Select(s.cfg.Checklists, res.Tree); list != nil {
			out.Checklist = &checklistInfo{ID: list.ID, Name: list.Name, Source: list.Source}
			rep := check.Document(doc, list)
			out.OK = rep.OK()
			for _, it := range rep.Items {
				er := elementResult{ID: it.Element.ID, Ref: it.Element.Ref, Title: it.Element.Title, Covered: it.Covered(), Sections: []string{}}
				for _, sec := range it.By {
					er.Sections = append(er.Sections, sec.Heading())
				}
				if !er.Covered {
					er.Explain = it.Element.Explain
				}
				out.Elements = append(out.Elements, er)
			}
			for _, f := range rep.False {
				out.FalseClaims = append(out.FalseClaims, falseClaim{Clause: f.Section.ClauseID, Alternative: f.Section.Clause.Name, Element: f.Element.ID, Message: f.String()})
			}
		}
		tr := terms.Document(doc, res.Tree, s.cfg.Names)
		for _, t := range tr.Terms {
			out.Terms = append(out.Terms, termInfo{Term: t.Name, Section: t.Section.Heading(), Uses: t.Uses})
		}
		for _, p := range tr.Problems {
			e := p.Err()
			out.TermProblems = append(out.TermProblems, termProblem{Kind: p.Kind.String(), Term: p.Term, File: e.File, Line: e.Line, Column: e.Col, Message: e.Err.Error()})
			out.OK = false
		}
		writeJSON(w, http.StatusOK, out)
	})
}
