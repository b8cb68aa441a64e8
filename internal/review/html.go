package review

import (
	"fmt"
	"html/template"
	"io"
	"sync"
)

// WriteHTML writes the report as a page of its own: a summary, then each
// clause with the customer's words and the house's answer. Every word of
// the customer's is escaped.
func WriteHTML(w io.Writer, rep *Report) error {
	return page().Execute(w, htmlReport{Report: rep, Clauses: byClauseItems(rep.Items)})
}

type htmlReport struct {
	*Report
	Clauses []clauseItems
}

// clauseItems are the answers to one clause's changes.
type clauseItems struct {
	Clause, Title, Number string
	Items                 []Item
}

// byClauseItems groups items by clause, in the order the clauses first
// appear.
func byClauseItems(items []Item) []clauseItems {
	var out []clauseItems
	at := map[string]int{}
	for _, it := range items {
		i, ok := at[it.Clause]
		if !ok {
			i = len(out)
			at[it.Clause] = i
			out = append(out, clauseItems{Clause: it.Clause, Title: it.Title, Number: it.Number})
		}
		out[i].Items = append(out[i].Items, it)
	}
	return out
}

// Counts returns how many changes have each verdict, in the order the
// page shows them.
func (r *Report) Counts() []VerdictCount {
	n := map[Verdict]int{}
	for _, it := range r.Items {
		n[it.Verdict]++
	}
	var out []VerdictCount
	for _, v := range []Verdict{Accepted, Fallback, Legal, Untracked} {
		if n[v] > 0 {
			out = append(out, VerdictCount{v, n[v]})
		}
	}
	return out
}

// VerdictCount is the number of changes with one verdict.
type VerdictCount struct {
	Verdict Verdict
	N       int
}

// Class is the verdict's CSS class.
func (v Verdict) Class() string {
	switch v {
	case Accepted:
		return "accepted"
	case Fallback:
		return "fallback"
	case Untracked:
		return "untracked"
	}
	return "legal"
}

// page is parsed on its first use, not when the program starts.
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("review").Funcs(template.FuncMap{
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return fmt.Sprintf("%d %s", n, one)
			}
			return fmt.Sprintf("%d %s", n, many)
		},
	}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Review of {{ .ID }}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #1d1d1f; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
.change { margin: 0.8rem 0; padding: 0.5rem 0.8rem; border-left: 4px solid #999; background: #fafafa; }
.accepted { border-color: #2e7d32; } .fallback { border-color: #ef6c00; } .legal { border-color: #c62828; } .untracked { border-color: #6a1b9a; }
.verdict { font-weight: 600; } del { color: #c62828; } ins { color: #2e7d32; }
.summary span { margin-right: 1rem; }
</style>
</head>
<body>
<h1>Review of {{ .ID }}</h1>
<p>{{ .Processor }} and {{ .Customer }} ({{ .Template }}{{ if .Variant }}, variant {{ .Variant }}{{ end }})</p>
<p class="summary">{{ if not .Items }}No changes: the text is as issued.{{ else }}{{ plural (len .Items) "change" "changes" }}:
{{ range .Counts }}<span class="{{ .Verdict.Class }}">{{ .N }} {{ .Verdict }}</span>{{ end }}{{ end }}</p>
{{ if .Now }}<p>The library has changed since this document was issued: it makes {{ .Now }} from the recorded values; the clauses it makes otherwise ({{ range $i, $c := .Stale }}{{ if $i }}, {{ end }}{{ $c }}{{ end }}) are not weighed.</p>
{{ end }}{{ range .Clauses }}<section>
<h2>{{ if .Title }}{{ if .Number }}{{ .Number }}. {{ end }}{{ .Title }} ({{ .Clause }}){{ else if .Clause }}{{ .Clause }}{{ else }}Outside the clauses{{ end }}</h2>
{{ range .Items }}<div class="change {{ .Verdict.Class }}">
<p>{{ .Kind }}{{ if .Author }} by {{ .Author }}{{ end }}{{ if or .Paragraph .Value }} ({{ if .Paragraph }}paragraph {{ .Paragraph }}{{ end }}{{ if and .Paragraph .Value }}, {{ end }}{{ if .Value }}<code>{{ .Path }}</code> = {{ .Value }}{{ end }}){{ end }}:
{{ if .Removed }}<del>{{ .Removed }}</del>{{ end }}{{ if .Added }} <ins>{{ .Added }}</ins>{{ end }}{{ if .Comment }} — “{{ .Comment }}”{{ end }}</p>
<p><span class="verdict">{{ .Verdict }}</span>: {{ .Reason }}</p>
</div>
{{ end }}</section>
{{ end }}</body>
</html>
`))
})
