// Package safefile owns how orgsim puts files on disk so that nothing a user
// computed is lost and nothing is left half-written:
//
//   - [WriteFile] writes one file through a temporary file in the same
//     folder, with mode 0644, flushed to disk (fsync) before it is renamed
//     into place, and the folder flushed after the rename;
//   - a [Tx] writes several files into one folder as a transaction: every
//     file goes to a temporary name first, and only when all are written are
//     they renamed into place, in order; an aborted transaction removes its
//     temporary files and the folders it created;
//   - a [Lock] keeps two orgsim processes from writing into one folder at
//     once: a lock file created exclusively (O_EXCL, which network file
//     systems honour), naming the process, host and command that hold it.
//     A lock left by a process of this host that no longer runs is stale:
//     it is detected, named and taken over.
//
// report, experiment and cmd/orgsim write every output through this package.
package safefile
