package implicitbias

// Euclidean is the potential ψ(x) = ½‖x‖², defined on all of ℝᵈ for any d.
// Its mirror map is the identity, so mirror descent with it is gradient
// descent and its Bregman divergence is D(x, z) = ½‖x − z‖².
type Euclidean struct{}

var _ Separable = Euclidean{}

// Value returns ½‖x‖².
func (Euclidean) Value(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return s / 2
}

// Grad writes ∇ψ(x) = x into dst.
func (Euclidean) Grad(dst, x []float64) {
	checkLen(dst, x)
	copy(dst, x)
}

// GradStar writes ∇ψ*(θ) = θ into dst.
func (Euclidean) GradStar(dst, theta []float64) {
	checkLen(dst, theta)
	copy(dst, theta)
}

// Star returns ψ*(θ) = ½‖θ‖².
func (e Euclidean) Star(theta []float64) float64 { return e.Value(theta) }

// Bregman returns ½‖x − z‖².
func (Euclidean) Bregman(x, z []float64) float64 {
	checkLen(x, z)
	var s float64
	for i, v := range x {
		d := v - z[i]
		s += d * d
	}
	return s / 2
}

// HessDiag writes the diagonal of ∇²ψ, all ones, into dst.
func (Euclidean) HessDiag(dst, x []float64) {
	checkLen(dst, x)
	for i := range dst {
		dst[i] = 1
	}
}

// HessStarDiag writes the diagonal of ∇²ψ*, all ones, into dst.
func (e Euclidean) HessStarDiag(dst, theta []float64) { e.HessDiag(dst, theta) }

// CheckPrimal returns an error naming the first NaN or ±Inf entry of x.
func (Euclidean) CheckPrimal(x []float64) error { return checkFinite("x", x, "euclidean") }

// CheckDual returns an error naming the first NaN or ±Inf entry of θ.
func (Euclidean) CheckDual(theta []float64) error {
	return checkFinite("theta", theta, "euclidean")
}

// String returns "euclidean".
func (Euclidean) String() string { return "euclidean" }
