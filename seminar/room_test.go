package seminar

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/skip2/go-qrcode"

	"github.com/orgsim/orgsim/scenarios"
	"github.com/orgsim/orgsim/sim"
)

// answerAs posts one answer from a simulated client address.
func (s *testServer) answerAs(t *testing.T, addr string, poll, choice int, voter string) (int, string) {
	t.Helper()
	hdr := []string{}
	if addr != "" {
		hdr = []string{"X-Test-Remote-Addr", addr}
	}
	return s.post2(t, "/api/answer", fmt.Sprintf(`{"poll":%d,"choice":%d,"voter":%q}`, poll, choice, voter), hdr...)
}

// post2 posts a JSON body to path.
func (s *testServer) post2(t *testing.T, path, body string, hdr ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", s.ts.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := s.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return res.StatusCode, b.String()
}

// runFor plays the session for about h simulated hours.
func (s *testServer) runFor(h float64) {
	s.mu.Lock()
	target := s.e.t + h
	s.mu.Unlock()
	for {
		s.mu.Lock()
		done := s.e.t >= target || s.e.ended
		s.mu.Unlock()
		if done {
			return
		}
		s.step()
	}
}

// A prediction: the presenter opens it, phones answer (one answer per
// voter, which they may change; at most ViewersPerClient voters per
// address), the next disruption closes it and it predicts that
// disruption; the tally shows once closed, the outcome settles once both
// organisations are back to normal, and the session log and the room's
// CSV hold the answers and what happened.
func TestRoomPredictsADisruption(t *testing.T) {
	var roomMu sync.Mutex
	var roomCSVs [][]byte
	s := newTestServer(t, Options{Seed: 4, Speed: 200, Token: "sesame", ViewersPerClient: 3, Room: func(b []byte) error {
		roomMu.Lock()
		defer roomMu.Unlock()
		roomCSVs = append(roomCSVs, b)
		return nil
	}})
	tok := []string{"X-Orgsim-Token", "sesame"}
	s.post(t, `{"action":"play"}`, tok...)
	s.runFor(3 * sim.Week)
	if code, body := s.post(t, `{"action":"ask","kind":"first"}`); code != 403 {
		t.Fatalf("a viewer asked the room: %d %s", code, body)
	}
	if code, body := s.post(t, `{"action":"ask","kind":"first"}`, tok...); code != 200 || !strings.Contains(body, "back to normal first") {
		t.Fatalf("ask: %d %s", code, body)
	}
	s.step()
	f := s.snapshotNow()
	if f.Poll == nil || !f.Poll.Open || len(f.Poll.Options) != 3 || f.Poll.Counts != nil {
		t.Fatalf("open question in the frame: %+v", f.Poll)
	}
	id := f.Poll.ID
	// Twenty phones from seven addresses, three at most from each.
	for i := 0; i < 20; i++ {
		addr := fmt.Sprintf("192.0.2.%d:4000", i/3+1)
		if code, body := s.answerAs(t, addr, id, i%3, fmt.Sprintf("voter-%03d", i)); code != 200 {
			t.Fatalf("phone %d: %d %s", i, code, body)
		}
	}
	for _, c := range []struct {
		addr, voter        string
		poll, choice, code int
		want               string
	}{
		{"192.0.2.1:1", "voter-new-01", id, 0, 429, "too many answers from your address (at most 3)"},
		{"192.0.2.9:1", "voter-new-02", id, 3, 400, "choice 3: want 0 … 2"},
		{"192.0.2.9:1", "short", id, 0, 400, "voter: want 8 to 64"},
		{"192.0.2.9:1", "voter-new-03", id + 1, 0, 409, "no longer asked"},
		{"192.0.2.1:1", "voter-000", id, 1, 200, "your answer: lattice"}, // changes its answer
	} {
		if code, body := s.answerAs(t, c.addr, c.poll, c.choice, c.voter); code != c.code || !strings.Contains(body, c.want) {
			t.Errorf("%s from %s: %d %s, want %d %q", c.voter, c.addr, code, body, c.code, c.want)
		}
	}
	if code, body := s.post2(t, "/api/answer", `{"poll":1,"choice":0,"voter":"voter-x-0001"}`, "Origin", "http://evil.example"); code != 403 {
		t.Errorf("a cross-origin answer: %d %s", code, body)
	}
	s.step()
	if f := s.snapshotNow(); f.Poll.Answers != 20 || f.Poll.Counts != nil {
		t.Fatalf("while open the frame shows %d answers and counts %v", f.Poll.Answers, f.Poll.Counts)
	}
	// The next disruption closes the question and is what it predicts.
	if code, body := s.post(t, `{"action":"press","button":"top-leader"}`, tok...); code != 202 {
		t.Fatalf("press: %d %s", code, body)
	}
	s.step()
	f = s.snapshotNow()
	if f.Poll.Open || fmt.Sprint(f.Poll.Counts) != "[6 8 6]" {
		t.Fatalf("after the press: open %v, counts %v", f.Poll.Open, f.Poll.Counts)
	}
	if code, _ := s.answerAs(t, "192.0.2.9:1", id, 0, "voter-late-01"); code != 409 {
		t.Errorf("an answer after the close: %d", code)
	}
	s.runFor(40 * sim.Week)
	f = s.snapshotNow()
	if !f.Poll.Final || f.Poll.Correct < 0 || f.Poll.Outcome == "" {
		t.Fatalf("40 weeks on the outcome is %+v", f.Poll)
	}
	t.Logf("outcome: %s (option %d)", f.Poll.Outcome, f.Poll.Correct)
	// The session log: the tally when it closed, and what happened.
	_, logText, _ := s.get(t, "/api/log")
	runs, err := ReadLog(strings.NewReader(logText))
	if err != nil {
		t.Fatal(err)
	}
	if len(runs[0].Polls) != 2 || fmt.Sprint(runs[0].Polls[0].Counts) != "[6 8 6]" || runs[0].Polls[1].Correct == nil || *runs[0].Polls[1].Correct != f.Poll.Correct {
		t.Fatalf("logged questions: %+v", runs[0].Polls)
	}
	// The room's CSV: one row per answer, with what happened.
	code, body, h := s.get(t, "/api/room.csv")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Fatalf("room.csv: %d %v", code, h)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 21 || rows[0][0] != "run" {
		t.Fatalf("room.csv: %d rows, %v\n%s", len(rows), err, body)
	}
	yes := 0
	for _, r := range rows[1:] {
		if r[len(r)-1] == "yes" {
			yes++
		}
		if r[8] != "the top leader leaves" {
			t.Fatalf("row %v does not name the disruption", r)
		}
	}
	if want := []int{6, 8, 6}[f.Poll.Correct]; yes != want {
		t.Errorf("%d answers came true, want %d", yes, want)
	}
	roomMu.Lock()
	defer roomMu.Unlock()
	if len(roomCSVs) == 0 || !bytes.Equal(roomCSVs[len(roomCSVs)-1], []byte(body)) {
		t.Errorf("Options.Room got %d versions, the last not the served one", len(roomCSVs))
	}
}

// snapshotNow returns the frame the server would send now.
func (s *testServer) snapshotNow() frame {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snapshotLocked()
}

// A vote: the options are the disruptions that may strike now; the
// presenter applies the room's choice, which strikes at the next frame.
func TestRoomVotesOnTheNextDisruption(t *testing.T) {
	s := newTestServer(t, Options{Seed: 2, Speed: 100, ViewersPerClient: 10})
	s.post(t, `{"action":"play"}`)
	s.runFor(2 * sim.Week)
	if code, body := s.post(t, `{"action":"ask","kind":"vote"}`); code != 200 {
		t.Fatalf("ask: %d %s", code, body)
	}
	s.step()
	p := s.snapshotNow().Poll
	if len(p.Options) != 4 {
		t.Fatalf("options %v", p.Options)
	}
	if code, body := s.post(t, `{"action":"apply-vote"}`); code != 409 || !strings.Contains(body, "nobody has voted") {
		t.Errorf("apply with no votes: %d %s", code, body)
	}
	for i, c := range []int{2, 2, 1} {
		s.answerAs(t, "", p.ID, c, fmt.Sprintf("voter-%04d", i))
	}
	if code, body := s.post(t, `{"action":"apply-vote"}`); code != 202 || !strings.Contains(body, "demand doubles") {
		t.Fatalf("apply: %d %s", code, body)
	}
	s.step()
	s.mu.Lock()
	last := s.e.markers[len(s.e.markers)-1]
	s.mu.Unlock()
	if last.Button != Surge {
		t.Fatalf("the room chose the surge; %s struck", last.Button)
	}
	if p := s.snapshotNow().Poll; p.Open || p.Correct != 2 || !p.Final {
		t.Errorf("after applying: %+v", p)
	}
	if code, _ := s.post(t, `{"action":"hide-poll"}`); code != 200 || s.snapshotNow().Poll != nil {
		t.Errorf("hide: the question is still shown")
	}
	for _, c := range []struct{ body, want string }{
		{`{"action":"ask","kind":"guess"}`, `guess`},
		{`{"action":"ask","kind":"peak","org":5}`, "organisation 5"},
		{`{"action":"close-poll"}`, "no question is open"},
	} {
		if code, body := s.post(t, c.body); code < 400 || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s", c.body, code, body)
		}
	}
}

// A slider starts a new run on the same seed with the same presses at the
// same times, the earlier run kept for the charts; the log's start entry
// holds the slider values, and a replay of that run gives the same
// metrics. R starts a new seed without presses, A the same presses on the
// next seed; switching scenarios clears the earlier runs.
func TestSlidersAndRunsYouCanCompare(t *testing.T) {
	s := newTestServer(t, Options{Seed: 6, Speed: 100, Scenarios: []*scenarios.Scenario{mustScenario(t, HierarchyWins)}})
	s.post(t, `{"action":"play"}`)
	s.runFor(2 * sim.Week)
	s.post(t, `{"action":"press","button":"team-lead"}`)
	s.runFor(3 * sim.Week)
	s.post(t, `{"action":"press","button":"surge"}`)
	s.runFor(sim.Week)
	s.mu.Lock()
	presses := append([]LogEntry{}, s.e.presses...)
	s.mu.Unlock()
	for _, c := range []struct{ body, want string }{
		{`{"action":"params","span":1}`, "span 1: want 2 … 20"},
		{`{"action":"params","knowledge":1.2}`, "knowledge 1.2"},
		{`{"action":"params","interim":0}`, "unchanged"},
	} {
		if _, body := s.post(t, c.body); !strings.Contains(body, c.want) {
			t.Errorf("%s: %s, want %q", c.body, body, c.want)
		}
	}
	if code, body := s.post(t, `{"action":"params","span":10,"interim":0.4}`); code != 200 || !strings.Contains(body, "run 2, the same seed and presses: span of control 10 teams") {
		t.Fatalf("params: %d %s", code, body)
	}
	s.runFor(7 * sim.Week)
	s.mu.Lock()
	e := s.e
	if e.run != 2 || e.cfg.Seed != 6 || len(e.presses) != 2 || e.presses[0].T != presses[0].T || e.presses[0].Team != presses[0].Team || e.presses[1].T != presses[1].T {
		t.Fatalf("run %d seed %d presses %+v, want the first run's %+v", e.run, e.cfg.Seed, e.presses, presses)
	}
	if len(e.layouts[0].Nodes) != 20+2+1 || len(s.past) != 1 || !strings.Contains(s.past[0].Label, "run 1, seed 6") {
		t.Fatalf("the hierarchy with span 10 has %d nodes; earlier runs %+v", len(e.layouts[0].Nodes), s.past)
	}
	d := e.markers[0].d[0]
	if d.InterimFactor != 0.4 {
		t.Errorf("the press's interim works at %v", d.InterimFactor)
	}
	watched := metricsOf(t, e)
	s.mu.Unlock()
	_, logText, _ := s.get(t, "/api/log")
	runs, err := ReadLog(strings.NewReader(logText))
	if err != nil || len(runs) != 2 || runs[1].Start.Params == nil || runs[1].Start.Params.Span != 10 || runs[1].Start.Params.Interim != 0.4 {
		t.Fatalf("log: %+v %v", runs, err)
	}
	st := runs[1].Start
	r, err := newSession(sessionConfig{sc: seminarScenario(t), orgs: st.Organisations, seed: st.Seed, params: *st.Params, run: 2, replay: runs[1].Presses, end: st.End, live: true})
	if err != nil {
		t.Fatal(err)
	}
	r.advanceTo(watched.T, zero)
	if got := metricsOf(t, r); fmt.Sprint(got) != fmt.Sprint(watched) {
		t.Fatalf("the replay of the slider's run differs")
	}
	// R: the next seed, no presses; A: the same presses on the next seed.
	if code, body := s.post(t, `{"action":"restart"}`); code != 200 || !strings.Contains(body, "run 3, seed 7") {
		t.Fatalf("restart: %d %s", code, body)
	}
	if code, body := s.post(t, `{"action":"again"}`); code != 409 {
		t.Errorf("again without presses: %d %s", code, body)
	}
	s.post(t, `{"action":"press","button":"slowdown"}`)
	s.step()
	if code, body := s.post(t, `{"action":"again"}`); code != 200 || !strings.Contains(body, "run 4, seed 8: the same 1 presses") {
		t.Fatalf("again: %d %s", code, body)
	}
	s.mu.Lock()
	if len(s.past) != 3 || s.e.params.Span != 10 {
		t.Errorf("%d earlier runs, span %d", len(s.past), s.e.params.Span)
	}
	s.mu.Unlock()
	// Another scenario: its own seed, the earlier runs go.
	if code, body := s.post(t, `{"action":"scenario","name":"`+HierarchyWins+`"}`); code != 200 {
		t.Fatalf("scenario: %d %s", code, body)
	}
	var m initMsg
	_, body, _ := s.get(t, "/api/init")
	json.Unmarshal([]byte(body), &m)
	if m.Scenario != HierarchyWins || len(m.Past) != 0 || len(m.Scenarios) != 2 || !m.Scenarios[1].Running || m.Layouts[0].Summary != "root → 16 teams" {
		t.Fatalf("after switching: %s, %d past, %+v, %q", m.Scenario, len(m.Past), m.Scenarios, m.Layouts[0].Summary)
	}
	if !strings.Contains(strings.Join(m.Assumptions, " "), "every team reports to one root") {
		t.Errorf("assumptions: %q", m.Assumptions)
	}
	if code, body := s.post(t, `{"action":"scenario","name":"nope"}`); code != 400 || !strings.Contains(body, "want one of seminar, "+HierarchyWins) {
		t.Errorf("unknown scenario: %d %s", code, body)
	}
}

func mustScenario(t *testing.T, name string) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Embedded(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// The run ends at its end, after DefaultWeeks, and the presenter may
// continue it; with pause-after set the run pauses by itself when a
// disruption strikes.
func TestContinueAndPauseAfter(t *testing.T) {
	s := newTestServer(t, Options{Seed: 1, Speed: 400, Weeks: 3})
	s.post(t, `{"action":"play"}`)
	s.runFor(10 * sim.Week)
	f := s.snapshotNow()
	if !f.Ended || !f.CanContinue || f.T != 3*sim.Week || !strings.HasPrefix(f.Caption, "End of the run after 3 weeks.") || strings.Contains(f.Caption, "Press") {
		t.Fatalf("at the end: ended %v, can continue %v, t %v, %q", f.Ended, f.CanContinue, f.T, f.Caption)
	}
	if code, body := s.post(t, `{"action":"press","button":"surge"}`); code != 409 || !strings.Contains(body, "continue it (C)") {
		t.Errorf("a press after the end: %d %s", code, body)
	}
	if code, body := s.post(t, `{"action":"continue"}`); code != 200 || !strings.Contains(body, "until week 24") {
		t.Fatalf("continue: %d %s", code, body)
	}
	if code, body := s.post(t, `{"action":"pause-after","on":true}`); code != 200 {
		t.Fatalf("pause-after: %d %s", code, body)
	}
	s.runFor(sim.Week)
	s.post(t, `{"action":"press","button":"slowdown"}`)
	s.step()
	s.step()
	s.step()
	s.mu.Lock()
	struck := s.e.markers[len(s.e.markers)-1].T
	s.mu.Unlock()
	if f := s.snapshotNow(); !f.Paused || !f.PauseAfter || f.T != struck {
		t.Fatalf("after the disruption at %v h: paused %v at %v h", struck, f.Paused, f.T)
	}
}

// The join address is served as a QR code made on this machine; without
// one the page says phones cannot join.
func TestJoinQRCode(t *testing.T) {
	s := newTestServer(t, Options{Seed: 1, JoinURL: "http://192.0.2.44:8080/"})
	code, body, h := s.get(t, "/api/qr.png")
	if code != 200 || h.Get("Content-Type") != "image/png" {
		t.Fatalf("qr.png: %d %v", code, h)
	}
	want, _ := qrcode.Encode("http://192.0.2.44:8080/", qrcode.Medium, 512)
	if body != string(want) {
		t.Error("the QR code is not the join address's")
	}
	if img, err := png.Decode(strings.NewReader(body)); err != nil || img.Bounds().Dx() != 512 {
		t.Fatalf("qr.png: %v", err)
	}
	_, initBody, _ := s.get(t, "/api/init")
	if !strings.Contains(initBody, `"joinURL":"http://192.0.2.44:8080/"`) {
		t.Error("init lacks the join address")
	}
	s2 := newTestServer(t, Options{Seed: 1})
	if code, body, _ := s2.get(t, "/api/qr.png"); code != 404 || !strings.Contains(body, "-addr 0.0.0.0:8080") {
		t.Errorf("without a join address: %d %s", code, body)
	}
}

// "How high does the backlog go?": the options are ranges above the
// backlog now; the outcome is the highest backlog (averaged over a day)
// after the disruption, settled when the organisation is back to normal,
// or cut short by the next disruption.
func TestRoomPredictsAPeak(t *testing.T) {
	s := newTestServer(t, Options{Seed: 3, Speed: 200})
	s.post(t, `{"action":"play"}`)
	s.runFor(3 * sim.Week)
	if code, body := s.post(t, `{"action":"ask","kind":"peak","org":0}`); code != 200 || !strings.Contains(body, "how high does the hierarchy's backlog go?") {
		t.Fatalf("ask: %d %s", code, body)
	}
	s.step()
	p := s.snapshotNow().Poll
	if len(p.Options) != 4 || !strings.HasPrefix(p.Options[0], "up to ") || !strings.HasPrefix(p.Options[3], "over ") {
		t.Fatalf("options %q", p.Options)
	}
	s.post(t, `{"action":"press","button":"top-leader"}`)
	s.runFor(2 * sim.Week)
	p = s.snapshotNow().Poll
	if p.Open || p.Final || !strings.Contains(p.Outcome, "so far") || p.Correct < 0 {
		t.Fatalf("two weeks on: %+v", p)
	}
	// The next disruption cuts it short: it settles as it stood.
	s.post(t, `{"action":"press","button":"surge"}`)
	s.step()
	s.step()
	p = s.snapshotNow().Poll
	if !p.Final || !strings.Contains(p.Outcome, "before the next disruption struck") {
		t.Fatalf("after the next disruption: %+v", p)
	}
	t.Logf("options %q, outcome %q (option %d)", p.Options, p.Outcome, p.Correct)
}
