//go:build !openblas

package matfact

// nativeBLAS is true when blas64 is gonum's pure-Go implementation.
const nativeBLAS = true

// Backend names the BLAS behind the package's matrix products: "gonum"
// (pure Go, the default) or "openblas" (build tag openblas).
func Backend() string { return "gonum" }
