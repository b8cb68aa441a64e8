package tracked

import "strings"

// Line is one paragraph of a view of the document.
type Line struct {
	Text     string
	Para     int    // the paragraph of the file it starts in
	Bookmark string // that paragraph's bookmark
	Table    bool
	Contents bool // an entry of a table of contents
}

// View returns the paragraphs with the changes accept says yes to
// accepted and the others rejected. Comments change no text. A paragraph
// whose end is removed joins the next, as in Word.
func (d *Document) View(accept func(change int) bool) []Line {
	var out []Line
	var b strings.Builder
	open := false
	var cur Line
	for pi, para := range d.Paragraphs {
		for _, p := range d.Pieces[para.Start:para.End] {
			if !d.shown(p, accept) {
				continue
			}
			if !open {
				cur, open = Line{Para: pi, Bookmark: para.Bookmark, Table: para.Table, Contents: para.Contents}, true
			}
			if !p.Break {
				b.WriteString(p.Text)
				continue
			}
			cur.Text = b.String()
			out = append(out, cur)
			b.Reset()
			open = false
		}
	}
	if open {
		cur.Text = b.String()
		out = append(out, cur)
	}
	return out
}

// shown reports whether piece p shows with the changes accept chooses.
func (d *Document) shown(p Piece, accept func(int) bool) bool {
	if p.Change < 0 {
		return true
	}
	return d.Changes[p.Change].Kind.Removes() != accept(p.Change)
}

// All accepts every change; None rejects every one.
func All(int) bool  { return true }
func None(int) bool { return false }

// Groups returns the tracked changes in runs that touch, in order: the
// changes of one piece of text with no unchanged text between them, such
// as a deletion and the insertion that replaces it, or an inserted
// paragraph's text and its mark. Comments are in no group.
func (d *Document) Groups() [][]int {
	var out [][]int
	var cur []int
	seen := map[int]bool{}
	for _, p := range d.Pieces {
		if p.Change < 0 {
			if p.Text != "" || p.Break {
				if len(cur) > 0 {
					out = append(out, cur)
				}
				cur = nil
			}
			continue
		}
		if !seen[p.Change] {
			seen[p.Change] = true
			cur = append(cur, p.Change)
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}
