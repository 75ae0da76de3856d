package ixc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// toASCIIHost converts a unicode host name to its IDNA ASCII form
// ("xn--…" labels, RFC 3492 punycode). It accepts only labels made of
// letters, digits, combining marks and '-' (a simplified IDNA check: no
// symbols, punctuation or spaces). Labels are lower-cased first.
func toASCIIHost(h string) (string, bool) {
	if !utf8.ValidString(h) {
		return "", false
	}
	// IDNA dot equivalents.
	h = strings.NewReplacer("。", ".", "．", ".", "｡", ".").Replace(h)
	labels := strings.Split(strings.ToLower(h), ".")
	for i, l := range labels {
		if l == "" {
			return "", false
		}
		ascii := true
		for _, r := range l {
			if r >= 0x80 {
				ascii = false
				if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) {
					return "", false
				}
			}
		}
		if ascii {
			continue
		}
		if unicode.IsMark([]rune(l)[0]) {
			return "", false
		}
		enc, ok := punyEncode(l)
		if !ok {
			return "", false
		}
		labels[i] = "xn--" + enc
	}
	return strings.Join(labels, "."), true
}

// punyEncode is the RFC 3492 encoder.
func punyEncode(s string) (string, bool) {
	const (
		base, tmin, tmax, skew, damp = 36, 1, 26, 38, 700
		initialBias, initialN        = 72, 128
	)
	runes := []rune(s)
	var out []byte
	for _, r := range runes {
		if r < 0x80 {
			out = append(out, byte(r))
		}
	}
	b := len(out)
	h := b
	if b > 0 {
		out = append(out, '-')
	}
	digit := func(d int) byte {
		if d < 26 {
			return byte('a' + d)
		}
		return byte('0' + d - 26)
	}
	adapt := func(delta, numPoints int, first bool) int {
		if first {
			delta /= damp
		} else {
			delta /= 2
		}
		delta += delta / numPoints
		k := 0
		for delta > ((base-tmin)*tmax)/2 {
			delta /= base - tmin
			k += base
		}
		return k + (base-tmin+1)*delta/(delta+skew)
	}
	n, delta, bias := initialN, 0, initialBias
	for h < len(runes) {
		m := int(unicode.MaxRune) + 1
		for _, r := range runes {
			if int(r) >= n && int(r) < m {
				m = int(r)
			}
		}
		if (m-n)*(h+1) > 1<<30 {
			return "", false
		}
		delta += (m - n) * (h + 1)
		n = m
		for _, r := range runes {
			c := int(r)
			if c < n {
				delta++
			}
			if c == n {
				q := delta
				for k := base; ; k += base {
					t := k - bias
					if t < tmin {
						t = tmin
					} else if t > tmax {
						t = tmax
					}
					if q < t {
						break
					}
					out = append(out, digit(t+(q-t)%(base-t)))
					q = (q - t) / (base - t)
				}
				out = append(out, digit(q))
				bias = adapt(delta, h+1, h == b)
				delta = 0
				h++
			}
		}
		delta++
		n++
	}
	return string(out), true
}
