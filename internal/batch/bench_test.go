package batch_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/clausemark/clausemark"
	"github.com/clausemark/clausemark/internal/batch"
	"github.com/clausemark/clausemark/internal/format"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/render/docx"
	"github.com/clausemark/clausemark/internal/render/pdf"
	"github.com/clausemark/clausemark/internal/rows"
)

// ojooRows is a CSV of n customers of the Ojoo variant over the
// jurisdictions its processor serves, as scripts/batch-bench.sh makes them.
func ojooRows(n int) string {
	js := strings.Fields("de fr nl ie uk ch in us-ca ca au eu")
	cs := strings.Fields("DE FR NL IE GB CH IN US CA AU DE")
	ws := strings.Fields("Nordwind Zürich Łódź Ørsted Müller Globex Initech Umbrella Hooli Stark Wayne Acme Soylent Tyrell")
	var b strings.Builder
	b.WriteString("customer.name,customer.country,jurisdiction,deletion.days,transfer.data_subjects,transfer.data_categories\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "\"%s %s %d GmbH\",%s,%s,%d,\"[Employees of the Customer]\",\"[Contact details]\"\n",
			ws[i%14], ws[(i/14)%14], i, cs[i%11], js[i%11], 1+i%365)
	}
	return b.String()
}

// BenchmarkBatch runs a batch of 100 Ojoo rows with two jobs in each
// format, recording nothing: the time per row is what batch adds to
// assembling and rendering (resolving, naming, hashing, writing and
// syncing the files, the manifest). Profile it with -cpuprofile to see
// where a format's rows go.
func BenchmarkBatch(b *testing.B) {
	const n = 100
	lib, err := library.Load(clausemark.Library)
	if err != nil {
		b.Fatal(err)
	}
	p, err := lib.Prepare(library.Request{Variant: "ojoo", Date: runDay})
	if err != nil {
		b.Fatal(err)
	}
	data := ojooRows(n)
	for _, f := range []*format.Format{format.Markdown, pdf.Format, docx.Format} {
		b.Run(f.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sum, err := batch.Run(context.Background(), batch.Config{
					Base: p, Data: "customers.csv", Input: strings.NewReader(data), Kind: rows.CSV,
					Out: b.TempDir(), Formats: []*format.Format{f}, Jobs: 2,
				})
				if err != nil || sum.Written != n {
					b.Fatalf("%d of %d rows written: %v", sum.Written, n, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N*n)*1e3, "ms/row")
		})
	}
}
