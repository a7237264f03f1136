"""Guards every long-running command of the project shares: one lock at a
time on a file or folder, and the stop signals turned into one clean exit
(`locks_and_signals`). The lowest package: it imports nothing of ours, so the
harness, the deploy tooling, the staging hosts and the commands may all use
it."""
