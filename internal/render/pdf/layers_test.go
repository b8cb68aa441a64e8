package pdf_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestLayers checks with go list that the packages below this one depend
// on each other only downwards: the layout on the seam and the fonts, not
// on the writer; the writer on the seam and the fonts, not on the layout;
// the seam on the fonts only; the fonts on none of them.
func TestLayers(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not installed")
	}
	const base = "github.com/clausemark/clausemark/internal/render/pdf"
	ours := []string{base, base + "/layout", base + "/writer", base + "/font", base + "/pdfdoc"}
	for _, tc := range []struct {
		pkg       string
		forbidden []string
	}{
		{"layout", []string{base, base + "/writer"}},
		{"writer", []string{base, base + "/layout"}},
		{"pdfdoc", []string{base, base + "/layout", base + "/writer"}},
		{"font", []string{base, base + "/layout", base + "/writer", base + "/pdfdoc"}},
	} {
		out, err := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}}", base+"/"+tc.pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", tc.pkg, err)
		}
		deps := strings.Fields(string(out))
		var mine []string
		for _, d := range deps {
			if slices.Contains(ours, d) && d != base+"/"+tc.pkg {
				mine = append(mine, strings.TrimPrefix(d, base+"/"))
			}
			if slices.Contains(tc.forbidden, d) {
				t.Errorf("%s imports %s", tc.pkg, d)
			}
		}
		t.Logf("%s depends on %v", tc.pkg, mine)
	}
}
