/**
 * Support for the property tests: seeded, counted runs of QuickTheories properties, shared by the
 * packages that have them (verify, model).
 */
package cnnlab.testing;
