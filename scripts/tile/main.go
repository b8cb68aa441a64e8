// Command tile puts PNG images side by side, each framed by a grey line,
// on a white strip, for the README's pictures of pages.
//
//	go run ./scripts/tile -o docs/ojoo-pages.png p1.png p2.png ...
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
)

func main() {
	out := flag.String("o", "", "write the strip to `FILE`")
	gap := flag.Int("gap", 16, "pixels between pages")
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: tile -o OUT.png IN.png...")
		os.Exit(2)
	}
	if err := run(*out, *gap, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "tile:", err)
		os.Exit(1)
	}
}

func run(out string, gap int, files []string) error {
	var imgs []image.Image
	w, h := gap, 0
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			return err
		}
		img, err := png.Decode(r)
		r.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		imgs = append(imgs, img)
		w += img.Bounds().Dx() + gap
		h = max(h, img.Bounds().Dy())
	}
	strip := image.NewRGBA(image.Rect(0, 0, w, h+2*gap))
	draw.Draw(strip, strip.Bounds(), image.NewUniform(color.RGBA{236, 236, 236, 255}), image.Point{}, draw.Src)
	x := gap
	for _, img := range imgs {
		b := img.Bounds()
		frame := image.Rect(x-1, gap-1, x+b.Dx()+1, gap+b.Dy()+1)
		draw.Draw(strip, frame, image.NewUniform(color.RGBA{170, 170, 170, 255}), image.Point{}, draw.Src)
		draw.Draw(strip, image.Rect(x, gap, x+b.Dx(), gap+b.Dy()), img, b.Min, draw.Src)
		x += b.Dx() + gap
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(f, strip); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
