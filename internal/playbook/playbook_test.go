package playbook

import (
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"min above max", "variables:\n  a.b:\n    min: 9\n    max: 3\n    reason: r\n", "p.yaml:2:3: variable \"a.b\": min 9 is above max 3"},
		{"no bound", "variables:\n  a.b:\n    reason: r\n", "p.yaml:2:3: variable \"a.b\": gives neither min nor max"},
		{"bad fallback", "variables:\n  a.b:\n    min: 1\n    fallback: closest\n    reason: r\n", `fallback "closest" must be "nearest" or a whole number`},
		{"no reason", "clauses:\n  audits:\n    accept: [balanced]\n", "p.yaml:2:3: clause audits: has no reason"},
		{"nothing accepted", "clauses:\n  audits:\n    reason: r\n", "clause audits: accepts nothing and offers no fallback"},
		{"range key in a clause", "clauses:\n  audits:\n    min: 3\n    reason: r\n", `clause audits: unknown key "min"`},
		{"unknown section", "values:\n  a: 1\n", `p.yaml:1:1: unknown key "values"`},
		{"not a mapping", "- a\n", "p.yaml:1:1: must map variables: and clauses:"},
		{"bad YAML", "variables: [\n", "p.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("p.yaml", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestRangeOffer(t *testing.T) {
	pb, err := Parse("p.yaml", []byte(`
variables:
  deletion.days: {min: 14, max: 60, fallback: nearest, reason: r}
  fixed: {min: 10, fallback: 30, reason: r}
  none: {max: 5, reason: r}
clauses:
  audits: {accept: [balanced], fallback: balanced, reason: r}
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path     string
		n        int64
		contains bool
		offer    int64
		offers   bool
	}{
		{"deletion.days", 45, true, 45, true},
		{"deletion.days", 14, true, 14, true},
		{"deletion.days", 7, false, 14, true},
		{"deletion.days", 90, false, 60, true},
		{"fixed", 3, false, 30, true},
		{"none", 9, false, 0, false},
	} {
		r := pb.Variables[tc.path]
		offer, ok := r.Offer(tc.n)
		if r.Contains(tc.n) != tc.contains || ok != tc.offers || (ok && offer != tc.offer) {
			t.Errorf("%s=%d: contains %v, offer %d %v; want %v, %d %v", tc.path, tc.n, r.Contains(tc.n), offer, ok, tc.contains, tc.offer, tc.offers)
		}
	}
	if r := pb.Clauses["audits"]; !r.Accepts("balanced") || r.Accepts("house") {
		t.Errorf("audits accepts %v", r.Accept)
	}
	if got := pb.Variables["deletion.days"].String(); got != "14 to 60" {
		t.Errorf("range = %q", got)
	}
}
