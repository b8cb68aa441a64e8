package writer

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/clausemark/clausemark/internal/render/pdf/font"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// FuzzInfo writes tagged documents whose metadata, bookmark and link
// come from the fuzzer, as PDF and as PDF/A, and checks each with pdfcpu's strict
// validation: whatever a title, a party's name or a URL holds, the file
// stays valid, and a title of valid UTF-8 reads back as written.
func FuzzInfo(f *testing.F) {
	f.Add("Data Processing Agreement (DPA)", "Société Générale & Fils <Paris>", "https://example.com/a b?c=ä", "1. Scope", "en", false)
	f.Add("", "", "", "", "", true)
	f.Add("(unbalanced \\ ) ((", "\x00\r\n\t\x7f\xff\xfe", "javascript:alert(1)", "\ufeff\U0001F600", "de-CH", true)
	f.Add("]]> <?xpacket end='w'?>", "&amp; &#0; <x:xmpmeta>", "mailto:a@b", ")", "x\x00y", false)
	fonts, err := font.LoadFonts()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, title, author, url, bookmark, lang string, pdfa bool) {
		info := pdfdoc.Info{Title: title, Author: author, Subject: author + title, Keywords: url, Creator: bookmark, ID: author, Lang: lang, Date: time.Date(2026, 5, 29, 0, 0, 0, 0, time.UTC)}
		data := write(t, pdfdoc.Setup{Fonts: fonts, Info: info, PDFA: pdfa, Tagged: true}, font.Regular, func(d *Writer) {
			// A Link without text: its annotation's Contents is the URL.
			d.BeginTag(pdfdoc.Tag{Role: pdfdoc.Link})
			d.LinkString(20, 30, 40, 5, url)
			d.EndTag()
			d.Bookmark(bookmark, 0, 30)
		})
		ctx, err := validate(data)
		if err != nil {
			t.Fatalf("pdfcpu: %v", err)
		}
		if title == "" || !utf8.ValidString(title) {
			return
		}
		d, err := ctx.XRefTable.DereferenceDict(*ctx.XRefTable.Info)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ctx.XRefTable.DereferenceText(d["Title"])
		if err != nil {
			t.Fatal(err)
		}
		if got != title {
			t.Errorf("title %q reads back as %q", title, got)
		}
	})
}
