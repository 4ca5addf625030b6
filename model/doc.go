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
// # Knowledge and authority
//
// Each unit has one knowledge state — a level per knowledge domain of the
// work (issues belong to one domain each) — and one authority state: the
// largest value it may decide and the difficulty up to which it may decide
// (its knowledge, or more where authority was delegated). Every rule that
// changes what a unit knows or may decide updates these: a successor or
// interim starting below the leader's knowledge and learning back along
// the ramp, a team losing tacit know-how with a member, delegation under
// overload. Routing and judgement read them.
//
// Advice goes to the first peers by locality, or (advisors = directory) to
// the candidates the asker believes most competent in the domain,
// within a locality radius, less a cost per distance; a belief is right
// with the directory's accuracy. Replies are weighed by the log-odds of the
// confidence the advisor states (it knows whether the issue lies within its
// knowledge); the asker's own judgement counts where it has one.
//
// # Quality
//
// A unit judges correctly with probability 0.5 + (π − 0.5)·fidelity^hops
// within its knowledge (hops from the origin), so distance fades judgement
// towards a coin and never below it, and 0.5 beyond it; accept_good and
// accept_bad make screening asymmetric. A decision's payoff is v·e^(−δT)
// for a good issue accepted, −bad_cost·v for a bad one accepted and 0 for a
// rejection. Results report accuracy, Type I and II rates, value per issue
// and effort (hands-on hours per decision by role; help is every unit's
// but the issue's own team's, a leader's escalation work included).
//
// # Decision rights under stress
//
// Escalated issues may have a deadline, after which the unit holding one
// decides it with what it knows or returns it to its team to act on
// intent; a deputy may act up for a vacant post; a leader under overload
// may delegate to the units below it. Each has a stated cost (see
// [Routing] and [Disruption]).
//
// # Team size and traffic
//
// A team's decision time is the whole team's (the default), or one
// member's, in a pooled (M/G/1) or one-decider-per-member (M/G/n) form with
// Steiner's process loss. Traffic between any two units, routed on
// shortest paths, loads queues as relays without being decisions.
//
// # Metrics
//
// [Run] returns a [Result]: latency (mean and exact order-statistic
// quantiles, split into waiting, service and communication, and by class),
// throughput, backlog, utilisation per unit (per present capacity) with its
// maximum and Gini, escalation rate and depth, messages and effort per
// decision, and quality. [Attribute] computes the resilience to each
// disruption against the run without it and without any later one
// ([Plan.RunThrough]), so that the effects add up. [Runner.States] and
// [Runner.Struck] tell a view what each disruption did. Before a run, [OfferedLoad] solves the traffic equations
// and validation rejects any unit at or above capacity; during a run a cap
// on open issues stops it with an [UnstableError] naming the unit.
package model
