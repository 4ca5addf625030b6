package queueing

import (
	"fmt"
	"math"
)

// checkRate panics unless v is a positive, finite number.
func checkRate(name string, v float64) {
	if !(v > 0) || math.IsInf(v, 0) {
		panic(fmt.Sprintf("queueing: %s must be positive and finite, got %v", name, v))
	}
}

// checkNonNeg panics unless v is a non-negative, finite number.
func checkNonNeg(name string, v float64) {
	if !(v >= 0) || math.IsInf(v, 0) {
		panic(fmt.Sprintf("queueing: %s must be non-negative and finite, got %v", name, v))
	}
}

// checkProb panics unless 0 <= p <= 1.
func checkProb(name string, p float64) {
	if !(p >= 0 && p <= 1) {
		panic(fmt.Sprintf("queueing: %s must lie in [0, 1], got %v", name, p))
	}
}

// checkQuantileLevel panics unless 0 <= p < 1.
func checkQuantileLevel(p float64) {
	if !(p >= 0 && p < 1) {
		panic(fmt.Sprintf("queueing: quantile level p must lie in [0, 1), got %v", p))
	}
}

// checkMM1 validates an M/M/1 queue and returns mu - lambda.
func checkMM1(lambda, mu float64) float64 {
	checkRate("lambda", lambda)
	checkRate("mu", mu)
	if lambda >= mu {
		panic(fmt.Sprintf("queueing: unstable M/M/1 queue, rho = lambda/mu = %v >= 1", lambda/mu))
	}
	return mu - lambda
}

// MM1Sojourn returns the mean sojourn time (wait plus service) of a stable
// M/M/1 FCFS queue:
//
//	W = 1 / (mu - lambda)
//
// Assumptions: Poisson arrivals at rate lambda, exponential service at rate
// mu, one server, infinite buffer, rho = lambda/mu < 1, steady state.
func MM1Sojourn(lambda, mu float64) float64 {
	return 1 / checkMM1(lambda, mu)
}

// MM1Wait returns the mean time spent waiting before service in a stable
// M/M/1 FCFS queue:
//
//	Wq = rho / (mu - lambda),  rho = lambda/mu
//
// Assumptions as for [MM1Sojourn].
func MM1Wait(lambda, mu float64) float64 {
	d := checkMM1(lambda, mu)
	return (lambda / mu) / d
}

// MM1SojournQuantile returns the p-quantile of the sojourn time of a stable
// M/M/1 FCFS queue. The sojourn time is exponential with rate mu - lambda,
// so
//
//	t_p = -ln(1 - p) / (mu - lambda),  0 <= p < 1.
//
// Assumptions as for [MM1Sojourn].
func MM1SojournQuantile(lambda, mu, p float64) float64 {
	d := checkMM1(lambda, mu)
	checkQuantileLevel(p)
	return -math.Log1p(-p) / d
}

// MM1WaitQuantile returns the p-quantile of the waiting time (before
// service) of a stable M/M/1 FCFS queue. The waiting time has an atom of
// mass 1 - rho at zero and tail P(Wq > t) = rho exp(-(mu - lambda) t), so
//
//	t_p = 0                                  if p <= 1 - rho
//	t_p = ln(rho / (1 - p)) / (mu - lambda)  otherwise,
//
// with 0 <= p < 1. Assumptions as for [MM1Sojourn].
func MM1WaitQuantile(lambda, mu, p float64) float64 {
	d := checkMM1(lambda, mu)
	checkQuantileLevel(p)
	rho := lambda / mu
	if p <= 1-rho {
		return 0
	}
	return math.Log(rho/(1-p)) / d
}

// checkMMc validates an M/M/c queue and returns the offered load a = lambda/mu.
func checkMMc(c int, lambda, mu float64) float64 {
	if c < 1 {
		panic(fmt.Sprintf("queueing: number of servers c must be at least 1, got %d", c))
	}
	checkRate("lambda", lambda)
	checkRate("mu", mu)
	a := lambda / mu
	if a >= float64(c) {
		panic(fmt.Sprintf("queueing: unstable M/M/c queue, rho = lambda/(c mu) = %v >= 1", a/float64(c)))
	}
	return a
}

// ErlangC returns the Erlang C probability that an arriving customer must
// wait in a stable M/M/c queue with offered load a = lambda/mu < c:
//
//	C(c, a) = (a^c / c!) (c / (c - a)) / (sum_{k<c} a^k/k! + (a^c/c!) (c/(c - a)))
//
// It is evaluated without factorials: the Erlang B blocking probability is
// built by the recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)), and then
// C = c B(c) / (c - a (1 - B(c))). For c = 1 the result is rho = lambda/mu.
//
// Assumptions: Poisson arrivals at rate lambda, c identical exponential
// servers of rate mu each, infinite buffer, rho = lambda/(c mu) < 1.
func ErlangC(c int, lambda, mu float64) float64 {
	a := checkMMc(c, lambda, mu)
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	fc := float64(c)
	return fc * b / (fc - a*(1-b))
}

// MMcWait returns the mean waiting time before service in a stable M/M/c
// FCFS queue:
//
//	Wq = C(c, lambda/mu) / (c mu - lambda)
//
// where C is [ErlangC]. Assumptions as for [ErlangC].
func MMcWait(c int, lambda, mu float64) float64 {
	return ErlangC(c, lambda, mu) / (float64(c)*mu - lambda)
}

// MMcSojourn returns the mean sojourn time (wait plus service) in a stable
// M/M/c FCFS queue:
//
//	W = Wq + 1/mu
//
// where Wq is [MMcWait]. Assumptions as for [ErlangC].
func MMcSojourn(c int, lambda, mu float64) float64 {
	return MMcWait(c, lambda, mu) + 1/mu
}

// PKWait returns the Pollaczek–Khinchine mean waiting time before service
// in a stable M/G/1 FCFS queue:
//
//	Wq = lambda E[S^2] / (2 (1 - rho)),  rho = lambda E[S]
//
// meanS is E[S] and meanS2 is E[S^2] of the service time S. Assumptions:
// Poisson arrivals at rate lambda, i.i.d. general service times independent
// of arrivals, one server, rho < 1, steady state. meanS2 must be at least
// meanS^2 (up to rounding), as for any distribution.
func PKWait(lambda, meanS, meanS2 float64) float64 {
	checkRate("lambda", lambda)
	checkRate("meanS", meanS)
	checkRate("meanS2", meanS2)
	if meanS2 < meanS*meanS*(1-1e-12) {
		panic(fmt.Sprintf("queueing: second moment %v is below the squared mean %v", meanS2, meanS*meanS))
	}
	rho := lambda * meanS
	if rho >= 1 {
		panic(fmt.Sprintf("queueing: unstable M/G/1 queue, rho = lambda E[S] = %v >= 1", rho))
	}
	return lambda * meanS2 / (2 * (1 - rho))
}

// MD1Wait returns the mean waiting time before service in a stable M/D/1
// FCFS queue with deterministic service time s:
//
//	Wq = lambda s^2 / (2 (1 - lambda s))
//
// It is [PKWait] with E[S^2] = s^2, and equals half the M/M/1 wait at the
// same mean service time. Assumptions: Poisson arrivals at rate lambda,
// rho = lambda s < 1.
func MD1Wait(lambda, s float64) float64 {
	return PKWait(lambda, s, s*s)
}

// SecondMomentExp returns E[S^2] = 2 mean^2 for an exponential service
// time with the given mean (mean > 0).
func SecondMomentExp(mean float64) float64 {
	checkRate("mean", mean)
	return 2 * mean * mean
}

// SecondMomentUniform returns E[S^2] = (a^2 + a b + b^2) / 3 for a service
// time uniform on [a, b], with 0 <= a <= b and b > 0.
func SecondMomentUniform(a, b float64) float64 {
	checkNonNeg("a", a)
	checkRate("b", b)
	if a > b {
		panic(fmt.Sprintf("queueing: uniform bounds must satisfy a <= b, got a = %v, b = %v", a, b))
	}
	return (a*a + a*b + b*b) / 3
}

// SecondMomentLogNormal returns E[S^2] = mean^2 (1 + cv^2) for a lognormal
// service time with the given mean (> 0) and coefficient of variation
// cv = sd/mean (>= 0; cv = 0 is the deterministic limit).
func SecondMomentLogNormal(mean, cv float64) float64 {
	checkRate("mean", mean)
	checkNonNeg("cv", cv)
	return mean * mean * (1 + cv*cv)
}

// SecondMomentGamma returns E[S^2] = mean^2 (1 + cv^2) for a gamma service
// time with the given mean (> 0) and coefficient of variation
// cv = sd/mean = 1/sqrt(shape) (>= 0; cv = 0 is the deterministic limit).
func SecondMomentGamma(mean, cv float64) float64 {
	checkRate("mean", mean)
	checkNonNeg("cv", cv)
	return mean * mean * (1 + cv*cv)
}

// TandemSojourn returns the mean end-to-end time through a Jackson tandem
// line of single-server exponential stations with service rates mus, fed
// by Poisson arrivals at rate lambda:
//
//	W = sum_i 1 / (mu_i - lambda)
//
// Assumptions: every station is M/M/1 FCFS with infinite buffer and
// lambda < mu_i for all i (by Burke's theorem each station sees Poisson
// arrivals at rate lambda); mus must be non-empty.
func TandemSojourn(lambda float64, mus []float64) float64 {
	checkRate("lambda", lambda)
	if len(mus) == 0 {
		panic("queueing: tandem line needs at least one station")
	}
	var w float64
	for i, mu := range mus {
		checkRate(fmt.Sprintf("mus[%d]", i), mu)
		if lambda >= mu {
			panic(fmt.Sprintf("queueing: unstable tandem station %d, rho = %v >= 1", i, lambda/mu))
		}
		w += 1 / (mu - lambda)
	}
	return w
}

// checkRates validates the phase rates of a hypoexponential distribution.
func checkRates(rates []float64) {
	if len(rates) == 0 {
		panic("queueing: hypoexponential needs at least one rate")
	}
	for i, r := range rates {
		checkRate(fmt.Sprintf("rates[%d]", i), r)
	}
}

// hypoexp returns the CDF F(t) and survival 1 - F(t) of the sum of
// independent exponentials with the given rates, both with good relative
// accuracy. It uses the partial-fraction expansion when that is
// well-conditioned (see hypoexpPartialFractions) and otherwise the matrix
// exponential (see hypoexpMatrix).
func hypoexp(rates []float64, t float64) (cdf, surv float64) {
	if t <= 0 {
		return 0, 1
	}
	if math.IsInf(t, 1) {
		return 1, 0
	}
	if cdf, surv, ok := hypoexpPartialFractions(rates, t); ok {
		return cdf, surv
	}
	return hypoexpMatrix(rates, t)
}

// hypoexpPartialFractions evaluates, for distinct rates r_i,
//
//	S(t) = sum_i C_i exp(-r_i t),    F(t) = sum_i C_i (1 - exp(-r_i t)),
//	C_i  = prod_{j != i} r_j / (r_j - r_i),
//
// (using sum_i C_i = 1). A sum is trusted only when the sum of the absolute
// values of its terms is at most four times its value, so that cancellation
// costs at most a few ulps; the other quantity is then taken as the
// complement if it is at least 1/2. ok is false when neither route is
// accurate (close or repeated rates, or t small against 1/max rate).
func hypoexpPartialFractions(rates []float64, t float64) (cdf, surv float64, ok bool) {
	n := len(rates)
	if n == 1 {
		return -math.Expm1(-rates[0] * t), math.Exp(-rates[0] * t), true
	}
	var s, absS, f, absF float64
	for i, ri := range rates {
		c := 1.0
		for j, rj := range rates {
			if j != i {
				c *= rj / (rj - ri)
			}
		}
		if math.IsNaN(c) || math.IsInf(c, 0) {
			return 0, 0, false
		}
		e := math.Exp(-ri * t)
		em := -math.Expm1(-ri * t)
		s += c * e
		absS += math.Abs(c) * e
		f += c * em
		absF += math.Abs(c) * em
	}
	sOK := s > 0 && absS <= 4*s
	fOK := f > 0 && absF <= 4*f
	switch {
	case sOK && fOK:
		return math.Min(f, 1), math.Min(s, 1), true
	case sOK && s <= 0.5:
		return 1 - s, s, true
	case fOK && f <= 0.5:
		return f, 1 - f, true
	}
	return 0, 0, false
}

// hypoexpMatrix evaluates F(t) and 1 - F(t) for t > 0 without assuming
// distinct rates. The sum is the absorption time of the Markov chain
// 0 -> 1 -> ... -> n-1 -> absorbed, with rate rates[i] out of state i. The
// transition matrix exp(Q t) of its (n+1)-state generator Q is computed by
// scaling and squaring: a Taylor series for exp(Q t / 2^s) with
// ||Q t / 2^s|| <= 1, then s squarings. The matrix is upper triangular with
// non-negative entries, so the squarings involve no cancellation; F(t) is
// the entry for reaching the absorbing state and 1 - F(t) the sum over the
// transient states, so both keep relative accuracy (up to about 2^s ulps);
// the larger of the two is then replaced by the complement of the smaller.
func hypoexpMatrix(rates []float64, t float64) (cdf, surv float64) {
	n := len(rates)
	m := n + 1
	maxR := 0.0
	for _, r := range rates {
		maxR = math.Max(maxR, r)
	}
	// Choose s so that maxR * t / 2^s <= 1/2; logs avoid overflow of maxR*t.
	s := 0
	if lh := math.Log2(maxR) + math.Log2(t); lh > -1 {
		s = int(math.Ceil(lh + 1))
	}
	scale := math.Ldexp(t, -s)

	// A = Q t / 2^s, upper bidiagonal.
	newMat := func() [][]float64 {
		a := make([][]float64, m)
		for i := range a {
			a[i] = make([]float64, m)
		}
		return a
	}
	a := newMat()
	for i, r := range rates {
		a[i][i] = -r * scale
		a[i][i+1] = r * scale
	}
	// mul returns x*y for upper triangular x, y.
	mul := func(x, y [][]float64) [][]float64 {
		z := newMat()
		for i := 0; i < m; i++ {
			for j := i; j < m; j++ {
				var sum float64
				for k := i; k <= j; k++ {
					sum += x[i][k] * y[k][j]
				}
				z[i][j] = sum
			}
		}
		return z
	}

	// Taylor series: E = sum_k A^k / k!.
	e := newMat()
	term := newMat()
	for i := 0; i < m; i++ {
		e[i][i] = 1
		term[i][i] = 1
	}
	for k := 1; k <= n+60; k++ {
		term = mul(term, a)
		converged := true
		for i := 0; i < m; i++ {
			for j := i; j < m; j++ {
				term[i][j] /= float64(k)
				e[i][j] += term[i][j]
				if math.Abs(term[i][j]) > 1e-18*math.Abs(e[i][j]) {
					converged = false
				}
			}
		}
		// Beyond k = n every entry's series alternates with terms
		// shrinking by at least half, so a term negligible relative to
		// its partial sum bounds the remaining error.
		if k > n && converged {
			break
		}
	}
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			if e[i][j] < 0 {
				e[i][j] = 0
			}
		}
	}
	for ; s > 0; s-- {
		e = mul(e, e)
	}
	cdf = e[0][n]
	for j := 0; j < n; j++ {
		surv += e[0][j]
	}
	// Report the smaller quantity as computed and the larger as its
	// complement, so that F + S = 1 to rounding.
	if surv < cdf {
		return 1 - surv, surv
	}
	return cdf, 1 - cdf
}

// HypoexpCDF returns P(T <= t) for T the sum of independent exponential
// phases with the given rates. For distinct rates r_i,
//
//	F(t) = 1 - sum_i (prod_{j != i} r_j / (r_j - r_i)) exp(-r_i t).
//
// That expansion is used only where it is well-conditioned; it cancels
// catastrophically for close rates or small t, and there F is evaluated
// instead as the absorption probability of the equivalent phase-type chain
// via the matrix exponential of its generator (scaling and squaring on a
// non-negative triangular matrix). The result is therefore accurate for any
// positive rates, including repeated ones (Erlang phases), with no
// perturbation of the rates. F(t) = 0 for t <= 0.
//
// Assumptions: rates non-empty, each positive and finite; t not NaN.
func HypoexpCDF(rates []float64, t float64) float64 {
	checkRates(rates)
	if math.IsNaN(t) {
		panic("queueing: t must not be NaN")
	}
	cdf, _ := hypoexp(rates, t)
	return cdf
}

// HypoexpQuantile returns the p-quantile (0 <= p < 1) of the sum of
// independent exponential phases with the given rates: the t with
// [HypoexpCDF](rates, t) = p. It brackets the root by doubling from the
// mean sum_i 1/r_i and bisects to a relative tolerance of 1e-12, comparing
// the CDF in the lower half and the survival function in the upper half so
// that both tails keep full relative precision. Repeated rates are allowed.
func HypoexpQuantile(rates []float64, p float64) float64 {
	checkRates(rates)
	checkQuantileLevel(p)
	if p == 0 {
		return 0
	}
	below := func(t float64) bool { // reports whether F(t) < p
		cdf, surv := hypoexp(rates, t)
		if p <= 0.5 {
			return cdf < p
		}
		return surv > 1-p
	}
	var mean float64
	for _, r := range rates {
		mean += 1 / r
	}
	lo, hi := 0.0, mean
	for below(hi) {
		lo = hi
		hi *= 2
		if math.IsInf(hi, 1) {
			panic("queueing: hypoexponential quantile bracket overflowed")
		}
	}
	for i := 0; i < 2000 && hi-lo > 1e-12*hi; i++ {
		mid := lo + (hi-lo)/2
		if mid <= lo || mid >= hi {
			break
		}
		if below(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + (hi-lo)/2
}

// GaricanoShares returns the share of issues decided at each level of a
// Garicano knowledge hierarchy. q[l] (for l = 0..L-2) is the probability
// that an issue examined at level l is passed up to level l+1; the top
// level L-1 decides everything that reaches it. The share decided at level
// l is
//
//	s_l = (prod_{j<l} q_j) (1 - q_l)   for l < L-1,
//	s_{L-1} = prod_{j<L-1} q_j,
//
// so the result has length L = len(q)+1 and sums to 1. Each q[l] must lie
// in [0, 1]; an empty q gives [1].
func GaricanoShares(q []float64) []float64 {
	shares := make([]float64, len(q)+1)
	reach := 1.0
	for l, ql := range q {
		checkProb(fmt.Sprintf("q[%d]", l), ql)
		shares[l] = reach * (1 - ql)
		reach *= ql
	}
	shares[len(q)] = reach
	return shares
}

// OutageBacklog returns the expected number of issues waiting when an
// M/M/1 queue that was empty is restored after an outage of D hours during
// which arrivals continued at rate lambda and nothing was served:
//
//	E[k] = lambda D
//
// (the backlog is Poisson(lambda D)). Assumptions: lambda > 0, D >= 0.
func OutageBacklog(lambda, D float64) float64 {
	checkRate("lambda", lambda)
	checkNonNeg("D", D)
	return lambda * D
}

// DrainTime returns the expected time for a stable M/M/1 queue holding k
// issues to first become empty, with arrivals continuing at rate lambda:
//
//	E[T_k] = k / (mu - lambda)
//
// It is k independent M/M/1 busy periods of mean 1/(mu - lambda).
// Assumptions: k >= 0, lambda < mu, exponential service at rate mu.
func DrainTime(k, lambda, mu float64) float64 {
	checkNonNeg("k", k)
	return k / checkMM1(lambda, mu)
}

// OutageDelayArea returns the expected area under the number-in-system
// curve of a stable M/M/1 queue from a moment it holds k issues until it
// first empties, i.e. the expected issue-hours spent in the system during
// the drain (by the k initial issues and by those arriving meanwhile):
//
//	E[A_k] = k^2 / (2 (mu - lambda)) + k (lambda + mu) / (2 (mu - lambda)^2)
//	       = k (k-1) / (2 (mu - lambda)) + k mu / (mu - lambda)^2.
//
// The second form follows from splitting the drain into k busy periods,
// the j-th carrying j-1 issues above it, and E[area of one busy period]
// = mu/(mu - lambda)^2. The formula is quadratic in k, so inserting the
// mean backlog lambda D gives the area for that fixed k, not the average
// over a Poisson backlog. Assumptions: k >= 0, lambda < mu.
func OutageDelayArea(k, lambda, mu float64) float64 {
	checkNonNeg("k", k)
	d := checkMM1(lambda, mu)
	return k*k/(2*d) + k*(lambda+mu)/(2*d*d)
}

// ExpectedOutageDrain returns the expected time for an M/M/1 queue that
// was empty, then down for D hours while arrivals continued at rate
// lambda, to empty again after restoration:
//
//	E[T] = lambda D / (mu - lambda)
//
// This is [DrainTime] averaged over the backlog k ~ Poisson(lambda D);
// since DrainTime is linear in k, it equals DrainTime(lambda D, lambda, mu).
// Assumptions: lambda < mu, D >= 0.
func ExpectedOutageDrain(lambda, mu, D float64) float64 {
	d := checkMM1(lambda, mu)
	checkNonNeg("D", D)
	return lambda * D / d
}

// checkJudges panics unless n >= 1.
func checkJudges(n int) {
	if n < 1 {
		panic(fmt.Sprintf("queueing: number of screeners n must be at least 1, got %d", n))
	}
}

// HierarchyAccept returns the Sah–Stiglitz acceptance probability of a
// hierarchy of n screeners in series, each independently accepting a
// project with probability p; the project is accepted only if all accept:
//
//	P = p^n
//
// Assumptions: 0 <= p <= 1, n >= 1.
func HierarchyAccept(p float64, n int) float64 {
	checkProb("p", p)
	checkJudges(n)
	return math.Pow(p, float64(n))
}

// PolyarchyAccept returns the Sah–Stiglitz acceptance probability of a
// polyarchy of n screeners in parallel, each independently accepting a
// project with probability p; the project is accepted if any accepts:
//
//	P = 1 - (1 - p)^n
//
// Assumptions: 0 <= p <= 1, n >= 1.
func PolyarchyAccept(p float64, n int) float64 {
	checkProb("p", p)
	checkJudges(n)
	return 1 - math.Pow(1-p, float64(n))
}

// MajorityAccuracy returns the Condorcet probability that majority voting
// among n independent judges, each correct with probability p, reaches the
// correct decision:
//
//	P = sum_{k > n/2} C(n, k) p^k (1-p)^(n-k)
//	    + [n even] (1/2) C(n, n/2) p^(n/2) (1-p)^(n/2)
//
// For odd n a strict majority always exists; for even n a tie is broken by
// a fair coin. The binomial distribution is built by a stable O(n^2)
// recursion over judges, with no factorials. Assumptions: 0 <= p <= 1,
// n >= 1.
func MajorityAccuracy(p float64, n int) float64 {
	checkProb("p", p)
	checkJudges(n)
	// dist[k] = P(k of the judges seen so far are correct).
	dist := make([]float64, n+1)
	dist[0] = 1
	for j := 1; j <= n; j++ {
		for k := j; k >= 1; k-- {
			dist[k] = dist[k]*(1-p) + dist[k-1]*p
		}
		dist[0] *= 1 - p
	}
	var acc float64
	for k := n; 2*k > n; k-- {
		acc += dist[k]
	}
	if n%2 == 0 {
		acc += dist[n/2] / 2
	}
	return acc
}
