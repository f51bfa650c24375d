// Package notebook is the course's thin display layer for GoNB notebooks:
// figures (PNG), predicted-versus-observed check tables, small tables of
// numbers and in-place progress for sweeps.
//
// Every function also works in a plain Go program: outside the GoNB kernel
// the rich outputs are skipped and a plain-text rendering is printed where it
// carries information (check results, tables). The check tables always print
// machine-readable lines,
//
//	CHECK PASS "name" predicted=… observed=… err=… tol=…
//	CHECKS: 3 pass, 0 fail
//
// which the course's notebook tests parse to prove that every chapter's
// claims still hold.
//
// The package depends on gonbui only; it does not know about the
// mathematics (lib/implicitbias) or the figures (lib/plots): anything with a
// PNG method can be shown.
package notebook
