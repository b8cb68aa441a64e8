// Package signtest appends to a PDF what an e-signature tool appends when
// it signs one, for tests of verification: an incremental update (ISO
// 32000-2, 7.5.6) holding a signature dictionary, the signature field
// that refers to it, and the catalog with a form naming the field, then
// a cross-reference section for them and a trailer whose /Prev is the
// file's last cross-reference section.
//
// The signature's /Contents is a placeholder of zeros, as a tool writes
// it before it computes the signature over /ByteRange; /ByteRange is the
// file's bytes but that placeholder, as in a signed file.
package signtest

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
)

// Signature is what the signature dictionary says.
type Signature struct {
	Name string // the signer (/Name), "" for none
	When string // the time of signing (/M), a PDF date: D:20260302100000Z
}

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	sizeRE      = regexp.MustCompile(`/Size\s+(\d+)`)
	rootRE      = regexp.MustCompile(`/Root\s+(\d+)\s+(\d+)\s+R`)
	infoRE      = regexp.MustCompile(`/Info\s+(\d+\s+\d+\s+R)`)
)

// Sign returns pdf followed by an incremental update that signs it with
// sig. pdf is a file with a cross-reference table and trailer (not a
// cross-reference stream) whose catalog has no form yet, as Clausemark
// writes it, or such a file signed already by Sign.
func Sign(pdf []byte, sig Signature) ([]byte, error) {
	m := startxrefRE.FindSubmatch(pdf)
	if m == nil {
		return nil, errors.New("signtest: the file does not end in startxref N %%EOF")
	}
	prev := string(m[1])
	i := bytes.LastIndex(pdf, []byte("trailer"))
	if i < 0 {
		return nil, errors.New("signtest: no trailer")
	}
	trailer := pdf[i:]
	sm, rm := sizeRE.FindSubmatch(trailer), rootRE.FindSubmatch(trailer)
	if sm == nil || rm == nil {
		return nil, errors.New("signtest: the trailer has no /Size or /Root")
	}
	size, _ := strconv.Atoi(string(sm[1]))
	root, rootGen := string(rm[1]), string(rm[2])
	gen, _ := strconv.Atoi(rootGen)
	catalog, err := catalogBody(pdf, root, rootGen)
	if err != nil {
		return nil, err
	}

	out := bytes.Clone(pdf)
	if !bytes.HasSuffix(out, []byte("\n")) && !bytes.HasSuffix(out, []byte("\r")) {
		out = append(out, '\n')
	}
	offsets := map[int]int{}
	sigNum, fieldNum := size, size+1

	offsets[sigNum] = len(out)
	out = fmt.Appendf(out, "%d 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached", sigNum)
	if sig.Name != "" {
		out = append(out, " /Name "...)
		out = append(out, pdfString(sig.Name)...)
	}
	if sig.When != "" {
		out = append(out, " /M "...)
		out = append(out, pdfString(sig.When)...)
	}
	out = append(out, " /ByteRange "...)
	byteRange := len(out)
	out = append(out, "[0 0000000000 0000000000 0000000000]"...)
	out = append(out, " /Contents "...)
	contentsStart := len(out)
	out = append(out, '<')
	out = append(out, bytes.Repeat([]byte("0"), 2*1024)...)
	out = append(out, '>')
	contentsEnd := len(out)
	out = append(out, " >>\nendobj\n"...)

	offsets[fieldNum] = len(out)
	out = fmt.Appendf(out, "%d 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature%d) /V %d 0 R /Rect [0 0 0 0] /F 132 >>\nendobj\n", fieldNum, fieldNum, sigNum)

	rootNum, _ := strconv.Atoi(root)
	offsets[rootNum] = len(out)
	out = fmt.Appendf(out, "%s %s obj\n%s /AcroForm << /Fields [%d 0 R] /SigFlags 3 >> >>\nendobj\n", root, rootGen, catalog, fieldNum)

	xref := len(out)
	out = append(out, "xref\n"...)
	out = fmt.Appendf(out, "%d 1\n%010d %05d n\r\n", rootNum, offsets[rootNum], gen)
	out = fmt.Appendf(out, "%d 2\n%010d 00000 n\r\n%010d 00000 n\r\n", sigNum, offsets[sigNum], offsets[fieldNum])
	out = fmt.Appendf(out, "trailer\n<< /Size %d /Root %s %s R", size+2, root, rootGen)
	if im := infoRE.FindSubmatch(trailer); im != nil {
		out = fmt.Appendf(out, " /Info %s", im[1])
	}
	out = fmt.Appendf(out, " /Prev %s >>\nstartxref\n%d\n%%%%EOF\n", prev, xref)

	br := fmt.Appendf(nil, "[0 %010d %010d %010d]", contentsStart, contentsEnd, len(out)-contentsEnd)
	copy(out[byteRange:], br)
	return out, nil
}

// catalogBody returns the catalog's dictionary as last defined, without
// its closing >>.
func catalogBody(pdf []byte, num, gen string) ([]byte, error) {
	re := regexp.MustCompile(`(?m)^` + num + ` ` + gen + ` obj\s*`)
	all := re.FindAllIndex(pdf, -1)
	if all == nil {
		return nil, fmt.Errorf("signtest: no catalog object %s %s", num, gen)
	}
	start := all[len(all)-1][1]
	end := bytes.Index(pdf[start:], []byte("endobj"))
	if end < 0 {
		return nil, errors.New("signtest: the catalog has no endobj")
	}
	body := bytes.TrimSpace(pdf[start : start+end])
	if !bytes.HasPrefix(body, []byte("<<")) || !bytes.HasSuffix(body, []byte(">>")) {
		return nil, errors.New("signtest: the catalog is not a dictionary")
	}
	body = bytes.TrimSuffix(body, []byte(">>"))
	if i := bytes.Index(body, []byte("/AcroForm")); i >= 0 {
		// Signed already: the form is replaced by one naming the new
		// field alone (enough for the tests).
		body = body[:i]
	}
	return body, nil
}

// pdfString writes s as a PDF string: a literal string for printable
// ASCII, else UTF-16BE with its byte order mark, in hexadecimal.
func pdfString(s string) []byte {
	ascii := true
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			ascii = false
		}
	}
	if ascii {
		var b []byte
		b = append(b, '(')
		for i := 0; i < len(s); i++ {
			if c := s[i]; c == '(' || c == ')' || c == '\\' {
				b = append(b, '\\')
			}
			b = append(b, s[i])
		}
		return append(b, ')')
	}
	b := []byte("<FEFF")
	for _, r := range s {
		r1, r2 := r, rune(-1)
		if r > 0xffff {
			r -= 0x10000
			r1, r2 = 0xd800+(r>>10), 0xdc00+(r&0x3ff)
		}
		b = fmt.Appendf(b, "%04X", r1)
		if r2 >= 0 {
			b = fmt.Appendf(b, "%04X", r2)
		}
	}
	return append(b, '>')
}
