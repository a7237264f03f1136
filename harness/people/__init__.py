"""The people of a scenario: who they are (`personas`, from
features/people.csv), the cast that gives each a browser and whom pronouns
point to (`cast`), and the step decorators that read "she/they" verb forms
and the `{who:Who}` type (`phrasing`, `step_types`)."""
