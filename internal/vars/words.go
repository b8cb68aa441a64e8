package vars

import "strings"

var (
	smallWords = [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	tensWords = [...]string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
)

// NumberWords spells n in English words as contracts write it:
// 45 is "forty-five", 365 is "three hundred sixty-five", -3 is "minus three".
func NumberWords(n int64) string {
	if n < 0 {
		return "minus " + unsignedWords(uint64(-(n+1))+1) // -(n+1) cannot overflow
	}
	return unsignedWords(uint64(n))
}

var bigScales = [...]struct {
	n    uint64
	name string
}{{1_000_000_000_000_000_000, "quintillion"}, {1_000_000_000_000_000, "quadrillion"}, {1_000_000_000_000, "trillion"},
	{1_000_000_000, "billion"}, {1_000_000, "million"}, {1000, "thousand"}}

func unsignedWords(n uint64) string {
	var parts []string
	for _, sc := range bigScales {
		if n >= sc.n {
			parts = append(parts, below1000(int64(n/sc.n))+" "+sc.name)
			n %= sc.n
		}
	}
	if n > 0 || len(parts) == 0 {
		parts = append(parts, below1000(int64(n)))
	}
	return strings.Join(parts, " ")
}

func below1000(n int64) string {
	var parts []string
	if n >= 100 {
		parts = append(parts, smallWords[n/100]+" hundred")
		n %= 100
		if n == 0 {
			return parts[0]
		}
	}
	switch {
	case n < 20:
		parts = append(parts, smallWords[n])
	case n%10 == 0:
		parts = append(parts, tensWords[n/10])
	default:
		parts = append(parts, tensWords[n/10]+"-"+smallWords[n%10])
	}
	return strings.Join(parts, " ")
}
