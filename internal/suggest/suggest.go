// Package suggest finds the known name nearest to a mistyped one, for the
// "did you mean" of error messages.
package suggest

// Distance is the Levenshtein distance between a and b, in bytes.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Nearest returns the candidate nearest to s if its distance is below
// limit, else ""; ties go to the earlier candidate.
func Nearest(s string, candidates []string, limit int) string {
	best, bd := "", limit
	for _, c := range candidates {
		if d := Distance(s, c); d < bd {
			best, bd = c, d
		}
	}
	return best
}
