package seminar

import (
	"fmt"
	"net"
	"net/netip"
	"sync"
)

// hub fans frames out to the event streams. Each stream has a mailbox of
// one frame: a new frame replaces one the stream has not taken yet, so a
// slow viewer skips frames and costs one frame of memory, and publishing
// never waits for anyone.
//
// Streams come in two kinds, admitted separately. Viewers' streams are
// bounded in all (max) and per client address (perClient), so that one
// client cannot fill the room. The presenter's streams never count against
// those bounds: at most presenters of them are open at once, and a new one
// takes the place of the oldest, so the presenter always gets in and a
// leaked token costs a bounded amount of memory.
type hub struct {
	mu         sync.Mutex
	clients    map[*viewer]struct{} // every open stream
	perAddr    map[string]int       // viewers' streams per client address
	viewers    int                  // viewers' streams
	presenters []*viewer            // the presenter's streams, oldest first
	max        int                  // viewers' streams in all
	perClient  int                  // viewers' streams per client address
	maxPres    int                  // the presenter's streams
}

// viewer is one connected event stream.
type viewer struct {
	box       chan []byte   // capacity 1: the newest frame not yet sent
	replaced  chan struct{} // closed when a newer presenter stream takes this one's place
	addr      string        // the client address a viewer's stream counts against
	presenter bool
}

// refusal says why a stream was not admitted; its text is meant for the
// person whose page was refused.
type refusal string

func (r refusal) Error() string { return string(r) }

func newHub(max, perClient, presenters int) *hub {
	return &hub{clients: map[*viewer]struct{}{}, perAddr: map[string]int{}, max: max, perClient: perClient, maxPres: presenters}
}

// join admits a stream from client address addr (see [clientAddr]). A
// presenter's stream is always admitted, closing the oldest presenter
// stream when there are already h.maxPres of them; a viewer's stream is
// refused when its address has h.perClient streams open or the room h.max.
func (h *hub) join(addr string, presenter bool) (*viewer, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	v := &viewer{box: make(chan []byte, 1), replaced: make(chan struct{}), addr: addr, presenter: presenter}
	if presenter {
		if len(h.presenters) >= h.maxPres {
			old := h.presenters[0]
			h.presenters = h.presenters[1:]
			delete(h.clients, old)
			close(old.replaced)
		}
		h.presenters = append(h.presenters, v)
		h.clients[v] = struct{}{}
		return v, nil
	}
	if h.perAddr[addr] >= h.perClient {
		return nil, refusal(fmt.Sprintf("too many viewers from your address (at most %d at once); close another page of this seminar to watch here", h.perClient))
	}
	if h.viewers >= h.max {
		s := "s"
		if h.max == 1 {
			s = ""
		}
		return nil, refusal(fmt.Sprintf("the room is full: this seminar serves %d viewer%s at once; try again later", h.max, s))
	}
	h.perAddr[addr]++
	h.viewers++
	h.clients[v] = struct{}{}
	return v, nil
}

// leave removes a stream; a presenter stream already replaced is gone.
func (h *hub) leave(v *viewer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.clients[v]; !ok {
		return
	}
	delete(h.clients, v)
	if v.presenter {
		for i, p := range h.presenters {
			if p == v {
				h.presenters = append(h.presenters[:i], h.presenters[i+1:]...)
				break
			}
		}
		return
	}
	h.viewers--
	if h.perAddr[v.addr]--; h.perAddr[v.addr] <= 0 {
		delete(h.perAddr, v.addr)
	}
}

// count returns the number of open streams, the presenter's included.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// viewerCount returns the number of viewers' streams open (the
// presenter's not counted).
func (h *hub) viewerCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.viewers
}

// publish offers msg to every stream without blocking: a frame still in a
// stream's mailbox is replaced by the newer one.
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

// clientAddr returns the address a request's viewer slots count against:
// the remote IP without the port (an IPv4 address written as IPv6 counts
// as the IPv4 one), or the whole remote address when it is not an IP.
func clientAddr(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	return ip.Unmap().WithZone("").String()
}
