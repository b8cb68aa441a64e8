//go:build !unix

package batch

import "io/fs"

// noFollow is 0 where the system has no O_NOFOLLOW: openFile checks for a
// link before opening instead.
const noFollow = 0

// linkCount is 1: the number of names is not known here.
func linkCount(fs.FileInfo) uint64 { return 1 }
