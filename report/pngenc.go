package report

import (
	"bufio"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"io"
)

// encodePNG writes m to w as PNG, byte for byte what [png.Encode] writes
// (TestEncodePNGIsImagePNG), only sooner. Encoding was close to half of
// drawing a run's figures, and most of that outside deflate was choosing
// each row's filter: png.Encode computes the five filtered rows byte by
// byte to compare their sums. Here the sums are taken eight bytes at a
// time, only the chosen row is written out, and the image is scanned for
// opacity a word at a time; the rows then go to the same zlib writer,
// through the same buffer and in the same calls, so the compressed stream
// and its IDAT chunks are png.Encode's. An image with any pixel not fully
// opaque is handed to png.Encode.
func encodePNG(w io.Writer, m *image.RGBA) error {
	b := m.Bounds()
	if b.Empty() || !opaqueRGBA(m) {
		return png.Encode(w, m)
	}
	width, height := b.Dx(), b.Dy()
	cw := &chunkWriter{w: w}
	if _, err := io.WriteString(w, "\x89PNG\r\n\x1a\n"); err != nil {
		return err
	}
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:4], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:8], uint32(height))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits a sample, true colour
	cw.chunk("IHDR", ihdr[:])

	bw := bufio.NewWriterSize(cw, 1<<15)
	zw, err := zlib.NewWriterLevel(bw, zlib.DefaultCompression)
	if err != nil {
		return err
	}
	n := 3 * width
	// Each buffer holds the filter type byte and then a row.
	cur, prev, out, pa := make([]byte, 1+n), make([]byte, 1+n), make([]byte, 1+n), make([]byte, 1+n)
	pa[0] = ftPaeth
	for y := b.Min.Y; y < b.Max.Y; y++ {
		px := m.Pix[m.PixOffset(b.Min.X, y):]
		c := cur[1:]
		for i, j := 0, 0; i < n; i, j = i+3, j+4 {
			c[i], c[i+1], c[i+2] = px[j], px[j+1], px[j+2]
		}
		row := out
		switch f := chooseFilter(c, prev[1:], pa[1:]); f {
		case ftNone:
			cur[0] = ftNone
			row = cur
		case ftPaeth:
			row = pa
		default:
			out[0] = byte(f)
			applyFilter(f, out[1:], c, prev[1:])
		}
		if _, err := zw.Write(row); err != nil {
			return err
		}
		cur, prev = prev, cur
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if cw.err != nil {
		return cw.err
	}
	cw.chunk("IEND", nil)
	return cw.err
}

// The PNG filter types.
const (
	ftNone = iota
	ftSub
	ftUp
	ftAverage
	ftPaeth
)

// chunkWriter writes PNG chunks to w; as an io.Writer, each write is one
// IDAT chunk. The first error sticks.
type chunkWriter struct {
	w   io.Writer
	err error
}

func (cw *chunkWriter) chunk(name string, data []byte) {
	if cw.err != nil {
		return
	}
	var head [8]byte
	binary.BigEndian.PutUint32(head[:4], uint32(len(data)))
	copy(head[4:], name)
	crc := crc32.NewIEEE()
	crc.Write(head[4:8])
	crc.Write(data)
	var foot [4]byte
	binary.BigEndian.PutUint32(foot[:], crc.Sum32())
	for _, p := range [][]byte{head[:], data, foot[:]} {
		if _, cw.err = cw.w.Write(p); cw.err != nil {
			return
		}
	}
}

func (cw *chunkWriter) Write(p []byte) (int, error) {
	cw.chunk("IDAT", p)
	if cw.err != nil {
		return 0, cw.err
	}
	return len(p), nil
}

// opaqueRGBA reports whether every pixel of m has alpha 0xff.
func opaqueRGBA(m *image.RGBA) bool {
	b := m.Bounds()
	const alpha = 0xff000000ff000000
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := m.Pix[m.PixOffset(b.Min.X, y):][:4*b.Dx()]
		i := 0
		for ; i+8 <= len(row); i += 8 {
			if binary.LittleEndian.Uint64(row[i:])&alpha != alpha {
				return false
			}
		}
		for ; i < len(row); i += 4 {
			if row[i+3] != 0xff {
				return false
			}
		}
	}
	return true
}

// SWAR constants: every byte's high bit, every byte's low seven bits,
// and 16-bit and 32-bit lanes.
const (
	hiBits  = 0x8080808080808080
	lo7Bits = 0x7f7f7f7f7f7f7f7f
	lanes16 = 0x00ff00ff00ff00ff
	lanes32 = 0x0000ffff0000ffff
)

// subBytes is x − y in each byte, modulo 256.
func subBytes(x, y uint64) uint64 { return ((x | hiBits) - (y &^ hiBits)) ^ ((x ^ ^y) & hiBits) }

// avgBytes is ⌊(x + y)/2⌋ in each byte.
func avgBytes(x, y uint64) uint64 { return (x & y) + ((x^y)>>1)&lo7Bits }

// absBytes is each byte's absolute value read as a signed byte, as
// png's abs8: d for d < 128, else 256 − d (at most 128).
func absBytes(d uint64) uint64 {
	s := (d & hiBits) >> 7
	return (d ^ (s * 0xff)) + s
}

// byteSum accumulates sums of absBytes words in 16-bit lanes; a lane
// takes at most 2 × 128 a word, so it is folded every 128 words.
type byteSum struct {
	total int
	acc   uint64
	words int
}

func (s *byteSum) add(a uint64) {
	s.acc += a&lanes16 + (a>>8)&lanes16
	if s.words++; s.words == 128 {
		s.fold()
	}
}

func (s *byteSum) fold() {
	t := s.acc&lanes32 + (s.acc>>16)&lanes32
	s.total += int(t&0xffffffff + t>>32)
	s.acc, s.words = 0, 0
}

// sum is the total so far.
func (s *byteSum) sum() int {
	s.fold()
	return s.total
}

// abs8 is png's filter cost of one filtered byte.
func abs8(d uint8) int {
	if d < 128 {
		return int(d)
	}
	return 256 - int(d)
}

// chooseFilter returns the filter png.Encode chooses for the row c of
// 3-byte pixels after the row p: the least sum of |filtered byte|, tried
// in png's order (up, Paeth, none, sub, average), a later one taken only
// when strictly less. A sum is abandoned once it reaches the best so far,
// which cannot change the choice, since sums only grow. The row filtered
// with Paeth is left in pa whenever Paeth is chosen.
func chooseFilter(c, p, pa []byte) int {
	const bpp = 3
	n := len(c)
	le := binary.LittleEndian

	// Up is summed over every row in full, so its loop is written out
	// rather than passed to wordSums: the calls through its function
	// values cost a tenth of the encoding (BenchmarkEncodePNG).
	var up byteSum
	i := 0
	for ; i+8 <= n; i += 8 {
		up.add(absBytes(subBytes(le.Uint64(c[i:]), le.Uint64(p[i:]))))
	}
	best := up.sum()
	for ; i < n; i++ {
		best += abs8(c[i] - p[i])
	}
	f := ftUp
	if best == 0 {
		return f
	}

	// Paeth, a byte at a time: its predictor has no cheap word form.
	if sum := paethRow(pa, c, p, best); sum < best {
		best, f = sum, ftPaeth
	}

	// none
	sum := wordSums(c, best, func(i int) uint64 { return absBytes(le.Uint64(c[i:])) },
		func(i int) int { return abs8(c[i]) }, 0)
	if sum < best {
		best, f = sum, ftNone
	}

	// sub
	sum = 0
	for i := 0; i < bpp && i < n; i++ {
		sum += abs8(c[i])
	}
	sum = wordSums(c, best-sum, func(i int) uint64 { return absBytes(subBytes(le.Uint64(c[i:]), le.Uint64(c[i-bpp:]))) },
		func(i int) int { return abs8(c[i] - c[i-bpp]) }, bpp) + sum
	if sum < best {
		best, f = sum, ftSub
	}

	// average
	sum = 0
	for i := 0; i < bpp && i < n; i++ {
		sum += abs8(c[i] - p[i]/2)
	}
	sum = wordSums(c, best-sum, func(i int) uint64 {
		return absBytes(subBytes(le.Uint64(c[i:]), avgBytes(le.Uint64(c[i-bpp:]), le.Uint64(p[i:]))))
	}, func(i int) int { return abs8(c[i] - uint8((int(c[i-bpp])+int(p[i]))/2)) }, bpp) + sum
	if sum < best {
		f = ftAverage
	}
	return f
}

// wordSums adds word(i) over the words of c from byte from on, and
// one(i) over the bytes left at the end, stopping early (with a sum of at
// least limit) once the sum reaches limit.
func wordSums(c []byte, limit int, word func(int) uint64, one func(int) int, from int) int {
	var s byteSum
	i := from
	for ; i+8 <= len(c); i += 8 {
		s.add(word(i))
		if s.words == 0 && s.total >= limit {
			return s.total
		}
	}
	sum := s.sum()
	for ; i < len(c) && sum < limit; i++ {
		sum += one(i)
	}
	return sum
}

// paethRow writes into dst the row c filtered with Paeth against p and
// returns its sum of |filtered byte|, stopping once the sum reaches limit.
// The predictor (a, the left byte, if it is nearest to a + b − c, with b
// above and c above-left; else b if that is nearer than c; else c) picks
// by masks rather than branches, which anti-aliased edges would
// mispredict; the only branch in the loop is the stop.
func paethRow(dst, c, p []byte, limit int) int {
	const bpp = 3
	n := len(c)
	dst, p = dst[:n], p[:n]
	sum := 0
	for i := 0; i < bpp && i < n; i++ {
		dst[i] = c[i] - p[i]
		sum += abs8(dst[i])
	}
	for i := bpp; i < n; i++ {
		ia, ib, ic := int(c[i-bpp]), int(p[i]), int(p[i-bpp])
		pa, pb := ib-ic, ia-ic
		pc := absInt(pa + pb)
		pa, pb = absInt(pa), absInt(pb)
		notA := ((pb - pa) | (pc - pa)) >> 63
		notB := (pc - pb) >> 63
		bc := ib ^ ((ib ^ ic) & notB)
		d := c[i] - uint8(ia^((ia^bc)&notA))
		dst[i] = d
		sum += absInt(int(int8(d)))
		if sum >= limit {
			break
		}
	}
	return sum
}

// applyFilter writes into dst the row c filtered with f (up, sub or
// average) against the previous row p.
func applyFilter(f int, dst, c, p []byte) {
	const bpp = 3
	n := len(c)
	switch f {
	case ftUp:
		for i := range n {
			dst[i] = c[i] - p[i]
		}
	case ftSub:
		copy(dst[:min(bpp, n)], c)
		for i := bpp; i < n; i++ {
			dst[i] = c[i] - c[i-bpp]
		}
	case ftAverage:
		for i := 0; i < bpp && i < n; i++ {
			dst[i] = c[i] - p[i]/2
		}
		for i := bpp; i < n; i++ {
			dst[i] = c[i] - uint8((int(c[i-bpp])+int(p[i]))/2)
		}
	}
}

// absInt is |x|.
func absInt(x int) int {
	m := x >> 63
	return (x ^ m) - m
}
