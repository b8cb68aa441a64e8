package pdfdoc

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // JPEG images
	_ "image/png"  // PNG images
	"strings"
)

// The bounds on an image's pixels, so that decoding one takes at most
// about 16 MiB.
const (
	maxImageSide   = 4096
	maxImagePixels = 4 << 20
)

// ImageKind is an image's file format.
type ImageKind int

// The image formats.
const (
	PNG ImageKind = iota
	JPEG
)

// Image is a PNG or JPEG file, checked to decode, with its size. A
// backend may embed the file's bytes as they are (a JPEG, in PDF) or
// the decoded pixels.
type Image struct {
	Data          []byte    // the file, as read
	Kind          ImageKind // its format
	Width, Height int       // in pixels
	decoded       image.Image
}

// NewImage reads a PNG or JPEG of at most 4096 pixels a side and 4
// million in all, decoding it whole so that a damaged file is refused
// here and not when the document is written.
func NewImage(data []byte) (*Image, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg") {
		return nil, errors.New("not a PNG or JPEG image")
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxImageSide || cfg.Height > maxImageSide || cfg.Width*cfg.Height > maxImagePixels {
		return nil, fmt.Errorf("%d×%d pixels; at most %d a side and %d million in all", cfg.Width, cfg.Height, maxImageSide, maxImagePixels>>20)
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("damaged %s: %v", strings.ToUpper(format), err)
	}
	kind := PNG
	if format == "jpeg" {
		kind = JPEG
	}
	r := src.Bounds()
	return &Image{Data: data, Kind: kind, Width: r.Dx(), Height: r.Dy(), decoded: src}, nil
}

// Decoded returns the image's pixels.
func (im *Image) Decoded() image.Image { return im.decoded }
