package i18n

import (
	"errors"
	"io/fs"
	"syscall"
)

// OSReason says in both languages why a file, folder or port operation
// failed, from the operating system's error in err (wrapped anywhere in
// it): "o arquivo ou a pasta não existe", "permissão negada", "disco
// cheio"… ok is false when err carries none of the causes it knows; the
// caller then words the failure without it, never with err's English text.
func OSReason(err error) (t Text, ok bool) {
	var errno syscall.Errno
	switch {
	case err == nil:
		return Text{}, false
	case errors.Is(err, fs.ErrNotExist):
		return T("o arquivo ou a pasta não existe", "the file or folder does not exist"), true
	case errors.Is(err, syscall.ENOTDIR):
		return T("uma parte do caminho não é uma pasta", "a part of the path is not a folder"), true
	case errors.Is(err, syscall.EISDIR):
		return T("é uma pasta, não um arquivo", "it is a folder, not a file"), true
	case errors.Is(err, syscall.EROFS):
		return T("o sistema de arquivos é somente leitura", "the file system is read-only"), true
	case errors.Is(err, fs.ErrPermission):
		return T("permissão negada para este usuário", "permission denied for this user"), true
	case errors.Is(err, fs.ErrExist):
		return T("já existe", "it already exists"), true
	case errors.Is(err, syscall.ENOSPC):
		return T("o disco está cheio", "the disk is full"), true
	case errors.Is(err, syscall.EDQUOT):
		return T("a cota de disco deste usuário acabou", "this user's disk quota is used up"), true
	case errors.Is(err, syscall.ENAMETOOLONG):
		return T("o nome é longo demais", "the name is too long"), true
	case errors.Is(err, syscall.ELOOP):
		return T("links simbólicos demais no caminho", "too many symbolic links in the path"), true
	case errors.Is(err, syscall.EIO):
		return T("erro de leitura ou gravação no disco", "a disk read or write error"), true
	case errors.Is(err, syscall.EMFILE), errors.Is(err, syscall.ENFILE):
		return T("arquivos abertos demais", "too many open files"), true
	case errors.Is(err, syscall.EADDRINUSE):
		return T("o endereço e a porta já estão em uso por outro programa", "the address and port are already in use by another program"), true
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return T("esse endereço não pertence a esta máquina", "that address does not belong to this machine"), true
	case errors.As(err, &errno) && errno == syscall.EBUSY:
		return T("o arquivo está em uso", "the file is busy"), true
	}
	return Text{}, false
}
