package layout

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/clausemark/clausemark/internal/document"
	"github.com/clausemark/clausemark/internal/mdext"
	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// State is the layout of one document in progress, handed to each
// NodeFunc. Its exported methods (extend.go) are what a NodeFunc
// registered from outside the package may use; the layout's fields stay
// inside.
type State struct {
	ctx   context.Context // layout stops when it is done: see stopped
	r     *Renderer
	cfg   Config
	doc   Doc
	fonts *Fonts
	src   []byte

	left, width float64 // current text column, narrowed by indents
	y           float64 // top of the next line
	top, bottom float64 // the page's text area
	atTop       bool    // nothing drawn yet on this page

	indents []float64    // pushed widths
	lists   []*listState // open lists
	quotes  []float64    // x of each open block quote's bar
	marker  *span        // list marker waiting for the item's first line
	// markerAt is the x the marker starts at, or -1 to end it just before
	// the text, as bullets do.
	markerAt    float64
	inParagraph bool         // inlines are a paragraph's, whose images drawImages draws
	images      []*ast.Image // the images inlines found in the paragraph
	hyphens     bool         // breakLines may hyphenate: the text is justified
	// measured are the lines of the paragraphs measured before they are
	// drawn (keeping a heading with what follows it, or the closing words
	// with the signatures), by paragraph, for paragraph to draw rather
	// than break the same words again; para is the paragraph drawn.
	measured map[ast.Node]measuredLines
	para     ast.Node

	anchors  map[string]bool // heading ids in the document
	contents []tocEntry      // the table of contents' entries, when Config.Contents
	headPage map[string]int  // page of each section heading drawn, by id
	// numbers are the document's numbers of paragraphs and list items,
	// by the block they number.
	numbers document.Numbers
	// paras counts the numbered paragraphs since the last heading or
	// rule: a list after one stands under its text.
	paras   int
	links   map[string]int // link targets created so far
	outline int            // level of the last bookmark, -1 before the first
	titled  bool           // the title block has been drawn
	// heading is the level of the last heading's tag: the next is
	// tagged at most one level deeper, so that levels are not skipped.
	heading int
	// kept is the signature block whose closing words have been kept
	// with it (keepClosing).
	kept     *mdext.Signatures
	header   []string // the running header's lines, set once
	spaceReq float64  // space wanted before the next block
	face     Face     // current font
	size     float64
	err      error
}

type listState struct {
	tight bool
	hung  bool // indented under a numbered paragraph
}

func newState(ctx context.Context, r *Renderer, doc Doc, fonts *Fonts, src []byte) *State {
	c := r.cfg
	m := c.Margins
	s := &State{ctx: ctx, r: r, cfg: c, doc: doc, fonts: fonts, src: src,
		left: m.Left, width: c.Page.Width - m.Left - m.Right,
		top: m.Top, bottom: c.Page.Height - m.Bottom,
		anchors: map[string]bool{}, links: map[string]int{}, headPage: map[string]int{}, outline: -1, face: -1}
	s.newPage()
	return s
}

func (s *State) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

// MaxPages is the most pages a document is laid out on: a contract has
// tens, and Markdown that would run past this many pages (16 MiB of list
// items runs to 90,000) would take gigabytes of memory to lay out.
const MaxPages = 2000

// MaxLines is the most lines of Markdown [Renderer.ConvertContext]
// parses: a contract has a few thousand, and 4 MiB of one-character list
// items (a million) took a gigabyte of memory to parse and number.
const MaxLines = 100_000

// LineLimitError is Markdown source of more than MaxLines lines.
type LineLimitError struct{ Lines, Max int }

func (e *LineLimitError) Error() string {
	return fmt.Sprintf("the Markdown has %d lines, more than the %d a PDF is laid out from", e.Lines, e.Max)
}

// PageLimitError is a document that runs past MaxPages pages.
type PageLimitError struct{ Max int }

func (e *PageLimitError) Error() string {
	return fmt.Sprintf("the document runs past %d pages, the most a PDF is laid out on", e.Max)
}

// stopped reports whether the layout has failed or the context is done,
// recording the context's error. The walk checks both before each block;
// loops inside a block that may run long (the lines of a paragraph, the
// rows of a table, the lines of code) check them as they go.
func (s *State) stopped() bool {
	if s.err != nil {
		return true
	}
	err := s.ctx.Err()
	if err != nil {
		s.fail(err)
	}
	return err != nil
}

// newPage starts a page with its running header and footer: from the
// second page the header (the title and the parties) above a rule, and on
// every page "Page X of Y" at the left of the footer and the document's
// reference and date at its right.
func (s *State) newPage() {
	if s.doc.PageNo() >= MaxPages {
		s.fail(&PageLimitError{Max: MaxPages})
	}
	s.doc.AddPage()
	s.doc.BeginArtifact()
	defer s.doc.EndArtifact()
	s.y, s.atTop, s.spaceReq = s.top, true, 0
	info := s.cfg.Info
	page := s.doc.PageNo()
	left, right := s.cfg.Margins.Left, s.cfg.Page.Width-s.cfg.Margins.Right
	s.doc.SetTextColor(90, 90, 90)
	s.doc.SetDrawColor(160, 160, 160)
	s.doc.SetLineWidth(0.2)
	const small = 8
	header := info.Header
	if header == "" {
		header = info.Title
	}
	if page > 1 && header != "" {
		s.setFont(Regular, small)
		base := s.top - 8
		if s.header == nil {
			s.header = headerLines(s.fonts, small, header, right-left)
		}
		lines := s.header
		for i, l := range lines {
			s.text(left, base-float64(len(lines)-1-i)*small*1.2*ptToMM, l)
		}
		s.doc.Line(left, base+2, right, base+2)
	}
	s.setFont(Regular, small)
	base := s.bottom + 12
	s.text(left, base, fmt.Sprintf("Page %d of %s", page, s.doc.TotalPagesAlias()))
	if info.Footer != "" {
		f := fit(s.fonts, Regular, small, info.Footer, (right-left)*0.7)
		s.text(right-textWidth(s.fonts, Regular, small, f), base, f)
	}
	s.doc.SetTextColor(0, 0, 0)
	s.doc.SetDrawColor(0, 0, 0)
}

// headerLines sets the running header in lines of width at size: one
// line if it fits; else two, broken after the title (at the last " · ")
// when each part fits a line, or else between words, the second line
// shortened with an ellipsis if need be. The customer's name is not cut
// while it fits a line of its own.
func headerLines(fonts *Fonts, size float64, header string, width float64) []string {
	if textWidth(fonts, Regular, size, header) <= width {
		return []string{header}
	}
	if i := strings.LastIndex(header, " · "); i > 0 {
		a, b := header[:i], header[i+len(" · "):]
		if textWidth(fonts, Regular, size, a) <= width && textWidth(fonts, Regular, size, b) <= width {
			return []string{a, b}
		}
	}
	lines := wrapTitle(fonts, size, header, width, 0)
	if len(lines) <= 2 {
		return lines
	}
	return []string{lines[0], fit(fonts, Regular, size, strings.Join(lines[1:], " "), width)}
}

// fit shortens text with an ellipsis until it fits width. Widths add up
// character by character, so one pass finds the cut.
func fit(fonts *Fonts, face Face, size float64, text string, width float64) string {
	if textWidth(fonts, face, size, text) <= width {
		return text
	}
	room := width - textWidth(fonts, face, size, "…")
	var used float64
	var buf [utf8.UTFMax]byte
	for i, r := range text {
		n := utf8.EncodeRune(buf[:], r)
		used += textWidth(fonts, face, size, string(buf[:n]))
		if used > room {
			return text[:i] + "…"
		}
	}
	return text + "…"
}

// setFont selects a face and size, skipping calls that change nothing.
func (s *State) setFont(face Face, size float64) {
	if face == s.face && size == s.size {
		return
	}
	s.face, s.size = face, size
	s.doc.SetFont(face, size)
}

// text draws s after checking that the font has every glyph.
func (s *State) text(x, y float64, t string) { s.doc.Text(x, y, t) }

// tagged draws what draw draws as the content of a structure element of
// role.
func (s *State) tagged(role pdfdoc.Role, draw func()) {
	s.doc.BeginTag(pdfdoc.Tag{Role: role})
	draw()
	s.doc.EndTag()
}

// linkable reports whether a link to target makes a link annotation: a
// URL, or a heading of the document.
func (s *State) linkable(target string) bool {
	if id, ok := strings.CutPrefix(target, "#"); ok {
		return s.anchors[id]
	}
	return target != ""
}

// space asks for vertical space before the next block; requests collapse to
// the largest, and none is added at the top of a page.
func (s *State) space(h float64) { s.spaceReq = max(s.spaceReq, h) }

// flushSpace adds the requested space.
func (s *State) flushSpace() {
	if !s.atTop {
		s.y += s.spaceReq
	}
	s.spaceReq = 0
}

// fits reports whether h more millimetres fit on the page, after the requested space.
func (s *State) fits(h float64) bool {
	sp := s.spaceReq
	if s.atTop {
		sp = 0
	}
	return s.y+sp+h <= s.bottom+0.01
}

// minTextWidth is the narrowest column that indents may leave for text, in
// millimetres: nesting deeper than the page allows stops indenting there.
const minTextWidth = 40

// indent narrows the text column by w, or by less when that would leave
// less than minTextWidth, and reports the indent it made.
func (s *State) indent(w float64) float64 {
	w = max(0, min(w, s.width-minTextWidth))
	s.indents = append(s.indents, w)
	s.left += w
	s.width -= w
	return w
}

func (s *State) dedent() {
	w := s.indents[len(s.indents)-1]
	s.indents = s.indents[:len(s.indents)-1]
	s.left -= w
	s.width += w
}

func (s *State) lineHeight(size float64) float64 { return size * s.cfg.Leading * ptToMM }

// span is a run of inline text in one face.
type span struct {
	text   string
	face   Face
	link   string // URL, or "#id" for a heading in the document
	br     bool   // a hard line break
	strike bool   // struck through (~~text~~)
	label  bool   // a list item's marker, drawn as its Lbl element
	tag    int    // that element, from BeginTag
}

// inlines collects the inline content of n as spans.
func (s *State) inlines(n ast.Node, face Face, link string, out []span) []span {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			out = append(out, span{text: unescape(c.Segment.Value(s.src)), face: face, link: link})
			if c.HardLineBreak() {
				out = append(out, span{br: true})
			} else if c.SoftLineBreak() {
				out = append(out, span{text: " ", face: face, link: link})
			}
		case *ast.String:
			out = append(out, span{text: string(c.Value), face: face, link: link})
		case *ast.CodeSpan:
			var b strings.Builder
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if txt, ok := t.(*ast.Text); ok {
					b.Write(txt.Segment.Value(s.src))
				} else if str, ok := t.(*ast.String); ok {
					b.Write(str.Value)
				}
			}
			out = append(out, span{text: b.String(), face: Mono, link: link})
		case *ast.Emphasis:
			out = s.inlines(c, face.With(c.Level >= 2, c.Level == 1), link, out)
		case *ast.Link:
			out = s.inlines(c, face, string(c.Destination), out)
		case *ast.AutoLink:
			url := string(c.URL(s.src))
			if c.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(url, "mailto:") {
				url = "mailto:" + url
			}
			out = append(out, span{text: string(c.Label(s.src)), face: face, link: url})
		case *ast.Image:
			// A paragraph's images are drawn as blocks of their own
			// (drawImages); one anywhere else cannot be drawn, and is
			// not dropped in silence.
			if s.inParagraph {
				s.images = append(s.images, c)
			} else {
				s.fail(&ImageError{Dest: string(c.Destination), Err: errors.New("an image can stand only in a paragraph or a list item, not in a heading or a table")})
			}
		case *ast.RawHTML:
			// Inline HTML has no place in a PDF; its text is dropped.
		case *east.Strikethrough:
			start := len(out)
			out = s.inlines(c, face, link, out)
			for i := start; i < len(out); i++ {
				out[i].strike = true
			}
		default:
			out = s.inlines(c, face, link, out)
		}
	}
	return out
}

// unescape resolves Markdown backslash escapes and HTML entity references,
// as a Markdown reader sees them.
func unescape(b []byte) string {
	if !strings.ContainsAny(string(b), "\\&") {
		return string(b)
	}
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\\' && i+1 < len(b) && isASCIIPunct(b[i+1]):
			out.WriteByte(b[i+1])
			i++
		case c == '&':
			end := -1
			for j := i + 1; j < len(b) && j < i+34; j++ {
				if b[j] == ';' {
					end = j
					break
				}
			}
			if end > 0 {
				ref := string(b[i : end+1])
				if u := html.UnescapeString(ref); u != ref {
					out.WriteString(u)
					i = end
					continue
				}
			}
			out.WriteByte(c)
		default:
			out.WriteByte(c)
		}
	}
	return out.String()
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// piece is part of a word in one face.
type piece struct {
	text   string
	face   Face
	link   string
	strike bool
	width  float64
}

// word is what lies between spaces.
type word struct {
	pieces []piece
	width  float64
	space  float64 // width of the space after it
	br     bool    // a forced line break, not a word
	broken bool    // the head of a word broken at a line's end, the rest on the next
}

// words splits spans into words, measured at size. It reports a character
// the fonts cannot draw.
func (s *State) words(spans []span, size float64) []word {
	est := 1
	for _, sp := range spans {
		est += strings.Count(sp.text, " ") + 1
	}
	out := make([]word, 0, est)
	// The pieces of all words share one backing slice; each word takes the
	// part that is its own.
	all := make([]piece, 0, est)
	start := 0
	var width float64
	flush := func(space float64) {
		if len(all) > start {
			out = append(out, word{pieces: all[start:len(all):len(all)], width: width, space: space})
			start, width = len(all), 0
		} else if len(out) > 0 && space > 0 {
			out[len(out)-1].space = max(out[len(out)-1].space, space)
		}
	}
	add := func(t string, sp span) {
		if t == "" {
			return
		}
		w, missing := measure(s.fonts, sp.face, size, t)
		if missing >= 0 {
			s.fail(glyphError(s.fonts, missing, sp.face, t))
		}
		if n := len(all); n > start && all[n-1].face == sp.face && all[n-1].link == sp.link && all[n-1].strike == sp.strike {
			all[n-1].text += t
			all[n-1].width += w
		} else {
			all = append(all, piece{text: t, face: sp.face, link: sp.link, strike: sp.strike, width: w})
		}
		width += w
	}
	for _, sp := range spans {
		if sp.br {
			flush(0)
			out = append(out, word{br: true})
			continue
		}
		t := sp.text
		if needsSpaces(t) {
			t = strings.Map(func(r rune) rune {
				switch r {
				case '\t', '\n', '\r', '\u00a0':
					return ' '
				}
				return r
			}, t)
		}
		spaceW := -1.0
		for {
			i := strings.IndexByte(t, ' ')
			if i < 0 {
				add(t, sp)
				break
			}
			add(t[:i], sp)
			if spaceW < 0 {
				spaceW = textWidth(s.fonts, sp.face, size, " ")
			}
			flush(spaceW)
			t = t[i+1:]
		}
	}
	flush(0)
	return out
}

// needsSpaces reports whether t holds a tab, line end or no-break space,
// which words lay out as spaces.
func needsSpaces(t string) bool {
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '\t', '\n', '\r':
			return true
		case 0xC2: // the first byte of U+00A0
			if i+1 < len(t) && t[i+1] == 0xA0 {
				return true
			}
		}
	}
	return false
}

// line is a laid-out line of words.
type line struct {
	words   []word
	width   float64 // natural width, spaces included
	justify bool
}

// minWordWidth is the least width breakLines lays words into, in ems of
// the text size: a column narrower than that still takes a few characters
// a line.
const minWordWidth = 2

// breakLines fills lines of at most width with words, greedily. A word
// wider than a line is split between characters, preferring to break after
// "/", ".", "@", "-" or "_", so long URLs and addresses stay in the margins.
//
// The loop ends: each pass either moves to the next word or replaces the
// current one by a tail that is shorter by at least one character (a split
// always keeps one character in the head, and an empty tail is dropped).
func (s *State) breakLines(words []word, size, width float64) []line {
	width = max(width, minWordWidth*size*ptToMM)
	// The lines' words share one backing slice: a line is the words placed
	// since the one before it ended.
	b := &breaker{s: s, size: size, width: width, lines: make([]line, 0, len(words)/8+1), placed: make([]word, 0, len(words)+1)}
	last := len(words) - 1
	for last >= 0 && words[last].br {
		last--
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		// A paragraph's last word is not hyphenated: its tail would
		// stand alone on the last line, two or three letters and a stop.
		b.final = i == last
		switch {
		case w.br:
			b.end(false)
		case w.width > width && len(w.pieces) > 0:
			if tail, ok := b.tooWide(w); ok {
				words[i] = tail
				i--
			}
		default:
			if tail, ok := b.place(w); ok {
				words[i] = tail
				i--
			}
		}
	}
	if len(b.placed) > b.start {
		b.end(false)
	}
	return b.lines
}

// breaker fills lines with words.
type breaker struct {
	s           *State
	size, width float64
	lines       []line
	placed      []word // the words of every line, in order
	start       int    // the first word of the current line in placed
	cur         line
	final       bool // the word being placed is the text's last
}

// n returns the number of words on the current line.
func (b *breaker) n() int { return len(b.placed) - b.start }

// end ends the current line.
func (b *breaker) end(justify bool) {
	b.cur.words = b.placed[b.start:len(b.placed):len(b.placed)]
	b.cur.justify = justify
	b.lines = append(b.lines, b.cur)
	b.cur = line{}
	b.start = len(b.placed)
}

// tooWide places a word too wide for any line: it fills what is left of
// the current line, if that is a fair part of it, and returns the rest to
// carry over, if any.
func (b *breaker) tooWide(w word) (tail word, ok bool) {
	n := b.n()
	room := b.width
	if n > 0 {
		room = b.width - b.cur.width - b.placed[len(b.placed)-1].space
		if room < b.width/4 {
			b.end(true)
			room = b.width
			n = 0
		}
	}
	head, tail := splitWord(b.s.fonts, b.size, w, room)
	if n > 0 {
		b.cur.width += b.placed[len(b.placed)-1].space
	}
	b.placed = append(b.placed, head)
	b.cur.width += head.width
	if len(tail.pieces) == 0 {
		b.placed[len(b.placed)-1].space = w.space
		return word{}, false
	}
	b.end(n+1 > 1)
	return tail, true
}

// place puts w on the current line, or ends the line and starts the next
// with it. A word that does not fit is hyphenated when the line would be
// loose without it; the tail is returned, to start the next line.
func (b *breaker) place(w word) (tail word, ok bool) {
	n := b.n()
	extra := w.width
	if n > 0 {
		extra += b.placed[len(b.placed)-1].space
	}
	if n > 0 && b.cur.width+extra > b.width+0.001 {
		// The tail is shorter than the word and starts a line, where no
		// hyphenation is tried.
		if b.s.hyphens && !b.final {
			space := b.placed[len(b.placed)-1].space
			slack := b.width - b.cur.width
			if gaps := n - 1; gaps == 0 || slack/float64(gaps) > space/2 {
				if head, tail, ok := b.s.hyphenate(w, b.size, slack-space); ok {
					b.cur.width += space + head.width
					b.placed = append(b.placed, head)
					b.end(true)
					return tail, true
				}
			}
		}
		b.end(true)
		extra = w.width
	}
	b.placed = append(b.placed, w)
	b.cur.width += extra
	return word{}, false
}

// splitWord cuts w, measured at size, so that head fits width.
func splitWord(fonts *Fonts, size float64, w word, width float64) (head, tail word) {
	var used float64
	type pos struct{ p, b int }
	best, last := pos{-1, 0}, pos{0, 0}
	var buf [utf8.UTFMax]byte
	for pi, p := range w.pieces {
		for bi, r := range p.text {
			// The rune's length in the text, which for a byte that is not
			// UTF-8 is 1, not the length of U+FFFD that range gives for it.
			_, n := utf8.DecodeRuneInString(p.text[bi:])
			m := utf8.EncodeRune(buf[:], r)
			cw := textWidth(fonts, p.face, size, string(buf[:m]))
			if used+cw > width && (pi > 0 || bi > 0) {
				cut := last
				if best.p >= 0 {
					cut = best
				}
				return cutWord(fonts, size, w, cut.p, cut.b)
			}
			used += cw
			last = pos{pi, bi + n}
			if strings.ContainsRune("/.@-_?&=", r) {
				best = last
			}
		}
	}
	return w, word{}
}

// cutWord splits w at byte b of piece p.
func cutWord(fonts *Fonts, size float64, w word, p, b int) (head, tail word) {
	part := func(pc piece, text string) piece {
		return piece{text: text, face: pc.face, link: pc.link, strike: pc.strike, width: textWidth(fonts, pc.face, size, text)}
	}
	for i, pc := range w.pieces {
		switch {
		case i < p:
			head.pieces = append(head.pieces, pc)
		case i > p:
			tail.pieces = append(tail.pieces, pc)
		default:
			if b > 0 {
				head.pieces = append(head.pieces, part(pc, pc.text[:b]))
			}
			if b < len(pc.text) {
				// The rest's width is what the head leaves: measuring it
				// again would make splitting a long word quadratic.
				rest := piece{text: pc.text[b:], face: pc.face, link: pc.link, strike: pc.strike, width: pc.width}
				if b > 0 {
					rest.width -= head.pieces[len(head.pieces)-1].width
				}
				tail.pieces = append(tail.pieces, rest)
			}
		}
	}
	for _, pc := range head.pieces {
		head.width += pc.width
	}
	for _, pc := range tail.pieces {
		tail.width += pc.width
	}
	tail.space = w.space
	head.broken = true
	return head, tail
}

// softHyphen is the hyphen added where a word breaks.
const softHyphen = "\u00ad"

// hyphenate splits w so that its head, with a hyphen added where the word
// has none, fits room: at the last place the patterns allow that fits. A
// word with a link or in the monospaced face is not hyphenated.
func (s *State) hyphenate(w word, size, room float64) (head, tail word, ok bool) {
	if room <= 0 {
		return word{}, word{}, false
	}
	h := loadHyphenator()
	best, bestAt, bestAdded := -1, 0, false
	before := 0.0 // width of the pieces before piece p
	for p, pc := range w.pieces {
		if pc.link != "" || pc.face == Mono {
			return word{}, word{}, false
		}
		for _, pt := range h.hyphenPoints(pc.text) {
			wd := before + textWidth(s.fonts, pc.face, size, pc.text[:pt.at])
			if pt.added {
				wd += textWidth(s.fonts, pc.face, size, softHyphen)
			}
			if wd > room {
				break
			}
			best, bestAt, bestAdded = p, pt.at, pt.added
		}
		before += pc.width
	}
	if best < 0 {
		return word{}, word{}, false
	}
	head, tail = cutWord(s.fonts, size, w, best, bestAt)
	if len(head.pieces) == 0 || len(tail.pieces) == 0 {
		return word{}, word{}, false
	}
	if bestAdded {
		// The added hyphen is a soft hyphen, which the fonts draw as a
		// hyphen and text extraction knows to drop (ISO 32000-1, 14.8.2.2.3).
		last := &head.pieces[len(head.pieces)-1]
		w := textWidth(s.fonts, last.face, size, softHyphen)
		last.text += softHyphen
		last.width += w
		head.width += w
	}
	head.space = 0
	return head, tail, true
}
