package ui

import (
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// A dry run's simulated creates (steps.Draft): the new product of an offer
// and a combo plan exist only in the session, so that the link step still
// shows the rows it would write for them. A draft's Ref is never saved in
// the profile and never read from IXC: reads take productIDs, the link
// planners take productRefs and the session's drafts.

// addDraft records the record the insert ch would create and returns its
// Ref ("" when ch is not an insert).
func (s *Session) addDraft(ch steps.Change) string {
	d, ok := steps.DraftOf(ch, steps.DraftRef(len(s.drafts)+1))
	if !ok {
		return ""
	}
	s.drafts = append(s.drafts, d)
	return d.Ref
}

// draftName is the name of the draft ref ("" when unknown).
func (s *Session) draftName(ref string) string {
	for _, d := range s.drafts {
		if d.Ref == ref {
			return d.Name()
		}
	}
	return ""
}

// productRef is the id of the product of pr, or the Ref of the product a
// dry run simulated for its offer ("" when neither).
func (s *Session) productRef(pr profile.Product) string {
	if pr.ID != "" {
		return pr.ID
	}
	return s.draftProducts[pr.Offer]
}

// productRefs are the configured products' ids and draft Refs, for
// planning their links.
func (s *Session) productRefs() []string {
	var out []string
	for _, pr := range s.Profile.Products {
		if ref := s.productRef(pr); ref != "" {
			out = append(out, ref)
		}
	}
	return out
}

// realIDs leaves the draft Refs out of ids (what the profile keeps).
func realIDs(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !steps.IsDraftRef(id) {
			out = append(out, id)
		}
	}
	return out
}
