// Package potentialtest is a conformance suite for implementations of
// implicitbias.Potential: every potential of the course, in package
// implicitbias or in a topic package (matrix potentials act on flattened
// matrices), runs it from its tests with
//
//	potentialtest.Run(t, p, potentialtest.Config{Primal: ..., Dual: ...})
//
// Run checks the identities that mirror descent relies on, each against an
// independent computation so that a wrong formula (a sign flip, a factor 2,
// a missing stabilisation) fails:
//
//   - the mirror maps are inverse bijections: ∇ψ*(∇ψ(x)) = x and
//     ∇ψ(∇ψ*(θ)) = θ (modulo Config.Kernel for potentials on an affine
//     subspace, such as the simplex);
//   - Fenchel–Young: ψ(x) + ψ*(θ) ≥ ⟨x, θ⟩ for all pairs, with equality at
//     θ = ∇ψ(x) (Rockafellar, Convex Analysis, 1970, Theorem 23.5);
//   - the Bregman divergence D_ψ(x, z) = ψ(x) − ψ(z) − ⟨∇ψ(z), x − z⟩
//     (Bregman, USSR Comput. Math. Math. Phys. 7(3), 1967) agrees with that
//     definition for distant points, is ≥ 0, is 0 at x = z, and keeps its
//     relative accuracy for nearby points, where it is compared with the
//     integral ∫₀¹ ⟨∇ψ(z + tΔ) − ∇ψ(z), Δ⟩ dt, Δ = x − z, by Gauss–Legendre
//     quadrature (the definition itself loses all digits there);
//   - Grad and GradStar are the gradients of Value and Star (directional
//     fourth-order finite differences);
//   - for Separable potentials, HessDiag and HessStarDiag are the
//     derivatives of Grad and GradStar, and HessStarDiag(∇ψ(x)) = 1/HessDiag(x)
//     (inverse function theorem);
//   - CheckPrimal and CheckDual accept the samples and reject NaN, ±Inf and
//     the out-of-domain points the Config lists, with errors that wrap
//     implicitbias.ErrInvalidInput; the domain a check admits must be one
//     on which the mirror map is finite, so that mirror descent can always
//     map an admitted point (CheckDual(∇ψ(x)) passes for every admitted x);
//   - no method returns NaN on domain-valid input, including the edge and
//     overflow-sized points the Config lists, and no method returns ±Inf
//     where the exact value is representable (at the Config's edge points;
//     at its overflow points ψ, ψ*, the Hessians and D may be +Inf, the
//     correctly rounded value of a number beyond MaxFloat64);
//   - a potential that implements implicitbias.Validator validates, and the
//     invalid values the Config lists (typed nils, zero values) are refused
//     by Validate, CheckPrimal and CheckDual without a panic.
//
// Every tolerance has a default whose reason is documented on Tolerances;
// a potential may loosen one only with a reason in its test.
package potentialtest
