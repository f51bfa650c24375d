// Package signdescent implements smoothed sign descent on a two-layer
// diagonal linear network and the mirror-descent analysis of S. Wang and
// D. Klabjan, "A Mirror Descent Perspective of Smoothed Sign Descent"
// (UAI 2025, PMLR 286; arXiv:2410.14158).
//
// The model is β = w⁺⊙w⁺ − w⁻⊙w⁻ on an under-determined regression
// problem Xβ = y with the loss L = ¼‖Xβ − y‖² (the paper's scale: ε is
// measured against it), trained from w⁺ = w⁻ = α·1 by
//
//	w ← w − η·∇_wL/(|∇_wL| + ε)   (Descent),   ẇ = −∇_wL/(|∇_wL| + ε)   (Flow),
//
// the update of sign-based optimisers such as Adam's ε-smoothed sign. The
// paper shows that, under its Assumptions 3.2 and 3.3 (CheckAssumptions,
// EpsRange), the flow goes through three stages — an initial stage ending
// at T₀ ≤ 2α, a sign-descent stage [T₀, T) in which every dual coordinate
// moves at an almost constant speed, and a convergence stage — and is a
// mirror flow with the time-varying potential
//
//	Φₜ(β) = ⅔ Σᵢ (|βᵢ| + vᵢ(t)²)^{3/2}   (Potential, Trajectory.Dual),
//
// whose limit β∞ is an approximate KKT point of min_{Xβ=y} E(β, 0)
// (BregmanE) with a KKT error δ bounded by Theorem 3.9 and Corollaries
// 3.10–3.12 (TheoremBounds, DeltaBound, LinearBound).
//
// Flow locates the stage times T₀ and T as events of the ODE and returns
// the dominating and non-dominating weights u, v; GDFlow and GDLimit give
// the gradient-descent baseline of Woodworth et al. (COLT 2020), whose
// limit is the hyperbolic-entropy projection (implicitbias.Hypentropy).
// Data that violate the assumptions still run, but are reported
// (Trajectory.Assumptions, *AssumptionError): the theorems do not cover
// them. Bad input returns errors wrapping implicitbias.ErrInvalidInput.
package signdescent
