/**
 * The {@code safemerge} command line: a picocli root ({@link org.safemerge.cli.SafeMergeCli}) and one thin class per
 * subcommand that parses options, calls the library and prints a summary. Exit codes: 0 ok, 2 user error, 1
 * unexpected.
 */
package org.safemerge.cli;
