package layout

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// MaxImageBytes bounds an image file; package pdfdoc bounds its pixels,
// so that decoding one takes at most about 16 MiB.
const MaxImageBytes = 8 << 20

// ImageError is an image that cannot go into the PDF.
type ImageError struct {
	Dest string // the image's destination, as the Markdown writes it
	Err  error
}

func (e *ImageError) Error() string { return fmt.Sprintf("image %q: %v", e.Dest, e.Err) }
func (e *ImageError) Unwrap() error { return e.Err }

// ErrNoImages is why an image is refused when the renderer was given no way
// to read images.
var ErrNoImages = errors.New("images are not embedded in documents from the clause library; clausemark pdf embeds PNG and JPEG files that stand beside the Markdown file")

// Image is a PNG or JPEG checked to decode, with its size; see package pdfdoc.
type Image = pdfdoc.Image

// imageSize returns the size im is drawn at, in mm: its size at 150
// pixels an inch, scaled down to fit maxW by maxH.
func imageSize(im *Image, maxW, maxH float64) (w, h float64) {
	const mmPerPixel = 25.4 / 150
	w, h = float64(im.Width)*mmPerPixel, float64(im.Height)*mmPerPixel
	if k := min(1, maxW/w, maxH/h); k < 1 {
		w, h = w*k, h*k
	}
	return w, h
}

// FSImages returns a [Config.Images] that reads images from fsys, their
// destinations taken as paths relative to its root: no URL, no absolute
// path, no "..", no file over MaxImageBytes. Open fsys with os.OpenRoot
// for a directory, so that links cannot lead out of it either.
func FSImages(fsys fs.FS) func(dest string) ([]byte, error) {
	return func(dest string) ([]byte, error) {
		if strings.Contains(dest, "://") || strings.HasPrefix(dest, "data:") {
			return nil, errors.New("only image files beside the document can be embedded, not URLs")
		}
		name := path.Clean(strings.ReplaceAll(dest, "\\", "/"))
		if !fs.ValidPath(name) || name == "." {
			return nil, errors.New("want a path relative to the document's folder, inside it")
		}
		f, err := fsys.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, MaxImageBytes+1))
		if err != nil {
			return nil, err
		}
		if len(b) > MaxImageBytes {
			return nil, fmt.Errorf("larger than %d MiB", MaxImageBytes>>20)
		}
		return b, nil
	}
}

// altText is an image's alternative text: its description in the
// Markdown, or else its file's name.
func (s *State) altText(im *ast.Image) string {
	if alt := plain(s.inlines(im, Regular, "", nil)); alt != "" {
		return alt
	}
	return path.Base(string(im.Destination))
}

// drawImages draws the images inlines found in a paragraph, each centred on
// a line of its own, at most the column's width and a page's height; an
// image that cannot be read or decoded fails the document.
func (s *State) drawImages() {
	for _, im := range s.images {
		dest := string(im.Destination)
		if s.cfg.Images == nil {
			s.fail(&ImageError{Dest: dest, Err: ErrNoImages})
			continue
		}
		data, err := s.cfg.Images(dest)
		if err != nil {
			s.fail(&ImageError{Dest: dest, Err: err})
			continue
		}
		img, err := pdfdoc.NewImage(data)
		if err != nil {
			s.fail(&ImageError{Dest: dest, Err: err})
			continue
		}
		w, h := imageSize(img, s.width, s.bottom-s.top)
		s.flushSpaceFor(h)
		s.doc.BeginTag(pdfdoc.Tag{Role: pdfdoc.Figure, Alt: s.altText(im)})
		s.doc.Image(s.left+(s.width-w)/2, s.y, w, h, img)
		s.doc.EndTag()
		s.y += h
		s.atTop = false
		s.space(2.8)
	}
	s.images = s.images[:0]
}
