// Package exercises holds the check functions of the course's exercises.
//
// Each chapter's exercises live in one file (ch01.go, ch02.go, …) as a
// package-level variable with one method per question, called from a
// notebook cell on the student's answer:
//
//	exercises.Ch02.Q1(answer)
//
// A check function prints one line, "✔ right: …" or "✘ not yet: … (hint: …)",
// and returns the Result. It never prints the solution: a wrong answer is
// told which way it is off (too large, wrong length, wrong choice) and gets
// a hint. This file set provides the shared pieces: Result, Report and the
// comparisons CheckNumber, CheckVector and CheckChoice.
//
// Solutions are computed, not stored: a check function recomputes the
// expected value with lib/implicitbias where it can, so that reading the
// source of the check does not give the answer away more than reading the
// chapter does.
package exercises
