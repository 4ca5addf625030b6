package safefile_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/orgsim/orgsim/internal/safefile"
)

// A folder transaction: the files appear together, or not at all.
func ExampleTx() {
	dir := filepath.Join(os.TempDir(), "safefile-example")
	defer os.RemoveAll(dir)
	tx, err := safefile.Begin(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	tx.Write("runs.csv", []byte("organisation,replication\n"))
	tx.Write("summary.csv", []byte("organisation,metric\n"))
	if err := tx.Commit(); err != nil {
		fmt.Println(err)
		return
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		fmt.Println(e.Name())
	}
	// Output:
	// runs.csv
	// summary.csv
}
