package cli

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// help writes c's help on stdout, in the user's language: what it does,
// usage, examples, subcommands, flags and exit codes. Colours only on a
// terminal and without NO_COLOR (colorprofile decides).
func (a *app) help(c *cobra.Command, _ []string) {
	title := lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#7D56F4"))
	cmdStyle := lipgloss.NewStyle().Foreground(lipgloss.Color("#04B575"))
	var b strings.Builder
	section := func(name string) { b.WriteString("\n" + title.Render(name) + "\n") }

	desc := c.Long
	if desc == "" {
		desc = c.Short
	}
	b.WriteString(desc + "\n")

	section(a.t("Uso:", "Usage:"))
	use := c.UseLine()
	if c.HasAvailableSubCommands() && !c.HasParent() {
		b.WriteString("  " + c.CommandPath() + " [" + a.t("opções", "flags") + "]\n")
		b.WriteString("  " + c.CommandPath() + " " + a.t("COMANDO", "COMMAND") + " [" + a.t("opções", "flags") + "]\n")
	} else {
		use = strings.Replace(use, "[flags]", "["+a.t("opções", "flags")+"]", 1)
		b.WriteString("  " + use + "\n")
	}

	if c.Example != "" {
		section(a.t("Exemplos:", "Examples:"))
		b.WriteString(c.Example + "\n")
	}

	if c.HasAvailableSubCommands() {
		section(a.t("Comandos:", "Commands:"))
		for _, s := range c.Commands() {
			if !s.IsAvailableCommand() && s.Name() != "help" {
				continue
			}
			fmt.Fprintf(&b, "  %s %s\n", cmdStyle.Render(fmt.Sprintf("%-11s", s.Name())), s.Short)
		}
	}

	if fs := c.LocalNonPersistentFlags(); fs.HasAvailableFlags() {
		section(a.t("Opções:", "Flags:"))
		b.WriteString(a.flagList(fs))
	}
	global := pflag.NewFlagSet("global", pflag.ContinueOnError)
	global.AddFlagSet(c.InheritedFlags())
	if !c.HasParent() {
		global.AddFlagSet(c.PersistentFlags())
	}
	if global.HasAvailableFlags() {
		section(a.t("Opções de todos os comandos:", "Flags of every command:"))
		b.WriteString(a.flagList(global))
	}

	if ex := c.Annotations[annExit]; ex != "" {
		section(a.t("Códigos de saída:", "Exit codes:"))
		for _, line := range strings.Split(ex, " · ") {
			b.WriteString("  " + line + "\n")
		}
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n" + a.t("Ajuda de um comando: ", "A command's help: ") + c.CommandPath() + " " + a.t("COMANDO", "COMMAND") + " --help\n")
	}
	w := colorprofile.NewWriter(a.stdio.Out, a.stdio.Environ)
	_, _ = fmt.Fprint(w, b.String())
}

// flagList renders flags one per line: names, value name, description and
// the default (in the user's language, unlike pflag's own list).
func (a *app) flagList(fs *pflag.FlagSet) string {
	type row struct{ left, right string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		varname, usage := pflag.UnquoteUsage(f)
		if f.Value.Type() == "bool" {
			varname = ""
		}
		left := "      --" + f.Name
		if f.Shorthand != "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		if varname != "" {
			left += " " + varname
		}
		if d := f.DefValue; d != "" && d != "false" && d != "0" && d != "0s" && d != "[]" && !strings.Contains(usage, "("+a.t("padrão", "default")) {
			usage += " (" + a.t("padrão: ", "default: ") + d + ")"
		}
		rows = append(rows, row{left, usage})
		width = max(width, len([]rune(left)))
	})
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%-*s  %s\n", width, r.left, r.right)
	}
	return b.String()
}
