package server

import (
	"net/url"
	"strings"
	"testing"
)

// TestPreviewNumbers: the preview beside the form shows the numbers the
// PDF draws and the Word copy carries: Ojoo's legal lists as (a), (b),
// without bullets.
func TestPreviewNumbers(t *testing.T) {
	res := answerOf(t, url.Values{"_start": {"ojoo"}})
	for _, want := range []string{"list-style-type:none", "(a) ", "(b) "} {
		if !strings.Contains(res.HTML, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
}
