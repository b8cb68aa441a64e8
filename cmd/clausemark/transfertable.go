package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/transfer"
	"github.com/clausemark/clausemark/internal/vars"
)

// transferCases are the README's transfer table: a customer established in
// each jurisdiction's own country (an Austrian one under the EU's law as a
// whole), with a processor in each of these countries and one
// subprocessor in the United States.
var (
	transferJurisdictions = []struct{ code, customer string }{
		{"eu", "AT"}, {"de", "DE"}, {"uk", "GB"}, {"ch", "CH"}, {"us-ca", "US"}, {"in", "IN"}, {"br", "BR"},
	}
	transferProcessors = []string{"DE", "GB", "CH", "JP", "IN", "US"}
)

// mechanismName is how the table names a mechanism.
var mechanismName = map[string]string{
	transfer.EUSCC:      "SCCs",
	transfer.UKAddendum: "SCCs with the UK Addendum",
	transfer.CHSCC:      "SCCs with the Swiss adaptations",
}

// transfersMarkdown writes the README's transfer table: for each
// jurisdiction and processor country, what the customer's transfer to the
// processor, the processor's onward transfer to a subprocessor in the
// United States and any return of the data rely on, and which supervisory
// authority Annex I.C names, as the engine works them out from
// templates/transfers.yaml and templates/authorities.yaml.
func transfersMarkdown(w io.Writer, lib *library.Library) error {
	us, ok := lib.Countries.Get("US")
	if !ok {
		return fmt.Errorf("the country table has no US")
	}
	subs := []any{map[string]any{"name": "a subprocessor", "location": us}}
	fmt.Fprintln(w, "| law | customer in | processor in | customer → processor | processor → subprocessor in the US | processor → customer | Annex I.C authority |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, j := range transferJurisdictions {
		rec, ok := lib.Jurisdictions[j.code]
		if !ok {
			return fmt.Errorf("no jurisdiction %s", j.code)
		}
		cust, ok := lib.Countries.Get(j.customer)
		if !ok {
			return fmt.Errorf("the country table has no %s", j.customer)
		}
		for _, pc := range transferProcessors {
			proc, ok := lib.Countries.Get(pc)
			if !ok {
				return fmt.Errorf("the country table has no %s", pc)
			}
			a := lib.Transfers.Analyze(rec, proc, subs, cust)
			auth := "—"
			if a.Module2 {
				auth = annexAuthority(lib, a, cust)
			}
			fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s | %s | %s |\n", j.code, capitalize(cust.Name), capitalize(proc.Name),
				toProcessor(a), onward(a), back(a), auth)
		}
	}
	return nil
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func toProcessor(a *transfer.Analysis) string {
	switch {
	case a.Regime == nil:
		return "no transfer rules by destination"
	case a.Missing:
		return "refused: the regime's clauses are not carried"
	case a.Processor == nil:
		return "—"
	case a.Processor.Within:
		return "no transfer (inside " + a.Regime.Area + ")"
	case a.Processor.Adequacy != nil:
		return "adequacy: " + a.Processor.Adequacy.Decision
	case a.Module2:
		return "Module Two, " + mechanismName[a.Mechanism()]
	}
	return "—"
}

func onward(a *transfer.Analysis) string {
	switch {
	case a.Module3:
		return "Module Three, " + mechanismName[a.OnwardMechanism()] + " (" + a.Onward.Name + ")"
	case a.OnwardMissing:
		return "the processor adopts the clauses " + a.Onward.Name + " require"
	case a.Onward == nil:
		return "no transfer rules by destination"
	case len(a.Subprocessors) > 0 && a.Subprocessors[0].Adequacy != nil:
		return "adequacy: " + a.Subprocessors[0].Adequacy.Decision
	}
	return "—"
}

func back(a *transfer.Analysis) string {
	if a.Module4 {
		return "Module Four, " + mechanismName[a.ReturnMechanism()] + " (" + a.Home.Name + ")"
	}
	return "—"
}

// annexAuthority names the authority Annex I.C gives for a customer
// established in c: the regime's own where it names one, else that of the
// customer's country.
func annexAuthority(lib *library.Library, a *transfer.Analysis, c vars.Country) string {
	if a.Regime != nil && a.Regime.Authority != "" {
		return a.Regime.Authority
	}
	got, err := lib.Authorities.Lookup(c, nil, lib.Countries, "customer.country")
	switch {
	case err != nil:
		return "refused: " + err.Error()
	case got.RegionKind != "":
		return "the authority of the customer's " + got.RegionKind + ", from its address"
	case got.Name == "":
		return "customer.supervisory_authority"
	case got.English != "":
		return got.Name + " (" + got.English + ")"
	}
	return got.Name
}
