// Package implicitbias implements the mathematics of the implicit-bias
// course: mirror maps (potentials), Bregman divergences and projections,
// (stochastic) mirror descent, mirror and gradient flows, and
// reparametrised models such as diagonal linear networks.
//
// Every experiment of the course asks the same question: among the
// infinitely many interpolators of an under-determined problem Ax = y, which
// one does an optimiser reach? For mirror descent with potential ψ the
// answer is the Bregman projection argmin{D_ψ(x, x₀) : Ax = y}, and this
// package computes both sides — the optimiser's limit and the predicted
// projection — independently, so that the course can compare them.
//
// # Concepts and where they come from
//
//   - Potential, Separable: Legendre functions ψ with mirror map ∇ψ, inverse
//     ∇ψ*, conjugate ψ* and Bregman divergence D_ψ. Euclidean, NegEntropy and
//     SimplexEntropy (exponentiated gradient), QPower and SquaredQNorm
//     (Azizan, Lale, Hassibi, IEEE TNNLS 2021, arXiv:1906.03830).
//   - Hypentropy: the potential ψ_α of a two-layer diagonal linear network
//     β = u⊙u − v⊙v (Woodworth et al., "Kernel and Rich Regimes in
//     Overparametrized Models", COLT 2020, arXiv:2002.09277; the name is from
//     Ghai, Hazan, Singer, ALT 2020). It is normalised so that mirror flow
//     under ψ_α and gradient flow on (u, v) share one time variable.
//   - DepthPotential: the depth-D analogue for β = u₊^D − u₋^D (Woodworth
//     et al. 2020).
//   - Project, ProjectPath, NearestInterpolator, BasisPursuit: the predicted
//     limit min{D_ψ(x, x₀) : Ax = y} (Gunasekar, Lee, Soudry, Srebro,
//     "Characterizing Implicit Bias in Terms of Optimization Geometry",
//     ICML 2018, arXiv:1802.08246) and its ℓ2 and ℓ1 references.
//   - MirrorDescent: full-batch, single-sample and mini-batch (stochastic)
//     mirror descent on least squares (Azizan, Hassibi, "Stochastic
//     Gradient/Mirror Descent: Minimax Optimality and Implicit
//     Regularization", ICLR 2019, arXiv:1806.00952).
//   - DiagonalNet, MirrorFlow: gradient descent and gradient flow in weight
//     space and the equivalent mirror flow in predictor space (Woodworth et
//     al. 2020; Amid, Warmuth, "Reparameterizing Mirror Descent as Gradient
//     Descent", NeurIPS 2020, arXiv:2002.10487; Li, Wang, Lee, Arora,
//     NeurIPS 2022, arXiv:2207.04036, for the general commuting case).
//
// Continuous-time flows are integrated by the sibling package ode
// (Dormand–Prince 5(4), a Rosenbrock method for stiff flows, and fixed-step
// RK4 for exact trajectory comparisons).
//
// # Conventions
//
// Problem data cross the API as *mat.Dense and *mat.VecDense. Potentials
// work on []float64 with the result first (dst-first), so that inner loops
// allocate nothing. Functions that take user input validate it and return an
// error naming the offending parameter; they do not panic and never return a
// silent NaN. Every random experiment takes an explicit seed.
//
// The package does not depend on any notebook machinery; the course's
// notebooks import it, and so can any Go program.
package implicitbias
