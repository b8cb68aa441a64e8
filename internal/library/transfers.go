package library

import (
	"fmt"
	"slices"

	"github.com/clausemark/clausemark/internal/transfer"
	"github.com/clausemark/clausemark/internal/vars"
)

// The paths of the processor's country and the subprocessors, as the
// clauses and checklists pass them to the transfers function:
//
//	{{ transfers .jurisdiction .processor.country .subprocessors .customer.country }}
//
// The jurisdiction and the customer's country come from their roles.
const (
	processorCountryPath = "processor.country"
	subprocessorsPath    = "subprocessors"
)

// TransferAnalysis returns the transfer analysis of a document's values,
// the one its clauses compute with the transfers function; nil when the
// library has no transfer table.
func (lib *Library) TransferAnalysis(tree vars.Tree) *transfer.Analysis {
	if lib.Transfers == nil || lib.Schema == nil {
		return nil
	}
	return lib.Transfers.Analyze(lib.Schema.Role(tree, vars.RoleJurisdiction), tree.Get(processorCountryPath), tree.Get(subprocessorsPath), lib.Schema.Role(tree, vars.RoleCustomerCountry))
}

// OwnRegimes returns the ids of the transfer regimes whose law a document
// may name besides its jurisdiction's: the processor's own (a German
// processor under Californian law keeps its duties under the GDPR, a UK
// processor's onward transfers are the UK GDPR's) and the customer's own
// (an Irish customer under Swiss law has its EEA authority named in
// parallel in Annex I.C).
func (lib *Library) OwnRegimes(tree vars.Tree) []string {
	a := lib.TransferAnalysis(tree)
	if a == nil {
		return nil
	}
	var out []string
	if a.OwnLaw() {
		out = append(out, a.Home.ID)
	}
	if a.Diverges() && !slices.Contains(out, a.Exporter.ID) {
		out = append(out, a.Exporter.ID)
	}
	return out
}

// transferWarnings says when the customer is established under another
// transfer regime than the jurisdiction's: its own law decides its
// transfers (an Austrian customer's are the GDPR's, under UK or
// Californian law as much as under German), and the document's transfer
// terms follow the jurisdiction. render --strict makes the warning an
// error.
func (lib *Library) transferWarnings(tree vars.Tree) []string {
	a := lib.TransferAnalysis(tree)
	if a == nil || !a.Diverges() {
		return nil
	}
	path, _ := lib.Schema.RolePath(vars.RoleCustomerCountry)
	jp, _ := lib.Schema.RolePath(vars.RoleJurisdiction)
	code, _ := lib.Schema.Role(tree, vars.RoleJurisdiction).(vars.Record)["code"].(string)
	instead := "has no transfer rules of the library's"
	if a.Regime != nil {
		instead = "applies " + a.Regime.Name + " instead"
	}
	return []string{fmt.Sprintf("%s %s lies in %s, whose transfer rules (%s) govern the customer's transfers of personal data, but %s %q %s, so the transfer terms do not follow the customer's own law: choose a %s in %s, or have the transfer terms reviewed",
		path, a.Customer.Name, a.Exporter.Area, a.Exporter.Name, jp, code, instead, jp, a.Exporter.Area)}
}
