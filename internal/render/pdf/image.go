package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // JPEG images
	_ "image/png"  // PNG images
	"io"
	"io/fs"

	"path"
	"strings"
)

// The bounds on an image: its file, and its pixels, so that decoding one
// takes at most about 16 MiB.
const (
	MaxImageBytes  = 8 << 20
	maxImageSide   = 4096
	maxImagePixels = 4 << 20
)

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

// Image is a decoded PNG or JPEG, as 8-bit samples.
type Image struct {
	w, h  int    // pixels
	gray  bool   // one sample a pixel, not three
	data  []byte // samples, row by row
	alpha []byte // one opacity a pixel; nil if opaque
}

// decodeImage decodes a PNG or JPEG within the bounds.
func decodeImage(b []byte) (*Image, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || (format != "png" && format != "jpeg") {
		return nil, errors.New("not a PNG or JPEG image")
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxImageSide || cfg.Height > maxImageSide || cfg.Width*cfg.Height > maxImagePixels {
		return nil, fmt.Errorf("%d×%d pixels; at most %d a side and %d million in all", cfg.Width, cfg.Height, maxImageSide, maxImagePixels>>20)
	}
	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("damaged %s: %v", strings.ToUpper(format), err)
	}
	r := src.Bounds()
	img := &Image{w: r.Dx(), h: r.Dy()}
	switch src.ColorModel() {
	case color.GrayModel, color.Gray16Model:
		img.gray = true
	}
	n := 3
	if img.gray {
		n = 1
	}
	img.data = make([]byte, 0, img.w*img.h*n)
	alpha := make([]byte, 0, img.w*img.h)
	opaque := true
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := color.NRGBAModel.Convert(src.At(x, y)).(color.NRGBA)
			if img.gray {
				img.data = append(img.data, c.R)
			} else {
				img.data = append(img.data, c.R, c.G, c.B)
			}
			alpha = append(alpha, c.A)
			opaque = opaque && c.A == 255
		}
	}
	if !opaque {
		img.alpha = alpha
	}
	return img, nil
}

// onWhite returns the image composited onto white, without a soft mask.
func (im *Image) onWhite() *Image {
	if im.alpha == nil {
		return im
	}
	n := 3
	if im.gray {
		n = 1
	}
	out := &Image{w: im.w, h: im.h, gray: im.gray, data: make([]byte, len(im.data))}
	for i, v := range im.data {
		a := uint32(im.alpha[i/n])
		out.data[i] = byte((uint32(v)*a + 255*(255-a) + 127) / 255)
	}
	return out
}

// fit returns the size the image is drawn at, in mm: its size at 150
// pixels an inch, scaled down to fit maxW by maxH.
func (im *Image) fit(maxW, maxH float64) (w, h float64) {
	const mmPerPixel = 25.4 / 150
	w, h = float64(im.w)*mmPerPixel, float64(im.h)*mmPerPixel
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
		img, err := decodeImage(data)
		if err != nil {
			s.fail(&ImageError{Dest: dest, Err: err})
			continue
		}
		w, h := img.fit(s.width, s.bottom-s.top)
		s.flushSpaceFor(h)
		s.doc.Image(s.left+(s.width-w)/2, s.y, w, h, img)
		s.y += h
		s.atTop = false
		s.space(2.8)
	}
	s.images = s.images[:0]
}
