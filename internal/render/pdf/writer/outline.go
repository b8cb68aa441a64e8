package writer

import (
	"fmt"
	"time"
)

// outlineItem is an outline entry linked to its relatives by index, -1 for none.
type outlineItem struct {
	outline
	parent, prev, next, first, last, children int
}

// outlineTree links the bookmarks into a tree by level. A level more than
// one deeper than the entry before it is taken as one deeper.
func (d *Writer) outlineTree() []outlineItem {
	items := make([]outlineItem, len(d.outlines))
	var stack []int // the open ancestors, by level
	for i, o := range d.outlines {
		items[i] = outlineItem{outline: o, parent: -1, prev: -1, next: -1, first: -1, last: -1}
		level := min(o.level, len(stack))
		stack = stack[:level]
		if level > 0 {
			parent := stack[level-1]
			items[i].parent = parent
			if p := items[parent].last; p >= 0 {
				items[p].next, items[i].prev = i, p
			} else {
				items[parent].first = i
			}
			items[parent].last = i
			items[parent].children++
		} else {
			for j := i - 1; j >= 0; j-- {
				if items[j].parent < 0 {
					items[j].next, items[i].prev = i, j
					break
				}
			}
		}
		stack = append(stack, i)
	}
	return items
}

// infoEntries returns the document information dictionary's entries, in
// the order written; the XMP metadata repeats them.
func (d *Writer) infoEntries() [][2]string {
	var kv [][2]string
	for _, e := range [][2]string{{"Title", d.info.Title}, {"Author", d.info.Author}, {"Subject", d.info.Subject}, {"Keywords", d.info.Keywords}, {"Creator", d.info.Creator}, {"Producer", d.info.Creator}} {
		if e[1] != "" {
			kv = append(kv, e)
		}
	}
	date := d.date()
	_, offset := date.Zone()
	sign := byte('+')
	if offset < 0 {
		sign, offset = '-', -offset
	}
	s := fmt.Sprintf("D:%s%c%02d'%02d'", date.Format("20060102150405"), sign, offset/3600, offset/60%60)
	return append(kv, [2]string{"CreationDate", s}, [2]string{"ModDate", s})
}

// date is the creation and modification date, in its own time zone; a
// zero date gives 2000-01-01 UTC so that output stays deterministic.
func (d *Writer) date() time.Time {
	if d.info.Date.IsZero() {
		return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return d.info.Date
}
