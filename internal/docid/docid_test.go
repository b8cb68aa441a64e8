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

// TestFindAll: every id a file names, in the order they first appear,
// each once, at most MaxFound; an issued file with another id appended
// names both.
func TestFindAll(t *testing.T) {
	id, other := New("x"), New("y")
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
	w.Write([]byte(`<cp:coreProperties xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier>` + id + `</dc:identifier></cp:coreProperties>`))
	zw.Close()
	var many strings.Builder
	many.WriteString("%PDF-1.7\n")
	for i := range 3 * MaxFound {
		many.WriteString(New(string(rune('a'+i))) + "\n")
	}
	tests := []struct {
		name string
		data []byte
		want []string
		more bool
	}{
		{"one id", []byte("%PDF-1.7 /Keywords (" + id + ")"), []string{id}, false},
		{"another appended in ASCII", []byte("%PDF-1.7 /Keywords (" + id + ")\n%%EOF\n" + other + "\n"), []string{id, other}, false},
		{"a UTF-16 id, another appended in ASCII", append(append([]byte("%PDF-1.7 (\xfe\xff"), utf16be(id)...), []byte(") %%EOF "+other)...), []string{id, other}, false},
		{"a second revision naming another in UTF-16", append([]byte("%PDF-1.7 ("+id+") %%EOF (\xfe\xff"), utf16be(other)...), []string{id, other}, false},
		{"the same id in both widths, twice", append([]byte("%PDF-1.7 "+id+" "+id+" "), utf16be(id)...), []string{id}, false},
		{"a DOCX with an id appended", append(bytes.Clone(docx.Bytes()), []byte(other)...), []string{id, other}, false},
		{"a DOCX", docx.Bytes(), []string{id}, false},
		{"Markdown naming ids", []byte("# DPA\n" + id + " " + other), nil, false},
		{"nothing", []byte("%PDF-1.7"), nil, false},
		{"a file naming many", []byte(many.String()), nil, true},
	}
	for _, tc := range tests {
		got, more := FindAll(tc.data)
		if tc.name == "a file naming many" {
			if len(got) != MaxFound || !more || got[0] != New("a") {
				t.Errorf("%s: %d ids (more %v), want the first %d and more", tc.name, len(got), more, MaxFound)
			}
			continue
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") || more != tc.more {
			t.Errorf("%s: FindAll = %q, %v; want %q, %v", tc.name, got, more, tc.want, tc.more)
		}
	}
}

func FuzzFindAll(f *testing.F) {
	f.Add([]byte("%PDF-1.7 /Keywords (" + New("a") + ") " + New("b")))
	f.Add([]byte("%PDF-1.7 \x00C\x00M\x00-\x007"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ids, _ := FindAll(data)
		if len(ids) > MaxFound {
			t.Fatalf("%d ids", len(ids))
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if !Valid(id) || seen[id] {
				t.Fatalf("FindAll returned %q", ids)
			}
			seen[id] = true
		}
		if one := Find(data); one != "" && !seen[one] {
			t.Fatalf("Find gives %s, FindAll %q", one, ids)
		}
	})
}
