package vars

import "strings"

var (
	smallWords = [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	tensWords  = [...]string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	scaleWords = [...]struct {
		n    int64
		name string
	}{{1_000_000_000_000, "trillion"}, {1_000_000_000, "billion"}, {1_000_000, "million"}, {1000, "thousand"}}
)

// NumberWords spells n in English words as contracts write it:
// 45 is "forty-five", 365 is "three hundred sixty-five", -3 is "minus three".
func NumberWords(n int64) string {
	if n < 0 {
		if n == -n { // math.MinInt64 has no positive counterpart
			return "minus nine quintillion two hundred twenty-three quadrillion three hundred seventy-two trillion thirty-six billion eight hundred fifty-four million seven hundred seventy-five thousand eight hundred eight"
		}
		return "minus " + NumberWords(-n)
	}
	if n >= 1_000_000_000_000_000 {
		q := n / 1_000_000_000_000_000
		rest := n % 1_000_000_000_000_000
		s := NumberWords(q) + " quadrillion"
		if rest > 0 {
			s += " " + NumberWords(rest)
		}
		return s
	}
	var parts []string
	for _, sc := range scaleWords {
		if n >= sc.n {
			parts = append(parts, below1000(n/sc.n)+" "+sc.name)
			n %= sc.n
		}
	}
	if n > 0 || len(parts) == 0 {
		parts = append(parts, below1000(n))
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
