package seminar

import "sync"

// hub fans frames out to the viewers' streams. Each viewer has a mailbox of
// one frame: a new frame replaces one the viewer has not taken yet, so a
// slow viewer skips frames and costs one frame of memory, and publishing
// never waits for anyone.
type hub struct {
	mu      sync.Mutex
	clients map[*viewer]struct{}
	max     int
}

// viewer is one connected event stream.
type viewer struct {
	box chan []byte // capacity 1: the newest frame not yet sent
}

func newHub(max int) *hub {
	return &hub{clients: map[*viewer]struct{}{}, max: max}
}

// join adds a viewer, or reports false when the room is full.
func (h *hub) join() (*viewer, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.clients) >= h.max {
		return nil, false
	}
	v := &viewer{box: make(chan []byte, 1)}
	h.clients[v] = struct{}{}
	return v, true
}

// leave removes a viewer.
func (h *hub) leave(v *viewer) {
	h.mu.Lock()
	delete(h.clients, v)
	h.mu.Unlock()
}

// count returns the number of connected viewers.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// publish offers msg to every viewer without blocking: a frame still in a
// viewer's mailbox is replaced by the newer one.
func (h *hub) publish(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for v := range h.clients {
		select {
		case v.box <- msg:
			continue
		default:
		}
		select {
		case <-v.box: // drop the older frame
		default:
		}
		select {
		case v.box <- msg:
		default:
		}
	}
}
