package scenarios
import ("testing";"fmt";"github.com/orgsim/orgsim/model")
func TestTry(t *testing.T) {
	for _, n := range Names() {
		sc, err := Embedded(n)
		if err != nil { fmt.Println(n, err); continue }
		for i := range sc.Config.Organisations {
			l, _ := model.OfferedLoad(&sc.Config, i)
			mx, at := 0.0, ""
			for _, u := range l { if u.Load > mx { mx, at = u.Load, u.ID } }
			fmt.Printf("%-24s %-18s max load %.2f at %s\n", n, sc.Config.Organisations[i].Name, mx, at)
		}
	}
}
