package assemble_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
)

// Issue 26, item 6: the California service-provider terms (the ccpa
// clause, under us-ca) name the specific business purposes (Cal. Code
// Regs. tit. 11, § 7051(a)(2)), require the business to pass on consumer
// requests (§ 7051(a)(10)), give notice of each sub-service provider bound
// by a written contract (Cal. Civ. Code § 1798.140(ag)(2), § 7051(c)),
// carry the optional assessment and audit wording (§ 7051(a)(7)), speak the
// CCPA's vocabulary and none of the GDPR's, and say nothing of transfers
// abroad, which the CCPA does not restrict.

// ccpaSection returns the California Service Provider Terms of a rendered
// document: from their heading to the next section's.
func ccpaSection(t *testing.T, md string) string {
	t.Helper()
	loc := regexp.MustCompile(`(?m)^## \d+\. California Service Provider Terms\n`).FindStringIndex(md)
	if loc == nil {
		t.Fatalf("no California Service Provider Terms in the document")
	}
	rest := md[loc[1]:]
	if end := strings.Index(rest, "\n## "); end >= 0 {
		rest = rest[:end]
	}
	return rest
}

// The variants' own business purposes, as templates/variants/ gives them.
const (
	ojooPurpose   = "hosting, storing, and backing up the records the Customer and its users enter into the Ojoo ERP, CRM, HRMS, document management, and workflow automation applications the Customer subscribes to;"
	opsiumPurpose = "hosting, storing, and backing up the schedules, capacity plans, time records, roles, and organizational structure that the Customer and its users enter into Opsium;"
	// neutralPurpose begins the default of templates/variables.yaml.
	neutralPurpose = "hosting, storing, and backing up the personal information that the Customer and its users enter into the services the Customer subscribes to;"
)

func TestCaliforniaServiceProviderTerms(t *testing.T) {
	lib := load(t)
	type row struct {
		name    string
		variant string
		sets    []string
		proc    string // the processor's name as the text uses it
		purpose string // the business purposes the text must name
	}
	var rows []row
	for _, position := range []string{"house", "balanced"} {
		rows = append(rows,
			row{"concise seed " + position, "opsium", []string{"position=" + position}, "Opsium", opsiumPurpose},
			row{"full seed " + position, "ojoo", []string{"position=" + position}, "Ojoo", ojooPurpose},
		)
		for _, v := range []string{"opsium", "ojoo"} {
			rows = append(rows,
				row{v + " US processor " + position, v, append(newProcessor(v, "Paperloop", "Paperloop, Inc.", "United States", "1 Example Street, Example City"), "position="+position), "Paperloop", neutralPurpose},
				row{v + " German processor with its purposes " + position, v,
					append(newProcessor(v, "Datenwerk", "Datenwerk GmbH", "Germany", "1 Example Street, Example City"), "position="+position,
						"ccpa.business_purpose=hosting the Customer's shipment records in Datenwerk's logistics software, routing its deliveries, and providing support to its dispatchers"),
					"Datenwerk", "hosting the Customer's shipment records in Datenwerk's logistics software, routing its deliveries, and providing support to its dispatchers."},
			)
		}
	}
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			md := render(t, lib, library.Request{Variant: tc.variant, Sets: append([]string{"jurisdiction=us-ca"}, tc.sets...)})
			sec := ccpaSection(t, md)
			p := tc.proc
			for _, want := range []string{
				// The CCPA's roles (§ 1798.140(d), (ag)).
				"the Customer is a business (section 1798.140(d) of the California Civil Code), " + p + " is its service provider (section 1798.140(ag))",
				// § 7051(a)(2): specific, and disclosed only for them.
				"The Customer discloses that personal information to " + p + " only for the following limited and specified business purposes: " + tc.purpose,
				"shall not retain, use, or disclose that personal information for any purpose other than the business purposes specified in this Section",
				// § 7051(a)(10).
				"The Customer shall inform " + p + " of any consumer request made under the CCPA that " + p + " must comply with, and shall provide the information " + p + " needs to comply with it.",
				"shall cooperate with the Customer in responding to consumer requests made under the CCPA",
				// § 1798.140(ag)(2), § 7051(c).
				"shall notify the Customer of each person it engages to assist it in processing that personal information for those business purposes (a sub-service provider), and of each person a sub-service provider engages for them",
				"shall make each such engagement under a written contract that binds that person to observe all the requirements of this Section and that complies with the CCPA and its regulations",
				// § 7051(a)(7).
				"including ongoing manual reviews and automated scans of " + p + "'s systems and regular internal or third-party assessments, audits, or other technical and operational testing at least once every 12 months",
				"shall not sell or share that personal information",
				"provide the same level of privacy protection as the CCPA requires of businesses",
			} {
				if !strings.Contains(sec, want) {
					t.Errorf("the California terms lack %q:\n%s", want, sec)
				}
			}
			lower := strings.ToLower(sec)
			for _, not := range []string{
				// The generic purpose of the old wording.
				"business purpose of providing the services under the agreement",
				"as described in this dpa",
				// GDPR-only terms.
				"lawful basis", "legal basis", "special categor", "data subject", "controller", "processor", "personal data", "gdpr",
				// The CCPA restricts no transfer abroad.
				"transfer", "outside the united states", "abroad", "cross-border",
			} {
				if strings.Contains(lower, not) {
					t.Errorf("the California terms say %q:\n%s", not, sec)
				}
			}
		})
	}
}

// TestCaliforniaTermsOnlyUnderCalifornia: the business purposes and the
// terms appear under us-ca alone.
func TestCaliforniaTermsOnlyUnderCalifornia(t *testing.T) {
	lib := load(t)
	for _, v := range []string{"opsium", "ojoo"} {
		for _, j := range []string{"eu", "de", "uk", "ch", "in", "ca", "au"} {
			md := render(t, lib, library.Request{Variant: v, Sets: librarytest.Described("jurisdiction="+j, "customer.country=Austria")})
			for _, not := range []string{"California Service Provider Terms", "limited and specified business purposes", "sub-service provider"} {
				if strings.Contains(md, not) {
					t.Errorf("%s under %s says %q", v, j, not)
				}
			}
		}
	}
}
