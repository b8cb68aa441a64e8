package writer

import (
	"image"
	"image/color"

	"github.com/clausemark/clausemark/internal/render/pdf/pdfdoc"
)

// xobject is an image as the file holds it: 8-bit samples, row by row,
// compressed, or a JPEG file as it is.
type xobject struct {
	w, h  int    // pixels
	gray  bool   // one sample a pixel, not three
	data  []byte // samples, or the JPEG file
	alpha []byte // one opacity a pixel; nil if opaque
	jpeg  bool   // data is a baseline or progressive JPEG, for DCTDecode
}

// encodeImages makes the image objects of the images drawn, in order.
// PDF/A files here have no transparency: an image's soft mask is
// flattened onto the white page.
func (d *Writer) encodeImages() {
	d.xobjects = d.xobjects[:0]
	for _, img := range d.images {
		if x := dct(img); x != nil {
			d.xobjects = append(d.xobjects, x)
			continue
		}
		x := samples(img)
		if d.pdfa {
			x = x.onWhite()
		}
		d.xobjects = append(d.xobjects, x)
	}
}

// dct returns a JPEG image as its file, which PDF's DCTDecode filter
// reads as it is: a photo keeps its compression instead of growing to
// three bytes a pixel. A JPEG in YCbCr (read as RGB) or grey qualifies; a
// CMYK one does not, as the DeviceRGB colours of a PDF/A file here are
// the only ones its output intent describes, and is written as samples.
func dct(img *pdfdoc.Image) *xobject {
	if img.Kind != pdfdoc.JPEG {
		return nil
	}
	x := &xobject{w: img.Width, h: img.Height, data: img.Data, jpeg: true}
	switch img.Decoded().(type) {
	case *image.YCbCr:
	case *image.Gray:
		x.gray = true
	default:
		return nil
	}
	return x
}

// samples returns img's pixels as samples.
func samples(img *pdfdoc.Image) *xobject {
	src := img.Decoded()
	r := src.Bounds()
	x := &xobject{w: r.Dx(), h: r.Dy()}
	switch src.ColorModel() {
	case color.GrayModel, color.Gray16Model:
		x.gray = true
	}
	n := 3
	if x.gray {
		n = 1
	}
	x.data = make([]byte, 0, x.w*x.h*n)
	alpha := make([]byte, 0, x.w*x.h)
	opaque := true
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for i := r.Min.X; i < r.Max.X; i++ {
			c := color.NRGBAModel.Convert(src.At(i, y)).(color.NRGBA)
			if x.gray {
				x.data = append(x.data, c.R)
			} else {
				x.data = append(x.data, c.R, c.G, c.B)
			}
			alpha = append(alpha, c.A)
			opaque = opaque && c.A == 255
		}
	}
	if !opaque {
		x.alpha = alpha
	}
	return x
}

// onWhite returns the image composited onto white, without a soft mask.
func (x *xobject) onWhite() *xobject {
	if x.alpha == nil {
		return x
	}
	n := 3
	if x.gray {
		n = 1
	}
	out := &xobject{w: x.w, h: x.h, gray: x.gray, data: make([]byte, len(x.data))}
	for i, v := range x.data {
		a := uint32(x.alpha[i/n])
		out.data[i] = byte((uint32(v)*a + 255*(255-a) + 127) / 255)
	}
	return out
}

// writeImages writes the images, compressed, each with its soft mask.
func (d *Writer) writeImages(f *file, n numbering) {
	for i, x := range d.xobjects {
		ref := n.images[i]
		space := "DeviceRGB"
		if x.gray {
			space = "DeviceGray"
		}
		if x.jpeg {
			f.stream(ref, x.data, 0, func(im *Dict) { imageHead(im, x.w, x.h, space, "DCTDecode") })
			continue
		}
		f.stream(ref, deflate(x.data), 0, func(im *Dict) {
			imageHead(im, x.w, x.h, space, "FlateDecode")
			if x.alpha != nil {
				im.Ref("SMask", ref+1)
			}
		})
		if x.alpha != nil {
			f.stream(ref+1, deflate(x.alpha), 0, func(m *Dict) { imageHead(m, x.w, x.h, "DeviceGray", "FlateDecode") })
		}
	}
}

// imageHead writes the entries of an image of w by h pixels of 8-bit
// samples in space, compressed with filter.
func imageHead(d *Dict, w, h int, space, filter string) {
	d.Name("Type", "XObject").Name("Subtype", "Image").Int("Width", w).Int("Height", h)
	d.Name("ColorSpace", space).Int("BitsPerComponent", 8).Name("Filter", filter)
}
