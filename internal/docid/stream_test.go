package docid

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"unicode/utf16"
)

func utf16BE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

// scanPieces writes data to a Scanner in pieces of the sizes given, in
// turn, and returns what it finds, as FindAll writes it.
func scanPieces(data []byte, sizes ...int) string {
	var s Scanner
	for i := 0; len(data) > 0; i++ {
		n := min(len(data), max(1, sizes[i%len(sizes)]))
		s.Write(data[:n])
		data = data[n:]
	}
	return fmt.Sprint(s.IDs())
}

func findAll(data []byte) string { return fmt.Sprint(FindAll(data)) }

func findAllAt(data []byte) string {
	ids, more, err := FindAllAt(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err.Error()
	}
	return fmt.Sprint(ids, more)
}

// TestScannerMatchesFindAll: a PDF written to a Scanner in pieces of any
// size gives the ids FindAll gives for the whole, with ids in ASCII and
// UTF-16 across the pieces' edges, and more ids than FindAll lists.
func TestScannerMatchesFindAll(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var ids []string
	for i := range MaxFound + 6 {
		ids = append(ids, New(fmt.Sprint(i)))
	}
	for trial := range 400 {
		var b bytes.Buffer
		b.WriteString("%PDF-1.7\n")
		n := rng.IntN(6)
		if trial%10 == 0 {
			n = 3 * MaxFound
		}
		for range n {
			filler := make([]byte, rng.IntN(300))
			for i := range filler {
				filler[i] = "CM-\x00 x0123456789ABCDEFGHJKMNPQRSTVWXYZ"[rng.IntN(37)]
			}
			b.Write(filler)
			id := ids[rng.IntN(len(ids))]
			switch rng.IntN(4) {
			case 0:
				b.WriteString(id)
			case 1:
				b.Write(utf16BE(id))
			case 2:
				b.WriteString(id[:rng.IntN(Len)]) // cut short: no id
			default:
				b.Write(utf16BE(id)[:rng.IntN(2*Len)])
			}
		}
		data := b.Bytes()
		want := findAll(data)
		for _, sizes := range [][]int{{1}, {2}, {3, 5}, {Len - 1}, {Len}, {2*Len - 1}, {2 * Len}, {rng.IntN(100) + 1, rng.IntN(10) + 1}, {len(data)}} {
			if got := scanPieces(data, sizes...); got != want {
				t.Fatalf("trial %d, pieces %v: %s, want %s (FindAll)\n%q", trial, sizes, got, want, data)
			}
		}
		if got := findAllAt(data); got != want {
			t.Fatalf("trial %d: FindAllAt %s, want %s", trial, got, want)
		}
	}
}

// TestScannerNotPDF: a file without %PDF- in its first 1,024 bytes names
// no id, for the Scanner as for FindAll; a zip's plain ids are found.
func TestScannerNotPDF(t *testing.T) {
	id := New("x")
	for _, tc := range []struct{ data, want string }{
		{"# Markdown " + id, "[] false"},
		{string(make([]byte, 1024)) + "%PDF-1.7 " + id, "[] false"},
		{"PK not a zip " + id, "[" + id + "] false"},
	} {
		got, want := scanPieces([]byte(tc.data), 7), findAll([]byte(tc.data))
		if got != tc.want || want != tc.want || findAllAt([]byte(tc.data)) != tc.want {
			t.Errorf("%.40q: Scanner %s, FindAll %s, want %s", tc.data, got, want, tc.want)
		}
	}
}

// TestFindAllAtDOCX: FindAllAt reads a DOCX's identifier first, as
// FindAll does; a zip of more files than a DOCX holds is not read (its
// directory would cost memory for each).
func TestFindAllAtDOCX(t *testing.T) {
	id, other := New("x"), New("y")
	mk := func(extra int) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for i := range extra {
			zw.Create(fmt.Sprintf("f%d", i))
		}
		w, _ := zw.Create("docProps/core.xml")
		w.Write([]byte(`<cp:coreProperties xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier>` + id + `</dc:identifier></cp:coreProperties>`))
		zw.SetComment("a comment " + other)
		zw.Close()
		return buf.Bytes()
	}
	for _, tc := range []struct {
		extra int
		want  string
	}{{0, "[" + id + " " + other + "] false"}, {maxEntries - 1, "[" + id + " " + other + "] false"}, {maxEntries, "[" + other + "] false"}, {5000, "[" + other + "] false"}} {
		data := mk(tc.extra)
		if got := findAllAt(data); got != tc.want || findAll(data) != tc.want {
			t.Errorf("%d other files: FindAllAt %s, FindAll %s; want %s", tc.extra, got, findAll(data), tc.want)
		}
	}
}

// FuzzScanner: any bytes, in any pieces, give the Scanner what FindAll
// gives.
func FuzzScanner(f *testing.F) {
	id := New("x")
	f.Add([]byte("%PDF-1.7 "+id), 3)
	f.Add(append([]byte("%PDF-1.7 "), utf16BE(id)...), 1)
	f.Add(append(append([]byte("%PDF-1.7 "), utf16BE(id)...), id...), 40)
	f.Add([]byte("%PDF-1.7 CM-CM-"+id[3:]), 2)
	f.Fuzz(func(t *testing.T, data []byte, size int) {
		if size < 0 {
			size = -size
		}
		if got, want := scanPieces(data, size%200), findAll(data); got != want {
			t.Errorf("pieces of %d: %s, want %s", size%200, got, want)
		}
	})
}
