// Command nbcheck validates the course's notebooks.
//
// Usage:
//
//	nbcheck notebooks/*.ipynb                 # committed notebooks
//	nbcheck -executed build/nbtest/*.ipynb    # the same notebooks after execution
//
// For committed notebooks it checks the conventions of notebooks/README.md:
// nbformat 4 (minor ≥ 4), the gonb kernelspec and Go language_info, no
// outputs, execution counts or execution metadata, unique cell ids, a first
// code cell that is exactly the setup cell wiring this repository's module,
// and an "implicitbias" metadata entry declaring how many figures and
// passing checks the chapter produces.
//
// For executed notebooks it checks that every code cell ran, that no output
// is an error (nor a failed `!` command, a panic or a GoNB error written to
// stderr), that the chapter produced at least the declared number of PNG
// images (each one a decodable PNG), and that its check tables (the
// "CHECK PASS|FAIL" and "CHECKS: n pass, m fail" lines printed by
// lib/notebook) report no failure and at least the declared number of
// passes. It prints per-notebook cell timings recorded by the course's
// execution script (cell metadata "ib_seconds").
//
// nbcheck exits with status 1 if any notebook fails.
package main
