// Package implicitbias implements the mathematics of the implicit-bias
// course: mirror maps (potentials), Bregman divergences and projections,
// (stochastic) mirror descent and mirror flows on a pluggable objective;
// topic subpackages add reparametrised and matrix models.
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
//   - Validator: the optional Validate method of parametrised potentials,
//     so that a potential built without its constructor, or a nil pointer,
//     is refused with an error instead of computing NaN. The package
//     potentialtest is the conformance suite every Potential (in this
//     package or elsewhere) is tested with.
//   - Project, ProjectPath, NearestInterpolator, BasisPursuit: the predicted
//     limit min{D_ψ(x, x₀) : Ax = y} (Gunasekar, Lee, Soudry, Srebro,
//     "Characterizing Implicit Bias in Terms of Optimization Geometry",
//     ICML 2018, arXiv:1802.08246) and its ℓ2 and ℓ1 references.
//     AffineRestricted lets a potential whose domain lies in an affine set
//     (SimplexEntropy on the simplex) hand its constraints to Project.
//   - Objective, LeastSquares: the loss the methods minimise; LeastSquares
//     is ½‖Ax − y‖², and any Objective (a matrix loss on a flattened
//     matrix, for example) plugs into the same methods.
//   - MirrorDescent: full-batch, single-sample and mini-batch (stochastic)
//     mirror descent (Azizan, Hassibi, "Stochastic Gradient/Mirror Descent:
//     Minimax Optimality and Implicit Regularization", ICLR 2019,
//     arXiv:1806.00952).
//   - MirrorFlow: the continuous-time mirror flow, integrated in dual
//     coordinates; FlowSettings.Integrate is its integrator, shared with the
//     flows of the topic packages.
//   - Recorder: samples a run (loss, residual, Bregman distance to a
//     reference, iterates, and named Probes such as singular values)
//     without allocating while it samples.
//
// # Topic packages
//
// Models with their own parametrisation live in subpackages that build on
// this one: reparam (reparametrised models; the diagonal linear network
// β = u^{⊙D} − v^{⊙D} of Woodworth et al. 2020, whose gradient flow is the
// mirror flow of Hypentropy or DepthPotential), planted (seeded synthetic
// problems with a known answer), and the matrix and sign-descent topics of
// the later chapters. Their discrete methods run on the same internal
// iteration loop as MirrorDescent, so batches, shuffles, the divergence
// guard, the tolerance and the Recorder behave alike everywhere.
//
// # Errors
//
// Invalid input (a nil or mismatched argument, NaN or ±Inf, an absurd size,
// a non-positive step) returns an error wrapping ErrInvalidInput that names
// the parameter; a run that diverges returns a *DivergedError; a run with a
// tolerance that uses its whole budget returns its result and a
// *NotConvergedError. Test them with errors.Is and errors.As.
//
// Continuous-time flows are integrated by the sibling package ode
// (Dormand–Prince 5(4); for stiff flows a Rosenbrock method and a
// variable-order BDF/NDF method that reuses its Jacobian; fixed-step RK4
// for exact trajectory comparisons).
//
// # Conventions
//
// Problem data cross the API as *mat.Dense and *mat.VecDense. Potentials
// work on []float64 with the result first (dst-first), so that inner loops
// allocate nothing. Functions that take user input validate it; they do not
// panic and never return a silent NaN. Every random experiment takes an
// explicit seed.
//
// The package does not depend on any notebook machinery; the course's
// notebooks import it, and so can any Go program.
package implicitbias
