package layout

import (
	"sync/atomic"

	"github.com/clausemark/clausemark/internal/render/pdf/font"
)

// prepared says, by family, whether Prepare has started reading its
// fonts; hyphensPrepared whether it has started on the patterns.
var (
	prepared        [font.NumFamilies]atomic.Bool
	hyphensPrepared atomic.Bool
)

// Prepare starts reading, on a goroutine of its own, what typesetting in
// family first needs: its regular, bold and italic faces (headings and
// defined terms: every house style's documents use the three) and, when
// hyphenate is set, the hyphenation patterns. A process that makes one
// document reads them on a second core while it assembles the document;
// layout then finds them read, or waits for the reading under way, as
// each is read once a process ([LoadFamily]). It returns at once, and a
// later call starts nothing it has started before.
func Prepare(family Family, hyphenate bool) {
	fonts := family >= 0 && int(family) < len(prepared) && !prepared[family].Swap(true)
	hyphens := hyphenate && !hyphensPrepared.Swap(true)
	if !fonts && !hyphens {
		return
	}
	go func() {
		if fonts {
			if fs, err := LoadFamily(family); err == nil {
				// An error is layout's to report, when it loads them.
				fs.Load(Bold)
				fs.Load(Italic)
			}
		}
		if hyphens {
			loadHyphenator()
		}
	}()
}
