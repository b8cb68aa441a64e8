//go:build !unix

package pdf_test

import "time"

// cpuTime returns 0 where the process's CPU time is not read: the
// benchmarks then report no cpu-ms/op.
func cpuTime() time.Duration { return 0 }
