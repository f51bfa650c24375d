package plots

import (
	_ "embed"

	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot/font"
)

// The course font is DejaVu Sans 2.37 (Bitstream Vera licence, see
// fonts/LICENSE-DejaVu), embedded so that every machine draws the same
// glyphs. gonum's default, Liberation Serif, lacks ₜ, ∇ and ⋆ (drawn as
// empty boxes) and its subscript digits sit apart from the letter they
// belong to, so x₀ read as "x ₀"; DejaVu Sans has every glyph the course
// uses (Greek, subscripts ₀–₉ and ᵢ ₜ, ‖, ∇, ≈, ⋆) with subscripts that
// attach to the letter, and a large x-height that stays legible when
// projected.
//
//go:embed fonts/DejaVuSans.ttf
var dejaVuSans []byte

// courseFont names the font of every text the package draws.
var courseFont = font.Font{Typeface: "DejaVu", Variant: "Sans"}

func init() {
	f, err := opentype.Parse(dejaVuSans)
	if err != nil {
		panic("plots: the embedded DejaVu Sans does not parse: " + err.Error()) // a broken build, not bad input
	}
	// Adding to the shared cache leaves its default typeface unchanged.
	font.DefaultCache.Add(font.Collection{{Font: courseFont, Face: f}})
}
