// Package reparam holds reparametrised models: a predictor β = G(w) trained
// by gradient descent or gradient flow on its weights w, whose implicit
// bias is that of mirror descent on β with a potential determined by G and
// the initialisation (Amid, Warmuth, "Reparameterizing Mirror Descent as
// Gradient Descent", NeurIPS 2020, arXiv:2002.10487; Li, Wang, Lee, Arora,
// "Implicit Bias of Gradient Descent on Reparametrized Models: On
// Equivalence to Mirror Descent", NeurIPS 2022, arXiv:2207.04036).
//
// The first model is the diagonal linear network β = u^{⊙D} − v^{⊙D}
// (Woodworth et al., "Kernel and Rich Regimes in Overparametrized Models",
// COLT 2020, arXiv:2002.09277): DiagonalNet, trained by DiagonalGD
// (gradient descent, stochastic or full batch) and DiagonalFlow (gradient
// flow), with DiagonalPotential the mirror potential of its flow.
//
// Commuting parametrisations (Li, Wang, Lee, Arora, NeurIPS 2022):
// Parametrization and ClosedForm, with the families DiagonalMap, PowerMap,
// ProductMap, QuadraticMap and the non-commuting ScaledVectorMap (w = a·b)
// and MatrixProductMap (UVᵀ). BracketScore, LieBracket and OrderSwap test
// the commuting condition; GradientFlow and CompareFlows run gradient flow
// on the weights beside the mirror flow of AsinhPotential or PowerPotential;
// ProjectCommuting computes the limit of a commuting map without a
// closed-form potential; ArcLengthMap is the one-dimensional converse.
//
// The models train on any implicitbias.Objective and follow the error
// contract of package implicitbias (ErrInvalidInput, *DivergedError,
// *NotConvergedError).
package reparam
