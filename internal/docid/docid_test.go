package docid

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestNew(t *testing.T) {
	a := New("lib", "1.0.0", "text")
	if !Valid(a) || len(a) != Len {
		t.Fatalf("New gave %q", a)
	}
	if a != New("lib", "1.0.0", "text") {
		t.Error("the same parts give another id")
	}
	for _, other := range [][]string{{"lib", "1.0.1", "text"}, {"lib1", ".0.0", "text"}, {"lib", "1.0.0", "text", ""}} {
		if New(other...) == a {
			t.Errorf("%q gives the id of another document", other)
		}
	}
}

func TestValidNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"CM-7K3M-Q2XA-9PZB-1TRE", "CM-7K3M-Q2XA-9PZB-1TRE"},
		{" cm-7k3m-q2xa-9pzb-1tre\n", "CM-7K3M-Q2XA-9PZB-1TRE"},
		{"CM-7K3M-Q2XA-9PZB-1TRO", "CM-7K3M-Q2XA-9PZB-1TR0"}, // O reads as 0
		{"CM-7K3M-Q2XA-9PZB-ITRL", "CM-7K3M-Q2XA-9PZB-1TR1"},
		{"CM-7K3M-Q2XA-9PZB-1TR", ""},
		{"CM-7K3M-Q2XA-9PZB-1TREE", ""},
		{"XX-7K3M-Q2XA-9PZB-1TRE", ""},
		{"CM-7K3MQ-2XA-9PZB-1TRE", ""},
		{"CM-7K3M-Q2XA-9PZB-1TRU", ""}, // U is not a digit
		{"", ""},
	}
	for _, tc := range tests {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFind(t *testing.T) {
	id := New("x")
	utf16be := func(s string) []byte {
		var b []byte
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return b
	}
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	w, _ := zw.Create("docProps/core.xml")
	w.Write([]byte(`<?xml version="1.0"?><cp:coreProperties xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>CM-0000-0000-0000-0000</dc:title><dc:identifier>` + id + `</dc:identifier></cp:coreProperties>`))
	zw.Close()
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"ASCII in a PDF", []byte("%PDF-1.7 ... /Keywords (" + id + ") ..."), id},
		{"UTF-16 PDF string", append(append([]byte("%PDF-1.7 /Keywords (\xfe\xff"), utf16be("DPA, "+id)...), ')'), id},
		{"a customer named like an id, then the id", append(append([]byte("%PDF-1.7 /Keywords (\xfe\xff"), utf16be("DPA, "+New("y")+" Holdings, "+id)...), ')'), id},
		{"UTF-16 before ASCII", append([]byte("%PDF-1.7 "+New("y")+" \xfe\xff"), utf16be(id)...), id},
		{"DOCX identifier, not the title", docx.Bytes(), id},
		{"the last of two", []byte("%PDF-1.7 " + New("y") + " " + id), id},
		{"a near miss, then the id", []byte("%PDF-1.7 CM-7K3M-Q2XA CM-" + id[3:]), id},
		{"a prefix at the end", []byte("%PDF-1.7 xx CM-"), ""},
		{"UTF-16 cut short", append([]byte("%PDF-1.7"), utf16be(id)[:2*Len-2]...), ""},
		{"nothing", []byte("%PDF-1.7"), ""},
		{"Markdown naming an id", []byte("# DPA\n\nCustomer: " + id + " Holdings"), ""},
		{"a broken zip", []byte("PK\x03\x04 " + id), ""},
	}
	for _, tc := range tests {
		if got := Find(tc.data); got != tc.want {
			t.Errorf("%s: Find = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func FuzzFind(f *testing.F) {
	f.Add([]byte("/Keywords (" + New("a") + ")"))
	f.Add([]byte("\x00C\x00M\x00-\x007"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		id := Find(data)
		if id != "" && (!Valid(id) || !strings.HasPrefix(id, Prefix)) {
			t.Fatalf("Find returned %q", id)
		}
	})
}
