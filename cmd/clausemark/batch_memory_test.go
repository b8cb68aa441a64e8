package main

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestBatchMemoryLimit(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		jobs, procs int
		cgroup      int64
		want        int64
	}{
		{jobs: 2, procs: 2, want: (48 + 64) * mib},
		{jobs: 48, procs: 2, want: (48 + 64) * mib},                     // jobs beyond the CPUs add nothing
		{jobs: 48, procs: 48, cgroup: 1024 * mib, want: 768 * mib},      // three quarters of the container
		{jobs: 0, procs: 4, want: (48 + 32) * mib},                      // at least one job
		{jobs: 4, procs: 4, cgroup: 8192 * mib, want: (48 + 128) * mib}, // a roomy container changes nothing
	}
	for _, tt := range tests {
		if got := batchMemoryLimit(tt.jobs, tt.procs, tt.cgroup); got != tt.want {
			t.Errorf("batchMemoryLimit(%d, %d, %d) = %d MiB, want %d MiB", tt.jobs, tt.procs, tt.cgroup, got/mib, tt.want/mib)
		}
	}
}

func TestParseMemoryLimit(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"max\n", 0, true},
		{"536870912\n", 512 << 20, true},
		{"9223372036854771712\n", 0, true}, // cgroup v1 without a limit
		{"", 0, false},
		{"lots", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseMemoryLimit(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseMemoryLimit(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// bigSharedStrings writes a workbook like the one that cost 574 MB for one
// row: a header and one row, beside n shared strings the rows never use.
func bigSharedStrings(t testing.TB, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z := zip.NewWriter(f)
	part := func(name, body string) io.Writer {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, body); err != nil {
			t.Fatal(err)
		}
		return w
	}
	part("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)
	part("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	part("xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	part("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`+
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)
	part("xl/worksheets/sheet1.xml", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
		`<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>`)
	w := part("xl/sharedStrings.xml", fmt.Sprintf(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d"><si><t>customer.name</t></si><si><t>Globex</t></si>`, n+2, n+2))
	bw := bufio.NewWriterSize(w, 1<<16)
	for i := range n {
		fmt.Fprintf(bw, "<si><t>Customer %d</t></si>", i)
	}
	bw.WriteString("</sst>")
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestBatchSharedStringsMemory runs a batch, as the Kubernetes Job of docs/operations.md does
// (PDF and Markdown), over a 4.6-million-shared-string workbook whose one
// row uses one of them: the process's peak resident memory, as the kernel
// measured it, stays within the Job's 256 MiB.
func TestBatchSharedStringsMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a workbook of 4.6 million shared strings")
	}
	bin := clausemarkBin(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "big.xlsx")
	bigSharedStrings(t, data, 4_600_000)
	if fi, err := os.Stat(data); err == nil {
		t.Logf("workbook: %.1f MB", float64(fi.Size())/1e6)
	}
	cmd := exec.Command(bin, "batch", "--variant", "opsium", "--data", data, "--format", "pdf,md", "--out", filepath.Join(dir, "out"), "--quiet")
	cmd.Env = withRegistry(filepath.Join(dir, "registry.db"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("batch: %v\n%s", err, msg)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "globex-dpa.pdf")); err != nil {
		t.Fatal(err)
	}
	peak, ok := peakRSS(cmd.ProcessState)
	if !ok {
		t.Skip("no peak resident memory on this system")
	}
	t.Logf("peak resident memory: %d MiB", peak>>20)
	if peak > 256<<20 {
		t.Errorf("peak resident memory %d MiB, above the 256 MiB the Job of docs/operations.md requests", peak>>20)
	}
}
