package server

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestBrowserHistoryNames follows a salesperson behind the company's
// single sign-on proxy, which names bob@example.com in X-Forwarded-User:
// bob downloads an Opsium agreement from the form; the history then lists
// it as "Opsium — European Union", issued by bob, beside the Ojoo
// agreement under German law that alice issued, in PDF and Word. The
// filter by house style keeps Ojoo's; at 400 pixels wide the reference
// and the downloads of every agreement are inside the window; and
// "start a new agreement from this one" opens the form filled in.
func TestBrowserHistoryNames(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	h, _ := ssoServer(t)
	for _, f := range []string{"pdf", "docx"} {
		issue(t, h, germanOjoo("Globex Corporation", f), "alice@example.com")
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
	eval := func(expr string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return s
	}
	step("open the form as bob",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
				return err
			}
			if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"X-Forwarded-User": "bob@example.com"}}); err != nil {
				return err
			}
			return allowDownloads(ctx, downloads)
		}),
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(ts.URL+"/?_start=opsium"),
		chromedp.WaitVisible(chromedp.ID("f-customer-name")),
		chromedp.SendKeys(chromedp.ID("f-customer-name"), "Initech GmbH"),
	)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("preview").textContent.includes("Initech GmbH")`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("preview: %v", err)
	}
	step("download the PDF", chromedp.Click(chromedp.CSS(`button[value="pdf"]`)))
	waitFile(t, filepath.Join(downloads, "initech-gmbh-dpa.pdf"))

	step("open the history", chromedp.Navigate(ts.URL+"/history"), chromedp.WaitVisible(chromedp.CSS(`#documents tbody tr`)))
	// rows gives each row's text, one line a row.
	const rows = `Array.from(document.querySelectorAll("#documents tbody tr")).map(r => r.innerText.replace(/\s+/g, " ")).join("\n")`
	list := eval(rows)
	var ojoo, opsium string
	for _, row := range strings.Split(list, "\n") {
		switch {
		case strings.Contains(row, "Ojoo — Germany"):
			ojoo = row
		case strings.Contains(row, "Opsium — European Union"):
			opsium = row
		}
	}
	for _, want := range []string{"Globex Corporation", "by alice@example.com", "PDF", "Word", "CM-"} {
		if !strings.Contains(ojoo, want) {
			t.Errorf("the Ojoo agreement under German law lacks %q in %q", want, list)
		}
	}
	for _, want := range []string{"Initech GmbH", "by bob@example.com", "PDF", "CM-"} {
		if !strings.Contains(opsium, want) {
			t.Errorf("bob's Opsium agreement lacks %q in %q", want, list)
		}
	}

	step("filter by house style",
		chromedp.SetValue(chromedp.ID("h-style"), "ojoo"),
		chromedp.Submit(chromedp.ID("search")),
	)
	step("filtered", chromedp.WaitVisible(chromedp.CSS(`nav.pages[data-style="ojoo"]`)))
	if got := eval(`document.querySelector("nav.pages").innerText`); !strings.Contains(got, "in the Ojoo house style") {
		t.Errorf("the filtered page says %q", got)
	}
	if got := eval(rows); !strings.Contains(got, "Ojoo — Germany") || strings.Contains(got, "Initech") {
		t.Errorf("Ojoo's agreements: %q", got)
	}

	step("at 400 pixels", chromedp.EmulateViewport(400, 800), chromedp.Navigate(ts.URL+"/history"), chromedp.WaitVisible(chromedp.CSS(`#documents tbody tr`)))
	// Every row's reference and download cells lie within the window.
	outside := eval(`(() => {
		const w = document.documentElement.clientWidth, out = [];
		document.querySelectorAll("#documents tbody tr").forEach(r => {
			for (const cls of ["reference", "downloads"]) {
				const b = r.querySelector("td." + cls).getBoundingClientRect();
				if (b.width === 0 || b.left < 0 || b.right > w) out.push(cls + " " + b.left + "-" + b.right + " of " + w);
			}
			r.querySelectorAll("a.download").forEach(a => {
				const b = a.getBoundingClientRect();
				if (b.left < 0 || b.right > w) out.push(a.textContent + " " + b.left + "-" + b.right + " of " + w);
			});
		});
		return out.join("; ");
	})()`)
	if outside != "" {
		t.Errorf("at 400 px, outside the window: %s", outside)
	}
	if scroll := eval(`String(document.documentElement.scrollWidth > document.documentElement.clientWidth)`); scroll != "false" {
		t.Errorf("the history scrolls sideways at 400 px")
	}
	// The date of issue is a line of the card, not the form's green
	// confirmation box (whose class it shares).
	if tall := eval(`[...document.querySelectorAll("#documents td.issued")].filter(c => c.getBoundingClientRect().height > 60 || getComputedStyle(c).backgroundColor !== "rgba(0, 0, 0, 0)").length + ""`); tall != "0" {
		t.Errorf("at 400 px, %s cells of the date of issue are drawn as the form's confirmation", tall)
	}

	globex := eval(`Array.from(document.querySelectorAll("#documents tbody tr")).find(r => r.querySelector("td.customer").textContent === "Globex Corporation").dataset.id`)
	step("start a new agreement from Globex's",
		chromedp.Click(chromedp.CSS(`tr[data-id="`+globex+`"] a.new`)),
		chromedp.WaitVisible(chromedp.ID("f-customer-name")),
	)
	if got := eval(`document.getElementById("f-customer-name").value + " / " + document.getElementById("f-start").value`); got != "Globex Corporation / ojoo" {
		t.Errorf("the new agreement's customer and house style: %q", got)
	}
}
