package server

import (
	"context"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

var reviewScreenshot = flag.String("screenshot-review", "", "also save the history page's answer to a returned Word file, at 1280x800, to this file (docs/img/review-1280.png)")

// TestBrowserHistoryReview follows a salesperson whose customer sent back
// an Ojoo agreement issued as a Word file, with the deletion period
// changed from thirty to forty-five days as a tracked change: on the
// history page they upload it under "Answer a returned Word file" and
// read the answer, summary first: the change accepted, with its clause,
// the customer's words and the playbook's reason; at 400 pixels wide
// the answer fits the window.
func TestBrowserHistoryReview(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	h := newTestServer(t, withRegistry(t, filepath.Join(t.TempDir(), "registry.db")))
	returned := filepath.Join(t.TempDir(), "globex-dpa-returned.docx")
	if err := os.WriteFile(returned, trackReplace(t, issueDOCX(t, h), "thirty (30)", "forty-five (45)"), 0o644); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	defer ts.Close()
	ctx, _ := newBrowser(t)
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+"`"+sel+"`"+`).innerText.replace(/\s+/g, " ").trim()`))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	step("upload the returned file",
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(ts.URL+"/history"),
		chromedp.WaitVisible(chromedp.ID("h-returned")),
		chromedp.SetUploadFiles(chromedp.ID("h-returned"), []string{returned}),
		chromedp.Click(chromedp.CSS(`#review button`)),
		chromedp.WaitVisible(chromedp.ID("answer")),
	)
	if got := text("#answer-summary"); got != "1 change: 1 accepted. The house accepts every change." {
		t.Errorf("summary %q", got)
	}
	change := text("#answer .change.accepted")
	for _, want := range []string{"Replaced by Customer's counsel", "The customer deleted thirty (30) and wrote forty-five (45)",
		"Accepted. Deletion period: 45 days, within what the house accepts without asking (14 to 60 days)"} {
		if !strings.Contains(change, want) {
			t.Errorf("the change reads %q, without %q", change, want)
		}
	}
	if got := text("#answer .clause h3"); got != "14. Data Retention and Deletion" {
		t.Errorf("clause %q", got)
	}
	// At 400 pixels wide the answer fits the window: nothing to scroll
	// sideways to read.
	step("at 400 pixels", chromedp.EmulateViewport(400, 800))
	if got := text("#answer .change.accepted .answer"); got != "Accepted." {
		t.Errorf("at 400 pixels, the answer reads %q", got)
	}
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth || [...document.querySelectorAll("#answer *")].some(e => e.getBoundingClientRect().right > window.innerWidth)`))
	if err != nil || wide {
		t.Errorf("at 400 pixels, the answer is wider than the window (%v)", err)
	}
	step("back to 1280 pixels", chromedp.EmulateViewport(1280, 800))
	if *reviewScreenshot == "" {
		return
	}
	// The picture: the upload, then the answer below it.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(window.scrollTo(0, document.getElementById("review").getBoundingClientRect().top + window.scrollY - 24), document.activeElement.blur(), true)`)); err != nil {
		t.Fatal(err)
	}
	var shot []byte
	step("screenshot", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		res, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
		if err == nil {
			shot = res.Data
		}
		return err
	}))
	if err := os.WriteFile(*reviewScreenshot, shot, 0o644); err != nil {
		t.Fatal(err)
	}
}
