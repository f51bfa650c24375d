//go:build openblas

package matfact

// #cgo LDFLAGS: -lopenblas
import "C"

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

// nativeBLAS is false: blas64 is routed to OpenBLAS.
const nativeBLAS = false

// The openblas build tag routes every blas64 call of the program (gonum's
// mat, lapack and this package) to OpenBLAS through gonum's netlib cgo
// binding; Debian's libopenblas-dev provides cblas.h and libopenblas.
func init() { blas64.Use(netlib.Implementation{}) }

// Backend names the BLAS behind the package's matrix products: "gonum"
// (pure Go, the default) or "openblas" (build tag openblas).
func Backend() string { return "openblas" }
