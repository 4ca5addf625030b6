package experiment

import "github.com/orgsim/orgsim/model"

// RunRow is one row of runs.csv: one organisation × one replication, its
// seed and every metric.
type RunRow struct {
	Organisation string             // the organisation's name
	Org          int                // its index in the scenario
	Replication  int                // replication number
	Seed         uint64             // the scenario seed (the run is reproducible from Seed and Replication)
	Values       []float64          // one per entry of Outcome.Metrics, in that order; NaN where undefined
	Result       *model.Result      // the run's full result (Issues dropped unless traced)
	Resilience   []model.Resilience // per disruption, against the paired undisturbed run
}

// Metric names one column of runs.csv and one metric of summary.csv.
type Metric struct {
	Name string // snake_case, e.g. "latency_p95" or "recovery_time_d1"
	Unit string // "h", "issues/h", "share", "%·h", "issue-hours", "messages", …
	Doc  string // one line: what it is
	// Group is the heading the comparison table shows it under:
	// "Latency", …, "Who decides", then "Disruption 1", ….
	Group string `json:"-"`
	// Scale is the values it can take: its intervals stay in range, and
	// two organisations are compared by ratio or difference accordingly.
	Scale Scale `json:"-"`
}

// Stat is a mean over replications with its interval: a 95 % Student-t
// interval, kept in the range of the quantity ([MeanCIIn]); or a paired
// comparison with its interval ([Paired]).
type Stat struct {
	Mean, Low, High float64
	N               int // replications with a defined value
}

// SummaryRow is one row of summary.csv: one metric of one organisation.
type SummaryRow struct {
	Organisation string
	Metric       string
	Stat
}

// PairedRow compares two organisations on a metric, pair by pair over
// replications ([Paired]): by the paired ratio A/B, exp(mean of log(a/b))
// with a t interval on the logs, for a metric whose [Scale] is Positive;
// by the paired difference A − B with its t interval for any other.
type PairedRow struct {
	Metric  string
	A, B    string  // organisation names: A over B, or A − B
	Compare Compare // Ratio or Difference, the metric's Scale.Compare()
	Stat
}

// RecoveryRow summarises the (right-censored) recovery times of one
// organisation from one disruption.
type RecoveryRow struct {
	Organisation string
	Disruption   int     // index in the scenario's disruptions
	Kind         string  // its kind
	At           float64 // when it struck, hours
	Censored     float64 // share of replications not recovered by the horizon
	KMMedian     float64 // Kaplan–Meier median recovery time, hours; +Inf when more than half are censored
	Mean         Stat    // mean recovery time treating censored values as observed (a lower bound)
}

// SeriesPoint is one point of an organisation's time series, over
// replications: the backlog, the windowed p95 latency signal, and who
// decides and how capable each tier is.
type SeriesPoint struct {
	Organisation string
	T            float64 // hours
	Backlog      Stat
	P95          Stat // p95 latency of issues arriving in the window ending at T, hours
	Quality      Stat // Q(t) against the paired undisturbed runs, percent (NaN without disruptions)
	// Capability is, per [model.Tier], the mean share of issues the tier's
	// units resolve (over units and knowledge domains) at T: the last
	// sample at or before it. NaN for a tier with no unit.
	Capability [model.NumTiers]Stat
	// DecidedShare is, per [model.Tier], the share of the decisions made
	// in the grid step ending at T (from T − Window/4 to T) that the tier
	// made; NaN in a replication without any decision in the step, which
	// the statistic leaves out.
	DecidedShare [model.NumTiers]Stat
}

// UnitRow is one unit of one organisation, over replications.
type UnitRow struct {
	Organisation string
	Unit         string
	Role         string
	Depth        int
	Tier         string // "team", "middle" or "top" ([model.Tier])
	Utilisation  Stat
	MeanQueue    Stat
	PeakQueue    Stat
	Decided      Stat // decisions the unit made (whole run)
	Escalated    Stat // issues escalated to it from below (whole run)
	Advised      Stat // advice and consultation requests it answered (whole run)
}

// LatencyRow is one quantile of an organisation's latency distribution,
// pooled over replications, enough to redraw the distribution.
type LatencyRow struct {
	Organisation string
	P            float64 // probability level, e.g. 0.5
	Latency      float64 // hours
	Class        string  // "all" or an issue class
}

// Outcome is everything an experiment produces, in canonical order
// (organisation, then replication), so it does not depend on which worker
// finished first.
type Outcome struct {
	Scenario      string        // the scenario's name
	Config        *model.Config // the resolved configuration
	Replications  int           // replications per organisation in Runs (1 when one was picked)
	Organisations []string
	Metrics       []Metric
	Runs          []RunRow      // organisation-major, then replication
	Summary       []SummaryRow  // organisation-major, then metric order
	Paired        []PairedRow   // first organisation against each other one, metric order
	Recovery      []RecoveryRow // organisation-major, then disruption
	Series        []SeriesPoint // organisation-major, then time
	Units         []UnitRow     // organisation-major, then unit order
	Latency       []LatencyRow  // organisation-major, then class, then P
	// Expectations are the scenario's claims judged on the runs, in the
	// scenario's order; [Run] leaves them empty, [Evaluate] makes them.
	Expectations []ExpectRow
}
