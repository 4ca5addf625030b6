module github.com/orgsim/orgsim

go 1.24.0
