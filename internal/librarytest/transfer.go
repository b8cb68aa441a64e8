package librarytest

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/diag"
	"github.com/clausemark/clausemark/internal/transfer"
)

// Described returns sets followed by the Customer's own description of
// the transfer, which Annex I.B of the Standard Contractual Clauses lists
// wherever Module Two applies: transfer.data_subjects and
// transfer.data_categories are then required (and customer.country too,
// for Annex I.C, which sets gives).
func Described(sets ...string) []string {
	return append(slices.Clip(sets),
		"transfer.data_subjects=[Employees of the Customer, Customers of the Customer]",
		"transfer.data_categories=[Contact details, Order records]")
}

// LGPDRefused checks rendering's answer where Brazil's law governs: when
// refused, err must be the refusal of a processor outside Brazil and the
// EEA, a *diag.Error on processor.country wrapping transfer.ErrNotCarried
// that names Resolution CD/ANPD No. 19, and LGPDRefused reports true;
// otherwise err must be nil and it reports false.
func LGPDRefused(t testing.TB, refused bool, err error) bool {
	t.Helper()
	var de *diag.Error
	switch {
	case !refused && err != nil:
		t.Fatal(err)
	case !refused:
		return false
	case err == nil:
		t.Fatal("rendered a document under Brazilian law whose processor is outside Brazil and the EEA; want it refused")
	case !errors.As(err, &de) || de.Variable != "processor.country" || !errors.Is(err, transfer.ErrNotCarried) || !strings.Contains(err.Error(), "Resolution CD/ANPD No. 19"):
		t.Fatalf("error %v, want the refusal on processor.country wrapping transfer.ErrNotCarried", err)
	}
	return true
}
