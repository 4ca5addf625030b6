package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Format writes the resolved scenario as a complete TOML file: every key
// with the value in force, defaults included (the name only when it has
// one), and its expectations. Parse(Format(sc)) gives the same Config and
// Expect; the manifest stores it, and its hash identifies the scenario.
func Format(sc *Scenario) []byte {
	var b strings.Builder
	b.WriteString("# The resolved scenario: every key with the value in force.\n")
	cfg := sc.Config
	t := &top{name: sc.Name, description: sc.Description, replications: sc.Replications, cfg: &cfg}
	for i, f := range schema.fields {
		if f.key == "name" && sc.Name == "" {
			continue // a scenario without a name takes its file's
		}
		writeField(&b, &schema.fields[i], t, "")
	}
	writeTable(&b, "[work]", schema.sub("work").fields, &cfg.Work, "")
	writeTable(&b, "[work.traffic]", schema.sub("work").sub("traffic").fields, &cfg.Work.Traffic, "")
	writeTable(&b, "[metrics]", schema.sub("metrics").fields, &cfg.Metrics, "")
	ot := schema.sub("organisation")
	for i := range cfg.Organisations {
		o := cfg.Organisations[i]
		decl := &orgDecl{org: &o, preset: o.Structure}
		b.WriteString("\n[[organisation]]\n")
		writeFields(&b, ot.fields, decl, "")
		writeTable(&b, "[organisation.routing]", ot.sub("routing").fields, &o.Routing, "  ")
		writeTable(&b, "[organisation.learning]", ot.sub("learning").fields, &o.Learning, "  ")
		for _, role := range []string{"team", "manager", "coach", "root"} {
			writeTable(&b, "[organisation."+role+"]", ot.sub(role).fields, decl, "  ")
		}
		for j := range o.ManagerLevels {
			writeTable(&b, "[[organisation.manager_level]]", ot.sub("manager_level").fields, &o.ManagerLevels[j], "  ")
		}
		ut := ot.sub("unit")
		for _, us := range o.Units {
			u := &unitDecl{spec: us}
			fields := ut.fields[:len(unitKeys)]
			if us.Params != nil {
				u.params = *us.Params
				fields = ut.fields
			}
			writeTable(&b, "[[organisation.unit]]", fields, u, "  ")
		}
	}
	dt := schema.sub("disruption")
	for i := range cfg.Disruptions {
		d := cfg.Disruptions[i]
		b.WriteString("\n[[disruption]]\n")
		for _, f := range dt.fields {
			if f.appliesTo(d.Kind) {
				writeField(&b, &f, &d, "")
			}
		}
	}
	for i := range sc.Expect {
		writeExpect(&b, &sc.Expect[i])
	}
	return []byte(b.String())
}

// Hash returns the SHA-256 of the resolved scenario (Format), in hex.
func Hash(sc *Scenario) string {
	h := sha256.Sum256(Format(sc))
	return hex.EncodeToString(h[:])
}

func writeTable(b *strings.Builder, header string, fields []field, target any, indent string) {
	b.WriteString("\n" + indent + header + "\n")
	writeFields(b, fields, target, indent)
}

func writeFields(b *strings.Builder, fields []field, target any, indent string) {
	for i := range fields {
		writeField(b, &fields[i], target, indent)
	}
}

func writeField(b *strings.Builder, f *field, target any, indent string) {
	b.WriteString(indent)
	b.WriteString(f.key)
	b.WriteString(" = ")
	b.WriteString(f.val.encode(target))
	b.WriteByte('\n')
}
