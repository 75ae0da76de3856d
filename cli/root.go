package cli

import (
	"bufio"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/version"
)

func init() {
	// A double click on ixc-leveduca.exe opens the wizard in its console
	// window, which is what a technician wants: no "this is a command line
	// tool" splash.
	cobra.MousetrapHelpText = ""
}

// app is one run of the program: its streams, its language and the exit
// code the command sets.
type app struct {
	stdio IO
	lang  i18n.Lang
	code  int
	in    *bufio.Reader
	// beforeRun, when set (tests), is called before every command runs.
	beforeRun func(cmd string)
}

func newApp(stdio IO, lang i18n.Lang) *app {
	return &app{stdio: stdio, lang: lang, beforeRun: beforeRunHook}
}

// beforeRunHook is set by tests (to make a command panic, for one).
var beforeRunHook func(cmd string)

// t picks the text of the current language.
func (a *app) t(pt, en string) string { return i18n.T(pt, en).In(a.lang) }

// stdin is standard input, buffered once: --token-stdin reads its first
// line and the [s/N] questions the lines after it.
func (a *app) stdin() *bufio.Reader {
	if a.in == nil {
		a.in = bufio.NewReader(orEmpty(a.stdio.In))
	}
	return a.in
}

// usageErr is a usage error already in the user's language (exit 2).
type usageErr struct{ msg string }

func (e usageErr) Error() string { return e.msg }

func (a *app) usage(pt, en string, args ...any) error {
	return usageErr{i18n.Tf(pt, en, args...).In(a.lang)}
}

// execute builds the command tree and runs args through it.
func (a *app) execute(args []string) int {
	root := a.newRoot()
	root.SetArgs(normalizeArgs(root, args))
	root.SetIn(orEmpty(a.stdio.In))
	root.SetOut(a.stdio.Out)
	root.SetErr(a.stdio.Err)
	if _, err := root.ExecuteC(); err != nil {
		var ue usageErr
		if !errors.As(err, &ue) {
			ue = usageErr{translateCobraError(err.Error(), a.lang)}
		}
		fmt.Fprintln(a.stdio.Err, "ixc-leveduca: "+ue.msg)
		return ExitUsage
	}
	return a.code
}

// newRoot is the command tree. To add a flag to a command: add a field to
// the command's options struct, register it in that struct's flags method
// (with a.t("pt", "en") for its description and `NAME` in backquotes for
// its value's name in the help), and read the field in the command's run
// function. Help, completion and --flag=value come with it.
func (a *app) newRoot() *cobra.Command {
	var wiz wizardOptions
	var langFlag string
	var showVersion bool
	info := version.Get()
	root := &cobra.Command{
		Use:   "ixc-leveduca",
		Short: a.t("configura, valida e audita a integração IXC Provedor × LevEduca", "set up, validate and audit the IXC Provedor × LevEduca integration"),
		Long: a.t(`ixc-leveduca configura, valida e audita a integração IXC Provedor × LevEduca (e Paramount+),
consultando a API do IXC ao vivo. Sem comando, abre o assistente em tela cheia.

Conexão: url e token_user de [ixc] no perfil, depois IXC_URL e IXC_TOKEN (id:hash). Sem IXC_TOKEN,
--token-stdin lê o token da primeira linha da entrada; num terminal, ele é pedido sem eco.
Variáveis: IXC_LEVEDUCA_LANG (pt ou en: o idioma padrão), IXC_CONCURRENCY (1 a 16, padrão 4:
requisições ao IXC ao mesmo tempo), NO_COLOR. Referência completa: docs/reference.md.`,
			`ixc-leveduca sets up, validates and audits the IXC Provedor × LevEduca (and Paramount+)
integration, calling the IXC API live. Without a command it opens the full-screen wizard.

Connection: url and token_user of [ixc] in the profile, then IXC_URL and IXC_TOKEN (id:hash). Without
IXC_TOKEN, --token-stdin reads the token from the first line of standard input; on a terminal it is
asked for without echo. Variables: IXC_LEVEDUCA_LANG (pt or en: the default language),
IXC_CONCURRENCY (1 to 16, default 4: requests to IXC at once), NO_COLOR. Full reference:
docs/reference.md.`),
		Example: a.t(`  ixc-leveduca --demo                      # o assistente contra o IXC simulado
  ixc-leveduca --profile perfil.toml       # começa ou retoma a partir de um perfil
  ixc-leveduca --accessible --lang en      # perguntas simples, em inglês`,
			`  ixc-leveduca --demo                      # the wizard against the simulated IXC
  ixc-leveduca --profile profile.toml      # start from, or resume, a profile
  ixc-leveduca --accessible --lang en      # plain prompts, in English`),
		Annotations: map[string]string{annExit: a.t(
			"0 assistente concluído · 2 erro de uso (flag, perfil, sem terminal) · 3 erro interno · 130 Ctrl+C",
			"0 wizard finished · 2 usage error (flag, profile, no terminal) · 3 internal error · 130 Ctrl+C")},
		Version:           info.Version,
		SilenceErrors:     true,
		SilenceUsage:      true,
		Args:              a.noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			l, err := i18n.ParseLang(langFlag)
			if err != nil {
				return a.usage("--lang %q: use pt ou en", "--lang %q: use pt or en", langFlag)
			}
			a.lang = l
			if a.beforeRun != nil {
				a.beforeRun(cmd.Name())
			}
			return nil
		},
		RunE: func(*cobra.Command, []string) error {
			a.code = a.runWizard(&wiz)
			return nil
		},
	}
	root.SetVersionTemplate(strings.ReplaceAll(info.Text(a.versionLabels()), "{{", "{{`{{`}}"))
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr{translateCobraError(err.Error(), a.lang) + a.seeHelp(c)}
	})
	root.SetHelpFunc(a.help)
	root.SetUsageFunc(func(c *cobra.Command) error { a.help(c, nil); return nil })

	pf := root.PersistentFlags()
	pf.StringVar(&langFlag, "lang", string(a.lang), a.t("`IDIOMA`: pt ou en (padrão: IXC_LEVEDUCA_LANG, senão pt)", "`LANGUAGE`: pt or en (default: IXC_LEVEDUCA_LANG, else pt)"))
	pf.BoolP("help", "h", false, a.t("mostra esta ajuda", "show this help"))
	_ = root.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"pt", "en"}, cobra.ShellCompDirectiveNoFileComp))
	root.Flags().BoolVar(&showVersion, "version", false, a.t("mostra a versão, a revisão, a data da compilação e a versão do Go", "show the version, revision, build date and Go version"))
	wiz.flags(root.Flags(), a)

	root.AddCommand(a.newAuditCmd(), a.newApplyCmd(), a.newUndoCmd(), a.newSandboxCmd(), a.newCompletionCmd(), a.newVersionCmd())
	root.SetHelpCommand(a.newHelpCmd())
	for _, c := range root.Commands() {
		c.SilenceErrors, c.SilenceUsage = true, true
	}
	return root
}

// annExit is the annotation holding a command's exit codes for its help.
const annExit = "exit-codes"

func (a *app) versionLabels() version.Labels {
	return version.Labels{
		Revision: a.t("revisão", "revision"),
		Date:     a.t("data da compilação", "build date"),
		Unknown:  a.t("desconhecida", "unknown"),
		Modified: a.t("com alterações não registradas", "with uncommitted changes"),
	}
}

// noArgs refuses positional arguments, naming the first.
func (a *app) noArgs(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if !c.HasParent() {
		return a.usage("comando desconhecido %q; veja ixc-leveduca --help", "unknown command %q; see ixc-leveduca --help", args[0])
	}
	return usageErr{a.t("argumento inesperado: ", "unexpected argument: ") + fmt.Sprintf("%q", args[0]) + a.seeHelp(c)}
}

// seeHelp is "; veja ixc-leveduca audit --help".
func (a *app) seeHelp(c *cobra.Command) string {
	return a.t("; veja ", "; see ") + c.CommandPath() + " --help"
}

var invalidArgRe = regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: (.*)$`)

// translateCobraError puts cobra's and pflag's parse errors in the user's
// language (they are English only).
func translateCobraError(msg string, lang i18n.Lang) string {
	if lang == i18n.EN {
		return msg
	}
	for _, p := range [][2]string{
		{"unknown flag: ", "opção desconhecida: "},
		{"unknown shorthand flag: ", "opção curta desconhecida: "},
		{"flag needs an argument: ", "a opção precisa de um valor: "},
		{"bad flag syntax: ", "opção mal escrita: "},
		{"unknown command ", "comando desconhecido "},
	} {
		if rest, ok := strings.CutPrefix(msg, p[0]); ok {
			return p[1] + rest
		}
	}
	if m := invalidArgRe.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("valor inválido %q para %s: %s", m[1], m[2], m[3])
	}
	return msg
}

// normalizeArgs accepts the single-dash long flags of the earlier parser
// (-demo, -lang=en, -version) by giving them their second dash; -h and
// values (--latency -1s) are left alone.
func normalizeArgs(root *cobra.Command, args []string) []string {
	long := map[string]bool{}
	var visit func(c *cobra.Command)
	visit = func(c *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{c.LocalFlags(), c.PersistentFlags(), c.InheritedFlags()} {
			fs.VisitAll(func(f *pflag.Flag) { long[f.Name] = true })
		}
		for _, s := range c.Commands() {
			visit(s)
		}
	}
	visit(root)
	out := slices.Clone(args)
	for i, arg := range out {
		if arg == "--" {
			break
		}
		if len(arg) < 3 || arg[0] != '-' || arg[1] == '-' {
			continue
		}
		name, _, _ := strings.Cut(arg[1:], "=")
		if len(name) > 1 && long[name] {
			out[i] = "-" + arg
		}
	}
	return out
}

// newVersionCmd keeps `ixc-leveduca version` (an alias of --version).
func (a *app) newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "version",
		Short:  a.t("mostra a versão", "show the version"),
		Hidden: true,
		Args:   a.noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			fmt.Fprint(a.stdio.Out, version.Get().Text(a.versionLabels()))
			return nil
		},
	}
}

// newHelpCmd is `ixc-leveduca help [COMMAND]`.
func (a *app) newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [" + a.t("COMANDO", "COMMAND") + "]",
		Short: a.t("mostra a ajuda de um comando", "show a command's help"),
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || cmd == nil || len(rest) > 0 {
				return a.usage("comando desconhecido %q; veja ixc-leveduca --help", "unknown command %q; see ixc-leveduca --help", strings.Join(args, " "))
			}
			a.help(cmd, nil)
			return nil
		},
	}
}

// newCompletionCmd is `ixc-leveduca completion bash|zsh|fish|powershell`.
func (a *app) newCompletionCmd() *cobra.Command {
	shells := []string{"bash", "zsh", "fish", "powershell"}
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: a.t("gera o script de completar comandos do shell", "generate the shell completion script"),
		Long: a.t(`Gera o script que completa comandos, opções e valores com Tab no shell indicado.`,
			`Generates the script that completes commands, flags and values with Tab in the given shell.`),
		Example: a.t(`  ixc-leveduca completion bash > /etc/bash_completion.d/ixc-leveduca
  ixc-leveduca completion zsh > "${fpath[1]}/_ixc-leveduca"
  ixc-leveduca completion fish > ~/.config/fish/completions/ixc-leveduca.fish
  # PowerShell (no perfil, para todas as sessões):
  ixc-leveduca completion powershell | Out-String | Invoke-Expression`,
			`  ixc-leveduca completion bash > /etc/bash_completion.d/ixc-leveduca
  ixc-leveduca completion zsh > "${fpath[1]}/_ixc-leveduca"
  ixc-leveduca completion fish > ~/.config/fish/completions/ixc-leveduca.fish
  # PowerShell (in your profile, for every session):
  ixc-leveduca completion powershell | Out-String | Invoke-Expression`),
		Annotations:           map[string]string{annExit: a.t("0 script gerado · 2 shell desconhecido", "0 script written · 2 unknown shell")},
		ValidArgs:             shells,
		DisableFlagsInUseLine: true,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 || !slices.Contains(shells, args[0]) {
				return usageErr{a.t("diga o shell: bash, zsh, fish ou powershell", "name the shell: bash, zsh, fish or powershell") + a.seeHelp(c)}
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			root, out := c.Root(), a.stdio.Out
			var err error
			switch args[0] {
			case "bash":
				err = root.GenBashCompletionV2(out, true)
			case "zsh":
				err = root.GenZshCompletion(out)
			case "fish":
				err = root.GenFishCompletion(out, true)
			case "powershell":
				err = root.GenPowerShellCompletionWithDesc(out)
			}
			return err
		},
	}
}
