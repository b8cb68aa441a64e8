package server

import (
	"strings"
	"testing"
)

// TestFormPosition: the form offers the wording as "As published by" the
// house style's processor, chosen for a house style, beside the balanced
// wording.
func TestFormPosition(t *testing.T) {
	h := newTestServer(t, nil)
	for _, tc := range []struct{ target, house string }{
		{"/", "As published by Ojoo"},
		{"/?_start=opsium", "As published by Opsium"},
	} {
		rec := do(t, h, "GET", tc.target, "", "")
		body := rec.Body.String()
		for _, want := range []string{
			`<label for="f-position">Wording</label>`,
			`<option value="house" selected>` + tc.house + `</option>`,
			`<option value="balanced">Balanced (GDPR Art. 28 complete)</option>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s: no %s", tc.target, want)
			}
		}
	}
}
