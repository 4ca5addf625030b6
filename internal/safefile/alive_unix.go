//go:build unix

package safefile

import (
	"errors"
	"os"
	"syscall"
)

// alive reports whether process pid runs on this host.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}
