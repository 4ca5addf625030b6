package model

// Version names the behaviour of the model and its metrics. It changes
// whenever a run's outputs for a fixed scenario and seed change (a formula,
// a default, the order of random draws), so that results, journals and
// manifests say which model made them; CHANGELOG.md records each change.
const Version = "2026.12.1"
