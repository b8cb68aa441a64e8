package server

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/clausemark/clausemark/internal/pdftext"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

var (
	screenshot       = flag.String("screenshot", "", "also save the salesperson's browser test's screenshot at 1280x800 to this file (docs/serve.png, shown in docs/sales-desk.md)")
	screenshotNarrow = flag.String("screenshot-narrow", "", "also save the salesperson's browser test's screenshot at 400x800 to this file")
)

// pageMargin is the PDF's default page margin in millimetres, which the
// text reader needs to leave out the running header and footer.
const pageMargin = 25

// chromium finds a Chromium to drive; CI installs Debian's package.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed; .ci/run installs it")
	}
	t.Skip("chromium not installed")
	return ""
}

// TestBrowser drives the form in headless Chromium as a person would: pick
// the Ojoo variant, type a customer, enter 500 deletion days and see the
// error beside the field, correct it to 45 and see "forty-five (45)" in the
// preview, then download the PDF and read its text.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	ts := httptest.NewServer(newTestServer(t, nil))
	defer ts.Close()
	ctx, downloads := newBrowser(t)

	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	poll := func(name, expr string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	text := func(id string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.ID(id)))
		if err != nil {
			t.Fatalf("text of #%s: %v", id, err)
		}
		return s
	}
	step("open the form",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			return allowDownloads(ctx, downloads)
		}),
		// Start from the other house, so that picking Ojoo changes the page.
		chromedp.Navigate(ts.URL+"/?_start=opsium"),
		chromedp.WaitVisible(chromedp.CSS(`#preview h2[id="1-purpose-and-scope"]`)),
	)
	// Pick the Ojoo variant: the page reloads with its values.
	step("pick ojoo", chromedp.SetValue(chromedp.ID("f-start"), "ojoo"))
	// Setting the value may already fire the change that reloads the page.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.getElementById("f-start"); return s ? s.dispatchEvent(new Event("change")) : true })()`)); err != nil {
		t.Fatal(err)
	}
	step("ojoo loaded", chromedp.WaitVisible(chromedp.CSS(`#preview h2[id="1-definitions"]`)))
	step("type the customer and 500 days",
		chromedp.SendKeys(chromedp.ID("f-customer-name"), "Globex Corporation"),
		chromedp.SendKeys(chromedp.ID("f-deletion-days"), "500"),
	)
	poll("the field error appears", `document.getElementById("e-f-deletion-days").textContent.length > 0`)
	errText := text("e-f-deletion-days")
	// Correct it with the keyboard.
	step("correct to 45",
		chromedp.Focus(chromedp.ID("f-deletion-days")),
		chromedp.KeyEvent("\b\b\b"),
		chromedp.SendKeys(chromedp.ID("f-deletion-days"), "45"),
	)
	poll("the preview shows 45 days", `document.getElementById("preview").textContent.includes("forty-five (45)") && document.getElementById("e-f-deletion-days").textContent === ""`)
	preview := text("preview")
	step("download the PDF", chromedp.Click(chromedp.CSS(`button[value="pdf"]`)))
	if !strings.Contains(errText, "must be an integer from 1 to 365, got 500") {
		t.Errorf("field error %q", errText)
	}
	for _, want := range []string{"forty-five (45)", "Globex Corporation", "OJOO SOFTWARE SERVICES PRIVATE LIMITED"} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	// The download arrives under the customer's name.
	file := filepath.Join(downloads, "globex-corporation-dpa.pdf")
	var data []byte
	var err error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if data, err = os.ReadFile(file); err == nil && len(data) > 0 {
			break
		}
	}
	if len(data) == 0 {
		entries, _ := os.ReadDir(downloads)
		t.Fatalf("no PDF downloaded; the folder holds %v", entries)
	}
	doc, err := pdftext.Read(data, pdf.A4.Height, pageMargin)
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(doc.Text), " ")
	for _, want := range []string{"and Globex Corporation (“you” or “your”)", "Customer means Globex Corporation, the individual", "within forty-five (45) days of the Customer’s written request"} {
		if !strings.Contains(flat, want) {
			t.Errorf("downloaded PDF lacks %q", want)
		}
	}
}

// newBrowser starts headless Chromium for the test and returns its
// context and the folder downloads go to.
func newBrowser(t *testing.T) (context.Context, string) {
	t.Helper()
	exe := chromium(t)
	downloads := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)
	return ctx, downloads
}

// allowDownloads sends the browser's downloads to dir.
func allowDownloads(ctx context.Context, dir string) error {
	events := true
	_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: &events,
	})
	return err
}

// waitFile waits for a downloaded file to arrive whole.
func waitFile(t *testing.T, path string) []byte {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if data, err := os.ReadFile(path); err == nil && len(data) > 0 {
			return data
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	t.Fatalf("%s was not downloaded; the folder holds %v", filepath.Base(path), entries)
	return nil
}

// TestBrowserHistory generates a DPA in the form, finds it in the
// history by its customer, downloads it again, and verifies the
// downloaded file by uploading it.
func TestBrowserHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	ts := httptest.NewServer(newTestServer(t, withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))))
	defer ts.Close()
	ctx, downloads := newBrowser(t)
	first, again := filepath.Join(downloads, "first"), filepath.Join(downloads, "again")
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	step("open the form",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error { return allowDownloads(ctx, first) }),
		chromedp.Navigate(ts.URL+"/?_start=opsium"),
		chromedp.WaitVisible(chromedp.CSS(`#preview h2[id="1-purpose-and-scope"]`)),
		chromedp.SendKeys(chromedp.ID("f-customer-name"), "Globex Corporation"),
	)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("preview").textContent.includes("Globex Corporation")`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("preview: %v", err)
	}
	step("download the PDF", chromedp.Click(chromedp.CSS(`button[value="pdf"]`)))
	issued := waitFile(t, filepath.Join(first, "globex-corporation-dpa.pdf"))

	step("find it in the history",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error { return allowDownloads(ctx, again) }),
		chromedp.Navigate(ts.URL+"/"),
		chromedp.Click(chromedp.CSS(`a[href="/history"]`)),
		chromedp.WaitVisible(chromedp.ID("h-customer")),
		chromedp.SendKeys(chromedp.ID("h-customer"), "globex"),
		chromedp.Submit(chromedp.ID("search")),
	)
	// The unfiltered page lists the document too: wait for the search's
	// page, whose field the server filled in, before touching its rows.
	step("see the result",
		chromedp.WaitVisible(chromedp.CSS(`#h-customer[value="globex"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#documents tbody tr`)),
	)
	row, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(`#documents tbody tr`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(row, "Globex Corporation") || !strings.Contains(row, "CM-") {
		t.Errorf("history row %q", row)
	}
	step("download it again", chromedp.Click(chromedp.CSS(`#documents a.download`)))
	data := waitFile(t, filepath.Join(again, "globex-corporation-dpa.pdf"))
	if !bytes.Equal(data, issued) {
		t.Errorf("downloaded again, %d bytes differ from the %d issued", len(data), len(issued))
	}
	step("verify it by upload",
		chromedp.SetUploadFiles(chromedp.ID("h-file"), []string{filepath.Join(again, "globex-corporation-dpa.pdf")}),
		chromedp.Click(chromedp.CSS(`#verify button`)),
		chromedp.WaitVisible(chromedp.ID("verdict")),
	)
	verdict, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.ID("verdict")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(verdict, "Issued and unaltered: CM-") || !strings.Contains(verdict, "Globex Corporation") {
		t.Errorf("verdict %q", verdict)
	}
}

// TestBrowserSalesperson follows a salesperson through the form at
// 1280x800, as a first-time user: pick the Ojoo house style, type the
// customer, enter 500 deletion days and see the field named, by its
// label, in the summary and its message beside it; press Download anyway
// and stay on the field with the preview kept; follow the summary's
// link to the field, correct it; choose German law and give, field by
// field as the form names them, the customer's country and the
// description of the transfer that the SCCs' Annex I needs, read the
// lawyer's check, and download the PDF. At every step the Download
// button is in the window without scrolling to it, and the processor's
// identity is text, not an input. Then the same form at 400 pixels wide.
func TestBrowserSalesperson(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	ts := httptest.NewServer(newTestServer(t, nil))
	defer ts.Close()
	ctx, downloads := newBrowser(t)
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	poll := func(name, expr string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	eval := func(name, expr string) bool {
		t.Helper()
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return ok
	}
	text := func(expr string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return s
	}
	// The Download button is inside the window, and no processor field
	// can be typed into.
	const inView = `(() => { const b = document.querySelector('button[value="pdf"]'); if (!b) return false;
		const r = b.getBoundingClientRect();
		return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; })()`
	const identityLocked = `(() => {
		const editable = [...document.querySelectorAll("input, select, textarea")].filter(e => (e.name || "").startsWith("processor.") && !e.disabled && !e.readOnly);
		const legal = document.getElementById("f-processor-legal-name");
		return editable.length === 0 && !!legal && legal.tagName === "DD" && legal.textContent.includes("OJOO SOFTWARE SERVICES PRIVATE LIMITED"); })()`
	check := func(when string) {
		t.Helper()
		if !eval(when, inView) {
			t.Errorf("%s: the Download button is outside the window (scrollY %s)", when, text(`String(window.scrollY)`))
		}
		if !eval(when, identityLocked) {
			t.Errorf("%s: the processor's identity can be edited", when)
		}
	}

	step("open the form at 1280x800",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error { return allowDownloads(ctx, downloads) }),
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(ts.URL+"/?_start=opsium"),
		chromedp.WaitVisible(chromedp.CSS(`#preview h2[id="1-purpose-and-scope"]`)),
	)
	if !eval("scroll", `window.scrollY === 0`) {
		t.Error("the form opens scrolled")
	}
	step("pick ojoo", chromedp.SetValue(chromedp.ID("f-start"), "ojoo"))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.getElementById("f-start"); return s ? s.dispatchEvent(new Event("change")) : true })()`)); err != nil {
		t.Fatal(err)
	}
	step("ojoo loaded", chromedp.WaitVisible(chromedp.CSS(`#preview h2[id="1-definitions"]`)))
	check("ojoo loaded")
	// Before anything is typed, the bar says what the lawyer's check
	// found: Ojoo's house wording fails India's DPDP Act.
	if got := text(`document.getElementById("lawcheck-headline").textContent`); !regexp.MustCompile(`^The lawyer's check: \d+ required elements? weak or missing`).MatchString(got) {
		t.Errorf("check's headline %q", got)
	}
	// The customer's fields come first, labelled for people.
	if got := text(`document.querySelector("fieldset legend").textContent + " / " + document.querySelector('label[for="f-customer-name"]').textContent`); got != "Customer / Customer name" {
		t.Errorf("first group and label: %q", got)
	}
	// A mark that is lost if the page reloads.
	eval("mark the page", `(window.salesMark = true)`)

	step("type the customer and 500 days",
		chromedp.SendKeys(chromedp.ID("f-customer-name"), "Globex Corporation"),
		chromedp.SendKeys(chromedp.ID("f-deletion-days"), "500"),
	)
	poll("the error is named", `document.getElementById("e-f-deletion-days").textContent.length > 0 && !document.getElementById("summary").hidden`)
	check("after the mistake")
	summary := text(`document.getElementById("summary").textContent`)
	if !strings.Contains(summary, "1 field needs attention: Deletion period.") {
		t.Errorf("summary %q", summary)
	}
	if msg := text(`document.getElementById("e-f-deletion-days").textContent`); !strings.Contains(msg, "must be an integer from 1 to 365, got 500") {
		t.Errorf("message beside the field %q", msg)
	}
	if !eval("aria", `document.getElementById("f-deletion-days").getAttribute("aria-invalid") === "true" && document.getElementById("f-deletion-days").getAttribute("aria-describedby").includes("e-f-deletion-days")`) {
		t.Error("the field is not marked invalid with its message")
	}

	// Download anyway: the page stays, on the field, with the preview.
	eval("blur", `(document.activeElement.blur(), window.scrollTo(0, 0), true)`)
	step("download with the error", chromedp.Click(chromedp.CSS(`button[value="pdf"]`)))
	poll("focus goes to the field", `document.activeElement && document.activeElement.id === "f-deletion-days"`)
	check("download with the error")
	if !eval("no reload", `window.salesMark === true`) {
		t.Error("the download with an error reloaded the page")
	}
	if !eval("preview kept", `document.querySelector('#preview h2[id="1-definitions"]') !== null && document.getElementById("preview").textContent.includes("OJOO SOFTWARE SERVICES PRIVATE LIMITED")`) {
		t.Error("the preview is blank after the download with an error")
	}
	if !eval("field visible", `(() => { const r = document.getElementById("f-deletion-days").getBoundingClientRect(); const bar = document.getElementById("actionbar").getBoundingClientRect(); return r.top >= bar.bottom && r.bottom <= innerHeight; })()`) {
		t.Error("the field with the error is not in view below the action bar")
	}
	if entries, _ := os.ReadDir(downloads); len(entries) != 0 {
		t.Errorf("a download with an error downloaded %v", entries)
	}

	// Follow the summary's link from elsewhere in the form.
	step("go elsewhere", chromedp.Focus(chromedp.ID("f-customer-name")))
	step("follow the link", chromedp.Click(chromedp.CSS(`#summary a[data-target="f-deletion-days"]`)))
	poll("the link focuses the field", `document.activeElement && document.activeElement.id === "f-deletion-days"`)
	check("after the link")

	step("correct to 45",
		chromedp.KeyEvent("\b\b\b"),
		chromedp.SendKeys(chromedp.ID("f-deletion-days"), "45"),
	)
	poll("the preview shows 45 days", `document.getElementById("preview").textContent.includes("forty-five (45)") && document.getElementById("preview").textContent.includes("Globex Corporation") && document.getElementById("summary").hidden`)
	check("after the correction")

	// Under German law Ojoo's house wording fails the lawyer's check: the
	// bar says so, and its notes name each weak element with the phrase
	// quoted, in the window, the Download button still in view.
	// (Bengaluru's courts are India's: blank takes Germany's.)
	const german = `(() => { const j = document.getElementById("f-jurisdiction"), v = document.getElementById("f-venue");
		j.value = "de"; v.value = "";
		return j.dispatchEvent(new Event("change", {bubbles: true})); })()`
	// India's check fails too: wait for the notes of Germany's (Art. 28).
	const failed = `(() => { const h = document.getElementById("lawcheck-headline"), n = document.querySelector("#lawcheck .lawcheck-notes");
		return !!h && /^The lawyer's check: \d+ required elements? weak or missing/.test(h.textContent) && !!n && n.textContent.includes("Art. 28(3)(e)"); })()`
	// Under German law the transfer to Ojoo in India needs the SCCs'
	// Module Two, whose Annex I names the authority of the country where
	// the customer is established (I.C) and lists the customer's own
	// categories of data subjects and of personal data (I.B). Until they
	// are given, the form names every missing field by its label at once,
	// each with the reason beside it, the preview is marked stale and the
	// check, which would be of another document, is hidden; the
	// salesperson gives each in turn: an Austrian customer, two groups of
	// people, two kinds of data.
	const (
		country  = "Customer country"
		subjects = "People whose data is transferred"
		kinds    = "Kinds of data transferred"
	)
	missing := func(when, id, label, why, summary string) {
		t.Helper()
		poll(when+": "+label+" is named", fmt.Sprintf(`(() => { const s = document.getElementById("summary"), e = document.getElementById("e-%s");
			return !s.hidden && s.textContent === %q && e.textContent.includes(%q)
				&& document.getElementById("preview").getAttribute("data-state") === "stale" && document.getElementById("lawcheck").hidden; })()`,
			id, summary, why))
		check(when + ", " + label + " missing")
	}
	items := func(when, id string, values ...string) {
		t.Helper()
		for i, v := range values {
			step(when+": add "+v, chromedp.Click(chromedp.CSS("#"+id+" > button.add")), chromedp.SendKeys(chromedp.ID(fmt.Sprintf("%s-%d", id, i)), v))
		}
	}
	describeTransfer := func(when string) {
		t.Helper()
		missing(when, "f-customer-country", country, "Annex I.C of the Standard Contractual Clauses", "3 fields need attention: "+country+", "+subjects+", "+kinds+".")
		eval(when+": Austria", `(() => { const c = document.getElementById("f-customer-country");
			c.value = "AT";
			return c.dispatchEvent(new Event("change", {bubbles: true})); })()`)
		missing(when, "f-transfer-data-subjects", subjects, "Annex I.B of the Standard Contractual Clauses", "2 fields need attention: "+subjects+", "+kinds+".")
		items(when, "f-transfer-data-subjects", "Employees of the Customer", "Customers of the Customer")
		missing(when, "f-transfer-data-categories", kinds, "Annex I.B of the Standard Contractual Clauses", "1 field needs attention: "+kinds+".")
		items(when, "f-transfer-data-categories", "Contact details", "Order records")
		// Annex I of the preview then reads what was given.
		poll(when+": Annex I as given", fmt.Sprintf(`(() => { const p = document.getElementById("preview"), t = p.textContent;
			return p.getAttribute("data-state") === "fresh" && document.getElementById("summary").hidden && %s.every(w => t.includes(w)); })()`,
			`["Categories of data subjects whose personal data is transferred: Employees of the Customer and Customers of the Customer.", "Categories of personal data transferred: Contact details and Order records.", "The Österreichische Datenschutzbehörde (Austrian Data Protection Authority), the supervisory authority of Austria, the Member State in which the data exporter is established"]`))
	}
	eval("German law", german)
	describeTransfer("German law")
	poll("the check fails", failed)
	check("after the check failed")
	step("open the notes", chromedp.Click(chromedp.ID("lawcheck-headline")))
	const notesInView = `(() => { const n = document.querySelector("#lawcheck .lawcheck-notes"); if (!n) return false;
		const r = n.getBoundingClientRect();
		return r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; })()`
	if !eval("notes in view", notesInView) {
		t.Error("the check's notes are not in the window")
	}
	notes := text(`document.querySelector("#lawcheck .lawcheck-notes").textContent`)
	if !strings.Contains(notes, "Weak: Assistance with data subjects' rights (Art. 28(3)(e)): ") || !strings.Contains(notes, "clauses/") {
		t.Errorf("notes %q", notes)
	}
	if !eval("a quoted phrase", `document.querySelectorAll("#lawcheck .lawcheck-notes li q").length > 0`) {
		t.Error("no weak phrase is quoted")
	}
	check("with the notes open")
	step("close the notes", chromedp.Click(chromedp.ID("lawcheck-headline")))

	// An added row is labelled for people, and named for the server.
	step("add two subprocessors", chromedp.Click(chromedp.CSS(`#f-subprocessors > button.add`)), chromedp.Click(chromedp.CSS(`#f-subprocessors > button.add`)))
	if got := text(`(() => { const rows = document.querySelectorAll("#f-subprocessors > .item");
		const last = rows[rows.length - 1];
		return last.querySelector("legend").textContent + " / " + last.querySelector("label").textContent.trim() + " / " + last.querySelector("input").name + " / " + (document.activeElement === last.querySelector("input")); })()`); got != "Subprocessor 2 / Name / subprocessors.1.name / true" {
		t.Errorf("added row: %q", got)
	}
	step("remove them", chromedp.Click(chromedp.CSS(`#f-subprocessors > .item .remove`)), chromedp.Click(chromedp.CSS(`#f-subprocessors > .item .remove`)))
	check("after adding rows")

	// The window as a person sees it, the changed sentence marked.
	eval("mark the sentence", `(() => {
		const p = [...document.querySelectorAll("#preview li, #preview p")].find(e => e.textContent.includes("forty-five (45)"));
		if (!p) return false;
		const box = document.querySelector(".preview");
		box.scrollTop += p.getBoundingClientRect().top - box.getBoundingClientRect().top - box.clientHeight / 3;
		p.style.background = "#fff3b0";
		document.activeElement.blur();
		window.scrollTo(0, 0);
		return true; })()`)
	shoot := func(file string) {
		t.Helper()
		var shot []byte
		step("screenshot", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			res, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
			shot = res.Data
			return err
		}))
		if err := os.WriteFile(file, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", file)
	}
	step("open the notes for the picture", chromedp.Click(chromedp.ID("lawcheck-headline")))
	eval("unfocus", `(document.activeElement.blur(), true)`)
	wide := filepath.Join(t.TempDir(), "serve.png")
	if *screenshot != "" {
		wide = *screenshot
	}
	shoot(wide)
	check("before the download")

	step("download the PDF", chromedp.Click(chromedp.CSS(`button[value="pdf"]`)))
	data := waitFile(t, filepath.Join(downloads, "globex-corporation-dpa.pdf"))
	doc, err := pdftext.Read(data, pdf.A4.Height, pageMargin)
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(doc.Text), " ")
	for _, want := range []string{"Globex Corporation", "within forty-five (45) days", "OJOO SOFTWARE SERVICES PRIVATE LIMITED"} {
		if !strings.Contains(flat, want) {
			t.Errorf("downloaded PDF lacks %q", want)
		}
	}

	// A narrow window: the bar, the first field and the button in view,
	// on a form opened afresh (without the draft the browser keeps).
	eval("forget the draft", `(localStorage.clear(), true)`)
	step("narrow", chromedp.EmulateViewport(400, 800), chromedp.Navigate(ts.URL+"/?_start=ojoo"),
		chromedp.WaitVisible(chromedp.CSS(`#preview h2[id="1-definitions"]`)))
	check("at 400 pixels")
	eval("German law at 400 pixels", german)
	describeTransfer("German law at 400 pixels")
	poll("the check fails at 400 pixels", failed)
	step("open the notes at 400 pixels", chromedp.Click(chromedp.ID("lawcheck-headline")))
	if !eval("notes in view at 400 pixels", notesInView) {
		t.Error("the check's notes are not in the window at 400 pixels")
	}
	check("at 400 pixels, the notes open")
	step("close the notes at 400 pixels", chromedp.Click(chromedp.ID("lawcheck-headline")))
	step("a mistake at 400 pixels", chromedp.SendKeys(chromedp.ID("f-deletion-days"), "500"))
	poll("the error is named at 400 pixels", `!document.getElementById("summary").hidden`)
	eval("scroll to the end", `(window.scrollTo(0, document.body.scrollHeight), true)`)
	check("at 400 pixels, scrolled to the end")
	if eval("scrolled", `window.scrollY === 0`) {
		t.Error("the narrow page does not scroll: the test proves nothing")
	}
	step("download at 400 pixels", chromedp.Click(chromedp.CSS(`button[value="pdf"]`)))
	poll("focus goes to the field at 400 pixels", `document.activeElement && document.activeElement.id === "f-deletion-days"`)
	check("at 400 pixels, after the download with the error")
	narrow := filepath.Join(t.TempDir(), "serve-narrow.png")
	if *screenshotNarrow != "" {
		narrow = *screenshotNarrow
	}
	shoot(narrow)
}
