"""Help for the people who write features: the step catalogue
(docs/steps.md), "did you mean" for a sentence no step says, `make dry-run`,
and the Gherkin style check (`feature_style`)."""
