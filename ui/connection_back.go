package ui

import (
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
)

// refusalChoices are the ways on after a screen's read failed: try again
// and, when IXC refused the table (a permission the connection checklist
// shows), go back to that checklist, re-tested.
func refusalChoices(c *Common, err error) []choice {
	opts := []choice{{"retry", c.T("Tentar de novo", "Try again")}}
	switch ixc.KindOf(err) {
	case ixc.KindPermissionDenied, ixc.KindResourceUnavailable:
		opts = append(opts, checklistChoice(c))
	}
	return opts
}

// checklistChoice goes back to the connection's checklist (toChecklist).
func checklistChoice(c *Common) choice {
	return choice{"checklist", c.T("Voltar à lista de permissões da conexão (testar de novo)",
		"Back to the connection's permission checklist (test again)")}
}

// toChecklist goes back to the connection screen, which tests again at
// once and shows the checklist.
func toChecklist(s *Session) nav {
	s.recheck = true
	return nav{kind: navTo, to: stConnection}
}

// grantHint says where in IXC a token is allowed to list tables: the
// permissions of its user's group.
func grantHint(c *Common, tables []string) string {
	return c.Tf("Configurações > Usuários > Grupo de usuários > (grupo do usuário da integração) > Permissões: libere a listagem de %s; depois teste a conexão de novo.",
		"Configurações > Usuários > Grupo de usuários > (the integration user's group) > Permissões: allow listing %s; then test the connection again.",
		tableList(c, tables))
}

// tableList names tables as a sentence does: "a, b e c" ("a, b and c").
func tableList(c *Common, tables []string) string {
	switch len(tables) {
	case 0:
		return ""
	case 1:
		return tables[0]
	}
	return strings.Join(tables[:len(tables)-1], ", ") + c.T(" e ", " and ") + tables[len(tables)-1]
}
