package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/orgsim/orgsim/model"
)

// Format writes the resolved scenario as a complete TOML file: every key
// with the value in force, defaults included. Parse(Format(sc)) gives the
// same Config; the manifest stores it, and its hash identifies the scenario.
func Format(sc *Scenario) []byte {
	var b strings.Builder
	b.WriteString("# The resolved scenario: every key with the value in force.\n")
	cfg := sc.Config
	t := &top{name: sc.Name, description: sc.Description, replications: sc.Replications, cfg: &cfg}
	writeFields(&b, schema, t, "")
	writeTable(&b, "[work]", schema.sub("work"), &cfg.Work, "")
	writeTable(&b, "[metrics]", schema.sub("metrics"), &cfg.Metrics, "")
	ot := schema.sub("organisation")
	for i := range cfg.Organisations {
		o := cfg.Organisations[i]
		decl := &orgDecl{org: &o, preset: structures[o.Structure]}
		b.WriteString("\n[[organisation]]\n")
		writeFields(&b, ot, decl, "")
		writeTable(&b, "[organisation.routing]", ot.sub("routing"), &o.Routing, "  ")
		for _, role := range []string{"team", "manager", "coach", "root"} {
			writeTable(&b, "[organisation."+role+"]", ot.sub(role), decl, "  ")
		}
		for j := range o.ManagerLevels {
			writeTable(&b, "[[organisation.manager_level]]", ot.sub("manager_level"), &o.ManagerLevels[j], "  ")
		}
		for _, us := range o.Units {
			u := &unitDecl{spec: us}
			fields := ot.sub("unit").fields[:4]
			if us.Params != nil {
				u.params = *us.Params
				fields = ot.sub("unit").fields
			}
			writeTable(&b, "[[organisation.unit]]", &table{fields: fields}, u, "  ")
		}
	}
	dt := schema.sub("disruption")
	for i := range cfg.Disruptions {
		d := cfg.Disruptions[i]
		b.WriteString("\n[[disruption]]\n")
		for _, f := range dt.fields {
			if f.kinds != nil && !contains(f.kinds, disruptions[d.Kind]) {
				continue
			}
			writeField(&b, &f, f.ptr(&d), "")
		}
	}
	return []byte(b.String())
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Hash returns the SHA-256 of the resolved scenario (Format), in hex.
func Hash(sc *Scenario) string {
	h := sha256.Sum256(Format(sc))
	return hex.EncodeToString(h[:])
}

func writeTable(b *strings.Builder, header string, t *table, target any, indent string) {
	b.WriteString("\n" + indent + header + "\n")
	writeFields(b, t, target, indent)
}

func writeFields(b *strings.Builder, t *table, target any, indent string) {
	for _, f := range t.fields {
		writeField(b, &f, f.ptr(target), indent)
	}
}

func writeField(b *strings.Builder, f *field, p any, indent string) {
	fmt.Fprintf(b, "%s%s = %s\n", indent, f.key, valueText(f, p))
}

// valueText writes the value behind p in the file syntax of f.
func valueText(f *field, p any) string {
	switch f.kind {
	case kInt:
		switch v := p.(type) {
		case *int:
			return strconv.Itoa(*v)
		case *uint64:
			return strconv.FormatUint(*v, 10)
		}
	case kFloat:
		return strconv.FormatFloat(*p.(*float64), 'g', -1, 64)
	case kBool:
		return strconv.FormatBool(*p.(*bool))
	case kString:
		return strconv.Quote(*p.(*string))
	case kEnum:
		return enumText(f, p)
	case kDuration:
		return strconv.Quote(formatDuration(*p.(*float64)))
	case kRate:
		return strconv.Quote(formatRate(*p.(*float64)))
	case kDistDuration:
		return strconv.Quote(formatDist(*p.(*model.Dist), true))
	case kDistPlain:
		return strconv.Quote(formatDist(*p.(*model.Dist), false))
	case kIntList:
		var xs []int
		switch v := p.(type) {
		case *[]int:
			xs = *v
		case *[2]*int:
			xs = []int{*v[0], *v[1]}
		}
		parts := make([]string, len(xs))
		for i, x := range xs {
			parts[i] = strconv.Itoa(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case kStringList:
		xs := *p.(*[]string)
		parts := make([]string, len(xs))
		for i, x := range xs {
			parts[i] = strconv.Quote(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case kKnowledge, kAuthority:
		return formatNumber(*p.(*float64))
	}
	return `""`
}
