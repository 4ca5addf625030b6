package scenarios

import (
	"fmt"
	"strings"

	"github.com/orgsim/orgsim/model"
)

// KeyDoc documents one key of the scenario format.
type KeyDoc struct {
	Path    string // e.g. "organisation.team.knowledge"
	Table   string // the table it sits in, e.g. "[[organisation]] [organisation.team]"
	Type    string // what a value looks like
	Unit    string
	Default string
	Range   string
	Doc     string
	Kinds   []string // disruption kinds it applies to; nil for all
}

// Keys documents every key of the scenario format, in schema order.
func Keys() []KeyDoc { return keysOf(schema) }

// SweepKeys documents every key of the sweep file format.
func SweepKeys() []KeyDoc { return keysOf(sweepSchema) }

func keysOf(root *table) []KeyDoc {
	var out []KeyDoc
	var walk func(t *table, path string)
	walk = func(t *table, path string) {
		for _, f := range t.fields {
			out = append(out, KeyDoc{
				Path: sub(path, f.key), Table: tableTitle(root, path), Type: f.val.typ,
				Unit: f.unit, Default: f.defaultText(), Range: f.allowed(), Doc: f.doc, Kinds: kindList(f.kinds),
			})
		}
		for _, s := range t.subs {
			walk(s, sub(path, s.key))
		}
	}
	walk(root, "")
	return out
}

// defaultText is the key's documented default. A disruption key's default
// is what model.DisruptionDefaults gives each kind it applies to, written
// as a file would (one value when all kinds agree), followed by the
// field's note in def, if any: docs and decoder share one source.
func (f *field) defaultText() string {
	if f.kinds == nil || f.def == "required" {
		return f.def
	}
	if note, ok := strings.CutPrefix(f.def, "="); ok {
		return note // a default that depends on the disruption's time
	}
	var parts []string
	seen := map[string]bool{}
	for _, k := range f.kinds {
		d := model.DisruptionDefaults(k, 0)
		v := f.val.encode(&d)
		if !seen[v] {
			seen[v] = true
			parts = append(parts, v+" "+k.String())
		}
	}
	text := strings.Join(parts, ", ")
	if len(seen) == 1 {
		text = strings.TrimSuffix(parts[0], " "+f.kinds[0].String())
	}
	if f.def != "" {
		text += " " + f.def
	}
	return text
}

// tables lists every table path with its documentation, in schema order.
func tables(root *table) [][2]string {
	var out [][2]string
	var walk func(t *table, path string)
	walk = func(t *table, path string) {
		out = append(out, [2]string{path, t.doc})
		for _, s := range t.subs {
			walk(s, sub(path, s.key))
		}
	}
	walk(root, "")
	return out
}

// tableTitle writes the header of the table at path (without indexes) of
// schema root: "[work]", "[[organisation]]", or "top level".
func tableTitle(root *table, path string) string {
	if path == "" {
		return "top level"
	}
	if t := lookupTable(root, path); t != nil && t.array {
		return "[[" + path + "]]"
	}
	return "[" + path + "]"
}

func lookupTable(root *table, path string) *table {
	t := root
	for _, seg := range strings.Split(path, ".") {
		if t = t.sub(seg); t == nil {
			return nil
		}
	}
	return t
}

// kindList names the disruption kinds a key applies to; nil for all.
func kindList(kinds []model.DisruptionKind) []string {
	if kinds == nil {
		return nil
	}
	return kindNames(kinds)
}

// Text documents every key as plain text, for `orgsim scenarios keys`:
// scenario files, then sweep files, then sensitivity files.
func Text() string {
	var b strings.Builder
	b.WriteString(preamble)
	writeText(&b, schema, Keys())
	fmt.Fprintf(&b, "\n\nSweep file keys\n\nA sweep file names a base scenario and the axes along which to vary it,\nin at most %d points.\n", maxPoints)
	writeText(&b, sweepSchema, SweepKeys())
	fmt.Fprintf(&b, "\n\nSensitivity file keys\n\nA sensitivity file names a base scenario, a method (morris or sobol) and the\nscenario keys to study, each with the distribution of its values, in at most\n%d points (docs/sensitivity.md).\n", maxPoints)
	writeText(&b, sensitivitySchema, SensitivityKeys())
	return b.String()
}

func writeText(b *strings.Builder, root *table, keys []KeyDoc) {
	last := "-"
	docs := map[string]string{}
	for _, t := range tables(root) {
		docs[t[0]] = t[1]
	}
	for _, k := range keys {
		table := ""
		if i := strings.LastIndex(k.Path, "."); i >= 0 {
			table = k.Path[:i]
		}
		if table != last {
			fmt.Fprintf(b, "\n%s\n  %s\n\n", tableTitle(root, table), docs[table])
			last = table
		}
		fmt.Fprintf(b, "  %s\n      %s\n", k.Path, k.Doc)
		fmt.Fprintf(b, "      value: %s\n", k.Type)
		if k.Unit != "" {
			fmt.Fprintf(b, "      unit: %s\n", k.Unit)
		}
		if k.Default != "" {
			fmt.Fprintf(b, "      default: %s\n", k.Default)
		}
		if k.Range != "" {
			fmt.Fprintf(b, "      allowed: %s\n", k.Range)
		}
		if k.Kinds != nil {
			fmt.Fprintf(b, "      applies to: %s\n", strings.Join(k.Kinds, ", "))
		}
	}
}

var preamble = `Scenario file keys

A scenario is one TOML file. Durations are working time: a number and a unit,
"30m", "4h", "2d" (8 h), "1w" (5 days, 40 h) or "1y" (50 weeks, 2,000 h).
Rates are a number per working-time unit ("2/d"). Distributions are written
"exponential(30m)", "deterministic(1h)", "uniform(10m, 1h)",
"lognormal(mean=30m, cv=1)", "lognormal(median=48m, sigma=1.5)" or
"gamma(mean=1h, cv=0.5)"; an issue's value uses plain numbers. Knowledge and
authority are a number, "inf", or a percentile "pNN". A default's source is
given beside it, or "assumption" (docs/mechanisms.md lists every one with its
reference); "preset" means the organisation's preset (hierarchy or lattice)
decides.

` + limitsText

// limitsText documents the bounds on a file (see prescan).
var limitsText = fmt.Sprintf(`A file is UTF-8 text (a leading byte-order mark and CRLF line ends are
fine) of at most 1 MiB, with at most %d keys and table headers, key paths
of at most %d parts (counting the [table] header, enclosing inline tables
and dotted parts: organisation.team.knowledge is 3), and arrays and inline
tables nested at most %d deep. The names of scenarios and sweeps are
letters, digits, - and _: they name the results folder.
`, maxKeys, maxKeyParts, maxDepth)

// Markdown documents every key as a Markdown page (docs/scenarios.md):
// scenario files, then sweep files, then sensitivity files.
func Markdown() string {
	var b strings.Builder
	b.WriteString("# Scenario files\n\n")
	b.WriteString("<!-- Generated from the schema by `go test ./scenarios -update`; do not edit. -->\n\n")
	b.WriteString(strings.TrimPrefix(preamble, "Scenario file keys\n\n"))
	b.WriteString("\nCopy an embedded scenario with `orgsim scenarios show NAME > my.toml`, edit it, and check it with `orgsim validate my.toml`: every problem is reported as `FILE:LINE:COL: key.path: what is wrong (allowed: …)`.\n")
	writeMarkdown(&b, schema, Keys(), "##")
	fmt.Fprintf(&b, "\n# Sweep files\n\nA sweep file names a base scenario (embedded or a file) and the axes along which to vary it, in at most %d points; `orgsim sweep FILE|NAME` runs it (see docs/cluster.md for clusters). Copy an embedded one with `orgsim scenarios show sweep-surge > my-sweep.toml`.\n", maxPoints)
	writeMarkdown(&b, sweepSchema, SweepKeys(), "##")
	fmt.Fprintf(&b, "\n# Sensitivity files\n\nA sensitivity file names a base scenario (embedded or a file), a method — Morris elementary effects or Sobol' indices — and the scenario keys to study, each with the distribution of its values, in at most %d points; `orgsim sensitivity FILE|NAME` runs it on the sweep machinery (docs/sensitivity.md explains the estimators, the noise floor and the outputs). Copy the embedded one with `orgsim scenarios show sensitivity-knowledge > my-study.toml`.\n", maxPoints)
	writeMarkdown(&b, sensitivitySchema, SensitivityKeys(), "##")
	return b.String()
}

func writeMarkdown(b *strings.Builder, root *table, keys []KeyDoc, level string) {
	docs := map[string]string{}
	for _, t := range tables(root) {
		docs[t[0]] = t[1]
	}
	last := "-"
	for _, k := range keys {
		table := ""
		if i := strings.LastIndex(k.Path, "."); i >= 0 {
			table = k.Path[:i]
		}
		if table != last {
			title := tableTitle(root, table)
			switch {
			case root == sweepSchema && table == "":
				title = "top level of a sweep file"
			case root == sensitivitySchema && table == "":
				title = "top level of a sensitivity file"
			case root == sensitivitySchema:
				title += " (sensitivity file)"
			}
			fmt.Fprintf(b, "\n%s %s\n\n%s\n\n| key | meaning | value | unit | default | allowed |\n|---|---|---|---|---|---|\n", level, title, docs[table])
			last = table
		}
		doc := k.Doc
		if k.Kinds != nil {
			doc += " (" + strings.Join(k.Kinds, ", ") + ")"
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s | %s |\n", k.Path[strings.LastIndex(k.Path, ".")+1:], md(doc), md(k.Type), md(k.Unit), md(k.Default), md(k.Range))
	}
}

func md(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
