"""Where the project's files are, independent of the working directory."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"
STATIC_DIR = Path(__file__).resolve().parent / "static"
