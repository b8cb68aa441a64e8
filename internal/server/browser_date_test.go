package server

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/library"
	"github.com/clausemark/clausemark/internal/vars"
)

// TestBrowserDateOfIssue: a salesperson whose day is not the server's (a
// browser at UTC+14, a server whose clock reads three days earlier) sees
// the date box, the preview's title block and the downloaded document at
// the browser's day. A draft kept on an earlier day with the date as it
// started comes back at today; a date the person chose stays.
func TestBrowserDateOfIssue(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	const zone = "Pacific/Kiritimati"
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	written := writtenAs(t)
	rec := &dayRecorder{}
	ts := httptest.NewServer(newTestServer(t, func(c *Config) {
		c.Now = func() time.Time { return time.Now().Add(-72 * time.Hour) }
		c.Generator = &generate.Generator{Recorder: rec}
	}))
	defer ts.Close()
	ctx, _ := newBrowser(t)
	d := &desk{t: t, ctx: ctx, url: ts.URL}
	d.step("browser at "+zone, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: zone})
		return err
	}))

	// The browser's day, either side of the test's start should it cross
	// midnight there.
	days := []string{time.Now().In(loc).Format("2006-01-02")}
	d.open("opsium", 1280, "1-purpose-and-scope")
	days = append(days, time.Now().In(loc).Format("2006-01-02"))
	server := time.Now().Add(-72 * time.Hour).Format("2006-01-02")
	isToday := func(expr string) string {
		return fmt.Sprintf(`[%q, %q].includes(%s)`, days[0], days[1], expr)
	}
	dateBox := `document.querySelector("input[data-dated]").value`
	d.poll("the date box at the browser's day, not the server's "+server, isToday(dateBox))
	// Moving the date is not a change of the person's: another house style
	// is chosen without asking.
	d.eval("note any question", `(window.confirm = () => { sessionStorage.setItem("asked", "yes"); return false; }, true)`)
	d.choose("f-start", "ojoo")
	// The page goes to Ojoo's form, unless it asked: then it stays.
	var asked string
	for deadline := time.Now().Add(20 * time.Second); asked == ""; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the form neither went to Ojoo's nor asked")
		}
		a, err := chromedp.Run(ctx, chromedp.Evaluate[string](`sessionStorage.getItem("asked") ||
			(document.getElementById("f-start").value === "ojoo" && document.querySelector('#preview h2[id="1-definitions"]') ? "no" : "")`))
		if err == nil {
			asked = a
		}
	}
	if asked != "no" {
		t.Error("choosing another house style asks before replacing values the person did not change")
	}
	d.open("opsium", 1280, "1-purpose-and-scope")
	d.poll("the date box at the browser's day again", isToday(dateBox))
	d.poll("_today at the browser's day", isToday(`document.querySelector("input[name=_today]").value`))
	d.fresh("the preview of today's document")
	day := d.text(dateBox)
	want := "Date of the agreement: " + written(day)
	if got := d.text(`(document.querySelector("#preview .title-block .dated") || {}).textContent || ""`); got != want {
		t.Errorf("the preview's title block reads %q, want %q", got, want)
	}

	d.eval("download the Markdown", `(document.querySelector('button[value="md"]').click(), true)`)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		rec.mu.Lock()
		got := slices.Clone(rec.days)
		rec.mu.Unlock()
		if len(got) > 0 {
			if got[0] != day {
				t.Errorf("the download was dated %s, want the browser's day %s", got[0], day)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no document was issued")
		}
	}

	// Drafts kept on 2 January: one with the date as it started, one with
	// another date, one with the date set by the person that day.
	for _, c := range []struct{ date, dated, want string }{
		{"2026-01-02", "", day},
		{"2027-03-01", "", "2027-03-01"},
		{"2026-01-02", "chosen", "2026-01-02"},
	} {
		d.eval("keep a draft dated "+c.date, fmt.Sprintf(`(() => {
			const key = "clausemark-draft:opsium:";
			const pairs = JSON.parse(localStorage.getItem(key)).map(p =>
				p[0] === "_today" ? [p[0], "2026-01-02"] : p[0] === "agreement.date" ? [p[0], %q] :
				p[0] === "_dated" ? [p[0], %q] :
				p[0] === "customer.name" ? [p[0], "Draft Customer GmbH"] : p);
			localStorage.setItem(key, JSON.stringify(pairs));
			return true; })()`, c.date, c.dated))
		d.step("reopen", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#preview h2[id="1-purpose-and-scope"]`)))
		d.poll("the draft's customer back", `document.querySelector("[data-customer-name]").value === "Draft Customer GmbH"`)
		d.poll(fmt.Sprintf("a draft's date %s reads %s", c.date, c.want), fmt.Sprintf(`%s === %q`, dateBox, c.want))
		d.fresh("the draft's preview")
		if got, want := d.text(`document.querySelector("#preview .title-block .dated").textContent`), "Date of the agreement: "+written(c.want); got != want {
			t.Errorf("draft dated %s: the preview reads %q, want %q", c.date, got, want)
		}
	}

	// A date typed in is the person's, and the draft keeps it so.
	d.eval("set the date", `(() => { const b = document.querySelector("input[data-dated]");
		b.value = "2027-05-06"; return b.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	d.poll("the draft keeps the date as chosen", `(() => { const p = JSON.parse(localStorage.getItem("clausemark-draft:opsium:") || "[]");
		return p.some(x => x[0] === "_dated" && x[1] === "chosen") && p.some(x => x[0] === "agreement.date" && x[1] === "2027-05-06"); })()`)
}

// writtenAs returns a function that writes an ISO day as Opsium's
// document writes it.
func writtenAs(t *testing.T) func(iso string) string {
	t.Helper()
	lib, err := builtIn()
	if err != nil {
		t.Fatal(err)
	}
	p, err := lib.Prepare(library.Request{Variant: "opsium", Date: vars.DayOf(time.Now())})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	path, ok := res.Template.Schema.RolePath(vars.RoleDateFormat)
	if !ok {
		t.Fatal("opsium has no date format")
	}
	layout := fmt.Sprint(res.Values[path].V)
	return func(iso string) string {
		d, err := vars.ParseDate(iso)
		if err != nil {
			t.Fatal(err)
		}
		return d.Format(layout)
	}
}
