package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

func main() {
	executed := flag.Bool("executed", false, "check executed notebooks (outputs, figures, checks) instead of committed ones")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: nbcheck [-executed] notebook.ipynb...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	failed := 0
	for _, path := range flag.Args() {
		if !run(path, *executed) {
			failed++
		}
	}
	if failed > 0 {
		fmt.Printf("nbcheck: %d of %d notebooks FAILED\n", failed, flag.NArg())
		os.Exit(1)
	}
	fmt.Printf("nbcheck: %d notebooks ok\n", flag.NArg())
}

// run checks one notebook, prints its verdict and reports whether it passed.
func run(path string, executed bool) bool {
	name := filepath.Base(path)
	nb, err := readNotebook(path)
	if err != nil {
		fmt.Printf("FAIL %s: %v\n", name, err)
		return false
	}
	var errs []string
	summary := "committed form ok"
	if executed {
		var r Report
		r, errs = checkExecuted(path, nb)
		summary = describe(r)
		for _, s := range r.Stderr {
			fmt.Printf("     %s: stderr: %s\n", name, s)
		}
	} else {
		errs = checkCommitted(path, nb)
	}
	if len(errs) > 0 {
		fmt.Printf("FAIL %s: %s\n", name, summary)
		for _, e := range errs {
			fmt.Printf("     - %s\n", e)
		}
		return false
	}
	fmt.Printf("ok   %s: %s\n", name, summary)
	return true
}

// describe summarises an executed notebook: figures, checks and cell times.
func describe(r Report) string {
	s := fmt.Sprintf("%d code cells, %d figures, %d checks pass, %d fail", r.CodeCells, r.Figures, r.Pass, r.Fail)
	if len(r.Seconds) == 0 {
		return s
	}
	sorted := slices.Sorted(slices.Values(r.Seconds))
	var total float64
	for _, v := range sorted {
		total += v
	}
	n := len(sorted)
	median := sorted[n/2]
	if n%2 == 0 {
		median = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	return s + fmt.Sprintf("; cells %.1f s total, median %.2f s, slowest %.2f s (cell %d)",
		total, median, sorted[n-1], r.SlowCell)
}
