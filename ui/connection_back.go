package ui

import "github.com/ixc-leveduca/ixc-leveduca/ixc"

// refusalChoices are the ways on after a screen's read failed: try again
// and, when IXC refused the table (a permission the connection checklist
// shows), go back to that checklist, re-tested.
func refusalChoices(c *Common, err error) []choice {
	opts := []choice{{"retry", c.T("Tentar de novo", "Try again")}}
	switch ixc.KindOf(err) {
	case ixc.KindPermissionDenied, ixc.KindResourceUnavailable:
		opts = append(opts, choice{"checklist", c.T("Voltar à lista de permissões da conexão (testar de novo)",
			"Back to the connection's permission checklist (test again)")})
	}
	return opts
}

// toChecklist goes back to the connection screen, which tests again at
// once and shows the checklist.
func toChecklist(s *Session) nav {
	s.recheck = true
	return nav{kind: navTo, to: stConnection}
}
