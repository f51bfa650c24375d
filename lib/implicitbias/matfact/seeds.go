package matfact

import (
	"runtime"
	"sync"
)

// RunSeeds calls run(seed) for every seed on up to workers goroutines
// (0: GOMAXPROCS) and returns the results in the order of seeds. Each run
// must depend only on its seed (its own PCG streams, no shared state), so
// the results are identical to a serial loop whatever the scheduling.
// progress, when not nil, is called once per finished run from the
// calling goroutine. The first error (in seed order) is returned with the
// results of the runs that succeeded.
func RunSeeds[T any](seeds []uint64, workers int, run func(seed uint64) (T, error), progress func()) ([]T, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(seeds))
	out := make([]T, len(seeds))
	errs := make([]error, len(seeds))
	jobs := make(chan int)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i], errs[i] = run(seeds[i])
				done <- struct{}{}
			}
		}()
	}
	go func() {
		for i := range seeds {
			jobs <- i
		}
		close(jobs)
	}()
	for range seeds {
		<-done
		if progress != nil {
			progress()
		}
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return out, err
		}
	}
	return out, nil
}
