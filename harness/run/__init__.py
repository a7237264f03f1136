"""The run's basics, the lowest floor: one-line errors, where the project is,
the `@wait` retry primitive, what a failed check says (`failures`), tags,
the run's scratch and identity, signals and the reaper, CI shards, JUnit notes,
picking one of a few values (`choices`), and behave's non-public parts, behind
one door (`behave_internals`). Everything else may import it; it imports
nothing above it."""
