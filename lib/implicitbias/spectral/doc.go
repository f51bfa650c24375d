// Package spectral implements mirror descent with matrix parameters: mirror
// maps on matrices, linear matrix measurements, matrix stochastic mirror
// descent and its predicted limit, the matrix Bregman projection.
//
// Akhtiamov, Ghane, Hassibi ("Implicit Bias and Convergence of Matrix
// Stochastic Mirror Descent", arXiv:2602.18997, 2026) prove that stochastic
// mirror descent with a matrix mirror function ψ on an over-parameterised
// problem with matrix parameters converges exponentially to an interpolator,
// and that this interpolator is the one closest to the initialisation W₀ in
// the Bregman divergence D_ψ, generalising the vector result of Azizan and
// Hassibi (ICLR 2019, arXiv:1806.00952). This package computes both sides:
// the run, and the projection argmin{D_ψ(W, W₀) : 𝒜(W) = y}.
//
// # Potentials
//
// Matrices are flattened row-major, so every potential implements
// implicitbias.Potential on slices of length rows·cols and works with the
// vector machinery (implicitbias.Project, the conformance suite).
//
//   - Spectral: unitarily invariant ψ(W) = Σᵢ f(σᵢ(W)) (Lewis 1995): the
//     Schatten-p power ‖W‖_{S_p}^p/p (NewSchattenPower, 1 < p ≤ 2) and the
//     spectral hyperbolic entropy (NewSpectralHypentropy). Each method costs
//     one thin SVD; Bregman uses two and a cancellation-free form.
//   - Frobenius: ½‖W‖_F², for which mirror descent is gradient descent.
//   - SquaredSchatten: ½‖W‖_{S_p}², (p−1)-strongly convex w.r.t. ‖·‖_{S_p}.
//   - VonNeumann: tr(W log W − W) on positive definite matrices (matrix
//     exponentiated gradient), through a symmetric eigendecomposition.
//   - Entrywise: a vector potential applied to the entries, the sparsity
//     (not low-rank) contrast.
//
// # Measurements, descent and the predicted limit
//
//   - Measurements: linear measurements 𝒜(W)_l = ⟨A_l, W⟩ with the squared
//     loss, for multi-output regression and multi-class classification
//     with one-hot targets (NewMultiOutput) and for matrix completion
//     (NewCompletion). They implement implicitbias.Objective.
//   - SMD: matrix stochastic mirror descent (single sample, mini-batch or
//     full batch, seeded shuffles, constant step, tolerance, Recorder with
//     SingularValueProbe and EffectiveRankProbe), run by the library's
//     iteration engine through implicitbias.MirrorDescent.
//   - Project: argmin{D_ψ(W, W₀) : 𝒜(W) = y}, in closed form for Frobenius
//     and by implicitbias.Project on the flattened operator otherwise.
//   - NuclearNormInterpolator: argmin{‖W‖_* : 𝒜(W) = y} by ADMM with
//     singular value thresholding, the end point of the spectral families
//     as p → 1 or β → 0.
//   - SingularValues, EffectiveRank, RelativeError, FitGeometricRate and
//     Measurements.KernelPart: what the experiments measure.
//
// Two facts shape the experiments. Because Θ_t − Θ₀ stays in the range of
// 𝒜*, a run that converges to an interpolator converges to the projection
// whatever the steps and sample order; the paper's contribution is that it
// does converge, exponentially fast. And in the multi-output model the
// columns of 𝒜*(λ) = Xᵀλ lie in the span of the inputs, so from W₀ = 0 every
// unitarily invariant potential ends at the minimum-Frobenius interpolator
// X⁺Y: the spectral maps differ only from other starting points, or on
// measurements such as matrix completion.
package spectral
