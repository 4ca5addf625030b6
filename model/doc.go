// Package model simulates organisations as networks of queueing units on
// the [sim] kernel. It owns the scenario's whole input ([Config] and its
// calibrated defaults), the teams and their work, the units, the one
// routing rule, disruptions and the metrics of a run.
//
// # The work
//
// Teams are defined once, by the work: a count, a size and a position on a
// ring or a grid (their locality). Issues arrive at each team as a Poisson
// process on the team's own random stream. At arrival an issue draws its
// attributes once, each from its own keyed number: a difficulty z ~ Exp(θ),
// its scope (its own team, or with probability cross_team k teams within a
// locality radius), a value, a hidden label (good with probability α) and
// its service quantile at its team. Every organisation of a scenario sits on
// the same teams, so in one replication they see identical issues.
//
// # Units and the routing rule
//
// A unit (a team, a manager, a coach or circle, the root) is a FCFS queue
// with servers, a hands-on decision-time distribution, a time share (elapsed
// service = hands-on ÷ time share), knowledge z_i, an authority limit, a
// base accuracy and an availability. Examining an issue costs service time
// whether the unit decides it or passes it on. After service at unit i:
//
//  1. a boundary is exceeded — value above i's authority, scope beyond i's
//     reach (its subtree; for a consulting team, k ≤ k_max teams), or
//     difficulty above the structure's ceiling — so it escalates along
//     reports_to (a hop, then the next unit's queue);
//  2. difficulty, scope and value are within i's limits, so i decides;
//  3. only the difficulty fails and advice is on: i asks m peers;
//  4. the issue is cross-team and consultation is on: i consults the
//     affected teams (3 and 4 are one fork over advisors ∪ affected teams);
//  5. otherwise it escalates; a unit with no one above decides, as a guess
//     when the issue is beyond its knowledge.
//
// A hierarchy and a lattice are presets of this rule ([DefaultHierarchy],
// [DefaultLattice]); a sweep moves between them by changing settings.
// During a fork the asker's server is free; each request is a hop, a queue
// and a service at the receiver and a hop back; on the last reply or the
// timeout the asker decides, without a second service, by the weighted
// majority of the judgements (log-odds weights; the best advisor breaks a
// tie). Decisions travel back to the origin one hop per level as pure delay.
// Issues valued above an approval threshold pass a serial approval chain
// with rule all or any.
//
// # Quality
//
// A unit decides correctly with probability π·fidelity^hops within its
// knowledge (hops from the origin), and 0.5 beyond it. Results report
// accuracy, Type I and II rates and value per issue.
//
// # Disruptions
//
// Leader loss (freeze, skip-level or interim succession), member loss,
// attrition, surge, knowledge shock and slowdown strike every organisation
// at the same time; nothing in flight is lost: an issue in service goes back
// to the head of its queue with its remaining work, an issue in transit
// follows the policy in force when it arrives, decisions on their way down
// are unaffected, and advice pending at a lost advisor is dropped (the
// asker's timeout covers it). [Runner.Inject] applies a disruption at run
// time exactly as a scenario's would.
//
// # Metrics
//
// [Run] returns a [Result]: latency (mean and exact order-statistic
// quantiles, split into waiting, service and communication, and by class),
// throughput, backlog, utilisation per unit with its maximum and Gini,
// escalation rate and depth, messages and helper hours per decision, and
// quality. [Compare] computes resilience per disruption against the paired
// undisturbed run. Before a run, [OfferedLoad] solves the traffic equations
// and validation rejects any unit at or above capacity; during a run a cap
// on open issues stops it with an [UnstableError] naming the unit.
package model
