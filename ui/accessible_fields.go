package ui

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unsafe"

	"charm.land/huh/v2"
)

// The accessible mode asks each form's questions itself, as plain lines in
// the user's language. huh's own accessible prompts are English only
// ("Enter a number between…", "Confirm selection", "[y/N]"), drop the
// fields' descriptions, and never end when the input does: a multi-select
// whose validation fails re-asks forever on a closed pipe. huh exposes no
// getter for a field's title, options or validation, so question reads them
// from the field (huh v2.0.3's layout, pinned in go.mod; the accessible
// tests walk every kind of field the wizard uses, so an upgrade that moves
// them fails loudly) and answers through the field's own accessor and
// validation, exactly as huh would.

type questionKind int

const (
	qNote questionKind = iota
	qInput
	qSelect
	qMulti
	qConfirm
)

// question is one field of a form, read from huh.
type question struct {
	kind        questionKind
	title, desc string
	placeholder string
	// Select and MultiSelect: the options' labels and values, which are
	// ticked (MultiSelect) and the limit of ticks (0: none).
	labels   []string
	values   []reflect.Value
	ticked   []bool
	limit    int
	secret   bool
	affirm   string
	negative string

	accessor reflect.Value // huh.Accessor[T]
	validate reflect.Value // func(T) error, may be invalid
}

// reach makes an unexported field of a huh struct usable (read, call).
func reach(v reflect.Value) reflect.Value {
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

// formGroups are the groups of f.
func formGroups(f *huh.Form) ([]*huh.Group, error) {
	sel := reflect.ValueOf(f).Elem().FieldByName("selector")
	if !sel.IsValid() || sel.IsNil() {
		return nil, errors.New("huh.Form: no groups")
	}
	items := reach(sel.Elem().FieldByName("items"))
	groups, ok := items.Interface().([]*huh.Group)
	if !ok {
		return nil, errors.New("huh.Form: unexpected groups")
	}
	return groups, nil
}

// groupHidden reports whether g is hidden (WithHide/WithHideFunc) now.
func groupHidden(g *huh.Group) bool {
	hide := reflect.ValueOf(g).Elem().FieldByName("hide")
	if !hide.IsValid() || hide.IsNil() {
		return false
	}
	fn, ok := reach(hide).Interface().(func() bool)
	return ok && fn()
}

// groupFields are the fields of g.
func groupFields(g *huh.Group) ([]huh.Field, error) {
	sel := reflect.ValueOf(g).Elem().FieldByName("selector")
	if !sel.IsValid() || sel.IsNil() {
		return nil, errors.New("huh.Group: no fields")
	}
	fields, ok := reach(sel.Elem().FieldByName("items")).Interface().([]huh.Field)
	if !ok {
		return nil, errors.New("huh.Group: unexpected fields")
	}
	return fields, nil
}

// evalString reads an Eval[string] field (title, description, placeholder).
func evalString(v reflect.Value, name string) string {
	f := v.FieldByName(name)
	if !f.IsValid() {
		return ""
	}
	s := f.FieldByName("val")
	if !s.IsValid() || s.Kind() != reflect.String {
		return ""
	}
	return s.String()
}

// readQuestion reads what the prompt needs from a huh field.
func readQuestion(field huh.Field) (*question, error) {
	v := reflect.ValueOf(field)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("unexpected field %T", field)
	}
	v = v.Elem()
	q := &question{title: evalString(v, "title"), desc: evalString(v, "description")}
	if a := v.FieldByName("accessor"); a.IsValid() {
		q.accessor = reach(a)
	}
	if f := v.FieldByName("validate"); f.IsValid() && !f.IsNil() {
		q.validate = reach(f)
	}
	name := v.Type().Name()
	switch {
	case name == "Note":
		q.kind = qNote
	case name == "Input" || name == "Text":
		q.kind = qInput
		q.placeholder = evalString(v, "placeholder")
		if ti := v.FieldByName("textinput"); ti.IsValid() {
			q.secret = ti.FieldByName("EchoMode").Int() != int64(huh.EchoModeNormal)
			if q.placeholder == "" {
				q.placeholder = ti.FieldByName("Placeholder").String()
			}
		}
	case name == "Confirm":
		q.kind = qConfirm
		q.affirm, q.negative = v.FieldByName("affirmative").String(), v.FieldByName("negative").String()
	case strings.HasPrefix(name, "Select["), strings.HasPrefix(name, "MultiSelect["):
		q.kind = qSelect
		if strings.HasPrefix(name, "MultiSelect[") {
			q.kind = qMulti
			q.limit = int(v.FieldByName("limit").Int())
		}
		opts := v.FieldByName("options").FieldByName("val")
		for i := range opts.Len() {
			o := opts.Index(i)
			q.labels = append(q.labels, o.FieldByName("Key").String())
			q.values = append(q.values, reach(o.FieldByName("Value")))
			q.ticked = append(q.ticked, o.FieldByName("selected").Bool())
		}
	default:
		return nil, fmt.Errorf("unsupported field %T", field)
	}
	if q.kind != qNote && !q.accessor.IsValid() {
		return nil, fmt.Errorf("field %T: no accessor", field)
	}
	return q, nil
}

// get is the field's current value.
func (q *question) get() reflect.Value { return q.accessor.MethodByName("Get").Call(nil)[0] }

// set gives the field its answer.
func (q *question) set(v reflect.Value) { q.accessor.MethodByName("Set").Call([]reflect.Value{v}) }

// check runs the field's validation on v.
func (q *question) check(v reflect.Value) error {
	if !q.validate.IsValid() {
		return nil
	}
	out := q.validate.Call([]reflect.Value{v})
	if err, ok := out[0].Interface().(error); ok && err != nil {
		return err
	}
	return nil
}
