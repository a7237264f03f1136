"""Where the project is: the one place the harness computes it."""

from pathlib import Path

#: The repository root (where behave.ini, manage.py and features/ are).
PROJECT = Path(__file__).resolve().parent.parent
