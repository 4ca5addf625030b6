package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/orgsim/orgsim/model"
	"github.com/orgsim/orgsim/sim"
)

// Working-time units a duration may use.
var timeUnits = []struct {
	suffix string
	hours  float64
}{
	{"m", sim.Minute}, {"h", sim.Hour}, {"d", sim.Day}, {"w", sim.Week}, {"y", sim.Year},
}

const (
	usageDuration     = `a duration in working time: a number and a unit, such as "30m", "4h", "2d", "1w" or "1y" (1d = 8h, 1w = 5d, 1y = 50w), or "0"`
	usageRate         = `a rate: a number per working-time unit, such as "2/d", "0.25/h" or "10/w"`
	usageDistDuration = `a distribution of durations: "exponential(30m)", "deterministic(1h)", "uniform(10m, 1h)", "lognormal(mean=30m, cv=1)", "lognormal(median=48m, sigma=1.5)" or "gamma(mean=1h, cv=0.5)"`
	usageDistPlain    = `a distribution of numbers: "exponential(1)", "deterministic(1)", "uniform(0, 2)", "lognormal(mean=1, cv=1)", "lognormal(median=1, sigma=0.8)" or "gamma(mean=1, cv=0.5)"`
	usageKnowledge    = `a difficulty threshold: a number ≥ 0, "inf", or "pNN" for the threshold that resolves NN % of issues (e.g. "p70")`
	usageAuthority    = `a value limit: a number ≥ 0, "inf", or "pNN" for the NN-th percentile of work.value (e.g. "p90")`
)

// parseDuration reads a working-time duration and returns hours.
func parseDuration(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if t == "0" {
		return 0, nil
	}
	for _, u := range timeUnits {
		if num, ok := strings.CutSuffix(t, u.suffix); ok {
			x, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || strings.ContainsAny(num, "+_") {
				break
			}
			if x < 0 {
				return 0, fmt.Errorf("%q is negative (allowed: %s)", s, usageDuration)
			}
			return x * u.hours, nil
		}
	}
	return 0, fmt.Errorf("%q is not a duration (allowed: %s)", s, usageDuration)
}

// formatDuration writes hours exactly, in the largest unit that divides
// it; parseDuration(formatDuration(h)) == h.
func formatDuration(h float64) string {
	if h == 0 {
		return "0"
	}
	for k := len(timeUnits) - 1; k >= 0; k-- {
		u := timeUnits[k]
		x := h / u.hours
		if x == math.Trunc(x) && x*u.hours == h && x < 1e15 {
			return strconv.FormatFloat(x, 'f', -1, 64) + u.suffix
		}
	}
	return strconv.FormatFloat(h, 'g', -1, 64) + "h"
}

// parseRate reads "N/unit" and returns a rate per hour.
func parseRate(s string) (float64, error) {
	num, unit, ok := strings.Cut(strings.TrimSpace(s), "/")
	if ok {
		x, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err == nil && !math.IsNaN(x) && !math.IsInf(x, 0) {
			per, err := parseDuration("1" + strings.TrimSpace(unit))
			if err == nil && x >= 0 {
				return x / per, nil
			}
			if x < 0 {
				return 0, fmt.Errorf("%q is negative (allowed: %s)", s, usageRate)
			}
		}
	}
	return 0, fmt.Errorf("%q is not a rate (allowed: %s)", s, usageRate)
}

// formatRate writes a per-hour rate exactly, per working day when that is
// exact, else per hour; parseRate(formatRate(r)) == r.
func formatRate(r float64) string {
	for _, u := range []struct {
		s string
		h float64
	}{{"d", 8}, {"w", 40}, {"y", 2000}} {
		x := r * u.h
		if x/u.h == r {
			return strconv.FormatFloat(x, 'g', -1, 64) + "/" + u.s
		}
	}
	return strconv.FormatFloat(r, 'g', -1, 64) + "/h"
}

// parseDist reads a distribution; durations says whether its parameters are
// working-time durations (decision times, delays) or plain numbers (values).
func parseDist(s string, durations bool) (model.Dist, error) {
	usage := usageDistPlain
	if durations {
		usage = usageDistDuration
	}
	bad := func(why string) (model.Dist, error) {
		return model.Dist{}, fmt.Errorf("%q %s (allowed: %s)", s, why, usage)
	}
	t := strings.TrimSpace(s)
	open := strings.IndexByte(t, '(')
	if open < 0 || !strings.HasSuffix(t, ")") {
		return bad("is not a distribution")
	}
	kind := strings.ToLower(strings.TrimSpace(t[:open]))
	var args []string
	if inner := strings.TrimSpace(t[open+1 : len(t)-1]); inner != "" {
		for _, a := range strings.Split(inner, ",") {
			args = append(args, strings.TrimSpace(a))
		}
	}
	num := func(a string) (float64, error) {
		if durations {
			return parseDuration(a)
		}
		x, err := strconv.ParseFloat(a, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, fmt.Errorf("%q is not a number", a)
		}
		return x, nil
	}
	named := func(want ...string) (map[string]float64, error) {
		out := map[string]float64{}
		for _, a := range args {
			k, v, ok := strings.Cut(a, "=")
			if !ok {
				return nil, fmt.Errorf("needs named parameters %s", strings.Join(want, " and "))
			}
			k = strings.TrimSpace(k)
			var x float64
			var err error
			if k == "cv" || k == "sigma" {
				x, err = strconv.ParseFloat(strings.TrimSpace(v), 64)
			} else {
				x, err = num(strings.TrimSpace(v))
			}
			if err != nil {
				return nil, fmt.Errorf("parameter %q: %v", k, err)
			}
			out[k] = x
		}
		return out, nil
	}
	var d model.Dist
	switch kind {
	case "exponential", "exp":
		if len(args) != 1 {
			return bad("needs one parameter, the mean")
		}
		m, err := num(strings.TrimPrefix(args[0], "mean="))
		if err != nil {
			return bad(err.Error())
		}
		d = model.Exp(m)
	case "deterministic", "det", "constant":
		if len(args) != 1 {
			return bad("needs one parameter, the value")
		}
		m, err := num(args[0])
		if err != nil {
			return bad(err.Error())
		}
		d = model.Det(m)
	case "uniform":
		if len(args) != 2 {
			return bad("needs two parameters, min and max")
		}
		a, err := num(args[0])
		if err != nil {
			return bad(err.Error())
		}
		b, err := num(args[1])
		if err != nil {
			return bad(err.Error())
		}
		d = model.Unif(a, b)
	case "lognormal", "gamma":
		p, err := named("mean", "cv")
		if err != nil {
			return bad(err.Error())
		}
		mean, hasMean := p["mean"]
		cv, hasCV := p["cv"]
		median, hasMedian := p["median"]
		sigma, hasSigma := p["sigma"]
		switch {
		case len(p) == 2 && hasMean && hasCV:
			if kind == "gamma" {
				d = model.GammaDist(mean, cv)
			} else {
				d = model.LogNorm(mean, cv)
			}
		case kind == "lognormal" && len(p) == 2 && hasMedian && hasSigma:
			if !(median > 0) || !(sigma > 0) {
				return bad("needs median > 0 and sigma > 0")
			}
			d = model.LogNormMedian(median, sigma)
		case kind == "gamma":
			return bad("needs mean=… and cv=…")
		default:
			return bad("needs mean=… and cv=…, or median=… and sigma=…")
		}
	default:
		return bad("has an unknown family " + strconv.Quote(kind))
	}
	if err := d.Validate(); err != nil {
		return bad(err.Error())
	}
	return d, nil
}

// formatDist writes a distribution in the file syntax.
func formatDist(d model.Dist, durations bool) string {
	f := func(x float64) string {
		if durations {
			return formatDuration(x)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	switch d.Kind {
	case model.Exponential:
		return "exponential(" + f(d.Mean) + ")"
	case model.Deterministic:
		return "deterministic(" + f(d.Mean) + ")"
	case model.Uniform:
		return "uniform(" + f(d.Min) + ", " + f(d.Max) + ")"
	case model.LogNormal:
		return "lognormal(mean=" + f(d.Mean) + ", cv=" + g(d.CV) + ")"
	default:
		return "gamma(mean=" + f(d.Mean) + ", cv=" + g(d.CV) + ")"
	}
}

// threshold is a knowledge or authority limit as written: a number, "inf"
// or a percentile "pNN", resolved once the work is known.
type threshold struct {
	x   float64 // the number, or +Inf
	pct float64 // NN of "pNN"; 0 when a number was written
}

func parseThreshold(s string, usage string) (threshold, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "inf" || t == "none" {
		return threshold{x: math.Inf(1)}, nil
	}
	if p, ok := strings.CutPrefix(t, "p"); ok {
		x, err := strconv.ParseFloat(p, 64)
		if err == nil && x > 0 && x < 100 {
			return threshold{pct: x}, nil
		}
	}
	return threshold{}, fmt.Errorf("%q is not allowed (allowed: %s)", s, usage)
}

func formatNumber(x float64) string {
	if math.IsInf(x, 1) {
		return `"inf"`
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// ParseDuration reads a working-time duration ("30m", "4h", "2d", "1w",
// "1y", or "0") and returns hours.
func ParseDuration(s string) (float64, error) { return parseDuration(s) }
