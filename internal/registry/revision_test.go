package registry

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// issuedPart is the end of a PDF as issued: its last cross-reference
// section is at 100.
const issuedPart = "%PDF-1.7\n...\nstartxref\n100\n%%EOF\n"

// update returns an incremental update whose objects are objs, at offset
// at, following the section at prev; it returns the update and the
// offset of its own section.
func update(at, prev int, objs string) (string, int) {
	xref := at + len(objs)
	return fmt.Sprintf("%sxref\n7 1\n%010d 00000 n\r\ntrailer\n<< /Size 8 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", objs, at, prev, xref), xref
}

const sigObj = "7 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /Name (Jane \\(J.\\) Customer\\\n) /M (D:20260302) /Contents <00> /ByteRange [0 1 2 3] >>\nendobj\n"

func TestReadRevisions(t *testing.T) {
	at := len(issuedPart)
	one, x1 := update(at, 100, sigObj)
	two, _ := update(at+len(one), x1, "7 0 obj\n<</Type/Sig/Name<FEFF005A006F00EB>>>\nendobj\n")
	stream := "7 0 obj\n<< /Type /XRef /Size 8 /Root 1 0 R /Prev 100 /Length 5 >>\nstream\n\x00\x01%%EO\nendstream\nendobj\n"
	withStream := stream + fmt.Sprintf("startxref\n%d\n%%%%EOF", at)
	tests := []struct {
		name    string
		tail    string
		count   int
		signers []string
		err     string // in the error, "" for none
	}{
		{"one update", one, 1, []string{"Jane (J.) Customer"}, ""},
		{"two updates", one + two, 2, []string{"Jane (J.) Customer", "Zoë"}, ""},
		{"a cross-reference stream", withStream, 1, nil, ""},
		{"trailing white space", one + "\r\n \x00", 1, []string{"Jane (J.) Customer"}, ""},
		{"a comment before the update", "% a tool's note\n" + strings.Replace(one, fmt.Sprint(x1), fmt.Sprint(x1+len("% a tool's note\n")), 1), 1, []string{"Jane (J.) Customer"}, ""},
		{"nothing", "\n", 0, nil, "an update"},
		{"a wrong /Prev", strings.Replace(one, "/Prev 100", "/Prev 101", 1), 0, nil, "/Prev is 100"},
		{"no /Root", strings.Replace(one, "/Root 1 0 R", "", 1), 0, nil, "/Root"},
		{"a wrong startxref", strings.Replace(one, fmt.Sprintf("startxref\n%d", x1), "startxref\n5", 1), 0, nil, "startxref"},
		{"no %%EOF", strings.TrimSuffix(one, "%%EOF\n"), 0, nil, "%%EOF"},
		{"garbage after", one + "garbage", 0, nil, "an object"},
		{"an unclosed string", "7 0 obj\n(Jane", 0, nil, "closing parenthesis"},
		{"a stream without its end", "7 0 obj\n<< /Length 2 >>\nstream\nab", 0, nil, "endstream"},
		{"nesting too deep", "7 0 obj\n" + strings.Repeat("[", 100), 0, nil, "nested"},
		{"only an id appended", "\nCM-0000-0000-0000-0000\n", 0, nil, "an object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			revs, err := readRevisions([]byte(tc.tail), int64(at), 100)
			if tc.err != "" {
				var re *RevisionError
				if !errors.As(err, &re) || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want a *RevisionError about %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if revs.Count != tc.count || !slices.Equal(revs.Signers, tc.signers) {
				t.Errorf("%d revisions, signers %q; want %d, %q", revs.Count, revs.Signers, tc.count, tc.signers)
			}
		})
	}
}

func TestSignerText(t *testing.T) {
	tests := []struct {
		in   value
		want string
		ok   bool
	}{
		{value{kind: kindString, str: "Jane Customer"}, "Jane Customer", true},
		{value{kind: kindString, str: "\xfe\xff\x00Z\x00o\x00\xeb"}, "Zoë", true},
		{value{kind: kindString, str: "\xfe\xff\xd8\x3d\xde\x00!"}, "\U0001F600", true},
		{value{kind: kindString, str: "\xef\xbb\xbfZo\xc3\xab"}, "Zoë", true},
		{value{kind: kindString, str: "Zo\xeb"}, "Zoë", true},
		{value{kind: kindString, str: " Jane\n\x1b[31m \x85Customer "}, "Jane [31m Customer", true},
		{value{kind: kindString, str: "\xef\xbb\xbfJane \u202eCustomer\xff"}, "Jane Customer\uFFFD", true},
		{value{kind: kindString, str: "\n\t"}, "", false},
		{value{kind: kindName, str: "Jane"}, "", false},
		{value{kind: kindString, str: strings.Repeat("\xe9", 100)}, strings.Repeat("é", 62) + "…", true},
	}
	for _, tc := range tests {
		got, ok := tc.in.text()
		if got != tc.want || ok != tc.ok || len(got) > MaxSignerName {
			t.Errorf("text of %q = %q, %v; want %q, %v", tc.in.str, got, ok, tc.want, tc.ok)
		}
	}
}

// TestDigester: the digester's prefixes are the file's parts ending at
// each %%EOF marker that a startxref precedes, with and without the end
// of line after it, whatever the pieces the file is written in.
func TestDigester(t *testing.T) {
	file := []byte(issuedPart + "1 0 obj\n(%%%EOF)\nendobj\nstartxref\n9\n%%EOF\r\nstartxref 12 %%EOF\rstartxref\n13\n%%EOF")
	var want []int
	for i := 0; i+5 <= len(file); i++ {
		if string(file[i:i+5]) != "%%EOF" {
			continue
		}
		if i == bytes.Index(file, []byte("%%%EOF"))+1 {
			continue // no startxref before it
		}
		want = append(want, i+5)
		switch {
		case bytes.HasPrefix(file[i+5:], []byte("\r\n")):
			want = append(want, i+6, i+7)
		case i+5 < len(file) && (file[i+5] == '\n' || file[i+5] == '\r'):
			want = append(want, i+6)
		}
	}
	want = want[:len(want)-1] // not the whole file
	for size := 1; size <= len(file); size++ {
		var d Digester
		for b := file; len(b) > 0; b = b[min(size, len(b)):] {
			d.Write(b[:min(size, len(b))])
		}
		dg := d.Digest()
		var got []int
		for _, p := range dg.prefixes {
			got = append(got, int(p.bytes))
			sum := sha256.Sum256(file[:p.bytes])
			if p.sha256 != hex.EncodeToString(sum[:]) {
				t.Fatalf("pieces of %d: the digest of the first %d bytes is wrong", size, p.bytes)
			}
			if tail, ok := dg.after(p); !ok || !bytes.Equal(tail, file[p.bytes:]) {
				t.Fatalf("pieces of %d: the bytes after %d are wrong", size, p.bytes)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("pieces of %d: prefixes %v, want %v", size, got, want)
		}
		if sum := sha256.Sum256(file); dg.SHA256 != hex.EncodeToString(sum[:]) || dg.Bytes != int64(len(file)) {
			t.Fatalf("pieces of %d: the whole file's digest is wrong", size)
		}
	}
	if p := digest(t, []byte("not a PDF\nstartxref\n1\n%%EOF\n...")).prefixes; len(p) != 0 {
		t.Errorf("a file that is not a PDF has prefixes %v", p)
	}
}

// TestDigesterBounded: at most MaxMarkers markers are looked at, and no
// more than MaxTail bytes after a prefix are kept.
func TestDigesterBounded(t *testing.T) {
	many := []byte("%PDF-1.7\n" + strings.Repeat("startxref\n1\n%%EOF", MaxMarkers+10) + "x")
	if got := len(digest(t, many).prefixes); got != MaxMarkers {
		t.Errorf("%d prefixes, want %d", got, MaxMarkers)
	}
	long := slices.Concat([]byte("%PDF-1.7\nstartxref\n1\n%%EOF\n"), make([]byte, MaxTail), []byte("startxref\n2\n%%EOF\nmore"))
	d := digest(t, long)
	if len(d.prefixes) != 2 || d.prefixes[0].startxref != 2 || len(d.tail) != len("\nmore") {
		t.Errorf("prefixes %+v, %d bytes kept", d.prefixes, len(d.tail))
	}
}

func digest(t *testing.T, data []byte) *Digest {
	t.Helper()
	var d Digester
	d.Write(data)
	return d.Digest()
}

// FuzzReadRevisions: any bytes after an issued part are read as updates
// or refused with a *RevisionError, never a panic, with the counts and
// names bounded.
func FuzzReadRevisions(f *testing.F) {
	at := len(issuedPart)
	one, x1 := update(at, 100, sigObj)
	two, _ := update(at+len(one), x1, "8 0 obj\n<< /Type /Sig /Name <FEFF005A006F00EB> >>\nendobj\n")
	for _, seed := range []string{
		one, one + two, "", "\n", "7 0 obj\n<< /Length 3 >>\nstream\nabc\nendstream\nendobj\n",
		"7 0 obj\n<< /Type /XRef /Size 8 /Root 1 0 R /Prev 100 >>\nstream\n\nendstream\nendobj\nstartxref\n35\n%%EOF",
		"xref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 1 /Root 1 0 R /Prev 100 >>\nstartxref\n35\n%%EOF\n",
		"7 0 obj (a\\101\\\r\nb\\)) endobj", "7 0 obj [1 2 0 R /N#41 -.5 true null <0a1>] endobj",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, tail []byte) {
		revs, err := readRevisions(tail, int64(at), 100)
		if err != nil {
			var re *RevisionError
			if !errors.As(err, &re) || re.Offset < int64(at) || re.Offset > int64(at+len(tail)) {
				t.Fatalf("error %v (%T)", err, err)
			}
			return
		}
		if revs.Count < 1 || revs.Count > MaxMarkers || len(revs.Signers) > MaxSigners {
			t.Fatalf("%d revisions, %d signers", revs.Count, len(revs.Signers))
		}
		for _, s := range revs.Signers {
			if len(s) > MaxSignerName || s == "" {
				t.Fatalf("signer %q", s)
			}
		}
		// The digester finds the part before the tail, whatever follows.
		d := digest(t, append([]byte(issuedPart), tail...))
		if !slices.ContainsFunc(d.prefixes, func(p prefix) bool { return p.bytes == int64(at) }) {
			t.Fatalf("prefixes %+v", d.prefixes)
		}
	})
}
