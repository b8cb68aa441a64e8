package server

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/clausemark/clausemark/internal/pdftext"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

// desk drives the form in a browser for one test.
type desk struct {
	t   *testing.T
	ctx context.Context
	url string
}

// newDesk starts a server with a registry and a browser for t.
func newDesk(t *testing.T) (*desk, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	ts := httptest.NewServer(newTestServer(t, withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))))
	t.Cleanup(ts.Close)
	ctx, downloads := newBrowser(t)
	d := &desk{t: t, ctx: ctx, url: ts.URL}
	d.step("allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error { return allowDownloads(ctx, downloads) }))
	return d, downloads
}

func (d *desk) step(name string, actions ...chromedp.Action[chromedp.Void]) {
	d.t.Helper()
	if err := chromedp.Do(d.ctx, actions...); err != nil {
		d.t.Fatalf("%s: %v", name, err)
	}
}

func (d *desk) poll(name, expr string) {
	d.t.Helper()
	if _, err := chromedp.Run(d.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		d.t.Fatalf("%s: %v (summary: %q)", name, err, d.text(`document.getElementById("summary").textContent`))
	}
}

func (d *desk) eval(name, expr string) bool {
	d.t.Helper()
	ok, err := chromedp.Run(d.ctx, chromedp.Evaluate[bool](expr))
	if err != nil {
		d.t.Fatalf("%s: %v", name, err)
	}
	return ok
}

func (d *desk) text(expr string) string {
	d.t.Helper()
	s, err := chromedp.Run(d.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		d.t.Fatalf("%s: %v", expr, err)
	}
	return s
}

// open opens the form afresh, without the draft the browser keeps, at
// width pixels, and waits for its preview.
func (d *desk) open(start string, width int64, heading string) {
	d.t.Helper()
	d.step("blank page", chromedp.Navigate("about:blank"))
	d.step("open "+start, chromedp.EmulateViewport(width, 800), chromedp.Navigate(d.url+"/?_start="+start),
		chromedp.WaitVisible(chromedp.CSS(`#preview h2[id="`+heading+`"]`)))
	d.eval("forget the draft", `(localStorage.clear(), true)`)
	d.step("open "+start+" afresh", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#preview h2[id="`+heading+`"]`)))
}

// choose picks value in the select id, as a person does.
func (d *desk) choose(id, value string) {
	d.t.Helper()
	d.eval("choose "+value, fmt.Sprintf(`(() => { const s = document.getElementById(%q);
		s.value = %q; return s.dispatchEvent(new Event("change", {bubbles: true})); })()`, id, value))
}

// fresh waits for a preview without errors.
func (d *desk) fresh(name string) {
	d.t.Helper()
	d.poll(name, `document.getElementById("preview").getAttribute("data-state") === "fresh" && document.getElementById("summary").hidden`)
}

// visible reports whether the field of path is shown.
func (d *desk) visible(path string) bool {
	d.t.Helper()
	return d.eval("is "+path+" shown", fmt.Sprintf(`(() => { const f = document.querySelector('.field[data-path=%q]'); return !!f && f.offsetHeight > 0; })()`, path))
}

// downloadInView: the Download button is in the window.
const downloadInView = `(() => { const b = document.querySelector('button[value="pdf"]'); if (!b) return false;
	const r = b.getBoundingClientRect();
	return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; })()`

// TestBrowserDeskGermanLaw follows a salesperson from Ojoo's house
// style to German law, at 1280 and 400 pixels: the courts return to
// Germany's usual courts with a note beside them, so no field needs
// clearing; the SCC annex fields the transfer to India brings in
// appear, with a note above the downloads that Annex I.A will have
// blank lines until the address is given; the download works and the
// page confirms its reference, which the PDF's footer bears.
func TestBrowserDeskGermanLaw(t *testing.T) {
	d, downloads := newDesk(t)
	for _, width := range []int64{1280, 400} {
		dir := filepath.Join(downloads, fmt.Sprint(width))
		d.step("downloads apart", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error { return allowDownloads(ctx, dir) }))
		d.open("ojoo", width, "1-definitions")
		at := fmt.Sprintf(" at %d pixels", width)
		if d.visible("transfer.data_subjects") {
			t.Errorf("the SCC annex fields are shown under Indian law%s", at)
		}
		d.step("type the customer"+at, chromedp.SendKeys(chromedp.ID("f-customer-name"), "Globex Corporation"))
		d.choose("f-jurisdiction", "de")
		d.poll("the courts reset"+at, `document.getElementById("f-venue").value === "" && document.getElementById("n-f-venue").textContent === "Courts reset to the usual courts for Germany (the courts of Berlin, Germany)."`)
		if got := d.text(`document.querySelector("#f-venue option:checked").textContent`); got != "The usual courts (the courts of Berlin, Germany)" {
			t.Errorf("courts%s: %q", at, got)
		}
		if d.eval("Bengaluru offered"+at, `[...document.getElementById("f-venue").options].some(o => o.value.includes("Bengaluru"))`) {
			t.Errorf("the courts still offer Bengaluru%s", at)
		}
		// The transfer to Ojoo in India needs the SCCs: all they need is
		// asked for at once, and none of it is a field to clear.
		d.poll("the customer's country and the annexes are asked for"+at, `document.getElementById("summary").textContent === "3 fields need attention: Customer country, People whose data is transferred, Kinds of data transferred."`)
		d.choose("f-customer-country", "AT")
		d.poll("the annex fields appear"+at, `document.querySelector('.field[data-path="transfer.data_subjects"]').offsetHeight > 0`)
		if got := d.text(`document.getElementById("summary").textContent`); strings.Contains(got, "Courts") {
			t.Errorf("the summary names the courts%s: %q", at, got)
		}
		for _, l := range []struct{ id, v string }{{"f-transfer-data-subjects", "Employees of the Customer"}, {"f-transfer-data-categories", "Contact details"}} {
			d.step("add "+l.v+at, chromedp.Click(chromedp.CSS("#"+l.id+" > button.add")), chromedp.SendKeys(chromedp.ID(l.id+"-0"), l.v))
		}
		d.fresh("the preview" + at)
		d.poll("the blank lines are noted"+at, `(() => { const b = document.querySelector("#lawcheck .blanks"); return !!b && b.offsetHeight > 0 && b.textContent.startsWith("Annex I.A will have blank lines, to fill in by hand: Customer address"); })()`)
		if !d.eval("in view"+at, downloadInView) {
			t.Errorf("the Download button is outside the window%s", at)
		}
		d.step("download"+at, chromedp.Click(chromedp.CSS(`button[value="pdf"]`)))
		d.poll("the confirmation"+at, `(() => { const c = document.getElementById("issued"); return !c.hidden && c.offsetHeight > 0 && /^Issued CM-[A-Z0-9-]+ — find it under Agreements issued\.$/.test(c.textContent); })()`)
		ref := regexp.MustCompile(`CM-[A-Z0-9-]+`).FindString(d.text(`document.getElementById("issued").textContent`))
		if href := d.text(`document.querySelector("#issued a").getAttribute("href")`); href != "/history?customer=Globex%20Corporation" {
			t.Errorf("the confirmation links to %q%s", href, at)
		}
		if !d.eval("confirmation in view"+at, `(() => { const r = document.getElementById("issued").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; })()`) {
			t.Errorf("the confirmation is outside the window%s", at)
		}
		doc, err := pdftext.Read(waitFile(t, filepath.Join(dir, "globex-corporation-dpa.pdf")), pdf.A4.Height, 0)
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(doc.Text), " ")
		for _, want := range []string{ref, "Globex Corporation", "the courts of Berlin, Germany"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the PDF%s lacks %q", at, want)
			}
		}
	}
}

// TestBrowserDeskDraft: switching house style keeps the customer's
// fields; a reload keeps what the form holds.
func TestBrowserDeskDraft(t *testing.T) {
	d, _ := newDesk(t)
	d.open("opsium", 1280, "1-purpose-and-scope")
	d.step("type the customer", chromedp.SendKeys(chromedp.ID("f-customer-name"), "Globex Corporation"),
		chromedp.Click(chromedp.CSS("#f-customer-address > button.add")), chromedp.SendKeys(chromedp.ID("f-customer-address-0"), "Ring 1"))
	d.poll("previewed", `document.getElementById("preview").textContent.includes("Globex Corporation")`)
	d.choose("f-start", "ojoo")
	d.step("ojoo loaded", chromedp.WaitVisible(chromedp.CSS(`#preview h2[id="1-definitions"]`)))
	d.poll("the customer is kept", `document.getElementById("f-customer-name").value === "Globex Corporation" && document.getElementById("f-customer-address-0").value === "Ring 1"`)
	d.poll("the preview has the customer", `document.getElementById("preview").textContent.includes("Globex Corporation")`)
	if got := d.text(`document.getElementById("f-deletion-days").value`); got != "" {
		t.Errorf("Opsium's deletion period came along: %q", got)
	}
	d.step("type 45 days", chromedp.SendKeys(chromedp.ID("f-deletion-days"), "45"))
	d.poll("previewed", `document.getElementById("preview").textContent.includes("forty-five (45)")`)
	d.step("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#preview h2[id="1-definitions"]`)))
	d.poll("the draft survives", `document.getElementById("f-deletion-days").value === "45" && document.getElementById("f-customer-name").value === "Globex Corporation"`)
	d.poll("and is previewed", `document.getElementById("preview").textContent.includes("forty-five (45)")`)
}

// TestBrowserDeskSubprocessors: a subprocessor's bad country is marked
// on that box alone, beside it and in the summary by its name; a
// subprocessor in the United States brings in the SCC annex fields, and
// removing it takes them away.
func TestBrowserDeskSubprocessors(t *testing.T) {
	d, _ := newDesk(t)
	d.open("opsium", 1280, "1-purpose-and-scope")
	if d.visible("transfer.data_subjects") {
		t.Error("the SCC annex fields are shown on a plain intra-EEA deal")
	}
	d.step("add a subprocessor", chromedp.Click(chromedp.CSS("#f-subprocessors > button.add")),
		chromedp.SendKeys(chromedp.ID("f-subprocessors-0-name"), "Atlas Hosting"),
		chromedp.SendKeys(chromedp.ID("f-subprocessors-0-purpose"), "Hosting"))
	if got := d.text(`document.getElementById("f-subprocessors-0-location").tagName`); got != "SELECT" {
		t.Errorf("the subprocessor's country is a %s", got)
	}
	// A country no select offers, as an old draft or a pasted form holds.
	d.eval("Atlantis", `(() => { const s = document.getElementById("f-subprocessors-0-location");
		s.appendChild(new Option("Atlantis", "Atlantis", true, true));
		return s.dispatchEvent(new Event("change", {bubbles: true})); })()`)
	d.poll("the box is marked", `document.getElementById("e-f-subprocessors-0-location").textContent.startsWith("Subprocessor 1 — Country: must be a country")`)
	if got := d.text(`[...document.querySelectorAll("#dpa [aria-invalid=true]")].map(e => e.id).join(" ")`); got != "f-subprocessors-0-location" {
		t.Errorf("marked: %q, want the country's box alone", got)
	}
	if got := d.text(`document.getElementById("summary").textContent`); got != "1 field needs attention: Subprocessor 1 — Country." {
		t.Errorf("summary %q", got)
	}
	d.step("follow the link", chromedp.Click(chromedp.CSS(`#summary a[data-target="f-subprocessors-0-location"]`)))
	d.poll("the link focuses the box", `document.activeElement && document.activeElement.id === "f-subprocessors-0-location"`)

	d.choose("f-subprocessors-0-location", "US")
	d.poll("the annex fields appear", `(() => { const f = document.querySelector('.field[data-path="transfer.notice_days"]'); return !f.classList.contains("unused") && f.offsetHeight > 0; })()`)
	if !d.eval("the box is clear", `document.querySelectorAll("#dpa [aria-invalid=true]").length === 0 || !document.getElementById("f-subprocessors-0-location").hasAttribute("aria-invalid")`) {
		t.Error("the country is still marked")
	}
	d.step("remove it", chromedp.Click(chromedp.CSS(`#f-subprocessors > .item .remove`)))
	d.fresh("without the subprocessor")
	d.poll("the annex fields go", `document.querySelector('.field[data-path="transfer.notice_days"]').offsetHeight === 0 && document.querySelector('.field[data-path="transfer.data_subjects"]').offsetHeight === 0`)
}

// TestBrowserDeskLength: the form of a plain intra-EEA Opsium deal is at
// most half as long as the 4,043 pixels it took at 1280 pixels wide
// before the fields a deal does not need were hidden.
func TestBrowserDeskLength(t *testing.T) {
	d, _ := newDesk(t)
	d.open("opsium", 1280, "1-purpose-and-scope")
	h, err := chromedp.Run(d.ctx, chromedp.Evaluate[float64](`document.body.scrollHeight`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the form is %.0f pixels long at 1280 pixels wide (4043 before)", h)
	if h > 4043/2 {
		t.Errorf("the form is %.0f pixels long, over half of 4043", h)
	}
	if got := d.text(`document.getElementById("u-f-deletion-days").textContent`); got != "days" {
		t.Errorf("the deletion period's unit %q", got)
	}
	if got := d.text(`document.getElementById("d-f-agreement-date").textContent`); got != "The agreement writes it "+time.Now().Format("January 2, 2006")+"." {
		t.Errorf("the date's help %q", got)
	}
}
