// Package implicitbias implements the mathematics of the implicit-bias
// course: mirror maps (potentials), Bregman divergences and projections,
// (stochastic) mirror descent, mirror and gradient flows, and
// reparametrised models such as diagonal linear networks.
//
// The package does not depend on any notebook machinery; the course's
// notebooks import it, and so can any Go program.
package implicitbias
