package server

import (
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

var replyScreenshot = flag.String("screenshot-reply", "", "also save the history page's answer to a returned Word file with its reply's button, at 1280x800, to this file (docs/img/reply-button-1280.png)")

// TestBrowserHistoryReply follows a salesperson whose customer sent back
// an Ojoo agreement issued as a Word file with the deletion period cut
// from thirty to seven days as a tracked change: on the history page
// they upload it, read the answer (the house's fallback of fourteen
// days), and press "Download the reply (Word)" without choosing the file
// again. The download is a Word file named after the customer and the
// reply's id, whose tracked changes by the processor put fourteen days
// in place of seven with a comment giving the playbook's reason, and
// whose id the registry records as derived from the agreement issued.
func TestBrowserHistoryReply(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	h := newTestServer(t, withRegistry(t, filepath.Join(t.TempDir(), "registry.db")))
	issued := issueDOCX(t, h)
	original := replyOf(t, issued).ID
	returned := filepath.Join(t.TempDir(), "globex-dpa-returned.docx")
	if err := os.WriteFile(returned, trackReplace(t, issued, "thirty (30)", "seven (7)"), 0o644); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	defer ts.Close()
	ctx, downloads := newBrowser(t)
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
	if got := text("#answer .change.fallback"); !strings.Contains(got, "The customer deleted thirty (30) and wrote seven (7)") || !strings.Contains(got, "the house offers 14 days") {
		t.Errorf("the answer reads %q", got)
	}
	if got := text("#reply button"); got != "Download the reply (Word)" {
		t.Errorf("the reply's button reads %q", got)
	}
	step("download the reply",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error { return allowDownloads(ctx, downloads) }),
		chromedp.Click(chromedp.CSS(`#reply button`)),
	)
	name, data := waitDownload(t, downloads, regexp.MustCompile(`^globex-gmbh-dpa-reply-(CM-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\.docx$`))
	d := replyOf(t, data)
	if want := "globex-gmbh-dpa-reply-" + d.ID + ".docx"; name != want || d.ID == original {
		t.Errorf("downloaded %s, the reply's id %s, the original's %s", name, d.ID, original)
	}
	changes := strings.Join(changesOf(d), "\n")
	for _, want := range []string{
		"deletion by OJOO SOFTWARE SERVICES PRIVATE LIMITED: seven (7)",
		"insertion by OJOO SOFTWARE SERVICES PRIVATE LIMITED: fourteen (14)",
		"Deletion takes at least 14 days to reach every backup",
	} {
		if !strings.Contains(changes, want) {
			t.Errorf("the reply's changes lack %q:\n%s", want, changes)
		}
	}
	// The page stays on the answer.
	if got := text("#answer-summary"); !strings.HasPrefix(got, "1 change: 1 with a fallback to offer.") {
		t.Errorf("after the download the page reads %q", got)
	}
	if *replyScreenshot != "" {
		// The picture: the answer's end, its last change and the reply's
		// button.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(window.scrollTo(0, document.getElementById("reply").getBoundingClientRect().bottom + window.scrollY - 760), document.activeElement.blur(), true)`)); err != nil {
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
		if err := os.WriteFile(*replyScreenshot, shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.Get(ts.URL + "/api/v1/documents/" + d.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc struct {
		DerivedFrom string `json:"derived_from"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil || resp.StatusCode != 200 || doc.DerivedFrom != original {
		t.Errorf("the reply's record: %d %v, derived from %q, want %s", resp.StatusCode, err, doc.DerivedFrom, original)
	}

	// The history lists the reply as the reply to the agreement uploaded,
	// and its link shows that agreement alone, naming its reply.
	step("the history", chromedp.Navigate(ts.URL+"/history"), chromedp.WaitVisible(chromedp.ID("documents")))
	if got := text(`tr[data-id="` + d.ID + `"] .reply-to`); got != "Reply to "+original {
		t.Errorf("the reply's row reads %q", got)
	}
	step("the original", chromedp.Click(chromedp.CSS(`tr[data-id="`+d.ID+`"] .reply-to a`)), chromedp.WaitVisible(chromedp.ID("every")))
	if got := text(`#documents tbody`); !strings.Contains(got, original+" Has a reply: "+d.ID) || strings.Count(got, "CM-") != 2 {
		t.Errorf("the original alone reads %q", got)
	}
}

// waitDownload waits for a file whose name matches name to arrive whole
// in dir, and returns its name and contents.
func waitDownload(t *testing.T, dir string, name *regexp.Regexp) (string, []byte) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if !name.MatchString(e.Name()) {
				continue
			}
			if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && len(data) > 0 {
				return e.Name(), data
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	t.Fatalf("no file named as %s was downloaded; the folder holds %v", name, entries)
	return "", nil
}
