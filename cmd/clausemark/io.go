package main

import "io"

// maxInput bounds what is read from standard input.
const maxInput = 16 << 20

func readAll(r io.Reader) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, maxInput))
}
