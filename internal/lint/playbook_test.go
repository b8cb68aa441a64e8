package lint

import (
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/librarytest"
)

// TestPlaybook: lint refuses a playbook that names what the library does
// not have, or allows what a variable's own limits forbid.
func TestPlaybook(t *testing.T) {
	const file = "templates/playbook.yaml"
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"range above the variable's limit", "    min: 14\n    max: 60\n", "    min: 14\n    max: 400\n",
			`templates/playbook.yaml:22:3: variable "deletion.days": max 400 is outside the variable's own limits (1 to 365 in templates/variables.yaml)`},
		{"range below the variable's limit", "    min: 24\n", "    min: 0\n",
			`variable "incident.notice_hours": min 0 is outside the variable's own limits (1 to 720`},
		{"no such variable", "  deletion.days:\n", "  deletion.dyas:\n",
			`templates/playbook.yaml:22:3: variable "deletion.dyas": no such variable in templates/variables.yaml`},
		{"not an integer", "  confidentiality.years:\n", "  position:\n",
			`variable "position": is a enum; a playbook gives ranges of integer variables only`},
		{"no such clause", "  audits:\n", "  audit:\n",
			`clause audit: no such clause in clauses`},
		{"no such position", "    accept: [house, balanced]\n    fallback: balanced\n    reason: Audits", "    accept: [house, generous]\n    fallback: balanced\n    reason: Audits",
			`clause audits: accepts "generous", which is neither a position nor an alternative of the clause (house, balanced, concise, concise-balanced, full, full-balanced)`},
		{"no such fallback", "    accept: [house, balanced]\n    fallback: balanced\n    reason: The house deletes", "    accept: [house, balanced]\n    fallback: strict\n    reason: The house deletes",
			`clause deletion: offers "strict", which is neither a position nor an alternative`},
		{"fallback outside the range", "    max: 60\n    fallback: nearest\n    reason: Deletion", "    max: 60\n    fallback: 90\n    reason: Deletion",
			`variable "deletion.days": fallback 90 is outside the range 14 to 60`},
		{"no reason", "    reason: A cap of 12 to 24 months", "    # A cap of 12 to 24 months",
			`variable "liability.cap.months": has no reason`},
		{"unknown key", "    fallback: nearest\n    reason: Deletion", "    falback: nearest\n    reason: Deletion",
			`variable "deletion.days": unknown key "falback"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := librarytest.Copy(t)
			librarytest.Replace(t, m, file, tc.old, tc.new)
			err := lintOf(t, m)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("lint error = %v\nwant one containing %q", err, tc.want)
			}
		})
	}
}

// TestNoPlaybook: a library without a playbook lints clean; review then
// sends every change to a lawyer.
func TestNoPlaybook(t *testing.T) {
	m := librarytest.Copy(t)
	delete(m, "templates/playbook.yaml")
	if err := lintOf(t, m); err != nil {
		t.Fatal(err)
	}
}
