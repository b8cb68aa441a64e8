// Package seqalign lines up two sequences: the longest common subsequence
// of two stretches under a bound on its table, equal heads and tails first,
// and a walk through what lines up and what lies between. The redlines of
// compare (clause by clause) and of the DOCX renderer (block by block)
// share it.
package seqalign

// MaxCells bounds the table of a longest common subsequence: 16 MiB of
// int32. Past it [LCS] reports false and [Align] lines up only the equal
// head and tail: still a correct diff, only a coarser one.
const MaxCells = 4 << 20

// Budget bounds the work of many alignments together, as MaxCells bounds
// one: two documents of many long paragraphs, each pair within MaxCells,
// would otherwise cost MaxCells a pair. One comparison spends one Budget:
// [Budget.LCS] and [Budget.Align] spend the cells of their tables, and a
// caller may [Budget.Spend] other work; once it is spent, they line up as
// past MaxCells. A nil *Budget has no bound beyond MaxCells.
type Budget struct{ left int }

// NewBudget returns a budget of n units of work (cells of a table).
func NewBudget(n int) *Budget { return &Budget{left: n} }

// Spend takes n units from b and reports whether b had them; when it had
// not, nothing is taken.
func (b *Budget) Spend(n int) bool {
	if b == nil {
		return true
	}
	if n > b.left {
		return false
	}
	b.left -= n
	return true
}

// LCS returns the pairs (i, j) of a longest common subsequence of a[0:n]
// and b[0:m] under eq, or false when n*m is past MaxCells. Both loops
// count down or up to a fixed bound, so it ends.
func LCS(n, m int, eq func(i, j int) bool) ([][2]int, bool) {
	return (*Budget)(nil).LCS(n, m, eq)
}

// LCS is [LCS] spending n*m cells of bud: false, spending nothing, when
// they are past MaxCells or what bud has left.
func (bud *Budget) LCS(n, m int, eq func(i, j int) bool) ([][2]int, bool) {
	if n == 0 || m == 0 {
		return nil, true
	}
	if n > MaxCells/m || !bud.Spend(n*m) {
		return nil, false
	}
	t := make([]int32, (n+1)*(m+1))
	at := func(i, j int) int32 { return t[i*(m+1)+j] }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			v := max(at(i+1, j), at(i, j+1))
			if eq(i, j) {
				v = max(v, at(i+1, j+1)+1)
			}
			t[i*(m+1)+j] = v
		}
	}
	var pairs [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case at(i, j) == at(i+1, j+1)+1 && eq(i, j):
			pairs = append(pairs, [2]int{i, j})
			i++
			j++
		case at(i+1, j) >= at(i, j+1):
			i++
		default:
			j++
		}
	}
	return pairs, true
}

// Align lines up a[0:n] with b[0:m]: equal leading and trailing items
// first, then the longest common subsequence of the rest. Past the bound
// only the leading and trailing items line up.
func Align(n, m int, eq func(i, j int) bool) [][2]int {
	return (*Budget)(nil).Align(n, m, eq)
}

// Align is [Align] whose longest common subsequence spends bud: past
// MaxCells or what bud has left, only the leading and trailing items line
// up.
func (bud *Budget) Align(n, m int, eq func(i, j int) bool) [][2]int {
	var pairs [][2]int
	for len(pairs) < min(n, m) && eq(len(pairs), len(pairs)) {
		pairs = append(pairs, [2]int{len(pairs), len(pairs)})
	}
	k := len(pairs)
	tail := 0
	for tail < min(n, m)-k && eq(n-1-tail, m-1-tail) {
		tail++
	}
	mid, _ := bud.LCS(n-k-tail, m-k-tail, func(i, j int) bool { return eq(k+i, k+j) })
	for _, p := range mid {
		pairs = append(pairs, [2]int{k + p[0], k + p[1]})
	}
	for t := tail - 1; t >= 0; t-- {
		pairs = append(pairs, [2]int{n - 1 - t, m - 1 - t})
	}
	return pairs
}

// Walk goes through a[0:n] and b[0:m] along pairs that line up: between
// pairs it calls between with the stretches [i0, i1) of a and [j0, j1) of
// b that lie there (once more after the last pair), and same for each pair.
func Walk(pairs [][2]int, n, m int, between func(i0, i1, j0, j1 int), same func(i, j int)) {
	i, j := 0, 0
	for _, p := range pairs {
		between(i, p[0], j, p[1])
		same(p[0], p[1])
		i, j = p[0]+1, p[1]+1
	}
	between(i, n, j, m)
}
