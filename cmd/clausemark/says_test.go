package main

import "testing"

// TestWrittenSays: what render says of a file it wrote.
func TestWrittenSays(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{
		{0, "0 bytes"}, {999, "999 bytes"}, {1000, "1 KB"}, {210_400, "210 KB"}, {999_499, "999 KB"}, {1_000_000, "1.0 MB"}, {1_450_000, "1.4 MB"},
	} {
		if got := byteSize(tc.n); got != tc.want {
			t.Errorf("byteSize(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
	if pageCount(1) != "1 page" || pageCount(39) != "39 pages" {
		t.Errorf("pageCount: %q, %q", pageCount(1), pageCount(39))
	}
	for _, tc := range []struct {
		data string
		n    int
		ok   bool
	}{
		{"%PDF-1.7\n1 0 obj\n<< /Type /Pages /Kids [3 0 R 4 0 R ] /Count 2 /MediaBox [0 0 595 842] >>\nendobj\n", 2, true},
		{"%PDF-1.7\n<< /Type /Page /Parent 1 0 R >>\n<< /Type /Pages /Count 7 >>", 7, true},
		{"%PDF-1.7\n<< /Type /Outlines /Count 14 >>", 0, false},
		{"# Markdown /Type /Pages /Count 3", 0, false},
		{"", 0, false},
	} {
		if n, ok := pdfPages([]byte(tc.data)); n != tc.n || ok != tc.ok {
			t.Errorf("pdfPages(%.40q) = %d, %v; want %d, %v", tc.data, n, ok, tc.n, tc.ok)
		}
	}
}
