package ixc

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeURLAccepted(t *testing.T) {
	cases := []struct{ in, want string }{
		{"ixc.provedor.com.br", "https://ixc.provedor.com.br/webservice/v1"},
		{"  ixc.provedor.com.br  ", "https://ixc.provedor.com.br/webservice/v1"},
		{"IXC.Provedor.COM.BR", "https://ixc.provedor.com.br/webservice/v1"},
		{"https://ixc.provedor.com.br", "https://ixc.provedor.com.br/webservice/v1"},
		{"HTTPS://ixc.provedor.com.br/", "https://ixc.provedor.com.br/webservice/v1"},
		{"https://ixc.provedor.com.br/webservice/v1", "https://ixc.provedor.com.br/webservice/v1"},
		{"https://ixc.provedor.com.br/webservice/v1/", "https://ixc.provedor.com.br/webservice/v1"},
		{"ixc.provedor.com.br/webservice/v1", "https://ixc.provedor.com.br/webservice/v1"},
		{"https://ixc.provedor.com.br/adm.php", "https://ixc.provedor.com.br/webservice/v1"},
		{"https://ixc.provedor.com.br/adm.php#/cliente?x=1", "https://ixc.provedor.com.br/webservice/v1"},
		{"ixc.provedor.com.br/adm.php", "https://ixc.provedor.com.br/webservice/v1"},
		{"https://ixc.provedor.com.br:8443", "https://ixc.provedor.com.br:8443/webservice/v1"},
		{"ixc.provedor.com.br:8443/", "https://ixc.provedor.com.br:8443/webservice/v1"},
		{"https://ixc.provedor.com.br:443/", "https://ixc.provedor.com.br/webservice/v1"},
		{"//ixc.provedor.com.br", "https://ixc.provedor.com.br/webservice/v1"},
		{"ixc.provedor.com.br.", "https://ixc.provedor.com.br/webservice/v1"},
		{"demo.ixcsoft.com.br", "https://demo.ixcsoft.com.br/webservice/v1"},
		{"https://203.0.113.7", "https://203.0.113.7/webservice/v1"},
		{"https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443/webservice/v1"},
		{"http://localhost:8080", "http://localhost:8080/webservice/v1"},
		{"localhost:8080", "https://localhost:8080/webservice/v1"},
		{"http://127.0.0.1:9000/webservice/v1/", "http://127.0.0.1:9000/webservice/v1"},
		{"http://127.1.2.3", "http://127.1.2.3/webservice/v1"},
		{"http://[::1]:8080", "http://[::1]:8080/webservice/v1"},
		{"http://localhost:80", "http://localhost/webservice/v1"},
		{"https://provedor-ção.com.br", "https://xn--provedor-o-n5a1c.com.br/webservice/v1"},
		{"https://münchen.de", "https://xn--mnchen-3ya.de/webservice/v1"},
		// NFD (u + combining diaeresis) is the same name as NFC for IDNA.
		{"https://mu\u0308nchen.de", "https://xn--mnchen-3ya.de/webservice/v1"},
		{"https://ixc.provedor。com。br", "https://ixc.provedor.com.br/webservice/v1"},
		// UTS #46 lookup accepts symbols, as browsers do (☃.net resolves).
		{"https://ixc☃.com.br", "https://xn--ixc-um5a.com.br/webservice/v1"},
		{"https://AÇAÍ.com.br", "https://xn--aa-4iaz.com.br/webservice/v1"},
		{"intranet-ixc", "https://intranet-ixc/webservice/v1"},
	}
	for _, tc := range cases {
		got, err := NormalizeURL(tc.in)
		if err != nil {
			t.Errorf("NormalizeURL(%q) error: %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalizeURLRejected(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", "empty"},
		{"   ", "empty"},
		{"ixc provedor.com.br", "spaces"},
		{"https://ixc.provedor.com.br /webservice/v1", "spaces"},
		{"http://ixc.provedor.com.br", "plain http is not allowed"},
		{"http://10.0.0.5:8080", "plain http is not allowed"},
		{"ftp://ixc.provedor.com.br", "scheme"},
		{"file:///etc/passwd", "scheme"},
		{"https://42:" + testHash + "@ixc.provedor.com.br", "user:password@"},
		{"https://user@ixc.provedor.com.br", "user:password@"},
		{"https://ixc.provedor.com.br:0", "port"},
		{"https://ixc.provedor.com.br:70000", "port"},
		{"https://ixc.provedor.com.br:abc", "port"},
		{"https://ixc.provedor.com.br:", "port"},
		{"https://ixc.provedor.com.br/webservice/v1/cliente", "remove \"/cliente\""},
		{"https://ixc.provedor.com.br/outra/coisa", "unexpected path"},
		{"https://ixc.provedor.com.br/?a=1", "?"},
		{"https://ixc.provedor.com.br/#x", "#"},
		{"https://ixc_provedor.com.br", "not valid"},
		{"https://-ixc.com.br", "not valid"},
		{"https://ixc..com.br", "not valid"},
		{"https://☃\u200b.com", "not valid in a domain name"},      // invisible: refused, not dropped
		{"https://ixc\u00ad.com.br", "not valid in a domain name"}, // soft hyphen
		{"https://\u0301ixc.com.br", "not valid in a domain name"}, // a label may not start with a combining mark
		{"https://ixc\u200d.com.br", "not valid in a domain name"}, // ZWJ out of context
		{"https://ixc\u00a0x.com.br", "spaces"},
		{"https://999.1.1.1", "not a valid IP"},
		{"https://0.0.0.0", "not a server address"},
		{"https://[::1", "malformed"},
		{"https://" + strings.Repeat("a", 64) + ".com", "not valid"},
		{"https://", "no host"},
		{"mailto:x@y.com", "malformed"},
		{"https://ixc.com.br\x00", "control"},
	}
	for _, tc := range cases {
		got, err := NormalizeURL(tc.in)
		if err == nil {
			t.Errorf("NormalizeURL(%q) = %q, want error", tc.in, got)
			continue
		}
		var ue *URLError
		if !errors.As(err, &ue) {
			t.Errorf("NormalizeURL(%q) error %T is not *URLError", tc.in, err)
			continue
		}
		if !strings.Contains(ue.Reason, tc.want) {
			t.Errorf("NormalizeURL(%q) reason %q does not contain %q", tc.in, ue.Reason, tc.want)
		}
		assertNoSecret(t, err.Error())
	}
}
