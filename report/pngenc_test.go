package report

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestEncodePNGIsImagePNG: encodePNG writes what png.Encode writes, byte
// for byte: on every figure committed under results/ (decoded), on noise
// (every row's filter differs), on rows of few colours (ties between
// filters), on widths that leave bytes past the last whole word, and on
// an image with a translucent pixel (handed to png.Encode).
func TestEncodePNGIsImagePNG(t *testing.T) {
	var imgs []*image.RGBA
	names := []string{}
	files, _ := filepath.Glob(filepath.Join("..", "results", "*", "*.png"))
	if len(files) < 10 {
		t.Fatalf("found %d committed figures, want the run and sweep figures", len(files))
	}
	for _, f := range files {
		imgs, names = append(imgs, readRGBA(t, f)), append(names, f)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, w := range []int{1, 2, 3, 5, 8, 11, 64, 333} {
		for kind := range 3 {
			m := image.NewRGBA(image.Rect(0, 0, w, 17))
			for i := range m.Pix {
				switch kind {
				case 0: // noise
					m.Pix[i] = uint8(rng.Uint32())
				case 1: // few colours, in runs
					m.Pix[i] = uint8(rng.IntN(3) * 127)
				case 2: // smooth
					m.Pix[i] = uint8(i / 7)
				}
				if i%4 == 3 {
					m.Pix[i] = 0xff
				}
			}
			imgs, names = append(imgs, m), append(names, "synthetic")
		}
	}
	alpha := image.NewRGBA(image.Rect(0, 0, 9, 4))
	for i := range alpha.Pix {
		alpha.Pix[i] = 0xff
	}
	alpha.Pix[4*5+3] = 0x80
	sub := imgs[0].SubImage(image.Rect(7, 3, 300, 200)).(*image.RGBA)
	imgs, names = append(imgs, alpha, sub), append(names, "translucent", "sub-image")
	for i, m := range imgs {
		var want, got bytes.Buffer
		if err := png.Encode(&want, m); err != nil {
			t.Fatal(err)
		}
		if err := encodePNG(&got, m); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s (%v): encodePNG wrote %d bytes, png.Encode %d, not the same", names[i], m.Bounds(), got.Len(), want.Len())
		}
	}
}

// readRGBA decodes the PNG file name into an RGBA image.
func readRGBA(t testing.TB, name string) *image.RGBA {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	m, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rgba := image.NewRGBA(m.Bounds())
	draw.Draw(rgba, rgba.Bounds(), m, m.Bounds().Min, draw.Src)
	return rgba
}

// BenchmarkEncodePNG encodes the committed timeline figure of the default
// scenario with encodePNG and with png.Encode.
func BenchmarkEncodePNG(b *testing.B) {
	rgba := readRGBA(b, filepath.Join("..", "results", "default", "timeline.png"))
	for _, c := range []struct {
		name string
		enc  func(*bytes.Buffer) error
	}{
		{"encodePNG", func(w *bytes.Buffer) error { return encodePNG(w, rgba) }},
		{"png.Encode", func(w *bytes.Buffer) error { return png.Encode(w, rgba) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			var buf bytes.Buffer
			for range b.N {
				buf.Reset()
				if err := c.enc(&buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestPaethRow: paethRow's predictor, without branches, is the PNG
// specification's for every triple of bytes (left, above, above-left).
func TestPaethRow(t *testing.T) {
	abs := func(x int) int {
		if x < 0 {
			return -x
		}
		return x
	}
	cur, prev, dst := make([]byte, 6), make([]byte, 6), make([]byte, 6)
	for a := range 256 {
		for c := range 256 {
			cur[0], cur[1], cur[2] = byte(a), byte(a), byte(a)
			prev[0], prev[1], prev[2] = byte(c), byte(c), byte(c)
			for b := 0; b < 256; b += 3 {
				for k := range 3 {
					prev[3+k] = byte(min(b+k, 255))
				}
				paethRow(dst, cur, prev, 1<<30)
				for k := range 3 {
					b := int(prev[3+k])
					p := a + b - c
					pa, pb, pc := abs(p-a), abs(p-b), abs(p-c)
					want := c
					if pa <= pb && pa <= pc {
						want = a
					} else if pb <= pc {
						want = b
					}
					if got := -dst[3+k]; int(got) != want {
						t.Fatalf("Paeth predictor of left %d, above %d, above-left %d is %d, want %d", a, b, c, got, want)
					}
				}
			}
		}
	}
}
