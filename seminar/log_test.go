package seminar

import (
	"strings"
	"testing"
)

func TestReadLog(t *testing.T) {
	good := `{"run":1,"kind":"start","scenario":"embedded:seminar","seed":4,"organisations":["hierarchy","lattice"],"t":0}
{"run":1,"kind":"press","t":120.5,"button":"top-leader"}
{"run":1,"kind":"press","t":130,"button":"team-lead","team":"t7"}

{"run":2,"kind":"start","seed":5,"t":0}
`
	runs, err := ReadLog(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || len(runs[0].Presses) != 2 || runs[0].Presses[1].Team != "t7" || runs[1].Start.Seed != 5 {
		t.Fatalf("%+v", runs)
	}
	for _, c := range []struct{ log, want string }{
		{``, "no run in the log"},
		{`{"run":1,"kind":"press","t":1,"button":"surge"}`, "line 1: a press before any run started"},
		{"{\"run\":1,\"kind\":\"start\",\"seed\":1,\"t\":0}\n{\"run\":1,\"kind\":\"press\",\"t\":1,\"button\":\"ceo\"}", "line 2: unknown button \"ceo\""},
		{"{\"run\":1,\"kind\":\"start\",\"seed\":1,\"t\":0}\n{\"run\":1,\"kind\":\"press\",\"t\":5,\"button\":\"surge\"}\n{\"run\":1,\"kind\":\"press\",\"t\":4,\"button\":\"surge\"}", "line 3: presses go back in time"},
		{`{"run":1,"kind":"begin"}`, `line 1: unknown kind "begin"`},
		{`{"run":1,"kind":"start","colour":1}`, "line 1: not a session log entry"},
		{`not json`, "line 1: not a session log entry"},
	} {
		if _, err := ReadLog(strings.NewReader(c.log)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.log, err, c.want)
		}
	}
}

func TestClockLabel(t *testing.T) {
	for h, want := range map[float64]string{0: "week 1, Mon 09:00", 8: "week 1, Tue 09:00", 43.5: "week 2, Mon 12:30", 399.99: "week 10, Fri 16:59"} {
		if got := clockLabel(h); got != want {
			t.Errorf("clockLabel(%v) = %q, want %q", h, got, want)
		}
	}
}
