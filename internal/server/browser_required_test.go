package server

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/librarytest"
)

// TestBrowserDeskCheckRequired: where the house requires the lawyer's
// check to pass, Opsium's house wording, which the check finds weak,
// holds the downloads back: the buttons are disabled and the headline
// says why; choosing the balanced wording lets the check pass, the
// buttons come back, and the download is issued and confirmed.
func TestBrowserDeskCheckRequired(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	m := librarytest.Copy(t)
	librarytest.Replace(t, m, library.InfoFile, "version:", "check: required\nversion:")
	ts := httptest.NewServer(newServerOf(t, m, withRegistry(t, filepath.Join(t.TempDir(), "registry.db"))))
	t.Cleanup(ts.Close)
	ctx, downloads := newBrowser(t)
	d := &desk{t: t, ctx: ctx, url: ts.URL}
	d.step("allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error { return allowDownloads(ctx, downloads) }))

	d.open("opsium", 1280, "1-purpose-and-scope")
	d.step("type the customer", chromedp.SendKeys(chromedp.ID("f-customer-name"), "Globex Corporation"))
	d.fresh("the preview")
	const held = `[...document.querySelectorAll("button[name=_format]")].every(b => b.disabled)`
	d.poll("the downloads are held back", held+` && document.getElementById("lawcheck-headline").textContent.startsWith("Download held back: the house requires the lawyer's check to pass: ")`)
	d.step("open the check", chromedp.Click(chromedp.ID("lawcheck-headline")))
	d.poll("it says what to do", `(() => { const p = document.getElementById("lawcheck-held"); return !!p && p.offsetHeight > 0 && p.textContent.startsWith("Nothing can be downloaded until these are resolved"); })()`)
	d.step("close the check", chromedp.Click(chromedp.ID("lawcheck-headline")))

	d.choose("f-position", "balanced")
	d.poll("the downloads are back", `[...document.querySelectorAll("button[name=_format]")].every(b => !b.disabled) && document.getElementById("lawcheck-headline").textContent === "The lawyer's check passed"`)
	d.step("download", chromedp.Click(chromedp.CSS(`button[value="md"]`)))
	d.poll("the confirmation", `(() => { const c = document.getElementById("issued"); return !c.hidden && /^Issued CM-[A-Z0-9-]+ — find it under Agreements issued\.$/.test(c.textContent); })()`)
	waitFile(t, filepath.Join(downloads, "globex-corporation-dpa.md"))
}
