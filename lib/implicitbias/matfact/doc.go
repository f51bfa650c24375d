// Package matfact implements gradient descent on matrix factorisations
// W = W_N ⋯ W_1 and the theory that predicts what it finds.
//
// One type, Factorization, covers both matrix chapters of the course:
//
//   - deep matrix factorisation (Chou, Gieshoff, Maly, Rauhut, "Gradient
//     Descent for Deep Matrix Factorization: Dynamics and Implicit Bias
//     towards Low Rank", Appl. Comput. Harmon. Anal. 68 (2024) 101595,
//     arXiv:2011.13772): square factors from αI, the decoupled scalar
//     recursion of the eigenvalues, gradient-flow hitting times, the
//     effective rank (Roy, Vetterli, EUSIPCO 2007) and its plateaus, early
//     stopping, and matrix sensing with a Gaussian measurement operator;
//   - two-factor matrix factorisation ½‖M − XYᵀ‖²_F (Liu, Li, Wei, Zhou,
//     Zhao, "Noisy Gradient Descent Converges to Flat Minima for Nonconvex
//     Matrix Factorization", AISTATS 2021, arXiv:2102.12430), the N = 2 case
//     with W_1 = Yᵀ and W_2 = X (FromXY): perturbed gradient descent with
//     per-factor noise levels and schedules, the imbalance XᵀX − YᵀY, the
//     exact Hessian, and the balanced (flattest) global minimum.
//
// # Conventions
//
// Factors[j-1] holds W_j, a Dims[j]×Dims[j-1] matrix, so the product maps
// R^{Dims[0]} to R^{Dims[N]}. The gradient of a loss ℓ(W) with respect to
// W_j is S_jᵀ ∇ℓ(W) P_jᵀ with the prefix P_j = W_{j-1}⋯W_1 and the suffix
// S_j = W_N⋯W_{j+1}; GD forms all of them with O(N) matrix products per
// step into buffers allocated once, so that an iteration allocates nothing.
//
// Errors for bad input wrap implicitbias.ErrInvalidInput and name the
// parameter; a run that blows up returns *implicitbias.DivergedError, whose
// Reason states the stable step bound η < 2/(N ŷ₁^{2−2/N}) when the loss
// knows it. Every random draw takes an explicit seed (math/rand/v2 PCG).
//
// # Backends
//
// Matrix products go through gonum's BLAS (blas64). Built with the tag
// openblas (go build -tags openblas, with Debian's libopenblas-dev
// installed), the package routes blas64 to OpenBLAS through gonum's netlib
// cgo binding; Backend reports which one is in use. Both give the same
// results to rounding (tested to 1e-12).
package matfact
