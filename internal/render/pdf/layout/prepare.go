package layout

import (
	"sync/atomic"

	"github.com/clausemark/clausemark/internal/render/pdf/font"
)

// prepared says, by family, whether Prepare has started reading its
// fonts.
var prepared [font.NumFamilies]atomic.Bool

// Prepare starts reading, on a goroutine of its own, the faces that
// typesetting in family first needs: regular, bold and italic (headings
// and defined terms: every house style's documents use the three). A
// process that makes one document reads them on a second core while it
// assembles the document; layout then finds them read, or waits for the
// reading under way, as each is read once a process ([LoadFamily]). It
// returns at once, and a later call starts nothing it has started before.
// The hyphenation patterns need no reading: they are constant tables
// (hyphen_gen.go).
func Prepare(family Family) {
	if family < 0 || family >= font.NumFamilies || prepared[family].Swap(true) {
		return
	}
	go func() {
		if fs, err := LoadFamily(family); err == nil {
			// An error is layout's to report, when it loads them.
			fs.Load(Bold)
			fs.Load(Italic)
		}
	}()
}
