package profile

import (
	"fmt"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/safefile"
)

// Marshal writes the profile as canonical TOML in the layout of design.md
// §4.1: [ixc], [integration], one [[product]] per offer, [link], [auth].
// Values are written canonical (prices "9.90", lower-case enumerations,
// tributacao upper-case); empty product fields are left out. There is no
// token field: the token's secret never reaches the file. The profile is
// checked with Validate(false) first.
func (p *Profile) Marshal() ([]byte, error) {
	q, err := p.canonical(false)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("# ixc-leveduca profile. The API token is never stored here: set IXC_TOKEN=id:hash.\n\n")

	b.WriteString("[ixc]\n")
	kv(&b, "url", str(q.IXC.URL))
	kv(&b, "token_user", str(q.IXC.TokenUser))
	kv(&b, "insecure_tls", fmt.Sprint(q.IXC.InsecureTLS))
	kv(&b, "ca_cert", str(q.IXC.CACert))
	if q.IXC.AllowHTTP {
		kv(&b, "allow_http", "true")
	}

	b.WriteString("\n[integration]\n")
	kv(&b, "method", str(string(q.Integration.Method)))

	for _, pr := range q.Products {
		b.WriteString("\n[[product]]\n")
		kv(&b, "offer", str(pr.Offer))
		for _, f := range []struct{ k, v string }{
			{"id", pr.ID}, {"name", pr.Name}, {"subgroup", pr.Subgroup}, {"price", pr.Price},
			{"tributacao", pr.Tributacao}, {"fiscal_class", pr.FiscalClass},
		} {
			if f.v != "" {
				kv(&b, f.k, str(f.v))
			}
		}
	}

	b.WriteString("\n[link]\n")
	kv(&b, "method", str(string(q.Link.Method)))
	kv(&b, "plans", list(q.Link.Plans))
	kv(&b, "contracts", list(q.Link.Contracts))
	if q.Link.ServiceValue != "" {
		kv(&b, "service_value", str(q.Link.ServiceValue))
	}
	if q.Link.Repeat != "" {
		kv(&b, "repeat", str(q.Link.Repeat))
	}

	b.WriteString("\n[auth]\n")
	kv(&b, "method", str(string(q.Auth.Method)))
	return []byte(b.String()), nil
}

func kv(b *strings.Builder, k, v string) {
	b.WriteString(k)
	b.WriteString(" = ")
	b.WriteString(v)
	b.WriteByte('\n')
}

func list(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = str(id)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// str writes a TOML basic string. The input is valid UTF-8 without control
// characters other than tab (canonical checked it).
func str(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Save writes p (canonical, Marshal) to path through safefile: atomically
// (a temporary file in the same directory, then a rename), mode 0600, never
// through a symbolic link, and the previous file, if any, kept as
// PATH.bak. The profile never holds the token's secret.
func Save(path string, p *Profile) error {
	data, err := p.Marshal()
	if err != nil {
		return err
	}
	return safefile.Write(path, data, safefile.Options{Backup: true})
}
