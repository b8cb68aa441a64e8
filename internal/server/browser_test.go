package server

import (
	"context"
	"flag"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/clausemark/clausemark/internal/pdftext"
	"github.com/clausemark/clausemark/internal/render/pdf"
)

var screenshot = flag.String("screenshot", "", "also save the browser test's screenshot to this file (the README's docs/serve.png)")

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
	exe := chromium(t)
	ts := httptest.NewServer(newTestServer(t, nil))
	defer ts.Close()

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
		chromedp.WindowSize(1400, 1000),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	events := true
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
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads, EventsEnabled: &events,
			})
			return err
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
	// Bring the changed sentence into view for the screenshot.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const p = [...document.querySelectorAll("#preview li, #preview p")].find(e => e.textContent.includes("forty-five (45)"));
		if (p) { p.scrollIntoView({block: "center"}); p.style.background = "#fff3b0"; }
		return !!p;
	})()`)); err != nil {
		t.Fatal(err)
	}
	// The window as a person sees it, form beside preview.
	var shot []byte
	step("screenshot", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		res, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
		shot = res.Data
		return err
	}))
	step("download the PDF", chromedp.Click(chromedp.CSS(`button[value="pdf"]`)))
	if !strings.Contains(errText, "must be an integer from 1 to 365, got 500") {
		t.Errorf("field error %q", errText)
	}
	for _, want := range []string{"forty-five (45)", "Globex Corporation", "OJOO SOFTWARE SERVICES PRIVATE LIMITED"} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	path := filepath.Join(t.TempDir(), "serve.png")
	if *screenshot != "" {
		path = *screenshot
	}
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)

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
	doc, err := pdftext.Read(data, pdf.A4.Height, pdf.NewConfig().Margin)
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(doc.Text), " ")
	for _, want := range []string{"and Globex Corporation (\"you\" or \"your\")", "Customer means Globex Corporation, the individual", "within forty-five (45) days of the Customer's written request"} {
		if !strings.Contains(flat, want) {
			t.Errorf("downloaded PDF lacks %q", want)
		}
	}
}
