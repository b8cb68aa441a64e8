//go:build race

package main

// raceEnabled: the clausemark on $PATH, this test binary, is built with the
// race detector, which slows it and multiplies its memory.
const raceEnabled = true
