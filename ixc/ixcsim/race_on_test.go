//go:build race

package ixcsim

// slowdown scales timing limits: the race detector makes the store 5-10x slower.
const slowdown = 6
