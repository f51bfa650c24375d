//go:build openblas

package matfact

/*
#cgo LDFLAGS: -lopenblas
void openblas_set_num_threads(int);
*/
import "C"

import (
	"os"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

// nativeBLAS is false: blas64 is routed to OpenBLAS.
const nativeBLAS = false

// The openblas build tag routes every blas64 call of the program (gonum's
// mat, lapack and this package) to OpenBLAS through gonum's netlib cgo
// binding; Debian's libopenblas-dev provides cblas.h and libopenblas.
//
// OpenBLAS runs single-threaded unless OPENBLAS_NUM_THREADS or
// OMP_NUM_THREADS is set: the products here are small (d ≤ a few hundred),
// GD splits each product into two row bands on two goroutines itself, and
// OpenBLAS's spinning worker threads cost more than they gain on a shared
// 2-core machine (measured: workload (c) 2.4 s single-threaded vs 4.7 s with
// OpenBLAS's default threads, under the same load).
func init() {
	blas64.Use(netlib.Implementation{})
	if os.Getenv("OPENBLAS_NUM_THREADS") == "" && os.Getenv("OMP_NUM_THREADS") == "" {
		C.openblas_set_num_threads(1)
	}
}

// Backend names the BLAS behind the package's matrix products: "gonum"
// (pure Go, the default) or "openblas" (build tag openblas).
func Backend() string { return "openblas" }
