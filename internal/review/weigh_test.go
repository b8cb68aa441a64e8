package review

import (
	"testing"

	"github.com/clausemark/clausemark/internal/clause"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/playbook"
	"github.com/clausemark/clausemark/internal/vars"
)

// TestAnswerValueWords: a value's answer names the variable by its label
// and writes the values and the range in its unit, keeping the path and
// the values in the item's fields.
func TestAnswerValueWords(t *testing.T) {
	i := func(n int64) *int64 { return &n }
	lib := &library.Library{Schema: &vars.Schema{Vars: map[string]*vars.Var{
		"deletion.days":    {Path: "deletion.days", Kind: vars.KindInteger, Label: "Deletion period", Unit: "days"},
		"audit.count":      {Path: "audit.count", Kind: vars.KindInteger, Label: "Audits a year"},
		"retention.months": {Path: "retention.months", Kind: vars.KindInteger, Unit: "months"},
		"notice.days":      {Path: "notice.days", Kind: vars.KindInteger, Label: "Notice", Unit: "days"},
	}}}
	pb := &playbook.Playbook{Variables: map[string]*playbook.Range{
		"deletion.days":    {Path: "deletion.days", Min: i(14), Max: i(60), Nearest: true, Reason: "Backups take 14 days."},
		"audit.count":      {Path: "audit.count", Max: i(1), Reason: "One a year is priced in."},
		"retention.months": {Path: "retention.months", Min: i(1), Fallback: i(6)},
	}}
	rv := &reviewer{lib: lib, pb: pb}
	for _, tc := range []struct {
		path    string
		n       int64
		verdict Verdict
		offer   *int64
		reason  string
	}{
		{"deletion.days", 45, Accepted, nil, "Deletion period: 45 days, within what the house accepts without asking (14 to 60 days)"},
		{"deletion.days", 7, Fallback, i(14), "Deletion period: 7 days is outside what the house accepts without asking (14 to 60 days); the house offers 14 days. Backups take 14 days."},
		{"deletion.days", 90, Fallback, i(60), "Deletion period: 90 days is outside what the house accepts without asking (14 to 60 days); the house offers 60 days. Backups take 14 days."},
		{"deletion.days", 1, Fallback, i(14), "Deletion period: 1 day is outside what the house accepts without asking (14 to 60 days); the house offers 14 days. Backups take 14 days."},
		// No unit: the bare number; no fallback: declined for the lawyer.
		{"audit.count", 2, Legal, nil, "Audits a year: 2 is outside what the house accepts without asking (at most 1). One a year is priced in."},
		// No label: the path; a bound of 1 in the singular.
		{"retention.months", 0, Fallback, i(6), "retention.months: 0 months is outside what the house accepts without asking (at least 1 month); the house offers 6 months."},
		// No range in the playbook.
		{"notice.days", 30, Legal, nil, "Notice: 30 days; the playbook says nothing of what the house accepts for it"},
	} {
		var it Item
		rv.answerValue(&it, tc.path, tc.n)
		if it.Verdict != tc.verdict || it.Reason != tc.reason {
			t.Errorf("%s = %d: %s: %q, want %s: %q", tc.path, tc.n, it.Verdict, it.Reason, tc.verdict, tc.reason)
		}
		if it.Path != tc.path || it.Value == nil || *it.Value != tc.n {
			t.Errorf("%s = %d: fields %q = %v", tc.path, tc.n, it.Path, it.Value)
		}
		if (it.Offer == nil) != (tc.offer == nil) || it.Offer != nil && *it.Offer != *tc.offer {
			t.Errorf("%s = %d: offer %v, want %v", tc.path, tc.n, it.Offer, tc.offer)
		}
	}
}

// TestAnswerWordingWords: a clause that now reads as another of the
// library's wordings is answered by the playbook's rule for the clause,
// named by the wording's position, without the clause's id.
func TestAnswerWordingWords(t *testing.T) {
	balanced := &clause.Alternative{Name: "full-balanced", Position: "balanced"}
	rv := &reviewer{}
	for _, tc := range []struct {
		rule    *playbook.Rule
		verdict Verdict
		reason  string
	}{
		{nil, Legal, "the clause now reads as the library's balanced wording; the playbook says nothing of what the house accepts in this clause"},
		{&playbook.Rule{Accept: []string{"balanced"}}, Accepted, "the clause now reads as the library's balanced wording, which the playbook accepts"},
		{&playbook.Rule{Accept: []string{"house"}, Fallback: "house", Reason: "Priced in."}, Fallback, "the clause now reads as the library's balanced wording, which the playbook does not accept; the house offers its house wording. Priced in."},
		{&playbook.Rule{Accept: []string{"house"}, Reason: "Priced in."}, Legal, "the clause now reads as the library's balanced wording, which the playbook does not accept. Priced in."},
	} {
		var it Item
		rv.answerWording(&it, "liability", tc.rule, balanced)
		if it.Verdict != tc.verdict || it.Reason != tc.reason || it.Wording != "balanced" {
			t.Errorf("%+v: %s: %q (%s), want %s: %q", tc.rule, it.Verdict, it.Reason, it.Wording, tc.verdict, tc.reason)
		}
	}
}
