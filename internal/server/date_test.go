package server

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clausemark/clausemark/internal/generate"
	"github.com/clausemark/clausemark/internal/vars"
)

// dayRecorder keeps the agreement date of each document recorded.
type dayRecorder struct {
	mu   sync.Mutex
	days []string
}

func (d *dayRecorder) Record(_ context.Context, res *generate.Result) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	day := "(none)"
	if v, ok := res.Resolved.Values["agreement.date"].V.(vars.Date); ok {
		day = v.ISO()
	}
	d.days = append(d.days, day)
	return nil
}

// TestAgreementDate: the form and the API date a document the day it is
// issued, by the server's clock, record that day with the values, and
// refuse a date given empty, naming it.
func TestAgreementDate(t *testing.T) {
	issued := time.Date(2031, 3, 4, 15, 0, 0, 0, time.UTC)
	rec := &dayRecorder{}
	h := newTestServer(t, func(c *Config) {
		c.Now = func() time.Time { return issued }
		c.Generator = &generate.Generator{Recorder: rec}
	})

	form := do(t, h, "GET", "/?variant=opsium", "", "").Body.String()
	if box := between(form, `id="f-agreement-date"`, ">"); !strings.Contains(box, `value="2031-03-04"`) {
		t.Errorf("the form's date box starts at %q, want the day of issue 2031-03-04", box)
	}

	tests := []struct {
		name, method, target, ctype, body string
		status                            int
		want                              string // in the answer's body when it is an error
	}{
		{"form, date left as drawn", "POST", "/download", formType,
			url.Values{"_start": {"opsium"}, "_format": {"md"}, "agreement.date": {"2031-03-04"}}.Encode(), 200, ""},
		{"form, date emptied", "POST", "/download", formType,
			url.Values{"_start": {"opsium"}, "_format": {"md"}, "agreement.date": {""}}.Encode(), 400, "Date of the agreement"},
		{"API, no date", "POST", "/api/v1/render", "application/json",
			`{"variant":"opsium","format":"md"}`, 200, ""},
		{"API, empty date", "POST", "/api/v1/render", "application/json",
			`{"variant":"opsium","format":"md","variables":{"agreement":{"date":""}}}`, 400, "agreement.date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec.mu.Lock()
			before := len(rec.days)
			rec.mu.Unlock()
			res := do(t, h, tt.method, tt.target, tt.ctype, tt.body)
			if res.Code != tt.status {
				t.Fatalf("status %d, want %d: %.400s", res.Code, tt.status, res.Body.String())
			}
			rec.mu.Lock()
			days := rec.days[before:]
			rec.mu.Unlock()
			if tt.status != 200 {
				if !strings.Contains(res.Body.String(), tt.want) {
					t.Errorf("the error does not name %q: %.400s", tt.want, res.Body.String())
				}
				if len(days) != 0 {
					t.Errorf("recorded %v for a refused request", days)
				}
				return
			}
			if len(days) != 1 || days[0] != "2031-03-04" {
				t.Errorf("recorded agreement dates %v, want [2031-03-04], the day of issue", days)
			}
		})
	}
}

// TestDateChosenKept: a form drawn again from a submission keeps the mark
// that the person set the date (_dated), so the draft the page keeps does
// not move the date to another day; without the mark it has none.
func TestDateChosenKept(t *testing.T) {
	h := newTestServer(t, nil)
	mark := `<input type="hidden" name="_dated" value="chosen">`
	for _, tc := range []struct {
		dated string
		want  bool
	}{{"chosen", true}, {"", false}, {"other", false}} {
		body := url.Values{"_start": {"opsium"}, "agreement.date": {"2031-03-04"}, "_dated": {tc.dated}}.Encode()
		page := do(t, h, "POST", "/", formType, body).Body.String()
		if got := strings.Contains(page, mark); got != tc.want {
			t.Errorf("_dated=%q: the page keeps the mark %v, want %v", tc.dated, got, tc.want)
		}
	}
	if strings.Contains(do(t, h, "GET", "/?_start=opsium&_dated=chosen", "", "").Body.String(), mark) {
		t.Error("a form opened afresh carries the mark")
	}
}
