//go:build race

package main

// raceEnabled: the clausemark on $PATH, this test binary, is built with the
// race detector, which multiplies its memory and slows it.
const raceEnabled = true
