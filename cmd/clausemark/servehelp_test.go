package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/clausemark/clausemark/internal/catalog"
)

// TestServeHelpFormats: serve's help names the form's downloads as the
// format catalog lists them, every format of it.
func TestServeHelpFormats(t *testing.T) {
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"serve", "--help"}, func(string) string { return "" }, strings.NewReader(""), &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	help := strings.Join(strings.Fields(stdout.String()), " ")
	if want := "(live preview, downloads as " + catalog.Formats().List() + ")"; !strings.Contains(help, want) {
		t.Errorf("serve --help lacks %q:\n%s", want, stdout.String())
	}
	for _, f := range catalog.Formats().All() {
		if !strings.Contains(help, f.Name) {
			t.Errorf("serve --help does not name %s", f.Name)
		}
	}
}
