package ixc

// Scraping IXC's HTML answers for the words to show: the red "Ocorreu um
// erro ao processar" <div>, a page's <title>, and <br /> and entities in
// JSON messages.

import (
	"html"
	"regexp"
	"strings"
)

var brRE = regexp.MustCompile(`(?i)<\s*br\s*/?\s*>`)
var tagRE = regexp.MustCompile(`<[^>]*>`)

// cleanMessage removes <br /> and other tags, unescapes entities and
// collapses whitespace into single spaces.
func cleanMessage(s string) string {
	s = brRE.ReplaceAllString(s, " ")
	if strings.Contains(s, "<") {
		s = tagRE.ReplaceAllString(s, " ")
	}
	s = html.UnescapeString(s)
	return strings.Join(strings.Fields(s), " ")
}

var redDivRE = regexp.MustCompile(`(?is)<div\s+style\s*=[^>]*>(.*?)</div>`)

// processingMessage returns the text of IXC's red error <div> and true when
// body is such an HTML error ("Ocorreu um erro ao processar…").
func processingMessage(body []byte) (string, bool) {
	s := string(body)
	low := strings.ToLower(s)
	if !strings.Contains(low, "<div") || !strings.Contains(low, "erro") {
		return "", false
	}
	m := redDivRE.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	msg := cleanMessage(m[1])
	if !strings.Contains(strings.ToLower(msg), "erro") {
		return "", false
	}
	return msg, true
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// htmlTitle extracts a short description from an HTML page for messages.
// redact (if not nil) runs before the title is shortened: a secret cut in
// half would no longer be recognized.
func htmlTitle(body []byte, redact func(string) string) string {
	m := titleRE.FindSubmatch(body)
	if m == nil {
		return ""
	}
	t := cleanMessage(string(m[1]))
	if redact != nil {
		t = redact(t)
	}
	return truncate(t, 80)
}
