// Package i18n holds the two languages the program speaks: Brazilian
// Portuguese (the default) and English. Packages that produce user-facing
// text return a Text carrying both, and the caller picks one with In.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a user-interface language.
type Lang string

// The supported languages.
const (
	PT Lang = "pt"
	EN Lang = "en"
)

// ParseLang accepts "pt", "pt-BR", "pt_BR", "en", "en-US"… (case-insensitive).
func ParseLang(s string) (Lang, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "pt" || strings.HasPrefix(s, "pt-") || strings.HasPrefix(s, "pt_"):
		return PT, nil
	case s == "en" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_"):
		return EN, nil
	}
	return PT, fmt.Errorf("unknown language %q: use pt or en", s)
}

// Text is one message in both languages.
type Text struct {
	PT string `json:"pt"`
	EN string `json:"en"`
}

// T builds a Text.
func T(pt, en string) Text { return Text{PT: pt, EN: en} }

// Tf builds a Text from two format strings sharing the same arguments.
func Tf(pt, en string, args ...any) Text {
	return Text{PT: fmt.Sprintf(pt, args...), EN: fmt.Sprintf(en, args...)}
}

// In returns the text in lang (Portuguese unless lang is EN).
func (t Text) In(lang Lang) string {
	if lang == EN {
		return t.EN
	}
	return t.PT
}

// IsZero reports whether both languages are empty.
func (t Text) IsZero() bool { return t.PT == "" && t.EN == "" }

// Error is an error with a message in both languages. Error() returns the
// English text, for logs and wrapping; user interfaces call Text().In(lang).
type Error struct{ Msg Text }

// Errorf builds an *Error from two format strings sharing the same arguments.
func Errorf(pt, en string, args ...any) *Error { return &Error{Msg: Tf(pt, en, args...)} }

func (e *Error) Error() string { return e.Msg.EN }

// Text returns the message in both languages.
func (e *Error) Text() Text { return e.Msg }

// Localized is implemented by errors that can speak both languages.
type Localized interface {
	error
	Text() Text
}

// Message returns err's text in lang: the localized text when err (or an
// error it wraps) implements Localized, err.Error() otherwise.
func Message(err error, lang Lang) string {
	if err == nil {
		return ""
	}
	for e := err; e != nil; {
		if l, ok := e.(Localized); ok {
			return l.Text().In(lang)
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			break
		}
		e = u.Unwrap()
	}
	return err.Error()
}
