package main

import "runtime/debug"

// oneDocumentLimit is the heap at which a command that makes one document
// collects garbage; below it, it does not collect at all.
const oneDocumentLimit = 256 << 20

// oneDocumentGC turns the collector off for a command that makes one
// document and ends (render, pdf), unless GOGC or GOMEMLIMIT says
// otherwise: such a process allocates heavily and briefly, and collecting
// while its heap grows from nothing finds little garbage and takes a
// fifth of its time. The heap stays bounded all the same: the collector
// runs once it reaches oneDocumentLimit, or three quarters of the
// container's memory if that is less, so a hostile input exhausts no more
// memory than before. The returned func restores the settings found.
func (e *env) oneDocumentGC() (restore func()) {
	if e.getenv("GOGC") != "" || e.getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := int64(oneDocumentLimit)
	if c := cgroupMemoryLimit(); c > 0 {
		limit = min(limit, c/4*3)
	}
	pct := debug.SetGCPercent(-1)
	old := debug.SetMemoryLimit(limit)
	return func() {
		debug.SetMemoryLimit(old)
		debug.SetGCPercent(pct)
	}
}
