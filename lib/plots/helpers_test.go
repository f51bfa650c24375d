package plots

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"
)

// decodePNG decodes b or fails the test.
func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decoding PNG: %v", err)
	}
	return img
}

// countColor counts pixels within tol (per 8-bit channel) of c, and
// returns their centroid.
func countColor(img image.Image, c color.NRGBA, tol int) (n int, cx, cy float64) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if near(p.R, c.R, tol) && near(p.G, c.G, tol) && near(p.B, c.B, tol) && p.A == 0xFF {
				n++
				cx += float64(x)
				cy += float64(y)
			}
		}
	}
	if n > 0 {
		cx /= float64(n)
		cy /= float64(n)
	}
	return n, cx, cy
}

func near(a, b uint8, tol int) bool {
	d := int(a) - int(b)
	return d <= tol && -d <= tol
}

// checkSVG checks that b is well-formed XML with an <svg> root and returns
// the concatenated character data (the texts drawn).
func checkSVG(t *testing.T, b []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var texts strings.Builder
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
		case xml.CharData:
			texts.Write(tok)
			texts.WriteByte('\n')
		}
	}
	if root != "svg" {
		t.Fatalf("SVG root element is %q", root)
	}
	return texts.String()
}
