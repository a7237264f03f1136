"""Accessibility audits: axe-core run over each page state a run meets, and
what the report and JUnit say of them."""
